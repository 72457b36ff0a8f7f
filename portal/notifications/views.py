"""The notifications page and the unread badge in the header."""
from flask import Blueprint, abort, make_response, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.htmx import is_fragment_request
from portal.notifications import services

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.app_context_processor
def header_badge():
    """Every page's header shows the unread count, read only if the page draws the header."""
    return {"unread_notifications": _unread_count}


def _unread_count():
    return services.unread_count(current_user) if current_user.is_authenticated else 0


@bp.get("")
@login_required
def index():
    return render_template("notifications/index.html", notifications=services.recent_for(current_user))


@bp.get("/badge")
@login_required
def badge():
    """The header's unread count, polled by HTMX so it updates without a reload."""
    return render_template("notifications/_badge.html", count=services.unread_count(current_user))


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id):
    note = services.mark_read(current_user, notification_id) or abort(404)
    if is_fragment_request():
        response = make_response(render_template("notifications/_item.html", note=note))
        response.headers["HX-Trigger"] = "notifications-changed"  # the header badge refreshes itself
        return response
    return redirect(url_for("notifications.index"), code=303)


@bp.post("/read-all")
@login_required
def mark_all_read():
    services.mark_all_read(current_user)
    return redirect(url_for("notifications.index"), code=303)
