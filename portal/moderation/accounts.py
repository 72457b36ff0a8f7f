"""Moderating members: suspension, silencing and private notes, each audited."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.moderation import audit
from portal.moderation.models import ModeratorNote
from portal.timestamps import utcnow


class NotPermitted(Exception):
    """Moderators cannot act on admins or on themselves."""


def can_moderate_user(moderator, user):
    return user.id != moderator.id and not user.is_admin


def _check(moderator, user):
    if not can_moderate_user(moderator, user):
        raise NotPermitted()


def suspend(moderator, user, reason, until=None):
    """Suspend a member (optionally until a date), ending every session they have."""
    _check(moderator, user)
    user.suspended_at = utcnow()
    user.suspended_until = until
    user.suspension_reason = reason.strip()
    user.end_all_sessions()
    audit.record(moderator, "suspend", "user", user.id, reason.strip(),
                 until=until.isoformat() if until else None)
    db.session.commit()


def unsuspend(moderator, user):
    _check(moderator, user)
    user.suspended_at = None
    user.suspended_until = None
    user.suspension_reason = ""
    audit.record(moderator, "unsuspend", "user", user.id)
    db.session.commit()


def silence(moderator, user, reason=""):
    """Let a member read but not post, comment or send contact requests."""
    _check(moderator, user)
    user.silenced_at = utcnow()
    audit.record(moderator, "silence", "user", user.id, reason.strip())
    db.session.commit()


def unsilence(moderator, user):
    _check(moderator, user)
    user.silenced_at = None
    audit.record(moderator, "unsilence", "user", user.id)
    db.session.commit()


def add_note(moderator, user, body):
    """A private note about a member, seen only by moderators."""
    _check(moderator, user)
    note = ModeratorNote(user_id=user.id, author_id=moderator.id, body=body.strip())
    db.session.add(note)
    db.session.flush()
    audit.record(moderator, "note", "user", user.id, note_id=note.id)
    db.session.commit()
    return note


def notes_for(user):
    return db.session.scalars(select(ModeratorNote).options(selectinload(ModeratorNote.author))
                              .where(ModeratorNote.user_id == user.id)
                              .order_by(ModeratorNote.created_at.desc(), ModeratorNote.id.desc())).all()
