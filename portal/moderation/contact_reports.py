"""Reports of contact requests: what moderators read, and warning, silencing, suspending or closing.

Each action is one audit row. Warnings, silences and suspensions are about the sender, so they are
recorded against the member (and show on their moderation page); closing is recorded against the
report. The report keeps its own copy of the message and the sender, so it outlives the sender's
account.
"""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.directory.models import ContactRequest, ContactRequestReport
from portal.extensions import db
from portal.moderation import accounts, audit
from portal.notifications.services import notify
from portal.timestamps import utcnow

REPORTS_LIMIT = 200


class SenderGone(Exception):
    """The sender deleted their account: there is nobody left to warn, silence or suspend."""


class AlreadyClosed(Exception):
    """The report was closed already."""


def all_reports():
    """Open reports first, then closed ones, newest first within each, with the people loaded."""
    return db.session.scalars(select(ContactRequestReport).options(*_with_people())
                              .order_by(ContactRequestReport.closed_at.is_not(None), ContactRequestReport.created_at.desc(),
                                        ContactRequestReport.id.desc()).limit(REPORTS_LIMIT)).all()


def _with_people():
    return (selectinload(ContactRequestReport.sender), selectinload(ContactRequestReport.reporter),
            selectinload(ContactRequestReport.request).selectinload(ContactRequest.recipient))


def report_by_id(report_id):
    return db.session.scalar(select(ContactRequestReport).options(*_with_people())
                             .where(ContactRequestReport.id == report_id))


def earlier_reports_about(report):
    """Other reports about the same sender, newest first (none once the sender is deleted)."""
    if report.sender_id is None:
        return []
    return db.session.scalars(select(ContactRequestReport).options(selectinload(ContactRequestReport.reporter))
                              .where(ContactRequestReport.sender_id == report.sender_id,
                                     ContactRequestReport.id != report.id)
                              .order_by(ContactRequestReport.created_at.desc(), ContactRequestReport.id.desc())).all()


def history_of(report):
    """The report's own actions and those on its sender since it was made, newest first."""
    rows = list(audit.actions_on("contact_report", report.id))
    if report.sender_id is not None:
        rows += [row for row in audit.actions_on("user", report.sender_id) if row.created_at >= report.created_at]
    return sorted(rows, key=lambda row: (row.created_at, row.id), reverse=True)


def _sender(moderator, report):
    if report.sender is None:
        raise SenderGone("The sender has deleted their account, so there is nobody to act on.")
    if not accounts.can_moderate_user(moderator, report.sender):
        raise accounts.NotPermitted()
    return report.sender


def warn(moderator, report, warning):
    """Send the sender a warning in their notifications; audit it against them."""
    sender = _sender(moderator, report)
    warning = warning.strip()
    notify(sender, "moderator_warning", f"A moderator has warned you about a contact request you sent: {warning}")
    audit.record(moderator, "warn", "user", sender.id, note=warning, report_id=report.id)
    db.session.commit()


def silence(moderator, report, reason):
    accounts.silence(moderator, _sender(moderator, report), reason or "")


def suspend(moderator, report, reason, until=None):
    accounts.suspend(moderator, _sender(moderator, report), reason, until)


def close(moderator, report, note):
    """Close the report with a note on its outcome, seen only by moderators."""
    if not report.is_open:
        raise AlreadyClosed("This report is already closed.")
    report.closed_at = utcnow()
    report.closing_note = note.strip()
    audit.record(moderator, "close_report", "contact_report", report.id, note=report.closing_note)
    db.session.commit()
