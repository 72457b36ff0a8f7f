"""Trusts and schools as pages: what they are, their schools, how many verified staff (never who), and the
practice their staff shared under their name that the reader may see; never an anonymous post."""
import pytest

from portal.extensions import db
from tests.conftest import AuthActions
from tests.factories import make_post, make_school, make_trust, make_user


def text(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return response.get_data(as_text=True)


@pytest.fixture
def trust():
    trust = make_trust(name="Northern Lights Learning Trust", size_band="6-10")
    make_school("Harbour View Primary", trust=trust, region="north-west")
    make_school("Saltwick Bay Academy", trust=trust, region="north-east", phase_ids=("secondary",))
    return trust


def test_a_trust_page_shows_size_phases_regions_schools_and_how_many_verified_staff(client, trust):
    make_user(trust=trust, trust_status="verified")
    make_user(trust=trust, trust_status="verified", name="Secret Name")
    make_user(trust=trust, trust_status="pending")
    page = text(client, f"/trusts/{trust.id}")
    assert "Northern Lights Learning Trust" in page and trust.size_label in page
    assert "Harbour View Primary" in page and "Saltwick Bay Academy" in page
    assert "North West" in page and "North East" in page
    assert "2 members" in page and "Secret Name" not in page


def test_named_practice_by_verified_staff_is_listed_and_anonymous_posts_never_are(app, client, trust):
    staff = make_user(trust=trust, trust_status="verified", name="Owen Price")
    waiting = make_user(trust=trust, trust_status="pending")
    make_post(author=staff, title="Report writing with a chatbot")
    make_post(author=staff, title="An anonymous flop", anonymous=True)
    make_post(author=staff, title="Trust-only timetable", visibility="trust")
    make_post(author=waiting, title="Not yet verified")
    db.session.commit()
    page = text(client, f"/trusts/{trust.id}")
    assert "Report writing with a chatbot" in page
    assert "An anonymous flop" not in page and "Not yet verified" not in page and "Trust-only timetable" not in page
    colleague = app.test_client()
    AuthActions(colleague).login(make_user(trust=trust, trust_status="verified"))
    assert "Trust-only timetable" in text(colleague, f"/trusts/{trust.id}")
    assert "An anonymous flop" not in text(colleague, f"/trusts/{trust.id}")


def test_a_school_page_lists_its_staffs_named_practice_and_is_found_by_urn(client, trust):
    school = make_school("Brook Primary", trust=trust, urn=123456)
    make_post(author=make_user(school=school), title="Phonics with an image generator")
    make_post(author=make_user(school=school), title="Quietly anonymous", anonymous=True)
    db.session.commit()
    page = text(client, f"/schools/{school.id}")
    assert "Phonics with an image generator" in page and "Quietly anonymous" not in page
    assert "Northern Lights Learning Trust" in page and "123456" in page
    response = client.get("/schools/urn/123456")
    assert response.status_code == 301 and response.headers["Location"].endswith(f"/schools/{school.id}")
    assert client.get("/schools/urn/999999").status_code == 404


def test_unknown_or_requested_trusts_and_unknown_schools_are_404(client):
    requested = make_trust(name="A Trust Someone Typed", status="requested")
    assert client.get(f"/trusts/{requested.id}").status_code == 404
    assert client.get("/trusts/999999").status_code == 404
    assert client.get("/schools/999999").status_code == 404


def test_the_list_of_trusts_filters_by_region_and_size(client, trust):
    other = make_trust(name="Elm Valley Trust", size_band="2-5")
    make_school("Elm Primary", trust=other, region="london")
    make_trust(name="Requested Trust", status="requested")
    everyone = text(client, "/trusts")
    assert "Northern Lights Learning Trust" in everyone and "Elm Valley Trust" in everyone
    assert "Requested Trust" not in everyone
    in_london = text(client, "/trusts?region=london")
    assert "Elm Valley Trust" in in_london and "Northern Lights" not in in_london
    large = text(client, "/trusts?size=6-10")
    assert "Northern Lights Learning Trust" in large and "Elm Valley Trust" not in large
    assert client.get("/trusts?region=atlantis").status_code == 400
    assert client.get("/trusts?size=huge").status_code == 400
    assert client.get("/trusts?page=0").status_code == 400


def test_a_trust_page_runs_the_same_queries_for_few_or_many_schools_and_posts(client, trust, count_queries):
    def queries_with(n):
        for i in range(n):
            school = make_school(f"School {n}-{i}", trust=trust)
            make_post(author=make_user(trust=trust, trust_status="verified", school=school))
        db.session.commit()
        client.get(f"/trusts/{trust.id}")
        with count_queries() as statements:
            client.get(f"/trusts/{trust.id}")
        return len(statements)
    assert queries_with(2) == queries_with(12)
