"""Reported contact requests: moderators read the request and the sender's record, warn, silence,
suspend or close, every action audited; a report outlives the sender's account."""
import pytest

from portal.auth.models import User
from portal.directory.models import ContactRequestReport
from portal.extensions import db
from portal.moderation.models import ModerationAction
from portal.notifications.models import Notification
from tests.factories import DEFAULT_PASSWORD, make_contact_request, make_listed_member, make_user
from tests.moderation.conftest import HX

ACTIONS = {
    "warn": {"warn-warning": "Please keep requests to professional topics."},
    "silence": {"silence-reason": "Selling in contact requests"},
    "suspend": {"suspend-reason": "Repeated selling"},
    "close": {"close-closing_note": "Warned; nothing more needed."},
}


def reported(auth, sender=None, message="Buy my AI marking product now", reason="Selling, not talking"):
    sender = sender or make_user(name="Pushy Pete")
    recipient = make_listed_member(name="Rita Recipient")
    request = make_contact_request(sender, recipient, message=message)
    auth.login(recipient)
    assert auth.post(f"/contact-requests/{request.id}/report", {"reason": reason}).status_code == 303
    auth.logout()
    return db.session.scalar(db.select(ContactRequestReport).where(ContactRequestReport.request_id == request.id))


def audit_rows(action):
    return db.session.scalars(db.select(ModerationAction).where(ModerationAction.action == action)).all()


def test_report_page_shows_the_message_the_sender_and_earlier_reports(client, auth):
    sender = make_user(name="Pushy Pete")
    first = reported(auth, sender, reason="Spam the first time")
    second = reported(auth, sender, message="Still selling")
    auth.login(make_user(role="moderator"))
    page = client.get(f"/moderation/contact-reports/{second.id}").get_data(as_text=True)
    assert "Still selling" in page and f'href="/moderation/users/{sender.id}"' in page and "Pushy Pete" in page
    assert f"/moderation/contact-reports/{first.id}" in page and "Spam the first time" in page
    assert sender.email not in page
    listing = client.get("/moderation/contact-reports").get_data(as_text=True)
    assert f"/moderation/contact-reports/{second.id}" in listing and "Still selling" in listing


def test_moderator_warns_the_sender_who_is_notified_and_it_is_audited(client, auth):
    report = reported(auth)
    moderator = make_user(role="moderator")
    auth.login(moderator)
    response = auth.post(f"/moderation/contact-reports/{report.id}/warn", ACTIONS["warn"])
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/moderation/contact-reports/{report.id}")
    told = db.session.scalars(db.select(Notification).where(Notification.user_id == report.sender_id)).all()
    assert [n.kind for n in told] == ["moderator_warning"] and "professional topics" in told[0].message
    (row,) = audit_rows("warn")
    assert (row.moderator_id, row.target_type, row.target_id) == (moderator.id, "user", report.sender_id)
    page = client.get(f"/moderation/contact-reports/{report.id}").get_data(as_text=True)
    assert "Member warned" in page and "professional topics" in page


def test_moderator_silences_and_suspends_the_sender_through_the_account_services(client, auth):
    report = reported(auth)
    auth.login(make_user(role="moderator"))
    assert auth.post(f"/moderation/contact-reports/{report.id}/silence", ACTIONS["silence"]).status_code == 303
    assert auth.post(f"/moderation/contact-reports/{report.id}/suspend", ACTIONS["suspend"]).status_code == 303
    sender = db.session.get(User, report.sender_id)
    db.session.refresh(sender)
    assert sender.silenced_at is not None and sender.is_suspended and sender.suspension_reason == "Repeated selling"
    assert len(audit_rows("silence")) == 1 and len(audit_rows("suspend")) == 1


def test_moderator_closes_a_report_with_a_note(client, auth):
    report = reported(auth)
    auth.login(make_user(role="moderator"))
    assert auth.post(f"/moderation/contact-reports/{report.id}/close", ACTIONS["close"]).status_code == 303
    db.session.refresh(report)
    assert report.closed_at is not None and report.closing_note == "Warned; nothing more needed."
    (row,) = audit_rows("close_report")
    assert (row.target_type, row.target_id) == ("contact_report", report.id)
    again = auth.post(f"/moderation/contact-reports/{report.id}/close", ACTIONS["close"])
    assert again.status_code == 303 and len(audit_rows("close_report")) == 1


@pytest.mark.parametrize("action, field", [("warn", "warn-warning"), ("suspend", "suspend-reason"),
                                           ("close", "close-closing_note")])
def test_an_empty_action_is_refused_with_an_error_summary(client, auth, action, field):
    report = reported(auth)
    auth.login(make_user(role="moderator"))
    response = auth.post(f"/moderation/contact-reports/{report.id}/{action}", {field: "  "})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "There is a problem" in body and f'href="#{field}"' in body
    assert f'id="{field}"' in body
    assert db.session.scalar(db.select(db.func.count(ModerationAction.id))) == 0


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_with_htmx_answers_the_actions_fragment(client, auth, action):
    report = reported(auth)
    auth.login(make_user(role="moderator"))
    response = auth.post(f"/moderation/contact-reports/{report.id}/{action}", ACTIONS[action], headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert 'id="report-actions"' in body
    invalid = auth.post(f"/moderation/contact-reports/{report.id}/warn", {}, headers=HX)
    assert invalid.status_code == 422 and "<html" not in invalid.get_data(as_text=True)


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_needs_a_csrf_token(client, auth, action):
    report = reported(auth)
    auth.login(make_user(role="moderator"))
    response = client.post(f"/moderation/contact-reports/{report.id}/{action}", data=ACTIONS[action])
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(ModerationAction.id))) == 0


@pytest.mark.parametrize("method, suffix", [("get", ""), ("post", "/warn"), ("post", "/silence"),
                                            ("post", "/suspend"), ("post", "/close")])
# A visitor is sent to sign in: a 302, or a 401 sign-in page that keeps text they typed (tests/security/test_stale_forms.py).
@pytest.mark.parametrize("role, statuses", [(None, (302, 401)), ("member", (403,))])
def test_members_and_visitors_cannot_see_or_act_on_reports(client, auth, method, suffix, role, statuses):
    report = reported(auth)
    if role:
        auth.login(make_user(role=role))
    path = f"/moderation/contact-reports/{report.id}{suffix}"
    response = client.get(path) if method == "get" else auth.post(path, ACTIONS.get(suffix[1:], {}))
    assert response.status_code in statuses
    if response.status_code == 401:
        assert "sign in" in response.get_data(as_text=True).lower()
    assert db.session.scalar(db.select(db.func.count(ModerationAction.id))) == 0


def test_an_unknown_report_is_not_found(client, auth):
    auth.login(make_user(role="moderator"))
    assert client.get("/moderation/contact-reports/999").status_code == 404
    assert auth.post("/moderation/contact-reports/999/close", ACTIONS["close"]).status_code == 404


def test_moderators_cannot_act_on_an_admin_sender(client, auth):
    report = reported(auth, sender=make_user(role="admin"))
    auth.login(make_user(role="moderator"))
    assert auth.post(f"/moderation/contact-reports/{report.id}/silence", ACTIONS["silence"]).status_code == 403
    assert "on an admin" in client.get(f"/moderation/contact-reports/{report.id}").get_data(as_text=True)


def test_a_report_and_its_outcome_survive_the_senders_deletion(client, auth):
    sender = make_user(name="Pushy Pete")
    report = reported(auth, sender)
    moderator = make_user(role="moderator")
    auth.login(moderator)
    auth.post(f"/moderation/contact-reports/{report.id}/close", ACTIONS["close"])
    auth.logout()
    auth.login(sender)
    assert auth.post("/account/data/delete", {"posts": "delete", "password": DEFAULT_PASSWORD}).status_code == 303
    db.session.expire_all()
    kept = db.session.get(ContactRequestReport, report.id)
    assert kept is not None and kept.sender_id is None and kept.request_id is None
    assert kept.message == "Buy my AI marking product now" and kept.closing_note == "Warned; nothing more needed."
    auth.login(moderator)
    page = client.get(f"/moderation/contact-reports/{report.id}").get_data(as_text=True)
    assert "A deleted account" in page and "Pushy Pete" not in page and "Buy my AI marking product now" in page
    assert "Warned; nothing more needed." in page and "Report closed" in page
    assert "A deleted account" in client.get("/moderation/contact-reports").get_data(as_text=True)
    gone = auth.post(f"/moderation/contact-reports/{report.id}/warn", ACTIONS["warn"])
    assert gone.status_code == 303 and "deleted their account" in client.get(
        f"/moderation/contact-reports/{report.id}").get_data(as_text=True)
