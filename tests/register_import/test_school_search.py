"""Finding a school: the search endpoint behind the registration and profile school picker."""
import pytest

from portal.auth.models import User
from portal.extensions import db
from tests.factories import make_school, make_user


@pytest.fixture
def schools():
    return {"mary": make_school("St Mary\u2019s Primary", urn=100001, town="Preston", la_name="Lancashire"),
            "harbour": make_school("Harbour View Academy", urn=100002, town="Fleetwood", postcode="FY7 6AA"),
            "closed": make_school("Old Mill Primary", urn=100012, status="closed")}


def test_htmx_search_returns_radio_options_for_the_picker(client, schools):
    response = client.get("/schools/search?q=preston", headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert 'id="school-options"' in page and 'type="radio" name="school"' in page
    assert "St Mary\u2019s Primary" in page and "Preston" in page and "URN 100001" in page
    assert "Harbour View" not in page and "My school is not listed" in page


def test_search_matches_names_postcodes_and_urns_but_not_closed_schools(client, schools):
    def found(query):
        return client.get(f"/schools/search?q={query}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Harbour View" in found("harbour") and "Harbour View" in found("FY7") and "Harbour View" in found("100002")
    assert "Old Mill" not in found("old mill")
    assert "1 school matches" in found("harbour")


def test_htmx_search_keeps_the_chosen_school_first_and_checked(client, schools):
    page = client.get(f"/schools/search?q=harbour&school={schools['mary'].id}",
                      headers={"HX-Request": "true"}).get_data(as_text=True)
    assert page.index("St Mary") < page.index("Harbour View")
    assert f'value="{schools["mary"].id}" checked' in page


def test_without_htmx_search_is_a_full_page(client, schools):
    response = client.get("/schools/search?q=preston")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page and "<h1" in page
    assert "St Mary\u2019s Primary" in page and "Preston" in page and "100001" in page
    assert "Correct phases" not in page


def test_admins_get_a_link_to_correct_phases_from_the_search_page(client, auth, schools):
    auth.login(make_user(role="admin"))
    page = client.get("/schools/search?q=preston").get_data(as_text=True)
    assert f'href="/admin/schools/{schools["mary"].id}"' in page


def test_search_text_is_escaped_and_wildcards_are_literal(client, schools):
    page = client.get("/schools/search?q=%25%3Cscript%3E", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<script>" not in page and "0 schools match" in page


def test_search_is_rate_limited(app, client, schools, monkeypatch):
    monkeypatch.setitem(app.config, "SCHOOL_SEARCH_RATE_LIMIT", "2 per minute")
    statuses = [client.get("/schools/search?q=ha").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_registration_without_javascript_searches_then_picks(client, schools):
    from tests.conftest import csrf_token_from
    token = csrf_token_from(client, "/register")
    base = {"csrf_token": token, "email": "leah@coastal.example", "name": "Leah Morgan", "trust": "",
            "phases": ["primary"], "region": "north-west", "password": "seaside lantern biscuit",
            "confirm_password": "seaside lantern biscuit"}
    found = client.post("/register", data={**base, "q": "harbour", "find_school": "1"})
    page = found.get_data(as_text=True)
    assert found.status_code == 200 and "Harbour View Academy" in page and 'value="Leah Morgan"' in page
    assert db.session.scalar(db.select(User)) is None
    created = client.post("/register", data={**base, "school": str(schools["harbour"].id)})
    assert created.status_code == 303 and created.headers["Location"] == "/register/check-email"
    assert db.session.scalar(db.select(User)).school_id == schools["harbour"].id


def test_profile_page_shows_the_current_school_as_chosen(client, auth, schools):
    user = make_user(school=schools["mary"])
    auth.login(user)
    page = client.get("/account/profile").get_data(as_text=True)
    assert f'value="{schools["mary"].id}" checked' in page


@pytest.mark.parametrize("query", ["_%", "%%", "__"])
def test_search_treats_wildcards_as_the_characters_typed(client, schools, query):
    make_school("The 100%_ Club School", urn=100050)
    page = client.get("/schools/search", query_string={"q": query}, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Harbour View Academy" not in page and "St Mary" not in page
    assert ("100%_ Club" in page) == (query in "The 100%_ Club School")
