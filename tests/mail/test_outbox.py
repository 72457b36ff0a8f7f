"""notify() writes e-mail to the outbox in its transaction; the worker sends it once, retrying with backoff."""
import email
import email.policy
import re
import smtplib
from datetime import timedelta

from portal.extensions import db
from portal.mail.services import set_preference
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.outbox.models import OutboxMessage
from portal.outbox.queue import subject_line
from portal.outbox.transports import FolderTransport, SmtpTransport
from portal.outbox.worker import send_due
from portal.timestamps import utcnow
from tests.factories import make_user, outbox_rows
from tests.mail.conftest import FakeTransport


def test_notify_queues_an_email_for_kinds_sent_immediately(client):
    user = make_user(email="amira@school.example")
    notify(user, "post_approved", "Your trial on image generators was approved", "/practice/7")
    db.session.commit()
    [row] = outbox_rows()
    assert (row.to_address, row.category, row.status) == ("amira@school.example", "post_approved", "pending")
    assert "Your trial on image generators was approved" in row.text_body
    assert "http://127.0.0.1:5000/practice/7" in row.text_body
    assert "Practice Exchange" in row.text_body and "You are getting this because" in row.text_body
    assert row.headers["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/unsubscribe/")
    assert row.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_notify_leaves_digest_kinds_for_the_daily_digest(client):
    notify(make_user(), "comment", "Someone commented on your post")
    db.session.commit()
    assert outbox_rows() == []


def test_notify_respects_a_member_who_turned_a_kind_off(client):
    user = make_user()
    set_preference(user, "post_approved", "off")
    notify(user, "post_approved", "Approved")
    db.session.commit()
    assert outbox_rows() == []


def test_unverified_addresses_get_no_notification_email(client):
    notify(make_user(verified=False), "contact_request", "Someone asks to contact you")
    db.session.commit()
    assert outbox_rows() == []


def test_the_notification_and_its_email_roll_back_together(client):
    user = make_user()
    notify(user, "post_approved", "Approved")
    db.session.rollback()
    assert outbox_rows() == []
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 0


def test_the_worker_sends_each_message_once(client):
    notify(make_user(), "post_approved", "Approved")
    db.session.commit()
    transport = FakeTransport()
    assert send_due(transport) == (1, 0)
    assert send_due(transport) == (0, 0)
    assert len(transport.sent) == 1
    [row] = outbox_rows()
    assert row.status == "sent" and row.sent_at is not None and row.attempts == 1


def test_a_refusing_mail_server_gets_retries_with_backoff_then_success_and_no_duplicate(client, app):
    notify(make_user(), "post_approved", "Approved")
    db.session.commit()
    transport = FakeTransport(refuse=2)
    base = app.config["MAIL_RETRY_BASE_SECONDS"]

    assert send_due(transport) == (0, 1)
    [row] = outbox_rows()
    assert row.status == "pending" and row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error
    first_wait = row.next_attempt_at - utcnow()
    assert timedelta(seconds=base - 5) < first_wait <= timedelta(seconds=base)
    assert send_due(transport) == (0, 0)  # not due yet: nothing is hammered

    _make_due(row)
    assert send_due(transport) == (0, 1)
    [row] = outbox_rows()
    assert row.attempts == 2
    assert row.next_attempt_at - utcnow() > timedelta(seconds=2 * base - 5)  # exponential

    _make_due(row)
    assert send_due(transport) == (1, 0)
    assert send_due(transport) == (0, 0)
    assert len(transport.sent) == 1
    assert outbox_rows()[0].status == "sent"


def _make_due(row):
    row.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def test_a_message_that_keeps_failing_is_marked_failed(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    notify(make_user(), "post_approved", "Approved")
    db.session.commit()
    transport = FakeTransport(refuse=5)
    send_due(transport)
    _make_due(outbox_rows()[0])
    send_due(transport)
    [row] = outbox_rows()
    assert row.status == "failed" and row.attempts == 2
    _make_due(row)
    assert send_due(transport) == (0, 0)


def test_errors_never_record_the_smtp_password(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", "s3cret-pass")

    class Leaky:
        def send(self, message):
            raise OSError("auth failed for s3cret-pass")
    notify(make_user(), "post_approved", "Approved")
    db.session.commit()
    send_due(Leaky())
    assert "s3cret-pass" not in outbox_rows()[0].last_error


def test_a_claimed_row_is_not_taken_by_another_worker_until_its_lease_ends(client):
    notify(make_user(), "post_approved", "Approved")
    db.session.commit()
    row = outbox_rows()[0]
    row.status, row.claimed_until = "sending", utcnow() + timedelta(minutes=5)
    db.session.commit()
    assert send_due(FakeTransport()) == (0, 0)
    row.claimed_until = utcnow() - timedelta(seconds=1)  # that worker died mid-send
    db.session.commit()
    assert send_due(FakeTransport()) == (1, 0)


def test_the_folder_backend_writes_eml_files_with_the_unsubscribe_headers(client, tmp_path):
    notify(make_user(email="amira@school.example"), "post_approved", "Approved")
    db.session.commit()
    send_due(FolderTransport(str(tmp_path)))
    [path] = list(tmp_path.glob("*.eml"))
    message = email.message_from_bytes(path.read_bytes())
    assert message["To"] == "amira@school.example"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == f"<outbox-{outbox_rows()[0].id}@127.0.0.1>"
    parts = [part.get_content_type() for part in message.walk()]
    assert "multipart/alternative" in parts and "text/plain" in parts and "text/html" in parts


def test_the_send_command_runs_one_pass(client, runner, app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "folder")
    monkeypatch.setitem(app.config, "MAIL_FOLDER", str(tmp_path))
    notify(make_user(), "post_approved", "Approved")
    db.session.commit()
    result = runner.invoke(args=["mail", "send"])
    assert "Sent 1 e-mail(s)" in result.output
    assert len(list(tmp_path.glob("*.eml"))) == 1
    assert db.session.scalar(db.select(OutboxMessage.status)) == "sent"


def test_line_breaks_in_a_notification_never_reach_the_subject_header(client):
    notify(make_user(), "post_rejected", "Your post was sent back\nBcc: someone@evil.example")
    db.session.commit()
    [row] = outbox_rows()
    assert "\n" not in row.subject
    transport = FakeTransport()
    assert send_due(transport) == (1, 0)
    assert "Bcc" not in transport.sent[0]


def test_on_postgresql_a_row_locked_by_another_worker_is_skipped(client):
    import pytest
    from sqlalchemy import text
    from portal.outbox.worker import claim_due
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite runs a single worker")
    notify(make_user(), "post_approved", "Approved")
    db.session.commit()
    with db.engine.connect() as other_worker:
        other_worker.execute(text("SELECT id FROM outbox FOR UPDATE"))  # mid-claim, transaction open
        assert claim_due(utcnow(), 10) == []
    assert len(claim_due(utcnow(), 10)) == 1


def test_the_html_part_escapes_user_text_and_links_the_portal(client):
    notify(make_user(), "comment", "x")  # digest kind: nothing queued
    notify(make_user(), "post_rejected", "Sent back: <script>alert(1)</script> & more", "/practice/3")
    db.session.commit()
    [row] = outbox_rows()
    assert "<script>" not in row.html_body and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in row.html_body
    assert '<a href="http://127.0.0.1:5000/practice/3">' in row.html_body
    message = FakeTransport()
    send_due(message)
    assert message.sent[0].is_multipart()


class RecordingSMTP(smtplib.SMTP):
    """An SMTP client that connects nowhere and keeps the bytes it would have sent."""
    sent = []

    def __init__(self, host="", port=0, *args, **kwargs):
        super().__init__()  # no host: no connection

    def starttls(self, *args, **kwargs):
        return (220, b"ready")

    def ehlo_or_helo_if_needed(self):
        self.does_esmtp, self.esmtp_features = True, {"smtputf8": ""}

    def sendmail(self, from_addr, to_addrs, msg, mail_options=(), rcpt_options=()):
        RecordingSMTP.sent.append((from_addr, to_addrs, msg))
        return {}

    def quit(self):
        return (221, b"bye")


def header_block(raw):
    return raw.split(b"\r\n\r\n", 1)[0]


def test_smtp_sends_list_unsubscribe_as_a_plain_ascii_url_per_rfc_2369_and_8058(client, app, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", RecordingSMTP)
    monkeypatch.setattr(RecordingSMTP, "sent", [])
    monkeypatch.setattr(app.extensions["mail"], "suppress", False)
    notify(make_user(email="amira@school.example"), "post_approved", "Your trial on image generators was approved")
    db.session.commit()
    assert send_due(SmtpTransport()) == (1, 0)
    [(sender, recipients, raw)] = RecordingSMTP.sent
    assert (sender, recipients) == ("no-reply@practice-exchange.example", ["amira@school.example"])
    headers = header_block(raw)
    assert re.search(rb"\r\nList-Unsubscribe: <http://127\.0\.0\.1:5000/unsubscribe/[\w.-]+>\r\n", headers + b"\r\n")
    assert b"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click" in headers
    assert b"=?" not in b"".join(line for line in headers.split(b"\r\n") if line.startswith(b"List-"))
    assert headers.isascii()
    # The subject has a dash that is not ASCII: it, and only it, is encoded as RFC 2047 says.
    parsed = email.message_from_bytes(raw, policy=email.policy.strict)
    assert parsed["Subject"] == "Your trial on image generators was approved – Practice Exchange"


def test_the_folder_backend_writes_the_same_plain_unsubscribe_header(client, tmp_path):
    notify(make_user(), "post_approved", "Approved")
    db.session.commit()
    send_due(FolderTransport(str(tmp_path)))
    [path] = list(tmp_path.glob("*.eml"))
    headers = header_block(path.read_bytes())
    [line] = [line for line in headers.split(b"\r\n") if line.startswith(b"List-Unsubscribe:")]
    assert line.startswith(b"List-Unsubscribe: <http://127.0.0.1:5000/unsubscribe/") and line.endswith(b">")


def test_an_address_that_is_not_ascii_goes_out_as_utf_8(client, tmp_path):
    notify(make_user(email="jürgen@schüle.example"), "post_approved", "Approved")
    db.session.commit()
    assert send_due(FolderTransport(str(tmp_path))) == (1, 0)
    [path] = list(tmp_path.glob("*.eml"))
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.strict)
    assert parsed["To"] == "jürgen@schüle.example"


def test_long_subjects_are_shortened_at_a_word_boundary_with_an_ellipsis_and_keep_the_portal_name(client):
    title = "Image generators in primary art lessons across the trust, term by term, with what did not work"
    notify(make_user(), "post_featured", f'Your post "{title}" is now featured in the collection "Image generators"')
    db.session.commit()
    [row] = outbox_rows()
    assert row.subject.endswith("… – Practice Exchange") and len(row.subject) <= 140
    shortened = row.subject.removesuffix("… – Practice Exchange")
    assert f'Your post "{title}" is now featured in the collection "Image generators"'.startswith(shortened)
    assert shortened.split()[-1] in title.split() + ["is", "now", "featured", "in", "the", "collection"]
    assert not shortened.endswith((" ", ",", '"'))


def test_subjects_are_one_line_with_whitespace_collapsed(client):
    notify(make_user(), "post_rejected", "Sent back:\n\n  needs\tmore   detail")
    db.session.commit()
    [row] = outbox_rows()
    assert row.subject == "Sent back: needs more detail – Practice Exchange"


def test_a_subject_that_fits_is_left_whole():
    assert subject_line("Reset your password", "Practice Exchange") == "Reset your password – Practice Exchange"


def test_a_single_word_too_long_for_the_subject_is_cut_where_it_must_be():
    subject = subject_line("x" * 300, "Practice Exchange")
    assert len(subject) == 140 and subject.endswith("x… – Practice Exchange")


def test_a_subject_that_is_not_ascii_reads_back_exactly_under_the_strict_policy(client, tmp_path):
    # Python's own folder split "art”" mid-character here: "=?utf-8?q?art=E2=" then a new encoded word.
    notify(make_user(), "post_rejected", "A moderator sends your post back, with the reason: about “Image generators in Year 4 art”")
    db.session.commit()
    send_due(FolderTransport(str(tmp_path)))
    [path] = list(tmp_path.glob("*.eml"))
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.strict)
    assert parsed["Subject"] == ("A moderator sends your post back, with the reason: about “Image generators in Year 4 art”"
                                 " – Practice Exchange")


def test_a_row_that_cannot_become_a_message_fails_alone_and_the_pass_goes_on(client):
    notify(make_user(), "post_approved", "First")
    notify(make_user(), "post_approved", "Second")
    db.session.commit()
    broken, fine = outbox_rows()
    broken.headers = {**(broken.headers or {}), "List-Unsubscribe": "<https://x.example>\r\nBcc: evil@x.example"}
    db.session.commit()
    transport = FakeTransport()
    assert send_due(transport) == (1, 1)
    db.session.refresh(broken)
    assert broken.status == "failed" and broken.attempts == 1 and "ValueError" in broken.last_error
    assert [m["To"] for m in transport.sent] == [fine.to_address]
    assert send_due(transport) == (0, 0)  # failed for good: not retried


def test_the_loop_outlives_a_database_that_does_not_answer(client, runner, app, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from portal.mail import commands
    passes = []

    def flaky_pass(transport):
        passes.append(len(passes))
        if len(passes) == 1:
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
        return (0, 0)

    class StopAfterTwoPasses:
        def wait(self, interval):
            return len(passes) >= 2

    monkeypatch.setattr(commands, "send_due", flaky_pass)
    monkeypatch.setattr(commands, "_stop_requested", StopAfterTwoPasses)
    result = runner.invoke(args=["mail", "send", "--loop", "--interval", "0"])
    assert result.exit_code == 0 and passes == [0, 1]
    assert "did not answer" in result.output
