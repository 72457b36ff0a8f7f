"""Template globals and filters shared by every page; each feature registers its own."""
from flask import current_app


def init_app(app):
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def site_context():
        return {"site_name": current_app.config["SITE_NAME"]}

    @app.template_filter("date")
    def format_date(value):
        return value.strftime("%-d %B %Y") if value else ""

    @app.template_filter("datetime")
    def format_datetime(value):
        return value.strftime("%-d %B %Y at %H:%M") if value else ""

