"""One-click unsubscribe works without signing in, and only with a good signed link."""
from portal import tokens
from portal.extensions import db
from portal.mail import services
from portal.notifications.services import notify
from tests.factories import make_user, outbox_rows


def _unsubscribe_path(user, kind="post_approved"):
    notify(user, kind, "Your post was approved")
    db.session.commit()
    header = outbox_rows()[-1].headers["List-Unsubscribe"]
    return header.strip("<>").removeprefix("http://127.0.0.1:5000")


def test_get_shows_a_confirm_page_and_changes_nothing(client):
    user = make_user()
    response = client.get(_unsubscribe_path(user))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "a moderator approves your post" in page and 'method="post"' in page
    assert services.delivery_for(user, "post_approved") == "immediately"


def test_one_click_post_turns_off_that_kind_without_sign_in_or_csrf_token(client):
    user = make_user()
    response = client.post(_unsubscribe_path(user), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You have unsubscribed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert services.delivery_for(user, "post_approved") == "off"
    assert services.delivery_for(user, "contact_request") == "immediately"  # only that kind
    notify(user, "post_approved", "Another approval")
    db.session.commit()
    assert len(outbox_rows()) == 1


def test_bad_or_misdirected_tokens_are_refused(client, app):
    user = make_user()
    with app.test_request_context():
        other_purpose = tokens.make_token(tokens.VERIFY_EMAIL, [user.id, "post_approved"])
        unknown_kind = tokens.make_token(tokens.UNSUBSCRIBE, [user.id, "everything"])
        unknown_user = tokens.make_token(tokens.UNSUBSCRIBE, [99999, "post_approved"])
    for token in ("garbage", other_purpose, unknown_kind, unknown_user, _unsubscribe_path(user).split("/")[-1] + "x"):
        assert client.get(f"/unsubscribe/{token}").status_code == 400
        assert client.post(f"/unsubscribe/{token}").status_code == 400
    db.session.expire_all()
    assert services.delivery_for(user, "post_approved") == "immediately"


def test_unsubscribing_from_the_daily_digest_turns_off_every_digest_kind(client, app):
    user = make_user()
    with app.test_request_context():
        token = tokens.make_token(tokens.UNSUBSCRIBE, [user.id, services.DAILY])
    client.post(f"/unsubscribe/{token}")
    db.session.expire_all()
    prefs = services.preferences_for(user)
    assert prefs["comment"] == prefs["replication"] == "off"
    assert prefs["post_approved"] == "immediately" and prefs[services.WEEKLY] == "digest"


def test_unsubscribing_from_the_weekly_digest(client, app):
    user = make_user()
    with app.test_request_context():
        token = tokens.make_token(tokens.UNSUBSCRIBE, [user.id, services.WEEKLY])
    client.post(f"/unsubscribe/{token}")
    db.session.expire_all()
    assert services.delivery_for(user, services.WEEKLY) == "off"
