"""Contact requests, blocks and abuse reports: the rules, the writes and the reads behind them."""
from datetime import timedelta

from flask import current_app, url_for
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.content_cache import moving
from portal.directory.models import ContactBlock, ContactRequest, ContactRequestReport, DirectoryProfile, pair_key
from portal.extensions import db
from portal.notifications.services import notify
from portal.safeguarding.findings import record_findings
from portal.timestamps import utcnow


class ContactRefused(Exception):
    """The request cannot be sent; the message says why, in words a member can act on."""


def is_blocked_between(a, b):
    return db.session.scalar(select(func.count()).select_from(ContactBlock).where(or_(
        (ContactBlock.blocker_id == a.id) & (ContactBlock.blocked_id == b.id),
        (ContactBlock.blocker_id == b.id) & (ContactBlock.blocked_id == a.id)))) > 0


def has_blocked(blocker, other):
    return db.session.get(ContactBlock, (blocker.id, other.id)) is not None


def latest_between(a, b):
    """The most recent request between the two members, in either direction, or None."""
    return db.session.scalar(select(ContactRequest).where(ContactRequest.pair_key == pair_key(a.id, b.id))
                             .order_by(ContactRequest.created_at.desc(), ContactRequest.id.desc()).limit(1))


def sent_today(sender):
    since = utcnow() - timedelta(days=1)
    return db.session.scalar(select(func.count(ContactRequest.id)).where(
        ContactRequest.sender_id == sender.id, ContactRequest.created_at >= since))


def refusal_reason(sender, recipient):
    """Why sender may not ask recipient to talk now, or None if they may."""
    if not sender.can_contribute:
        return "You cannot send contact requests until your email address is confirmed and your account is in good standing."
    if sender.id == recipient.id:
        return "You cannot send a contact request to yourself."
    profile = db.session.get(DirectoryProfile, recipient.id)
    if profile is None or not profile.accepts_requests or not recipient.is_active:
        return "This member is not taking contact requests."
    if is_blocked_between(sender, recipient):
        return "You cannot contact this member."
    latest = latest_between(sender, recipient)
    if latest is not None and latest.status == "pending":
        return "There is already an open contact request between you. Wait for a reply."
    if latest is not None and latest.status == "accepted":
        return "You are already in touch: your accepted request shows both email addresses."
    if sent_today(sender) >= current_app.config["CONTACT_REQUEST_DAILY_CAP"]:
        return "You have sent as many contact requests as you can today. Try again tomorrow."
    return None


def send_request(sender, recipient, message):
    """Ask recipient to talk, notifying them; raise ContactRefused if the rules do not allow it."""
    _hold_senders_row(sender)
    reason = refusal_reason(sender, recipient)
    if reason:
        raise ContactRefused(reason)
    request = ContactRequest(sender_id=sender.id, recipient_id=recipient.id, message=message.strip(),
                             pair_key=pair_key(sender.id, recipient.id))
    db.session.add(request)
    try:
        db.session.flush()
    except IntegrityError:
        # Another request for this pair was opened at the same moment (the database's unique index).
        db.session.rollback()
        raise ContactRefused("There is already an open contact request between you. Wait for a reply.")
    record_findings("contact_request", request.id, {"message": request.message})
    notify(recipient, "contact_request", f"{sender.name} would like to talk",
           url_for("contact.show", request_id=request.id))
    db.session.commit()
    return request


def _hold_senders_row(sender):
    """Make the sender's requests wait for each other until commit, so the daily cap counts every one.

    Without it two requests sent at once (from any two app processes) both count nine and both insert.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        # FOR NO KEY UPDATE: inserts naming the sender as a foreign key (a request sent *to* them) need not wait.
        db.session.execute(select(User.id).where(User.id == sender.id).with_for_update(key_share=True))
    else:
        # SQLite has no row locks: a write takes the database's one write lock, held until commit.
        db.session.execute(update(User).where(User.id == sender.id).values(role=User.role)
                           .execution_options(synchronize_session=False, **moving()))  # changes nothing shown


def request_for(user, request_id):
    """A request the user sent or received, with both people loaded; None for anyone else."""
    request = db.session.scalar(select(ContactRequest).where(ContactRequest.id == request_id).options(
        *_with_people()))
    return request if request is not None and request.involves(user) else None


def _with_people():
    return (selectinload(ContactRequest.sender).selectinload(User.school),
            selectinload(ContactRequest.recipient).selectinload(User.school),
            selectinload(ContactRequest.sender).selectinload(User.trust),
            selectinload(ContactRequest.recipient).selectinload(User.trust))


def respond(user, request, accept):
    """The recipient accepts or declines a pending request; False if it is not theirs to answer."""
    if request.recipient_id != user.id or not request.is_pending:
        return False
    request.status = "accepted" if accept else "declined"
    request.responded_at = utcnow()
    if accept:
        notify(request.sender, "contact_accepted", f"{user.name} accepted your contact request",
               url_for("contact.show", request_id=request.id))
    db.session.commit()
    return True


def inbox(user, box):
    """Requests the user received (box "received") or sent (box "sent"), newest first."""
    column = ContactRequest.recipient_id if box == "received" else ContactRequest.sender_id
    return db.session.scalars(select(ContactRequest).where(column == user.id).options(*_with_people())
                              .order_by(ContactRequest.created_at.desc(), ContactRequest.id.desc())).all()


def block(blocker, other):
    """Block another member and close any open request between the two (idempotent)."""
    if blocker.id == other.id:
        return False
    if not has_blocked(blocker, other):
        db.session.add(ContactBlock(blocker_id=blocker.id, blocked_id=other.id))
    db.session.execute(update(ContactRequest).where(
        ContactRequest.pair_key == pair_key(blocker.id, other.id), ContactRequest.status == "pending")
        .values(status="declined", responded_at=utcnow()))
    db.session.commit()
    return True


def unblock(blocker, blocked_id):
    db.session.execute(delete(ContactBlock).where(ContactBlock.blocker_id == blocker.id,
                                                  ContactBlock.blocked_id == blocked_id))
    db.session.commit()


def blocked_members(user):
    return db.session.scalars(select(ContactBlock).where(ContactBlock.blocker_id == user.id)
                              .options(selectinload(ContactBlock.blocked))
                              .order_by(ContactBlock.created_at.desc())).all()


def report(user, request, reason):
    """The recipient reports a request as abuse; False if it is not theirs to report."""
    if request.recipient_id != user.id:
        return False
    db.session.add(ContactRequestReport(request_id=request.id, reporter_id=user.id, sender_id=request.sender_id,
                                        message=request.message, reason=reason.strip()))
    db.session.commit()
    return True

