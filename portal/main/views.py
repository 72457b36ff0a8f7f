"""The home page and the pages that explain the portal."""
from flask import Blueprint, render_template
from flask_login import current_user

from portal.content_cache import cached_page
from portal.moderation import curation
from portal.taxonomy.services import themes_with_recommendations

bp = Blueprint("main", __name__)


@bp.get("/")
@cached_page
def home():
    """Featured practice by collection, recent posts and failures worth learning from, as the viewer may see them."""
    return render_template("main/home.html", themes=themes_with_recommendations(),
                           collections=curation.home_collections(current_user),
                           recent=curation.recent_posts(current_user),
                           failures=curation.failures_worth_learning(current_user))


@bp.get("/about")
def about():
    return render_template("main/about.html")


@bp.get("/privacy")
def privacy():
    return render_template("main/privacy.html")
