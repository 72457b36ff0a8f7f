"""Blocking: no requests either way, hidden from each other, and a list to unblock from."""
from portal.directory.models import ContactBlock, ContactRequest
from portal.extensions import db
from tests.factories import make_contact_request, make_listed_member, make_user


def blocks():
    return db.session.scalars(db.select(ContactBlock)).all()


def test_member_blocks_from_a_profile_and_both_are_hidden_from_each_other(client, auth):
    me = make_listed_member(name="Me Myself")
    pest = make_listed_member(name="Pesky Pat")
    auth.login(me)
    response = auth.post(f"/directory/{pest.id}/block")
    assert response.status_code == 303 and response.headers["Location"].endswith("/account/blocked")
    assert "Pesky Pat" in client.get("/account/blocked").get_data(as_text=True)
    assert "Pesky Pat" not in client.get("/directory").get_data(as_text=True)
    assert client.get(f"/directory/{pest.id}").status_code == 404
    auth.logout()
    auth.login(pest)
    assert "Me Myself" not in client.get("/directory").get_data(as_text=True)
    assert "Me Myself" not in client.get("/directory/peers").get_data(as_text=True)
    assert client.get(f"/directory/{me.id}").status_code == 404
    assert auth.post(f"/directory/{me.id}/contact", {"message": "Hi again"}).status_code == 404


def test_blocking_from_a_request_closes_it(client, auth):
    sender = make_listed_member()
    me = make_listed_member()
    request = make_contact_request(sender, me)
    auth.login(me)
    assert auth.post(f"/contact-requests/{request.id}/block").status_code == 303
    db.session.refresh(request)
    assert request.status == "declined"
    assert [(b.blocker_id, b.blocked_id) for b in blocks()] == [(me.id, sender.id)]
    auth.logout()
    auth.login(sender)
    page = client.get(f"/contact-requests/{request.id}").get_data(as_text=True)
    assert "Not accepted" in page and "blocked" not in page.lower()


def test_blocking_twice_keeps_one_row(client, auth):
    me, other = make_listed_member(), make_listed_member()
    auth.login(me)
    auth.post(f"/directory/{other.id}/block")
    request = make_contact_request(me, other, status="declined")
    auth.post(f"/contact-requests/{request.id}/block")
    assert len(blocks()) == 1


def test_member_unblocks_from_the_blocked_members_list(client, auth):
    me = make_listed_member()
    other = make_listed_member(name="Forgiven Fay")
    auth.login(me)
    auth.post(f"/directory/{other.id}/block")
    page = client.get("/account/blocked").get_data(as_text=True)
    assert "Forgiven Fay" in page and other.email not in page
    assert auth.post(f"/account/blocked/{other.id}/unblock").status_code == 303
    assert blocks() == []
    assert client.get(f"/directory/{other.id}").status_code == 200


def test_unblocking_someone_elses_block_does_nothing(client, auth):
    a, b = make_listed_member(), make_listed_member()
    auth.login(a)
    auth.post(f"/directory/{b.id}/block")
    auth.logout()
    auth.login(make_user())
    auth.post(f"/account/blocked/{b.id}/unblock")
    assert len(blocks()) == 1


def test_cannot_block_unlisted_members_or_yourself_from_the_directory(client, auth):
    me = make_listed_member()
    hidden = make_listed_member(listed=False)
    auth.login(me)
    assert auth.post(f"/directory/{hidden.id}/block").status_code == 404
    assert auth.post(f"/directory/{me.id}/block").status_code == 400
    assert blocks() == []
    assert db.session.scalar(db.select(db.func.count(ContactRequest.id))) == 0


def test_a_block_after_acceptance_hides_the_emails_again(client, auth):
    me = make_listed_member(email="me.private@school.example")
    other = make_listed_member(email="other.private@school.example")
    request = make_contact_request(me, other, status="accepted")
    auth.login(other)
    assert "me.private@school.example" in client.get(f"/contact-requests/{request.id}").get_data(as_text=True)
    auth.post(f"/contact-requests/{request.id}/block")
    auth.logout()
    auth.login(me)
    page = client.get(f"/contact-requests/{request.id}").get_data(as_text=True)
    assert "other.private@school.example" not in page and "Accepted" in page
