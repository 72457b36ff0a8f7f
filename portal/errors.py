"""Error pages inside the site layout, and fragments of them for HTMX requests."""
import logging
import time

from flask import g, render_template, request
from flask_limiter.errors import RateLimitExceeded
from sqlalchemy.exc import DataError, OperationalError
from werkzeug.exceptions import HTTPException

from portal.extensions import db, limiter, login_manager
from portal.htmx import is_htmx_request
from portal.request_log import current_request_id
from portal.security import log_security_event

log = logging.getLogger("portal.errors")

TITLES = {
    400: "Sorry, there is a problem with that request",
    401: "Sign in to continue",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "That action is not available here",
    413: "That is too large to send",
    422: "There is a problem with what was sent",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, the service is unavailable",
}

MESSAGES = {
    400: "Check what you sent: part of it could not be read or was too large to keep.",
    403: "If you think you should have access, ask a moderator or an admin of the portal.",
    404: "If you typed the web address, check it is correct. If you followed a link, the page may have been moved or removed.",
    500: "Try again later. Nothing you typed has been shared.",
    503: "We are working to bring it back. Try again in a few minutes.",
}


def render_error(status, message=None, retry_after=None):
    if is_htmx_request():
        template = "errors/_error.html"
    else:
        template = "errors/standalone.html" if status >= 500 else "errors/error.html"
    body = render_template(template, status=status, title=TITLES.get(status, "Error"),
                           message=message or MESSAGES.get(status, ""), retry_after=retry_after)
    return body, status


def init_app(app):
    @app.errorhandler(RateLimitExceeded)
    def too_many_requests(error):
        log_security_event("rate limited", limit=error.description)
        retry = _seconds_until_reset()
        body, status = render_error(429, "You have tried that too many times. "
                                         f"Wait {_plain_wait(retry)} and try again.", retry_after=retry)
        response = app.make_response((body, status))
        if retry:
            response.headers["Retry-After"] = str(int(retry))
        return response

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code == 403:
            log_security_event("forbidden")
        return render_error(error.code, error.description if error.code in (400, 413, 422) else None)

    @app.errorhandler(OperationalError)
    def database_unavailable(error):
        db.session.rollback()
        _treat_visitor_as_signed_out()
        log.error("database unavailable (request %s): %s", _request_id(), error.__class__.__name__)
        return render_error(503)

    @app.errorhandler(DataError)
    def value_the_database_cannot_hold(error):
        # The last line of defence behind the forms' and parameters' own checks (a number out of range, a NUL
        # in text): the request was at fault, so it gets a 400; still logged, as a check that let it through.
        db.session.rollback()
        log.warning("value refused by the database (request %s) on %s: %s", _request_id(), request.path,
                    getattr(error.orig, "sqlstate", None) or error.orig.__class__.__name__)
        return render_error(400)

    @app.errorhandler(Exception)
    def unexpected_error(error):
        db.session.rollback()
        log.exception("unhandled error (request %s) on %s", _request_id(), request.path)
        return render_error(500)


def _treat_visitor_as_signed_out():
    """Stop templates and the request log from loading the member again, which would wait on the database twice more."""
    g._login_user = login_manager.anonymous_user()


def _seconds_until_reset():
    current = limiter.current_limit
    return max(int(current.reset_at - time.time()), 1) if current else None


def _plain_wait(seconds):
    if not seconds:
        return "a minute"
    seconds = int(seconds)
    if seconds < 90:
        return f"{max(seconds, 1)} seconds"
    return f"{round(seconds / 60)} minutes"


def _request_id():
    return current_request_id()
