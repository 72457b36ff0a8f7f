"""Audiences: viewers who see the same posts, so that whatever is rendered for one may be served to the others."""


def is_member(viewer):
    """Signed in with a confirmed address: an unconfirmed account reads only what visitors read."""
    return viewer is not None and viewer.is_authenticated and (viewer.is_verified or viewer.is_moderator)


def audience_key(viewer):
    """Viewers with the same key see the same posts: a cache may share what it renders between them."""
    if viewer is None or not viewer.is_authenticated:
        return "public"
    if not is_member(viewer):
        return "unconfirmed"  # visitors' posts, but pages rendered for someone signed in
    if viewer.is_moderator:
        return "everything"
    return f"members-of-trust-{viewer.verified_trust_id or 0}"
