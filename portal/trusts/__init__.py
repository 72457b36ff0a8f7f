"""Trusts as managed by their own leads and by admins: staff domains, membership requests, requested trusts."""
