"""The e-mail settings page: per kind, immediately, in the daily digest, or not by e-mail."""
from portal.extensions import db
from portal.mail import services
from portal.notifications.kinds import KINDS
from tests.factories import make_user


def _all(delivery="immediately", **overrides):
    data = {kind: delivery for kind in KINDS}
    data[services.WEEKLY] = "digest"
    data.update(overrides)
    return data


def test_settings_page_shows_the_defaults_from_kinds(client, auth):
    auth.login(make_user())
    page = client.get("/account/notifications").get_data(as_text=True)
    assert '<input checked class="radios__input" id="comment-1" name="comment" type="radio" value="digest">' in page
    assert 'id="post_approved-0" name="post_approved" type="radio" value="immediately">' in page
    assert '<input checked class="radios__input" id="post_approved-0"' in page
    for description, _ in KINDS.values():
        assert description.replace('"', "&#34;") in page or description in page


def test_member_saves_a_choice_per_kind(client, auth):
    user = make_user()
    auth.login(user)
    response = auth.post("/account/notifications", _all(comment="immediately", post_hidden="off",
                                                        weekly_digest="off"))
    assert response.status_code == 303
    db.session.expire_all()
    prefs = services.preferences_for(user)
    assert prefs["comment"] == "immediately" and prefs["post_hidden"] == "off" and prefs[services.WEEKLY] == "off"
    assert ('<input checked class="radios__input" id="post_hidden-2" name="post_hidden" type="radio" value="off">'
            in client.get("/account/notifications").get_data(as_text=True))


def test_an_unknown_choice_is_refused_with_422(client, auth):
    user = make_user()
    auth.login(user)
    response = auth.post("/account/notifications", _all(comment="hourly"))
    assert response.status_code == 422 and "There is a problem" in response.get_data(as_text=True)
    db.session.expire_all()
    assert services.delivery_for(user, "comment") == "digest"


def test_settings_need_sign_in(client):
    assert client.get("/account/notifications").status_code == 302
