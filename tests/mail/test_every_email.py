"""Every kind of e-mail the portal sends is a well-formed message whose links all use the configured base URL.

Each is produced by the service a person's action calls, sent by the worker, and read back from the bytes
it wrote, with the email package's strict policy (a defect raises).
"""
import email
import email.policy
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from portal.auth import recovery
from portal.extensions import db
from portal.mail import digests
from portal.mail.services import set_preference
from portal.notifications.kinds import KINDS
from portal.notifications.services import notify
from portal.outbox.transports import FolderTransport
from portal.outbox.worker import send_due
from portal.timestamps import utcnow
from tests.factories import make_follow, make_post, make_user, outbox_rows

BASE = "https://exchange.trust.example"
URL = re.compile(r"https?://[^\s<>\"']+")
VOID_ELEMENTS = {"br", "hr", "img", "meta", "link"}
DIGEST_KINDS = [kind for kind, (_, default) in KINDS.items() if default == "digest"]


class CheckedHTML(HTMLParser):
    """An HTML document's links and elements; a tag closed out of order, or left open, fails the test."""

    def __init__(self, document):
        super().__init__()
        self.open, self.links, self.elements = [], [], set()
        self.feed(document)
        self.close()
        assert self.open == [], f"left open: {self.open}"

    def handle_starttag(self, tag, attrs):
        self.elements.add(tag)
        self.links += [value for name, value in attrs if name == "href"]
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()


def link_after(body, words):
    return URL.search(body.split(words, 1)[1])[0]


def produce_account_emails():
    """Registration, a second registration, a reset and a change of address, as the pages call them."""
    member = make_user(name="Ruth Simmons", email="ruth@fenland.example", verified=False)
    recovery.queue_verification(member)
    recovery.queue_registration_attempt(member)
    db.session.commit()
    recovery.request_password_reset(member)
    recovery.request_email_change(member, "ruth.simmons@fenland.example")
    [change] = outbox_rows(subject="Confirm your new e-mail address – Practice Exchange")
    recovery.confirm_email_change(link_after(change.text_body, "open this link:").rsplit("/", 1)[1])
    return {"Confirm your e-mail address": "/verify-email/",
            "Someone tried to create an account with your address": "/sign-in",
            "Reset your password": "/reset-password/",
            "Confirm your new e-mail address": "/account/email/confirm/",
            "Your e-mail address was changed": "/forgot-password"}


def produce_notification_emails():
    """One e-mail for each notification kind (sent at once, as the member chose), linking to what it is about."""
    member = make_user(name="Amira Hassan", email="amira@northern.example")
    post = make_post(author=member, title="Image generators in Year 4 art")
    expected = {}
    for kind, (description, _) in KINDS.items():
        set_preference(member, kind, "immediately")
        notify(member, kind, f"{description}: about “{post.title}”", f"/practice/{post.id}#{kind}")
        expected[f"{description}: about “{post.title}”"] = f"/practice/{post.id}#{kind}"
    db.session.commit()
    return expected


def produce_digests():
    """The daily digest of notifications and the weekly digest of new practice in what a member follows."""
    reader = make_user(name="Sam Patel", email="sam@oak.example")
    make_follow(reader, "recommendation", "r17")
    post = make_post(title="Feedback on writing with a chatbot", recommendation_ids=("r17",))
    for kind in DIGEST_KINDS:
        notify(reader, kind, f"{KINDS[kind][0]}", f"/practice/{post.id}")
    db.session.commit()
    later = utcnow() + timedelta(minutes=1)
    assert digests.queue_daily(now=later) == 1 and digests.queue_weekly(now=later) == 1
    return {"Your daily digest": f"/practice/{post.id}", "New practice in what you follow": f"/practice/{post.id}"}


@pytest.fixture
def sent(app, client, monkeypatch, tmp_path):
    """{subject: (raw bytes, the path the key link starts with)} for every kind of e-mail, as the worker wrote them."""
    monkeypatch.setitem(app.config, "PORTAL_BASE_URL", BASE)
    expected = {**produce_account_emails(), **produce_notification_emails(), **produce_digests()}
    assert send_due(FolderTransport(str(tmp_path))) == (len(outbox_rows()), 0)
    messages = {}
    for path in tmp_path.glob("*.eml"):
        raw = path.read_bytes()
        subject = email.message_from_bytes(raw, policy=email.policy.strict)["Subject"]
        matches = [start for start in expected if subject.startswith(start)]
        assert len(matches) == 1, f"a subject no kind expects: {subject!r}"
        messages[matches[0]] = (raw, expected.pop(matches[0]))
    assert expected == {}, f"not sent: {list(expected)}"
    return messages


def test_every_kind_of_email_is_produced(sent):
    assert len(sent) == 5 + len(KINDS) + 2


def test_every_email_parses_strictly_with_date_message_id_and_both_parts(sent):
    for subject, (raw, _) in sent.items():
        message = email.message_from_bytes(raw, policy=email.policy.strict)
        assert message["Date"] and message["Date"].datetime is not None, subject
        assert re.fullmatch(r"<outbox-\d+@exchange\.trust\.example>", message["Message-ID"]), subject
        assert message["From"].addresses[0].addr_spec == "no-reply@practice-exchange.example"
        assert message["Subject"].endswith(" – Practice Exchange") and "\n" not in message["Subject"]
        assert message.get_content_type() == "multipart/alternative", subject
        assert message.get_body(("plain",)).get_content().strip(), subject
        assert "html" in CheckedHTML(message.get_body(("html",)).get_content()).elements, subject


def test_every_link_uses_the_configured_base_url_and_the_key_link_is_in_both_parts(sent):
    for subject, (raw, key_path) in sent.items():
        message = email.message_from_bytes(raw, policy=email.policy.strict)
        text = message.get_body(("plain",)).get_content()
        html = CheckedHTML(message.get_body(("html",)).get_content())
        links = URL.findall(text) + html.links
        assert links and all(link.startswith(BASE + "/") for link in links), (subject, links)
        assert any(link.startswith(BASE + key_path) for link in URL.findall(text)), (subject, key_path)
        assert any(link.startswith(BASE + key_path) for link in html.links), (subject, key_path)


def test_mail_members_can_stop_carries_one_click_unsubscribe_and_account_mail_does_not(sent):
    for subject, (raw, _) in sent.items():
        message = email.message_from_bytes(raw, policy=email.policy.strict)
        if subject in {"Confirm your e-mail address", "Someone tried to create an account with your address",
                       "Reset your password", "Confirm your new e-mail address", "Your e-mail address was changed"}:
            assert "List-Unsubscribe" not in message, subject
            continue
        assert re.fullmatch(rf"<{re.escape(BASE)}/unsubscribe/[\w.-]+>", message["List-Unsubscribe"]), subject
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click", subject
        assert message.get_body(("plain",)).get_content().count(f"{BASE}/unsubscribe/") == 1, subject
