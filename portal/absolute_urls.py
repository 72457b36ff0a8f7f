"""Absolute links for e-mails and feeds, built from the configured PORTAL_BASE_URL."""
from urllib.parse import urlsplit

from flask import current_app


def absolute_url(endpoint, **values):
    """An absolute link from the configured PORTAL_BASE_URL, never from the request's Host header."""
    base = current_app.config["PORTAL_BASE_URL"].rstrip("/")
    path = current_app.url_map.bind(urlsplit(base).netloc or "localhost").build(endpoint, values)
    return base + path


def absolute_link(path):
    """Make a notification's site-relative link absolute; anything else is dropped."""
    if not path or not path.startswith("/") or path.startswith("//"):
        return ""
    return current_app.config["PORTAL_BASE_URL"].rstrip("/") + path


def site_path(endpoint, **values):
    """A site-relative path (for a notification's link), built with or without a request: jobs run from the CLI."""
    return current_app.url_map.bind("localhost").build(endpoint, values)
