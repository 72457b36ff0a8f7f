"""Saved for later: each member's own list of posts to come back to. Nobody else sees it."""
from sqlalchemy import delete, or_, select

from portal.extensions import db, insert_with_conflicts
from portal.practice.models import Post, SavedPost
from portal.practice.queries import card_loads
from portal.practice.visibility import listed_for


def set_saved(post, user, wanted):
    """Save or unsave the post for this member. Saving twice (a double click, two tabs) keeps one row."""
    if wanted:
        db.session.execute(insert_with_conflicts(SavedPost).values(post_id=post.id, user_id=user.id)
                           .on_conflict_do_nothing())
    else:
        db.session.execute(delete(SavedPost).where(SavedPost.post_id == post.id, SavedPost.user_id == user.id))
    db.session.commit()


def saved_posts(user, page, size):
    """One page of the member's saved posts, the latest saved first, with whether another page follows.

    A post that has since been hidden, unpublished or moved out of the member's sight drops out of the
    list (its row stays, so it comes back if the post does); the member's own posts always show.
    """
    rows = db.session.scalars(
        select(Post).join(SavedPost, SavedPost.post_id == Post.id)
        .where(SavedPost.user_id == user.id, or_(listed_for(user), Post.author_id == user.id))
        .order_by(SavedPost.created_at.desc(), Post.id.desc())
        .offset((page - 1) * size).limit(size + 1).options(*card_loads())).all()
    return rows[:size], len(rows) > size
