"""Asking to talk: the rules on who may ask whom, how often, and what each side then sees."""
import pytest

from portal.directory.models import ContactRequest, ContactRequestReport
from portal.extensions import db
from portal.notifications.models import Notification
from tests.factories import make_block, make_contact_request, make_listed_member, make_user


def send(auth, recipient, message="I lead on AI in a small primary trust too. Could we talk?", **kwargs):
    return auth.post(f"/directory/{recipient.id}/contact", {"message": message}, **kwargs)


def requests_count():
    return db.session.scalar(db.select(db.func.count(ContactRequest.id)))


def test_member_sends_a_request_and_the_recipient_is_notified(client, auth):
    sender = make_user(name="Sam Patel")
    recipient = make_listed_member(name="Rachel Green")
    auth.login(sender)
    response = send(auth, recipient)
    assert response.status_code == 303
    request = db.session.scalar(db.select(ContactRequest))
    assert (request.sender_id, request.recipient_id, request.status) == (sender.id, recipient.id, "pending")
    assert response.headers["Location"].endswith(f"/contact-requests/{request.id}")
    note = db.session.scalar(db.select(Notification).where(Notification.user_id == recipient.id))
    assert note.kind == "contact_request" and note.link == f"/contact-requests/{request.id}"
    assert "Sam Patel" in note.message


def test_htmx_send_answers_with_the_contact_panel(client, auth):
    auth.login(make_user())
    recipient = make_listed_member()
    response = send(auth, recipient, headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert 'id="contact-panel"' in page and "Your request has been sent" in page


def test_empty_or_long_message_is_refused_with_422(client, auth):
    auth.login(make_user())
    recipient = make_listed_member()
    empty = send(auth, recipient, message="  ")
    assert empty.status_code == 422 and "Say briefly why you would like to talk." in empty.get_data(as_text=True)
    long = send(auth, recipient, message="x" * 501, headers={"HX-Request": "true"})
    page = long.get_data(as_text=True)
    assert long.status_code == 422 and "<html" not in page and "500 characters or fewer" in page
    assert requests_count() == 0


def test_cannot_request_yourself(client, auth):
    me = make_listed_member()
    auth.login(me)
    response = send(auth, me)
    assert response.status_code == 400 and "to yourself" in response.get_data(as_text=True)
    assert requests_count() == 0


def test_cannot_request_unlisted_or_closed_members(client, auth):
    auth.login(make_user())
    closed = make_listed_member(open_to_contact=False)
    unlisted = make_listed_member(listed=False)
    response = send(auth, closed)
    assert response.status_code == 422 and "not taking contact requests" in response.get_data(as_text=True)
    assert send(auth, unlisted).status_code == 404
    assert requests_count() == 0


def test_profile_page_says_when_a_member_is_not_taking_requests(client, auth):
    auth.login(make_user())
    closed = make_listed_member(open_to_contact=False)
    page = client.get(f"/directory/{closed.id}").get_data(as_text=True)
    assert "not taking contact requests" in page and "Send contact request" not in page


def test_only_one_open_request_per_pair_in_either_direction(client, auth):
    a = make_listed_member()
    b = make_listed_member()
    make_contact_request(b, a)
    auth.login(a)
    response = send(auth, b)
    assert response.status_code == 422 and "open contact request between you" in response.get_data(as_text=True)
    assert requests_count() == 1


def test_the_database_refuses_a_second_open_request_for_a_pair():
    from sqlalchemy.exc import IntegrityError
    a, b = make_user(), make_user()
    make_contact_request(a, b)
    with pytest.raises(IntegrityError):
        make_contact_request(b, a)
    db.session.rollback()


def test_a_declined_pair_may_ask_again_but_an_accepted_pair_is_already_in_touch(client, auth):
    a = make_listed_member()
    b = make_listed_member()
    make_contact_request(a, b, status="declined")
    auth.login(a)
    assert send(auth, b).status_code == 303
    db.session.execute(db.update(ContactRequest).values(status="accepted"))
    db.session.commit()
    response = send(auth, b)
    assert response.status_code == 422 and "You are in touch" in response.get_data(as_text=True)


def test_daily_cap_is_counted_from_the_database(app, client, auth):
    sender = make_user()
    for _ in range(app.config["CONTACT_REQUEST_DAILY_CAP"]):
        make_contact_request(sender, make_listed_member(), status="declined")
    auth.login(sender)
    response = send(auth, make_listed_member())
    assert response.status_code == 422 and "as many contact requests as you can today" in response.get_data(as_text=True)


def test_endpoint_is_rate_limited(app, client, auth, monkeypatch):
    monkeypatch.setitem(app.config, "CONTACT_REQUEST_RATE_LIMIT", "2 per hour")
    auth.login(make_user())
    recipient = make_listed_member()
    statuses = [send(auth, recipient, message="").status_code for _ in range(3)]
    assert statuses == [422, 422, 429]


def test_unverified_or_silenced_members_cannot_send(client, auth):
    from portal.timestamps import utcnow
    recipient = make_listed_member()
    for sender in (make_user(verified=False), make_user(silenced_at=utcnow())):
        auth.login(sender)
        response = send(auth, recipient)
        assert response.status_code == 422 and "cannot send contact requests" in response.get_data(as_text=True)
        auth.logout()
    assert requests_count() == 0


def test_recipient_accepts_and_the_sender_is_notified(client, auth):
    sender = make_user()
    recipient = make_listed_member(name="Rachel Green")
    request = make_contact_request(sender, recipient)
    auth.login(recipient)
    response = auth.post(f"/contact-requests/{request.id}/accept")
    assert response.status_code == 303
    db.session.refresh(request)
    assert request.status == "accepted" and request.responded_at is not None
    note = db.session.scalar(db.select(Notification).where(Notification.user_id == sender.id))
    assert note.kind == "contact_accepted" and "Rachel Green accepted" in note.message
    assert note.link == f"/contact-requests/{request.id}"


def test_declined_request_shows_the_sender_only_not_accepted(client, auth):
    sender = make_user()
    recipient = make_listed_member()
    request = make_contact_request(sender, recipient)
    auth.login(recipient)
    assert auth.post(f"/contact-requests/{request.id}/decline").status_code == 303
    auth.logout()
    auth.login(sender)
    for path in (f"/contact-requests/{request.id}", "/contact-requests?box=sent"):
        page = client.get(path).get_data(as_text=True)
        assert "Not accepted" in page and "Declined" not in page
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(Notification.user_id == sender.id)) == 0


def test_only_the_recipient_can_answer_and_only_once(client, auth):
    sender = make_user()
    recipient = make_listed_member()
    request = make_contact_request(sender, recipient)
    auth.login(sender)
    assert auth.post(f"/contact-requests/{request.id}/accept").status_code == 400
    auth.logout()
    auth.login(recipient)
    assert auth.post(f"/contact-requests/{request.id}/decline").status_code == 303
    assert auth.post(f"/contact-requests/{request.id}/accept").status_code == 400
    db.session.refresh(request)
    assert request.status == "declined"


def test_third_parties_cannot_see_or_answer_a_request(client, auth):
    request = make_contact_request(make_user(), make_listed_member())
    auth.login(make_user())
    assert client.get(f"/contact-requests/{request.id}").status_code == 404
    assert auth.post(f"/contact-requests/{request.id}/accept").status_code == 404
    assert auth.post(f"/contact-requests/{request.id}/report", {"reason": "x"}).status_code == 404
    assert client.get("/contact-requests/99999").status_code == 404


def test_inbox_lists_received_and_sent_requests(client, auth):
    me = make_listed_member()
    make_contact_request(make_user(name="Incoming Ian"), me)
    make_contact_request(me, make_listed_member(name="Outgoing Olive"))
    auth.login(me)
    received = client.get("/contact-requests").get_data(as_text=True)
    assert "Incoming Ian" in received and "Outgoing Olive" not in received
    sent = client.get("/contact-requests?box=sent", headers={"HX-Request": "true"})
    page = sent.get_data(as_text=True)
    assert "<html" not in page and 'id="inbox-list"' in page and "Outgoing Olive" in page
    assert client.get("/contact-requests?box=spam").status_code == 404


def test_inbox_runs_the_same_number_of_queries_for_3_and_30_requests(client, auth, count_queries):
    me = make_listed_member()
    auth.login(me)

    def add(n):
        for _ in range(n):
            make_contact_request(make_user(), me)

    def count():
        with count_queries() as statements:
            client.get("/contact-requests")
        return len(statements)
    add(3)
    small = count()
    add(27)
    assert count() == small


def test_recipient_reports_a_request_and_moderators_see_it(client, auth):
    sender = make_user(name="Pushy Pete")
    recipient = make_listed_member()
    request = make_contact_request(sender, recipient, message="Buy my AI marking product now")
    auth.login(recipient)
    empty = auth.post(f"/contact-requests/{request.id}/report", {"reason": ""})
    assert empty.status_code == 422
    assert auth.post(f"/contact-requests/{request.id}/report", {"reason": "Selling, not talking"}).status_code == 303
    report = db.session.scalar(db.select(ContactRequestReport))
    assert report.reporter_id == recipient.id and report.reason == "Selling, not talking"
    assert client.get("/moderation/contact-reports").status_code == 403
    auth.logout()
    auth.login(make_user(role="moderator"))
    page = client.get("/moderation/contact-reports").get_data(as_text=True)
    assert "Pushy Pete" in page and "Buy my AI marking product now" in page and "Selling, not talking" in page
    assert sender.email not in page and recipient.email not in page


def test_the_sender_cannot_report_their_own_request(client, auth):
    sender = make_user()
    request = make_contact_request(sender, make_listed_member())
    auth.login(sender)
    assert auth.post(f"/contact-requests/{request.id}/report", {"reason": "x"}).status_code == 404


def test_moderator_report_list_needs_sign_in(client):
    assert client.get("/moderation/contact-reports").status_code == 302


def test_cannot_request_across_a_block_in_either_direction(client, auth):
    me = make_listed_member()
    they_blocked_me = make_listed_member()
    make_block(they_blocked_me, me)
    auth.login(me)
    assert send(auth, they_blocked_me).status_code == 404  # their page is hidden from me
    assert requests_count() == 0
