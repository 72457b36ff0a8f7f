"""Response headers, CSRF failure handling and security logging shared by every page."""
import logging
from functools import wraps

from flask import current_app, g, make_response, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.extensions import limiter

log = logging.getLogger("portal.security")

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def init_app(app):
    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    app.after_request(set_security_headers)
    app.register_error_handler(CSRFError, handle_csrf_error)
    limiter.request_filter(_refused_by_csrf)


def set_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if _is_personal_response():
        # Shared staffroom computers: nothing from a signed-in page may be kept or re-served.
        headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    return response


def _is_personal_response():
    if request.endpoint == "static":
        return False
    # Signing out, and pages opened from an e-mailed link (their address holds someone's token).
    opened_from_a_link = "token" in (request.view_args or {})
    return current_user.is_authenticated or opened_from_a_link or request.endpoint == "auth.logout"


def keeps_input_on_csrf_failure(view):
    """Mark a form view so a stale CSRF token re-renders its form, with what was typed, as a 400."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        return view(*args, **kwargs)
    wrapper.keeps_input_on_csrf_failure = True
    return wrapper


def handle_csrf_error(error):
    log_security_event("csrf failure", reason=error.description)
    view = current_app.view_functions.get(request.endpoint)
    if request.method == "POST" and getattr(view, "keeps_input_on_csrf_failure", False):
        # The view's own form fails validation on its CSRF field, so it re-renders, keeping the input.
        g.csrf_failed = True
        try:
            response = make_response(view(**(request.view_args or {})))
        except HTTPException:
            response = None  # the form's page is missing or not the user's: answer the plain 400 below
        # A redirect for a signed-in member (one already on the sign-in page) answers the plain 400 below;
        # signed out meanwhile, the redirect to sign in, or the sign-in page showing what was typed, stands.
        if response is not None and not (response.status_code in range(300, 400) and current_user.is_authenticated):
            if response.status_code in (200, 422):
                response.status_code = 400  # the form again, with what was typed
            return response
    from portal.errors import render_error
    return render_error(400, "Your form could not be sent because it had expired or was incomplete. "
                             "Go back, reload the page and try again.")


def _refused_by_csrf():
    """A form refused for its token is only shown again: it must not use up (or hit) the view's rate limit."""
    return g.get("csrf_failed", False)


def per_member():
    """Rate-limit key: the signed-in member (staff in one school often share an address), else the address."""
    return f"user:{current_user.id}" if current_user.is_authenticated else request.remote_addr


def log_security_event(event, **details):
    """Record who, where and from which address; never passwords, tokens or cookies."""
    user_id = current_user.id if current_user.is_authenticated else None
    log.warning("%s user=%s route=%s ip=%s %s", event, user_id, request.path, request.remote_addr,
                " ".join(f"{k}={v}" for k, v in details.items()))


# Forms that ask for the password again: a session left open on a shared computer must not let
# someone try passwords without end. Shared between features' forms; only wrong or invalid answers count.
reauthentication_limit = limiter.shared_limit(
    lambda: current_app.config["REAUTHENTICATION_RATE_LIMIT"], scope="reauthentication", methods=["POST"],
    key_func=per_member, deduct_when=lambda response: response.status_code == 422)
