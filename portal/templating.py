"""Template globals and filters shared by every page."""
from flask import current_app
from flask_login import current_user

from portal.orgs.models import REGIONS, SIZE_BANDS


def init_app(app):
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def site_context():
        return {"site_name": current_app.config["SITE_NAME"], "REGIONS": REGIONS, "SIZE_BANDS": SIZE_BANDS,
                "unread_notifications": _unread_count}

    @app.template_filter("date")
    def format_date(value):
        return value.strftime("%-d %B %Y") if value else ""

    @app.template_filter("datetime")
    def format_datetime(value):
        return value.strftime("%-d %B %Y at %H:%M") if value else ""


def _unread_count():
    if not current_user.is_authenticated:
        return 0
    from portal.notifications.services import unread_count
    return unread_count(current_user)
