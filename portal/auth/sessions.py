"""How Flask-Login finds the signed-in user, and what happens when there is none."""
from flask import flash, jsonify, redirect, request, url_for
from sqlalchemy import bindparam

from portal.auth.models import User
from portal.content_cache import note_version, with_version
from portal.extensions import db, login_manager
from portal.notifications.services import note_unread_count, with_unread_count
from portal.htmx import is_htmx_request


# The unread count (shown on every page) and the content version (most members' pages key their
# caches by it) come in the same round trip. Built once: every signed-in request runs it.
SIGNED_IN_USER = with_version(with_unread_count(db.select(User).where(User.session_token == bindparam("token"))))


@login_manager.user_loader
def load_user(session_token):
    # A token that was rotated (sign-out, password change) finds nobody: the session is over.
    row = db.session.execute(SIGNED_IN_USER, {"token": session_token}).first()
    if row is None:
        return None
    user, unread, *version = row
    note_unread_count(user, unread)
    note_version(*version)
    return user if user.is_active else None


@login_manager.unauthorized_handler
def send_to_sign_in():
    """Full pages go to the sign-in page; HTMX requests are told to navigate there."""
    target = url_for("auth.login", next=safe_next_from_request())
    if is_htmx_request():
        response = jsonify(error="Sign in to continue.")
        response.status_code = 401
        response.headers["HX-Redirect"] = target
        return response
    flash(login_manager.login_message, "info")
    return redirect(target)


def safe_next_from_request():
    path = request.full_path if request.query_string else request.path
    return path if request.method == "GET" else None


def is_safe_next(target):
    """Only same-site relative paths: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    return True
