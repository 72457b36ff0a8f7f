"""How Flask-Login finds the signed-in user, and what happens when there is none."""
import re
from urllib.parse import urlsplit

from flask import flash, jsonify, redirect, render_template, request, session, url_for
from flask_login import login_user
from sqlalchemy import bindparam, func

from portal.auth.forms import SignInForm
from portal.auth.models import User
from portal.content_cache import note_versions, versions_parameters, with_versions
from portal.extensions import db, login_manager
from portal.htmx import is_htmx_request
from portal.notifications.models import Notification
from portal.notifications.services import note_unread_count


def with_unread_count(stmt):
    """A select of User with each user's unread count added, so the sign-in check reads it in the same query."""
    return stmt.add_columns(db.select(func.count(Notification.id)).where(
        Notification.user_id == User.id, Notification.read_at.is_(None)).scalar_subquery())


# The unread count (shown on every page) and the versions of the cache's scopes (most members' pages
# key their caches by them) come in the same round trip. Built once: every signed-in request runs it.
SIGNED_IN_USER = with_versions(with_unread_count(db.select(User).where(User.session_token == bindparam("token"))))


def start_session(user, remember=False):
    """Sign the member in, with a fresh session so nothing planted before it survives (session fixation)."""
    session.clear()
    login_user(user, remember=remember)
    session.permanent = True


@login_manager.user_loader
def load_user(session_token):
    # A token that was rotated (sign-out, password change) finds nobody: the session is over.
    row = db.session.execute(SIGNED_IN_USER, {"token": session_token, **versions_parameters()}).first()
    if row is None:
        return None
    user, unread, versions = row
    note_unread_count(user, unread)
    note_versions(versions)
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
    typed = _typed_text() if request.method == "POST" else ""
    if typed:
        return signed_out_page(typed)
    flash(login_manager.login_message, "info")
    return redirect(target)


# Values of choices, checkboxes and buttons ("primary", "r17", "publish"): not words anyone would need back.
_CHOICE_VALUE = re.compile(r"[\w-]{1,20}")


def _typed_text():
    """What a person wrote into the form sent, for them to copy; nothing from a form holding a password."""
    if any("password" in name for name in request.form):
        return ""
    return "\n\n".join(value for name, value in request.form.items(multi=True)
                        if name != "csrf_token" and value.strip() and not _CHOICE_VALUE.fullmatch(value.strip()))


def signed_out_page(typed):
    """A form written then sent signed out (signed out in another tab, say): say so, and show what was typed.

    A redirect would lose the text: the sign-in page is answered in place, and sends them back to the
    page they were on once they sign in again.
    """
    return render_template("auth/login.html", form=SignInForm(formdata=None), failed=False,
                           next_url=_page_sent_from(), signed_out=True, typed=typed), 401


def _page_sent_from():
    referrer = urlsplit(request.referrer or "")
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return path if referrer.netloc == request.host and is_safe_next(path) else None


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
