"""What happens when a post first goes live, whoever makes it so (its author, or a moderator approving it)."""
from portal.extensions import db
from portal.notifications.services import notify
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
