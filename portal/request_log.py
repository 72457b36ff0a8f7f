"""One structured log line per request, tagged with a request id that also goes back in a header."""
import json
import logging
import time
import uuid

from flask import g, request

log = logging.getLogger("portal.requests")


def init_app(app):
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(message)s")

    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()
        # Trust an upstream id only when it looks like one, so logs cannot be forged with newlines.
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else uuid.uuid4().hex

    @app.after_request
    def log_request(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if request.endpoint != "static":
            log.info(json.dumps({
                "request_id": g.get("request_id"), "method": request.method, "path": request.path,
                "status": response.status_code, "ms": round((time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000, 1),
                "user": _user_id(), "ip": request.remote_addr,
            }))
        return response


def _user_id():
    # Reading current_user here must never trigger a database query of its own on error paths.
    user = g.get("_login_user")
    return user.id if user is not None and getattr(user, "is_authenticated", False) else None


def current_request_id():
    return g.get("request_id") or "-"
