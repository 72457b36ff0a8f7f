"""When a post is held for review and what happens when it goes live, whoever makes it so (its author, or a
moderator approving it)."""
from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.notifications.services import notify
from portal.practice.models import Post
from portal.timestamps import utcnow


def go_live(post):
    """Mark a post published; the first time, stamp the date and tell the author of the idea it tries again."""
    post.status = "published"
    if post.published_at is None:
        post.published_at = utcnow()
        _notify_replicated_author(post)


def _notify_replicated_author(post):
    original = post.replication_of
    if original is None or original.author is None or original.author_id == post.author_id:
        return
    db.session.flush()  # the new post's id, for the link
    who = post.author_description if post.anonymous else post.author.name
    notify(original.author, "replication", f"{who} tried “{original.title}” too and shared a classroom trial.",
           link=f"/practice/{post.id}")


def needs_review(author):
    """Whether this author's new posts are held: members with too few published posts; never moderators."""
    if author is None:
        return True
    if author.is_moderator:
        return False
    published = db.session.scalar(select(func.count(Post.id)).where(
        Post.author_id == author.id, Post.status == "published"))
    return published < current_app.config["REVIEW_APPROVED_POSTS_THRESHOLD"]


def status_on_publish(post):
    """The status a post takes when its author publishes it: "pending" (held) or "published"."""
    return "pending" if needs_review(post.author) else "published"


def hold_for_review(item):
    """Hold a post or comment its author published despite the warnings (its findings are already recorded).

    Adds to the caller's transaction; the caller commits.
    """
    item.status = "pending"


def resubmit(post):
    """Put an edited, rejected post back in the review queue (in the caller's transaction)."""
    if post.status != "rejected":
        raise ValueError("Only a post that was sent back can be resubmitted.")
    post.status = "pending"
