"""Redaction: a moderator removes a passage (a pupil's name, a phone number...) from a post or comment.

The passage is replaced wherever the item holds it: its source fields, its rendered HTML and
summary, the search index, its findings, flags' notes, the notifications about it and their e-mails.
The audit log records who, why and which fields, never the passage itself.
"""
from markupsafe import escape
from sqlalchemy import func, update

from portal.extensions import db
from portal.markup import render_markdown
from portal.moderation import audit
from portal.moderation.models import Flag
from portal.moderation.services import item_link, target_type_of
from portal.notifications.models import Notification
from portal.outbox.models import OutboxMessage
from portal.practice import search
from portal.practice.models import Post
from portal.practice.services import render_text
from portal.safeguarding.findings import record_findings

REMOVED = "[removed by a moderator]"


class PassageNotFound(Exception):
    """The passage is not in the item, so nothing was changed."""


def redact(moderator, item, passage, reason):
    """Replace every occurrence of passage in the item; audit it without the passage; commit."""
    passage = (passage or "").strip()
    texts = _texts(item)
    fields = [name for name, text in texts.items() if passage and passage in text]
    if not fields:
        raise PassageNotFound("That passage is not in the item. Copy it exactly as it appears, then try again.")
    occurrences = sum(texts[name].count(passage) for name in fields)
    for name in fields:
        setattr(item, name, _capped(item, name, texts[name].replace(passage, REMOVED)))
    target_type = target_type_of(item)
    _render(item)
    record_findings(target_type, item.id, _texts(item))
    _scrub_around(item, target_type, passage)
    audit.record(moderator, "redact", target_type, item.id, reason.strip().replace(passage, REMOVED), fields=fields, occurrences=occurrences)
    db.session.commit()
    return occurrences


def _texts(item):
    return item.texts() if isinstance(item, Post) else {"body": item.body}


def _capped(item, name, text):
    length = type(item).__table__.columns[name].type.length
    return text[:length] if length else text


def _render(item):
    if isinstance(item, Post):
        render_text(item)
        db.session.flush()
        search.index_post(item)
    else:
        item.body_html = str(render_markdown(item.body))


def _scrub_mail(passage):
    """E-mails copy notifications (sent ones are kept a while, waiting ones not yet sent)."""
    escaped = str(escape(passage))
    db.session.execute(update(OutboxMessage).where(
        OutboxMessage.subject.contains(passage, autoescape=True) | OutboxMessage.text_body.contains(passage, autoescape=True)
        | OutboxMessage.html_body.contains(escaped, autoescape=True))
        .values(subject=func.replace(OutboxMessage.subject, passage, REMOVED),
                text_body=func.replace(OutboxMessage.text_body, passage, REMOVED),
                html_body=func.replace(func.replace(OutboxMessage.html_body, escaped, REMOVED), passage, REMOVED))
        .execution_options(synchronize_session=False))


def _scrub_around(item, target_type, passage):
    """Flags' notes, earlier moderators' notes and notifications may quote the item (a post's title
    is in its notifications)."""
    db.session.execute(update(Flag).where(Flag.target_type == target_type, Flag.target_id == item.id)
                       .values(details=func.replace(Flag.details, passage, REMOVED))
                       .execution_options(synchronize_session=False))
    for row in audit.actions_on(target_type, item.id):
        if any(isinstance(value, str) and passage in value for value in (row.details or {}).values()):
            row.details = {key: value.replace(passage, REMOVED) if isinstance(value, str) else value
                           for key, value in row.details.items()}
        if passage in row.reason:
            row.reason = row.reason.replace(passage, REMOVED)
    _scrub_mail(passage)
    link = item_link(item)
    db.session.execute(update(Notification).where((Notification.link == link) | Notification.link.startswith(link + "#", autoescape=True))
                       .values(message=func.replace(Notification.message, passage, REMOVED))
                       .execution_options(synchronize_session=False))
