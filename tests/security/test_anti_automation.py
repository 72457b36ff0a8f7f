"""Rate limits keyed the right way: per account for guessing passwords, per member for member actions."""
from tests.conftest import AuthActions
from tests.factories import make_post, make_user


def test_guessing_one_accounts_password_from_many_addresses_is_limited(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "3 per hour")
    target = make_user(email="target@school.example")
    statuses = []
    for n in range(4):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
        statuses.append(AuthActions(client).login(target, password="a wrong guess at it").status_code)
    assert statuses == [422, 422, 422, 429]


def test_the_per_account_limit_answers_the_same_for_unknown_addresses(app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", "1 per hour")
    client = app.test_client()
    statuses = [AuthActions(client).login("nobody@school.example", password="wrong guess").status_code
                for _ in range(2)]
    assert statuses == [422, 429]


def test_colleagues_sharing_a_school_address_each_have_their_own_flag_allowance(app, monkeypatch):
    monkeypatch.setitem(app.config, "FLAG_RATE_LIMIT", "1 per hour")
    first, second = AuthActions(app.test_client()), AuthActions(app.test_client())
    first.login(make_user())
    second.login(make_user())
    assert first.post(f"/flag/post/{make_post().id}", {"reason": "spam"}).status_code == 303
    assert second.post(f"/flag/post/{make_post().id}", {"reason": "spam"}).status_code == 303
    assert first.post(f"/flag/post/{make_post().id}", {"reason": "spam"}).status_code == 429


def test_a_rate_limited_htmx_request_gets_a_fragment(app, monkeypatch):
    monkeypatch.setitem(app.config, "FLAG_RATE_LIMIT", "1 per hour")
    member = AuthActions(app.test_client())
    member.login(make_user())
    member.post(f"/flag/post/{make_post().id}", {"reason": "spam"})
    response = member.post(f"/flag/post/{make_post().id}", {"reason": "spam"}, headers={"HX-Request": "true"})
    assert response.status_code == 429
    assert "<html" not in response.get_data(as_text=True) and "too many times" in response.get_data(as_text=True)


NEW_PASSWORD = "a brand new passphrase here"


def _wrong_password_attempts(actions, path, form, count):
    return [actions.post(path, form).status_code for _ in range(count)]


def test_guessing_the_current_password_from_a_signed_in_session_is_limited(app, monkeypatch):
    monkeypatch.setitem(app.config, "REAUTHENTICATION_RATE_LIMIT", "2 per hour")
    actions = AuthActions(app.test_client())
    actions.login(make_user())
    form = {"current_password": "not my password", "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    assert _wrong_password_attempts(actions, "/account/password", form, 3) == [422, 422, 429]


def test_guessing_the_password_on_the_delete_account_form_is_limited(app, monkeypatch):
    monkeypatch.setitem(app.config, "REAUTHENTICATION_RATE_LIMIT", "2 per hour")
    actions = AuthActions(app.test_client())
    actions.login(make_user())
    form = {"posts": "anonymise", "password": "not my password"}
    assert _wrong_password_attempts(actions, "/account/data/delete", form, 3) == [422, 422, 429]


def test_reset_emails_to_one_address_are_limited_whatever_the_sender_address(app, monkeypatch):
    from tests.factories import outbox_rows
    monkeypatch.setitem(app.config, "FORGOT_PASSWORD_ADDRESS_RATE_LIMIT", "2 per hour")
    victim = make_user(email="victim@school.example")
    statuses = []
    for n in range(3):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"203.0.113.{n + 1}"
        statuses.append(AuthActions(client).post("/forgot-password", {"email": "Victim@school.example"}).status_code)
    assert statuses == [200, 200, 429]
    assert len(outbox_rows(to_address=victim.email)) == 2
