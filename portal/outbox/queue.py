"""Writing e-mails to the outbox, in the caller's transaction: nothing is sent from a request."""
import re

from flask import current_app, render_template
from markupsafe import Markup, escape

from portal import tokens
from portal.absolute_urls import absolute_url
from portal.extensions import db
from portal.outbox.models import OutboxMessage

ACCOUNT = "account"
URL = re.compile(r"https?://[^\s<>\"']+")
SUBJECT_LENGTH = 140  # the whole subject, the portal's name included; a mail client shows less
ELLIPSIS = "…"
# Left dangling by a cut: a comma, an opening quote or bracket, a dash.
DANGLING = " ,;:–—-\"'“‘([{"


def subject_line(text, site_name, limit=SUBJECT_LENGTH):
    """One line: the text, shortened at a word boundary with an ellipsis, then " – " and the portal's name.

    Notification text can hold line breaks; a header must not (they would end it or inject others).
    """
    suffix = f" – {site_name}"
    words = " ".join(text.split())
    room = limit - len(suffix)
    if len(words) > room:
        # The words that fit before the ellipsis; a single word longer than that is cut where it must be.
        cut = words[:room]
        shortened = cut.rsplit(" ", 1)[0] if " " in cut else cut[:-len(ELLIPSIS)]
        words = shortened.rstrip(DANGLING) + ELLIPSIS
    return words + suffix


def unsubscribe_url(user, topic):
    return absolute_url("mail.unsubscribe", token=tokens.make_token(tokens.UNSUBSCRIBE, [user.id, topic]))


def queue_email(to_address, subject, template, *, category, reason, user=None, unsubscribe_topic=None, **context):
    """Render a plain-text e-mail and add it to the outbox (the caller commits).

    Account e-mails (category "account") are transactional: no unsubscribe link or headers.
    """
    headers = {}
    unsubscribe = None
    if unsubscribe_topic is not None and user is not None:
        unsubscribe = unsubscribe_url(user, unsubscribe_topic)
        headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    site_name = current_app.config["SITE_NAME"]
    body = render_template(f"mail/email/{template}.txt", site_name=site_name, reason=reason,
                           unsubscribe_url=unsubscribe, home_url=absolute_url("main.home"), **context)
    subject = subject_line(subject, site_name)
    row = OutboxMessage(to_address=to_address, subject=subject, text_body=body,
                        html_body=render_template("mail/email/_layout.html", subject=subject, site_name=site_name,
                                                  body=text_to_html(body)),
                        headers=headers, category=category, user_id=user.id if user is not None else None)
    db.session.add(row)
    return row


def text_to_html(text):
    """The plain-text body as escaped HTML paragraphs, its web links made clickable."""
    paragraphs = [Markup("<br>\n").join(_linkify(line) for line in block.split("\n"))
                  for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
    return Markup("\n").join(Markup("<p>%s</p>") % p for p in paragraphs)


def _linkify(line):
    html, position = Markup(""), 0
    for match in URL.finditer(line):
        html += escape(line[position:match.start()]) + Markup('<a href="%s">%s</a>') % (match[0], match[0])
        position = match.end()
    return html + escape(line[position:])
