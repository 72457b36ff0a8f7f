"""Sign-in with the school's own account (Microsoft 365 or Google Workspace) over OpenID Connect."""
