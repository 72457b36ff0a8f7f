"""The home page and the pages that explain the portal."""
from flask import Blueprint, render_template
from flask_login import current_user

from portal.audiences import audience_key
from portal.content_cache import cached_fragment, cached_page
from portal.moderation import curation
from portal.moderation.models import COLLECTIONS
from portal.practice.cache_scopes import LISTS
from portal.taxonomy.services import themes_with_recommendations

bp = Blueprint("main", __name__)


# The report's themes, the curated collections and the lists of recent posts and failures.
HOME = (*LISTS, COLLECTIONS)


@bp.get("/")
@cached_page(shows=HOME)
def home():
    """Featured practice by collection, recent posts and failures worth learning from, as the viewer may see them."""
    sections = cached_fragment("home-sections", "main/_sections.html", lambda: _sections(current_user),
                               shows=HOME, seen_by=audience_key(current_user))
    return render_template("main/home.html", sections=sections)


def _sections(viewer):
    failures = curation.failures_worth_learning(viewer)
    return {"themes": themes_with_recommendations(), "collections": curation.home_collections(viewer),
            "recent": curation.recent_posts(viewer, besides=failures), "failures": failures}


@bp.get("/about")
def about():
    return render_template("main/about.html")


@bp.get("/privacy")
def privacy():
    return render_template("main/privacy.html")
