"""Serving a whole page or just its fragment, depending on who asks."""
from flask import render_template, request


def is_htmx_request():
    return request.headers.get("HX-Request") == "true"


def is_fragment_request():
    """HTMX asked for part of a page (boosted navigation wants the whole page)."""
    return is_htmx_request() and request.headers.get("HX-Boosted") != "true"


def render_page_or_fragment(page, fragment, **context):
    """Render the fragment alone for HTMX, else the full page (which includes the fragment)."""
    return render_template(fragment if is_fragment_request() else page, **context)


def init_app(app):
    @app.after_request
    def vary_on_htmx(response):
        response.vary.add("HX-Request")
        return response
