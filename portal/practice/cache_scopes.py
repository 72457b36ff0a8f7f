"""What each cached part of practice shows, named for its key (see portal/content_cache.py)."""
from flask import request

from portal.auth.models import PEOPLE
from portal.orgs.models import ORGS
from portal.practice.models import HELPFUL_ORDER, POSTS, post_scope
from portal.taxonomy.models import TAXONOMY

# Lists of posts show posts' cards (bylines and badges included) and the report's tags.
LISTS = (POSTS, PEOPLE, ORGS, TAXONOMY)


def browse_list():
    """The browse page's list: in "most helpful" order, the helpful counts show as its order."""
    return LISTS + ((HELPFUL_ORDER,) if request.args.get("sort") == "helpful" else ())


def post_page(post_id, **_):
    """A post's page: the post with its chain and comments, bylines and badges, and the report's tags."""
    return (post_scope(post_id), PEOPLE, ORGS, TAXONOMY)


def post_page_and_related(post_id, **_):
    """The whole post page: its own parts, and the related practice at its end, which any post can change."""
    return post_page(post_id) + (POSTS,)
