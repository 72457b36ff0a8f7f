"""The delivery worker: claim due outbox rows, send them, retry failures with exponential backoff.

Claiming uses SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL, so several workers never take the
same row. SQLite ignores FOR UPDATE: run a single worker there.
"""
import smtplib
from datetime import timedelta

from flask import current_app
from sqlalchemy import or_

from portal.extensions import db
from portal.outbox.models import OutboxMessage
from portal.outbox.transports import build_message
from portal.timestamps import utcnow

LEASE = timedelta(minutes=5)
BATCH_SIZE = 50


def send_due(transport, batch_size=BATCH_SIZE):
    """One pass: send every due message once; return (sent, failed) counts."""
    sent = failed = 0
    started = utcnow()  # a retry is always scheduled after this, so one pass never loops on a failure
    while rows := claim_due(started, batch_size):
        for row in rows:
            if deliver(row, transport):
                sent += 1
            else:
                failed += 1
    return sent, failed


def claim_due(due_by, limit):
    """Lease up to limit rows due by due_by to this worker and commit, so no other worker takes them."""
    now = utcnow()
    rows = db.session.scalars(
        db.select(OutboxMessage)
        .where(OutboxMessage.status.in_(("pending", "sending")), OutboxMessage.next_attempt_at <= due_by,
               or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
        .order_by(OutboxMessage.id).limit(limit).with_for_update(skip_locked=True)).all()
    for row in rows:
        row.status = "sending"
        row.claimed_until = now + LEASE
    db.session.commit()
    return rows


def deliver(row, transport):
    """Send one claimed row; mark it sent, or schedule a retry (giving up after MAIL_MAX_ATTEMPTS).

    A row that cannot be made into a message at all (a header the mail policy refuses) fails at once:
    trying again would fail the same way, and it must not stop the pass for the rows after it.
    """
    try:
        message = build_message(row)
    except (ValueError, TypeError) as error:
        current_app.logger.error("Outbox row %s cannot be sent: %s", row.id, _describe(error))
        _record_failure(row, error, permanent=True)
        db.session.commit()
        return False
    try:
        transport.send(message)
    except (smtplib.SMTPException, OSError) as error:
        _record_failure(row, error)
        db.session.commit()
        return False
    row.attempts += 1
    row.status = "sent"
    row.sent_at = utcnow()
    row.claimed_until = None
    row.last_error = ""
    db.session.commit()
    return True


def _record_failure(row, error, permanent=False):
    config = current_app.config
    row.attempts += 1
    row.claimed_until = None
    row.last_error = _describe(error)
    if permanent or row.attempts >= config["MAIL_MAX_ATTEMPTS"]:
        row.status = "failed"
        return
    row.status = "pending"
    row.next_attempt_at = utcnow() + timedelta(seconds=config["MAIL_RETRY_BASE_SECONDS"] * 2 ** (row.attempts - 1))


def _describe(error):
    """The error's type and message, with the SMTP password removed should a server echo it."""
    text = f"{type(error).__name__}: {error}"
    password = current_app.config.get("MAIL_PASSWORD")
    if password:
        text = text.replace(password, "[redacted]")
    return text[:500]
