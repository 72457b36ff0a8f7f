from portal.auth.models import User
from portal.extensions import db
from tests.factories import make_school, make_trust, make_user


def test_signed_out_visitor_is_sent_to_sign_in_from_profile_edit(client):
    response = client.get("/account/profile")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_member_can_edit_their_profile(client, auth):
    trust = make_trust("Oak Hill Schools Partnership")
    school = make_school("Oak Hill Academy", trust=trust, region="west-midlands", phase_ids=("secondary",))
    user = make_user(name="Sam Patel")
    auth.login(user)
    form = client.get("/account/profile").get_data(as_text=True)
    assert 'value="Sam Patel"' in form
    response = auth.post("/account/profile", {"name": "Sam Patel-Jones", "job_title": "Head of Computing",
                                              "trust": "", "school": str(school.id),
                                              "phases": ["secondary", "sixth-form"], "region": "west-midlands"})
    assert response.status_code == 303
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.name == "Sam Patel-Jones" and user.job_title == "Head of Computing"
    assert user.school_id == school.id and user.trust_id == trust.id
    assert [p.id for p in user.phases] == ["secondary", "sixth-form"]


def test_invalid_profile_edit_changes_nothing_and_keeps_input(client, auth):
    user = make_user(name="Sam Patel")
    auth.login(user)
    response = auth.post("/account/profile", {"name": "", "job_title": "Typed job title", "trust": "",
                                              "school": "", "phases": ["primary"], "region": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter your name." in page and 'value="Typed job title"' in page
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Sam Patel"


def test_profile_edit_cannot_change_role_or_email(client, auth):
    user = make_user(email="sam@school.example")
    auth.login(user)
    auth.post("/account/profile", {"name": "Sam", "trust": "", "school": "", "phases": ["primary"],
                                   "region": "london", "role": "admin", "email": "boss@school.example"})
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.role == "member" and user.email == "sam@school.example"
