"""Emails never appear to another member before a contact request is accepted: every page is scanned."""
import pytest

from portal.extensions import db
from tests.factories import make_contact_request, make_listed_member, make_post

REQUESTER_EMAIL = "requester.private@riverside.example"
RECIPIENT_EMAIL = "recipient.private@pennine.example"
BYSTANDER_EMAIL = "bystander.private@oak.example"
SHARED = {"phase_ids": ("primary",), "region": "north-west",
          "profile": {"recommendation_ids": ["r17"], "happy_to_talk_about": "Marking with AI"}}


@pytest.fixture
def people():
    requester = make_listed_member(name="Rita Requester", email=REQUESTER_EMAIL, **SHARED)
    recipient = make_listed_member(name="Reece Recipient", email=RECIPIENT_EMAIL, **SHARED)
    bystander = make_listed_member(name="Bea Bystander", email=BYSTANDER_EMAIL, **SHARED)
    for person in (requester, recipient):
        make_post(author=person, title=f"A post by {person.name}")
    return requester, recipient, bystander


def pages_for(client, *members, request_id=None):
    """Every page and fragment a signed-in member can reach around these members, as text."""
    htmx = {"HX-Request": "true"}
    paths = ["/directory", "/directory?q=marking", "/directory?q=private", "/directory?phase=primary&priority=r:r17",
             "/directory/peers", "/contact-requests", "/contact-requests?box=sent", "/notifications",
             "/notifications/badge", "/account/data/export.json", "/schools/search?q=ri"]
    paths += [f"/directory/{m.id}" for m in members]
    if request_id:
        paths.append(f"/contact-requests/{request_id}")
    texts = {}
    for path in paths:
        texts[path] = client.get(path).get_data(as_text=True)
        texts[path + " (htmx)"] = client.get(path, headers=htmx).get_data(as_text=True)
    return texts


def assert_absent(texts, *emails):
    for where, text in texts.items():
        for email in emails:
            assert email not in text, f"{email} leaked on {where}"
            assert email.split("@")[0] not in text, f"{email} (local part) leaked on {where}"


def test_no_email_anywhere_before_acceptance(client, auth, people):
    requester, recipient, bystander = people
    auth.login(requester)
    sent = auth.post(f"/directory/{recipient.id}/contact", {"message": "Could we talk about marking?"},
                     headers={"HX-Request": "true"})
    assert sent.status_code == 200
    assert_absent({"send fragment": sent.get_data(as_text=True)}, RECIPIENT_EMAIL)
    request_id = db.session.scalar(db.text("select id from contact_requests"))
    assert_absent(pages_for(client, recipient, bystander, request_id=request_id), RECIPIENT_EMAIL, BYSTANDER_EMAIL)
    auth.logout()

    auth.login(recipient)
    assert_absent(pages_for(client, requester, bystander, request_id=request_id), REQUESTER_EMAIL, BYSTANDER_EMAIL)
    auth.logout()

    auth.login(bystander)
    assert_absent(pages_for(client, requester, recipient, request_id=request_id), REQUESTER_EMAIL, RECIPIENT_EMAIL)


def test_after_acceptance_only_the_two_see_the_emails_and_only_on_the_request_page(client, auth, people):
    requester, recipient, bystander = people
    request = make_contact_request(requester, recipient)
    auth.login(recipient)
    auth.post(f"/contact-requests/{request.id}/accept")
    request_page = client.get(f"/contact-requests/{request.id}").get_data(as_text=True)
    assert REQUESTER_EMAIL in request_page
    texts = pages_for(client, requester, bystander)
    texts.pop("/account/data/export.json")  # the export lists accepted contacts' emails, by design
    texts.pop("/account/data/export.json (htmx)")
    assert_absent(texts, REQUESTER_EMAIL, BYSTANDER_EMAIL)
    auth.logout()

    auth.login(requester)
    assert RECIPIENT_EMAIL in client.get(f"/contact-requests/{request.id}").get_data(as_text=True)
    notifications = client.get("/notifications").get_data(as_text=True)
    assert "accepted your contact request" in notifications and RECIPIENT_EMAIL not in notifications
    auth.logout()

    auth.login(bystander)
    assert_absent(pages_for(client, requester, recipient, request_id=request.id), REQUESTER_EMAIL, RECIPIENT_EMAIL)


def test_declined_request_never_reveals_emails(client, auth, people):
    requester, recipient, _ = people
    request = make_contact_request(requester, recipient, status="declined")
    auth.login(requester)
    assert_absent(pages_for(client, recipient, request_id=request.id), RECIPIENT_EMAIL)
    auth.logout()
    auth.login(recipient)
    assert_absent(pages_for(client, requester, request_id=request.id), REQUESTER_EMAIL)


def test_signed_out_visitors_reach_nothing_with_an_email(client, people):
    texts = {path: client.get(path).get_data(as_text=True)
             for path in ("/", "/directory", "/schools/search?q=ri", f"/directory/{people[0].id}")}
    assert_absent(texts, REQUESTER_EMAIL, RECIPIENT_EMAIL, BYSTANDER_EMAIL)


def test_notification_messages_never_carry_emails(client, auth, people):
    from portal.notifications.models import Notification
    requester, recipient, _ = people
    auth.login(requester)
    auth.post(f"/directory/{recipient.id}/contact", {"message": "Hello"})
    auth.logout()
    auth.login(recipient)
    request_id = db.session.scalar(db.text("select id from contact_requests"))
    auth.post(f"/contact-requests/{request_id}/accept")
    for note in db.session.scalars(db.select(Notification)):
        assert "@" not in note.message and "@" not in note.link
