"""Members flag posts and comments; enough flags from different members hide an item until reviewed."""
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.moderation import audit
from portal.moderation.models import Flag
from portal.moderation.services import apply_status, item_link, target_type_of
from portal.notifications.services import notify
from portal.practice.models import Comment, Post
from portal.practice.visibility import can_view


class AlreadyFlagged(Exception):
    """This member has already flagged this item."""


def can_flag(item, user):
    """Signed-in members (silenced ones too: reporting harm is not contributing) flag what they can see."""
    if user is None or not user.is_authenticated:
        return False
    if isinstance(item, Post):
        return can_view(item, user)
    visible_comment = item.status == "published" or user.id == item.author_id or user.is_moderator
    return visible_comment and can_view(item.post, user)


def flaggable(target_type, target_id, user):
    """The post or comment to flag, or None if it does not exist or the member cannot see it."""
    model = Post if target_type == "post" else Comment
    item = db.session.get(model, target_id)
    return item if item is not None and can_flag(item, user) else None


def has_flagged(item, user):
    return db.session.scalar(select(func.count(Flag.id)).where(
        Flag.user_id == user.id, Flag.target_type == target_type_of(item), Flag.target_id == item.id)) > 0


def flag(item, user, reason, details=""):
    """Record one member's flag; hide the item when enough different members have flagged it."""
    row = Flag(user_id=user.id, target_type=target_type_of(item), target_id=item.id, reason=reason,
               details=(details or "").strip())
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AlreadyFlagged()
    hidden = _hide_if_over_threshold(item)
    db.session.commit()
    return hidden


def _hide_if_over_threshold(item):
    open_flaggers = db.session.scalar(select(func.count(func.distinct(Flag.user_id))).where(
        Flag.target_type == target_type_of(item), Flag.target_id == item.id, Flag.resolved_at.is_(None)))
    if item.status != "published" or open_flaggers < current_app.config["FLAG_HIDE_THRESHOLD"]:
        return False
    apply_status(item, "hidden")
    audit.record(None, "auto_hide", target_type_of(item), item.id, "flags", flags=open_flaggers)
    if item.author is not None:
        what = f'Your post "{item.title}"' if isinstance(item, Post) else f'Your comment on "{item.post.title}"'
        notify(item.author, "post_hidden", f"{what} has been hidden while a moderator reviews reports about it. "
                                           "You will hear when they have looked at it.", item_link(item))
    return True
