"""The home page and the pages that explain the portal."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.audiences import audience_key
from portal.content_cache import cached_fragment, cached_page, only_for
from portal.directory.services import DIRECTORY_PAGES
from portal.htmx import is_fragment_request
from portal.main import member_home
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
    """Featured practice by collection, recent posts and failures worth learning from, as the viewer may see
    them; a member sees their own home above them."""
    sections = cached_fragment("home-sections", "main/_sections.html", lambda: _sections(current_user),
                               shows=HOME, seen_by=audience_key(current_user))
    if current_user.is_authenticated:
        return render_template("main/member_home.html", sections=sections, **_member_parts(current_user))
    return render_template("main/home.html", sections=sections)


def _member_parts(member):
    """A member's home above the shared sections: what is new for them and what waits for them."""
    member = member._get_current_object()
    first_visit = member.home_seen_at is None
    since = member_home.visit_since(member)
    answers = member_home.answers(member)
    return {"since": since, "first_visit": first_visit, "answers": answers,
            "other_unread": member_home.other_unread(member, answers),
            "followed": member_home.followed_practice(member, since),
            "requests": member_home.waiting_requests(member), "own_posts": member_home.own_posts_waiting(member)}


@bp.get("/home/peers")
@login_required
def home_peers():
    """A few peers for the member's home, fetched by htmx after the page: a response that names members
    never also lists posts, so nothing on one page can pair an anonymous post with its author's profile.
    Without script the home links to the peers page instead, where a direct visit also goes."""
    if not is_fragment_request():
        return redirect(url_for("directory.peers"))
    member = current_user._get_current_object()
    return cached_fragment("home-peers", "main/_home_peers.html",
                           lambda: {"matches": member_home.suggested_peers(member)},
                           shows=DIRECTORY_PAGES, seen_by=only_for(member))


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
