from portal.auth.models import User
from portal.extensions import db
from portal.orgs.models import School, Trust
from tests.conftest import csrf_token_from
from tests.factories import make_school, make_trust, make_user


def registration(client, **overrides):
    data = {"name": "Amira Hassan", "email": "Amira.Hassan@School.example", "job_title": "Year 4 teacher",
            "trust": "", "school": "", "phases": ["primary"], "region": "north-west",
            "password": "kettle orchard lantern", "confirm_password": "kettle orchard lantern",
            "new_trust_size": "2-5", "csrf_token": csrf_token_from(client, "/register")}
    data.update(overrides)
    return client.post("/register", data=data)


def test_new_member_can_register_unverified_and_then_sign_in(client, auth):
    trust = make_trust("Riverside Academies")
    school = make_school("Thames Reach Primary", trust=trust, region="london")
    response = registration(client, school=str(school.id))
    assert response.status_code == 303 and response.headers["Location"] == "/register/check-email"
    user = db.session.scalar(db.select(User))
    assert user.email_verified_at is None and not user.can_contribute
    assert user.email == "amira.hassan@school.example"
    assert user.role == "member"
    assert user.school_id == school.id and user.trust_id == trust.id
    assert [p.id for p in user.phases] == ["primary"]
    assert user.password_hash.startswith("$argon2id$")
    auth.login("amira.hassan@school.example", "kettle orchard lantern")
    assert "Amira Hassan" in client.get("/account").get_data(as_text=True)


def test_registration_can_name_a_trust_and_school_that_are_not_listed(client):
    response = registration(client, trust="new", new_trust_name="Pennine Learning Partnership",
                            new_trust_size="6-10", school="new", new_school_name="Calder Primary")
    assert response.status_code == 303
    trust = db.session.scalar(db.select(Trust))
    school = db.session.scalar(db.select(School))
    assert (trust.name, trust.size_band) == ("Pennine Learning Partnership", "6-10")
    assert school.name == "Calder Primary" and school.trust_id == trust.id and school.region == "north-west"


def test_not_listed_without_a_name_is_refused_with_a_clear_message(client):
    response = registration(client, school="new", new_school_name="")
    assert response.status_code == 422
    assert "Enter the name of your school." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(User)) is None


def test_duplicate_email_makes_no_second_account_whatever_its_case(client):
    make_user(email="amira.hassan@school.example")
    response = registration(client, email="  AMIRA.hassan@school.EXAMPLE ")
    assert response.status_code == 303 and response.headers["Location"] == "/register/check-email"
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_short_password_is_refused(client):
    response = registration(client, password="short1", confirm_password="short1")
    assert response.status_code == 422
    assert "at least 8 characters" in response.get_data(as_text=True)


def test_common_password_is_refused(client):
    response = registration(client, password="password123", confirm_password="password123")
    assert response.status_code == 422
    assert "too common" in response.get_data(as_text=True)


def test_password_containing_the_name_is_refused(client):
    response = registration(client, password="amirahassan2026", confirm_password="amirahassan2026")
    assert "must not contain your name" in response.get_data(as_text=True)


def test_long_passphrase_is_accepted(client):
    phrase = "the quick brown fox jumps over the lazy dog in the staffroom " * 3
    assert registration(client, password=phrase, confirm_password=phrase).status_code == 303


def test_failed_registration_keeps_what_was_typed(client):
    response = registration(client, email="not-an-email", job_title="Head of English")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Head of English"' in page and 'value="not-an-email"' in page
    assert "Enter an email address in the correct format" in page
    assert 'kettle orchard lantern' not in page  # passwords are never echoed back


def test_registration_refuses_a_school_that_does_not_exist(client):
    response = registration(client, school="99999")
    assert response.status_code == 422
    assert "Choose your school from the list." in response.get_data(as_text=True)


def test_registration_refuses_an_unknown_phase_or_region(client):
    response = registration(client, phases=["university"], region="scotland")
    assert response.status_code == 422
    assert db.session.scalar(db.select(User)) is None


def test_role_cannot_be_chosen_at_registration(client):
    registration(client, role="admin")
    assert db.session.scalar(db.select(User)).role == "member"
