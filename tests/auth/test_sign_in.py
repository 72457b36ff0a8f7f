import pytest

from portal.auth.models import User
from portal.extensions import db
from tests.conftest import csrf_token_from
from tests.factories import make_user


def test_member_can_sign_in_and_out(client, auth):
    user = make_user(name="Grace Liu")
    response = auth.login(user)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Grace Liu" in client.get("/account").get_data(as_text=True)
    response = auth.logout()
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/account").status_code == 302


def test_email_is_matched_case_insensitively(client, auth):
    make_user(email="grace@school.example")
    assert auth.login("  Grace@School.EXAMPLE ").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(client, auth):
    make_user(email="known@school.example")
    wrong = auth.login("known@school.example", password="not the password at all")
    unknown = auth.login("nobody@school.example", password="not the password at all")
    assert wrong.status_code == unknown.status_code == 422
    message = "The email address or password is not right."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)

    def strip_token(html):
        import re
        html = html.replace("known@school.example", "EMAIL").replace("nobody@school.example", "EMAIL")
        return re.sub(r'(csrf[-_]token"? [^>]*value|content)="[^"]+"', "", html)
    assert strip_token(wrong.get_data(as_text=True)) == strip_token(unknown.get_data(as_text=True))


def test_sign_in_is_rate_limited(client, auth):
    make_user(email="known@school.example")
    statuses = [auth.login("known@school.example", password="wrong password here").status_code for _ in range(11)]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    response = auth.login("known@school.example", password="wrong password here")
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert "Wait" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "javascript:alert(1)", "http:/evil.example", " //evil.example"])
def test_next_parameter_never_redirects_off_site(client, target):
    user = make_user()
    data = {"email": user.email, "password": "correct horse battery staple",
            "csrf_token": csrf_token_from(client, "/sign-in")}
    response = client.post("/sign-in", query_string={"next": target}, data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_parameter_returns_to_a_page_on_the_portal(client):
    user = make_user()
    assert client.get("/account/profile").headers["Location"] == "/sign-in?next=/account/profile"
    data = {"email": user.email, "password": "correct horse battery staple",
            "csrf_token": csrf_token_from(client, "/sign-in")}
    response = client.post("/sign-in?next=/account/profile", data=data)
    assert response.headers["Location"] == "/account/profile"


def test_session_cookie_replayed_after_sign_out_is_refused(app, client, auth):
    user = make_user()
    auth.login(user)
    stolen = client.get_cookie("session").value
    auth.logout()
    attacker = app.test_client()
    attacker.set_cookie("session", stolen)
    assert attacker.get("/account").status_code == 302


def test_remember_me_cookie_is_useless_after_sign_out(app, client, auth):
    user = make_user()
    auth.login(user, remember=True)
    remember = client.get_cookie("remember_token")
    assert remember is not None and remember.http_only
    other_device = app.test_client()
    other_device.set_cookie("remember_token", remember.value)
    assert other_device.get("/account").status_code == 200
    auth.logout()
    replay = app.test_client()
    replay.set_cookie("remember_token", remember.value)
    assert replay.get("/account").status_code == 302


def test_changing_password_signs_out_other_sessions_but_not_this_one(app, client, auth):
    user = make_user()
    other_device = app.test_client()
    from tests.conftest import AuthActions
    AuthActions(other_device).login(user)
    auth.login(user)
    response = auth.post("/account/password", {"current_password": "correct horse battery staple",
                                               "new_password": "granite meadow violin",
                                               "confirm_password": "granite meadow violin"})
    assert response.status_code == 303
    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302
    assert auth.logout().status_code == 303
    assert auth.login(user, password="granite meadow violin").status_code == 302


def test_changing_password_needs_the_current_one(client, auth):
    user = make_user()
    auth.login(user)
    response = auth.post("/account/password", {"current_password": "wrong guess entirely",
                                               "new_password": "granite meadow violin",
                                               "confirm_password": "granite meadow violin"})
    assert response.status_code == 422
    assert "Your current password is not right." in response.get_data(as_text=True)


def test_sign_in_starts_a_fresh_session(client, auth):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login(user)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_session_cookie_is_http_only_and_same_site(client, auth):
    auth.login(make_user())
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_signed_in_user_visiting_sign_in_is_sent_home(client, auth):
    auth.login(make_user())
    assert client.get("/sign-in").headers["Location"] == "/"


def test_sign_in_records_the_time(client, auth):
    user = make_user()
    auth.login(user)
    db.session.expire_all()
    assert db.session.get(User, user.id).last_sign_in_at is not None
