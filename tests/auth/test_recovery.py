"""Confirming addresses, resetting forgotten passwords and changing addresses, by e-mailed links."""
import re
import time

import itsdangerous.timed
import pytest

from portal import tokens
from portal.auth.models import User
from portal.extensions import db
from tests.auth.test_registration import registration
from tests.conftest import csrf_token_from
from tests.factories import DEFAULT_PASSWORD, make_user, outbox_rows
from tests.mail.conftest import links_in


def link_from_last_email(prefix, to=None):
    rows = outbox_rows(to_address=to) if to else outbox_rows()
    return next(link for link in links_in(rows[-1].text_body) if link.startswith(prefix))


def in_the_future(monkeypatch, seconds):
    """Make every signed token look `seconds` older than it is."""
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: int(time.time()) + seconds)


def reload(user):
    db.session.expire_all()
    return db.session.get(User, user.id)


# Verification

def test_registration_sends_a_link_that_confirms_the_address(client):
    registration(client)
    [row] = outbox_rows()
    assert row.to_address == "amira.hassan@school.example" and row.category == "account"
    assert "List-Unsubscribe" not in row.headers  # account e-mail is transactional
    assert "Practice Exchange" in row.text_body
    page = client.get(link_from_last_email("/verify-email/"))
    assert page.status_code == 200 and "Your e-mail address is confirmed" in page.get_data(as_text=True)
    user = db.session.scalar(db.select(User))
    assert user.is_verified and user.can_contribute


def test_a_verification_link_works_only_once(client):
    registration(client)
    link = link_from_last_email("/verify-email/")
    assert client.get(link).status_code == 200
    assert client.get(link).status_code == 400


def test_an_expired_verification_link_is_refused(client, monkeypatch):
    registration(client)
    link = link_from_last_email("/verify-email/")
    in_the_future(monkeypatch, tokens.MAX_AGE[tokens.VERIFY_EMAIL] + 1)
    assert client.get(link).status_code == 400
    assert not db.session.scalar(db.select(User)).is_verified


def test_a_tampered_verification_link_is_refused(client):
    registration(client)
    link = link_from_last_email("/verify-email/")
    assert client.get(link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")).status_code == 400
    assert client.get("/verify-email/not-a-token").status_code == 400


def test_a_token_for_another_purpose_does_not_verify(client, app):
    user = make_user(verified=False)
    with app.test_request_context():
        reset_token = tokens.make_token(tokens.RESET_PASSWORD, {"uid": user.id, "email": user.email})
    response = client.get(f"/verify-email/{reset_token}")
    assert response.status_code == 400 and "That link does not work" in response.get_data(as_text=True)
    assert not reload(user).is_verified


def test_unverified_member_can_sign_in_and_read_but_sees_the_banner(client, auth):
    user = make_user(verified=False)
    assert not user.can_contribute
    response = auth.login(user)
    assert response.status_code == 302
    for path in ("/", "/practice", "/account"):
        page = client.get(path)
        assert page.status_code == 200
        assert "Confirm your e-mail address to post." in page.get_data(as_text=True)
        assert "Resend the link" in page.get_data(as_text=True)


def test_verified_member_sees_no_banner(client, auth):
    auth.login(make_user())
    assert "Confirm your e-mail address to post." not in client.get("/").get_data(as_text=True)


def test_resending_the_link_is_rate_limited(client, auth):
    user = make_user(verified=False)
    auth.login(user)
    statuses = [auth.post("/account/verify/resend").status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert len(outbox_rows(to_address=user.email)) == 3


def test_resending_needs_a_signed_in_member(client):
    token = csrf_token_from(client, "/")
    response = client.post("/account/verify/resend", data={"csrf_token": token})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


# No enumeration

def _scrub(html):
    return re.sub(r'(name="csrf_token" type="hidden" value|name="csrf-token" content)="[^"]+"', "", html)


def test_forgot_password_answers_the_same_for_known_and_unknown_addresses(client):
    make_user(email="known@school.example")
    known = client.post("/forgot-password", data={"email": "known@school.example",
                                                  "csrf_token": csrf_token_from(client, "/forgot-password")})
    unknown = client.post("/forgot-password", data={"email": "nobody@school.example",
                                                    "csrf_token": csrf_token_from(client, "/forgot-password")})
    assert known.status_code == unknown.status_code == 200
    assert _scrub(known.get_data(as_text=True)) == _scrub(unknown.get_data(as_text=True))
    assert [row.to_address for row in outbox_rows()] == ["known@school.example"]


def test_registration_answers_the_same_for_a_new_and_a_taken_address(client):
    owner = make_user(email="taken@school.example", name="Owner Person")
    taken = registration(client, email="Taken@School.example")
    fresh = registration(client, email="fresh@school.example")
    assert (taken.status_code, taken.headers["Location"]) == (fresh.status_code, fresh.headers["Location"])
    assert db.session.scalar(db.select(db.func.count(User.id))) == 2
    [warning] = outbox_rows(to_address=owner.email)
    assert "Someone tried to create an account" in warning.subject
    assert "/forgot-password" in warning.text_body and "/verify-email/" not in warning.text_body
    assert reload(owner).password_hash != db.session.scalar(
        db.select(User).where(User.email == "fresh@school.example")).password_hash


# Password reset

def _ask_for_reset(client, email):
    client.post("/forgot-password", data={"email": email, "csrf_token": csrf_token_from(client, "/forgot-password")})
    return link_from_last_email("/reset-password/", to=email)


def _reset(client, link, password="new lantern orchard kettle"):
    return client.post(link, data={"new_password": password, "confirm_password": password,
                                   "csrf_token": csrf_token_from(client, link)})


def test_reset_link_sets_a_new_password_and_ends_every_session(app, client, auth):
    user = make_user(email="reset@school.example")
    other_device = app.test_client()
    from tests.conftest import AuthActions
    AuthActions(other_device).login(user)
    assert other_device.get("/account").status_code == 200
    link = _ask_for_reset(client, user.email)
    response = _reset(client, link)
    assert response.status_code == 303 and response.headers["Location"] == "/sign-in"
    assert other_device.get("/account").status_code == 302  # signed out there too
    assert auth.login(user).status_code == 422  # the old password no longer works
    assert auth.login(user, "new lantern orchard kettle").status_code == 302


def test_a_reset_link_works_only_once(client):
    user = make_user()
    link = _ask_for_reset(client, user.email)
    assert _reset(client, link).status_code == 303
    assert client.get(link).status_code == 400
    assert _reset(client, link, "another fresh passphrase").status_code == 400


def test_a_reset_link_expires_after_an_hour(client, monkeypatch):
    user = make_user()
    link = _ask_for_reset(client, user.email)
    in_the_future(monkeypatch, 3601)
    assert client.get(link).status_code == 400


def test_a_tampered_or_misdirected_reset_link_is_refused(client, app):
    user = make_user()
    link = _ask_for_reset(client, user.email)
    assert client.get(link + "x").status_code == 400
    with app.test_request_context():
        verify_token = tokens.make_token(tokens.VERIFY_EMAIL, {"uid": user.id, "fp": "whatever"})
    assert client.get(f"/reset-password/{verify_token}").status_code == 400


def test_a_weak_new_password_is_refused_with_the_form_kept(client):
    user = make_user()
    link = _ask_for_reset(client, user.email)
    response = _reset(client, link, "short")
    assert response.status_code == 422 and "at least 8 characters" in response.get_data(as_text=True)


def test_forgot_password_is_rate_limited(client):
    for _ in range(5):
        client.post("/forgot-password", data={"email": "a@b.example", "csrf_token": csrf_token_from(client, "/forgot-password")})
    response = client.post("/forgot-password", data={"email": "a@b.example",
                                                     "csrf_token": csrf_token_from(client, "/forgot-password")})
    assert response.status_code == 429


# Change of e-mail

def test_changing_the_address_is_confirmed_at_the_new_one_and_announced_at_the_old(client, auth):
    user = make_user(email="old@school.example")
    auth.login(user)
    response = auth.post("/account/email", {"new_email": "New@School.example", "current_password": DEFAULT_PASSWORD})
    assert response.status_code == 303
    assert reload(user).email == "old@school.example"  # nothing changes until the link is opened
    link = link_from_last_email("/account/email/confirm/", to="new@school.example")
    assert client.get(link).status_code == 200
    assert reload(user).email == "new@school.example"
    [notice] = outbox_rows(to_address="old@school.example")
    assert "was changed" in notice.subject and "new@school.example" not in notice.text_body
    assert client.get(link).status_code == 400  # used


def test_changing_the_address_needs_the_password(client, auth):
    user = make_user()
    auth.login(user)
    response = auth.post("/account/email", {"new_email": "new@school.example", "current_password": "wrong one"})
    assert response.status_code == 422 and "Your password is not right." in response.get_data(as_text=True)
    assert outbox_rows() == []


def test_changing_to_an_address_in_use_is_refused_when_confirmed(client, auth):
    make_user(email="taken@school.example")
    user = make_user(email="mine@school.example")
    auth.login(user)
    auth.post("/account/email", {"new_email": "taken@school.example", "current_password": DEFAULT_PASSWORD})
    response = client.get(link_from_last_email("/account/email/confirm/", to="taken@school.example"))
    assert response.status_code == 409
    assert reload(user).email == "mine@school.example"


@pytest.mark.parametrize("path", ["/account/email"])
def test_account_pages_need_sign_in(client, path):
    assert client.get(path).status_code == 302
