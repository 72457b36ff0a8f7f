"""Creating and reading notifications. notify() adds to the caller's transaction; it never commits."""
from flask import g
from sqlalchemy import func, update

from portal.events import notification_added
from portal.extensions import db
from portal.notifications.kinds import KINDS
from portal.notifications.models import Notification
from portal.timestamps import utcnow

PAGE_SIZE = 50


def notify(user, kind, message, link=""):
    """Queue a notification for user inside the current transaction (kind from kinds.KINDS).

    Receivers of notification_added (the e-mail a member wants "immediately") write in the same
    transaction, so both are written or neither is.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    note = Notification(user_id=user.id, kind=kind, message=message, link=link)
    db.session.add(note)
    _forget_unread_count()
    notification_added.send(note, user=user)
    return note


def unread_count(user):
    """How many notifications the user has not read; the signed-in member's count comes with their account."""
    known = g.get("unread_notifications")
    if known is not None and known[0] == user.id:
        return known[1]
    return db.session.scalar(db.select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)))


def note_unread_count(user, count):
    g.unread_notifications = (user.id, count)


def _forget_unread_count():
    g.pop("unread_notifications", None)


def recent_for(user, limit=PAGE_SIZE):
    return db.session.scalars(db.select(Notification).where(Notification.user_id == user.id)
                              .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)).all()


def mark_read(user, notification_id):
    """Mark one of the user's own notifications read; return it, or None if it is not theirs."""
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != user.id:
        return None
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.commit()
        _forget_unread_count()
    return note


def mark_all_read(user):
    db.session.execute(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))
    db.session.commit()
    _forget_unread_count()
