"""Template globals and filters shared by every page; each feature registers its own."""
from flask import current_app

from portal import local_time


def init_app(app):
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def site_context():
        return {"site_name": current_app.config["SITE_NAME"]}

    # Stored in UTC, shown on the UK's clock.
    app.add_template_filter(local_time.format_date, "date")
    app.add_template_filter(local_time.format_datetime, "datetime")

