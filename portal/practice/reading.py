"""What is new to a member: posts they have not opened yet and comments added since they last looked.

Lists are cached for everyone who may see the same posts, so a card carries only a marker with the post's
id, comment count and publication time; once the page is rendered, one query reads the member's own reads
for every marker on it and turns each into "New", "3 new comments" or nothing.
"""
import re
from datetime import datetime, timedelta
from typing import NamedTuple

from markupsafe import Markup
from sqlalchemy import func, or_, select

from portal.extensions import db, insert_with_conflicts
from portal.practice.models import Comment, PostRead
from portal.timestamps import utcnow

# A post nobody has opened counts as new to a member for this long after it is published.
NEW_FOR = timedelta(days=14)
MARKER = re.compile(rb'<span data-unread="(\d+):(\d+):(\d+)"></span>')


class LastLook(NamedTuple):
    read_at: datetime
    comments_seen: int


class Unread(NamedTuple):
    since: datetime
    comments: int  # by others, since the member last looked
    first_id: int  # the first of them, where the page opens


def card_marker(post):
    """The marker a card carries for its reader's own "new" state, filled in after the cache."""
    published = int(post.published_at.timestamp()) if post.published_at else 0
    return Markup(f'<span data-unread="{post.id}:{post.comment_count}:{published}"></span>')


def note_reading(member, post, last_look):
    """Record that the member is looking at the post now, and return what is new to them since their last
    look (None on a first look or when nothing is new). A reload with nothing new writes nothing."""
    if last_look is not None and last_look.comments_seen == post.comment_count:
        return None
    _record(member.id, post.id, post.comment_count)
    db.session.commit()
    if last_look is None:
        return None
    count, first_id = db.session.execute(
        select(func.count(Comment.id), func.min(Comment.id)).where(
            Comment.post_id == post.id, Comment.status == "published", Comment.created_at > last_look.read_at,
            or_(Comment.author_id.is_(None), Comment.author_id != member.id))).one()
    return Unread(last_look.read_at, count, first_id) if count else None


def note_own_comment(member, post, comment_count):
    """A member's own comment is never new to them: they have seen the post with it (the caller commits)."""
    _record(member.id, post.id, comment_count)


def _record(user_id, post_id, comments_seen):
    # An upsert, so two tabs opening the post at once both succeed.
    values = {"read_at": utcnow(), "comments_seen": comments_seen}
    db.session.execute(insert_with_conflicts(PostRead).values(user_id=user_id, post_id=post_id, **values)
                       .on_conflict_do_update(index_elements=["user_id", "post_id"], set_=values))


def mark_unread(body, member):
    """The page's body with each card's marker filled in for the member: one query for the whole page."""
    markers = MARKER.findall(body)
    if not markers:
        return body
    ids = {int(post_id) for post_id, _, _ in markers}
    seen = dict(db.session.execute(select(PostRead.post_id, PostRead.comments_seen).where(
        PostRead.user_id == member.id, PostRead.post_id.in_(ids))).all())
    new_after = (utcnow() - NEW_FOR).timestamp()

    def fill(match):
        post_id, count, published = (int(group) for group in match.groups())
        if post_id not in seen:
            return b'<span class="unread-badge">New</span>' if published > new_after else b""
        fresh = count - seen[post_id]
        if fresh <= 0:
            return b""
        return f'<span class="unread-badge">{fresh} new comment{"" if fresh == 1 else "s"}</span>'.encode()
    return MARKER.sub(fill, body)
