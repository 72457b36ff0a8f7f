"""What each cached part of practice shows, named for its key (see portal/content_cache.py)."""

from portal.auth.models import PEOPLE
from portal.orgs.models import ORGS
from portal.practice.models import COUNTS, POSTS, post_scope
from portal.taxonomy.models import TAXONOMY

# Posts' titles and bylines in short lists (related practice), with the report's tags; lists of cards
# show each card's counts too.
TITLES = (POSTS, PEOPLE, ORGS, TAXONOMY)
LISTS = (*TITLES, COUNTS)


def post_page(post_id, **_):
    """A post's page: the post with its chain and comments, bylines and badges, and the report's tags."""
    return (post_scope(post_id), PEOPLE, ORGS, TAXONOMY)


def post_page_and_related(post_id, **_):
    """The whole post page: its own parts, and the related practice at its end, which any post can change."""
    return post_page(post_id) + (POSTS,)
