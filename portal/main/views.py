"""The home page and the pages that explain the portal."""
from flask import Blueprint, render_template
from flask_login import current_user

from portal.content_cache import cached_fragment, cached_page
from portal.moderation import curation
from portal.taxonomy.services import themes_with_recommendations

bp = Blueprint("main", __name__)


@bp.get("/")
@cached_page
def home():
    """Featured practice by collection, recent posts and failures worth learning from, as the viewer may see them."""
    sections = cached_fragment("home-sections", current_user, "main/_sections.html", lambda: {
        "themes": themes_with_recommendations(), "collections": curation.home_collections(current_user),
        "recent": curation.recent_posts(current_user), "failures": curation.failures_worth_learning(current_user)})
    return render_template("main/home.html", sections=sections)


@bp.get("/about")
def about():
    return render_template("main/about.html")


@bp.get("/privacy")
def privacy():
    return render_template("main/privacy.html")
