from portal.auth.models import User
from portal.extensions import db
from tests.factories import make_user


def test_signed_out_visitor_is_sent_to_sign_in_from_admin_pages(client):
    response = client.get("/admin/users")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_htmx_request_when_signed_out_gets_401_with_a_redirect(client):
    response = client.get("/admin/users", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/sign-in")


def test_member_gets_403_on_admin_pages(client, auth):
    auth.login(make_user())
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "You do not have permission" in response.get_data(as_text=True)


def test_moderator_cannot_change_roles(client, auth):
    target = make_user(role="admin")
    auth.login(make_user(role="moderator"))
    assert client.get("/admin/users").status_code == 403
    assert auth.post(f"/admin/users/{target.id}/role", {"role": "member"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(User, target.id).role == "admin"


def test_admin_can_make_a_member_a_moderator(client, auth):
    member = make_user(name="Tom Okafor")
    auth.login(make_user(role="admin"))
    assert "Tom Okafor" in client.get("/admin/users").get_data(as_text=True)
    response = auth.post(f"/admin/users/{member.id}/role", {"role": "moderator"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(User, member.id).role == "moderator"


def test_the_last_admin_cannot_be_demoted(client, auth):
    admin = make_user(role="admin")
    auth.login(admin)
    auth.post(f"/admin/users/{admin.id}/role", {"role": "member"})
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == "admin"
    assert "at least one admin" in client.get("/admin/users").get_data(as_text=True)


def test_unknown_role_or_user_is_refused(client, auth):
    member = make_user()
    auth.login(make_user(role="admin"))
    assert auth.post(f"/admin/users/{member.id}/role", {"role": "superuser"}).status_code == 400
    assert auth.post("/admin/users/999999/role", {"role": "moderator"}).status_code == 404


def test_admin_search_filters_people_and_answers_htmx_with_a_fragment(client, auth):
    make_user(name="Rachel Green")
    make_user(name="Owen Price")
    auth.login(make_user(role="admin", name="Priya Shah"))
    fragment = client.get("/admin/users?q=rachel", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Rachel Green" in fragment and "Owen Price" not in fragment and "<html" not in fragment
    page = client.get("/admin/users?q=rachel").get_data(as_text=True)
    assert "<html" in page and "Rachel Green" in page


def test_create_admin_command_creates_and_promotes(runner):
    result = runner.invoke(args=["create-admin", "--email", "Head@School.example", "--name", "Head Teacher",
                                 "--password", "sunlit harbour morning"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(User).where(User.email == "head@school.example")).role == "admin"
    member = make_user(email="deputy@school.example")
    result = runner.invoke(args=["create-admin", "--email", "deputy@school.example"])
    assert result.exit_code == 0
    db.session.expire_all()
    assert db.session.get(User, member.id).role == "admin"


def test_create_admin_refuses_a_weak_password(runner):
    result = runner.invoke(args=["create-admin", "--email", "a@school.example", "--name", "A", "--password", "password"])
    assert result.exit_code != 0 and "too common" in result.output
