"""Who may see a post: the one rule every list, page, count, search, feed and e-mail uses."""
from sqlalchemy import and_, false, or_, true

from portal.audiences import is_member
from portal.practice.models import Post


def can_read_audience(viewer, post=Post):
    """SQL condition: the post's audience (public / members / trust) admits the viewer (post: Post or an alias)."""
    if not is_member(viewer):
        return post.visibility == "public"
    if viewer.is_moderator:
        return true()
    trust_id = viewer.verified_trust_id
    trust_match = and_(post.visibility == "trust", post.trust_id == trust_id) if trust_id else false()
    return or_(post.visibility.in_(("public", "members")), trust_match)


def listed_for(viewer, post=Post):
    """SQL condition for posts that may appear in lists, search, counts, summaries and feeds."""
    return and_(post.status == "published", can_read_audience(viewer, post))


def can_view(post, viewer):
    """Whether the viewer may open this post's page."""
    signed_in = viewer is not None and viewer.is_authenticated
    if signed_in and (viewer.id == post.author_id or viewer.is_moderator):
        return True
    if post.status != "published":
        return False
    if post.visibility == "public":
        return True
    if not is_member(viewer):
        return False
    return post.visibility == "members" or (post.trust_id is not None and post.trust_id == viewer.verified_trust_id)


def opens_to_members(post, viewer):
    """Whether a post the viewer may not open would open once they sign in as a confirmed member.

    Only members-only posts say so: a trust-only post stays "not found" to outsiders, so that its
    existence is not revealed.
    """
    return post.status == "published" and post.visibility == "members" and not is_member(viewer)
