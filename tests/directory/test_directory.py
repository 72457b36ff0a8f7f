"""The directory lists opted-in members only, with filters and search that have their own URLs."""
import pytest
from flask import request
from wtforms.widgets import Select

from portal.directory import services
from portal.directory.forms import DirectoryFilterForm
from tests.factories import make_block, make_listed_member, make_school, make_trust, make_user


@pytest.fixture
def viewer(auth):
    user = make_user(name="Viewer Person")
    auth.login(user)
    return user


def results(client, query=""):
    response = client.get("/directory" + query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_signed_out_visitors_cannot_browse_the_directory(client):
    assert client.get("/directory").status_code == 302
    htmx = client.get("/directory", headers={"HX-Request": "true"})
    assert htmx.status_code == 401 and "/sign-in" in htmx.headers["HX-Redirect"]


def test_unlisted_members_never_appear_in_the_directory_search_or_counts(client, viewer):
    make_listed_member(name="Listed Lena", profile={"happy_to_talk_about": "marking"})
    make_listed_member(name="Hidden Harry", listed=False, profile={"happy_to_talk_about": "marking"})
    make_user(name="No Profile Nia")
    page = results(client)
    assert "Listed Lena" in page and "Hidden Harry" not in page and "No Profile Nia" not in page
    assert "1 member" in page
    for query in ("?q=harry", "?q=marking", "?q=hidden", "?phase=primary", "?region=north-west"):
        page = results(client, query)
        assert "Hidden Harry" not in page
    assert "0 members" in results(client, "?q=harry")


def test_filters_narrow_the_results(client, viewer):
    big = make_trust("Big Trust", size_band="21-50")
    make_listed_member(name="Secondary Sam", phase_ids=("secondary",), region="london", trust=big,
                       profile={"role_type": "trust-leader", "setting": "special", "recommendation_ids": ["r17"]})
    make_listed_member(name="Primary Pat", phase_ids=("primary",), region="north-west",
                       profile={"role_type": "teacher", "setting": "mainstream", "question_set_ids": ["equity-access"]})
    cases = {"?phase=secondary": "Secondary Sam", "?region=north-west": "Primary Pat",
             "?role_type=trust-leader": "Secondary Sam", "?setting=mainstream": "Primary Pat",
             "?size_band=21-50": "Secondary Sam", "?priority=r:r17": "Secondary Sam",
             "?priority=q:equity-access": "Primary Pat"}
    for query, expected in cases.items():
        page = results(client, query)
        other = "Primary Pat" if expected == "Secondary Sam" else "Secondary Sam"
        assert expected in page and other not in page, query


def test_a_school_outside_any_trust_counts_as_a_single_school(client, viewer):
    make_listed_member(name="Solo School Sue", school=make_school(trust=None))
    make_listed_member(name="Trust Tom", trust=make_trust(size_band="2-5"))
    page = results(client, "?size_band=single")
    assert "Solo School Sue" in page and "Trust Tom" not in page


def test_search_covers_names_schools_trusts_and_topics(client, viewer):
    trust = make_trust("Pennine Multi-Academy Trust")
    make_listed_member(name="Grace Liu", school=make_school("Millbrook Nursery", trust=trust),
                       profile={"happy_to_talk_about": "Parent letters drafted with AI"})
    make_listed_member(name="Other Person")
    for query in ("grace", "MILLBROOK", "pennine", "parent letters"):
        page = results(client, f"?q={query}")
        assert "Grace Liu" in page and "Other Person" not in page, query


def test_search_covers_job_titles(client, viewer):
    make_listed_member(name="Deputy Dee", job_title="Deputy Headteacher")
    make_listed_member(name="Class Cass", job_title="Year 4 Teacher")
    make_listed_member(name="Hidden Deputy Hal", job_title="Deputy Headteacher", listed=False)
    page = results(client, "?q=deputy head")
    assert "Deputy Dee" in page and "Class Cass" not in page and "Hidden Deputy Hal" not in page
    page = results(client, "?q=YEAR 4")
    assert "Class Cass" in page and "Deputy Dee" not in page


def test_search_covers_what_members_are_happy_to_talk_about(client, viewer):
    make_listed_member(name="Feedback Fay", profile={"happy_to_talk_about": "Marking KS2 writing with AI feedback"})
    make_listed_member(name="Letters Lou", profile={"happy_to_talk_about": "Parent letters"})
    make_listed_member(name="Hidden Hugo", listed=False, profile={"happy_to_talk_about": "AI feedback on writing"})
    page = results(client, "?q=ai feedback")
    assert "Feedback Fay" in page and "Letters Lou" not in page and "Hidden Hugo" not in page
    assert "Search names, job titles, schools, trusts and topics" in results(client)


def test_search_treats_wildcards_as_plain_text(client, viewer):
    make_listed_member(name="Percy Plain")
    make_listed_member(name="Under_score Una")
    assert "Percy Plain" not in results(client, "?q=%25")
    page = results(client, "?q=_")
    assert "Under_score Una" in page and "Percy Plain" not in page


def test_htmx_filter_request_gets_the_results_fragment_only(client, viewer):
    make_listed_member(name="Listed Lena")
    response = client.get("/directory?q=lena", headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert 'id="directory-results"' in page and "Listed Lena" in page
    full = results(client, "?q=lena")
    assert "<html" in full and 'hx-push-url="true"' in full and 'value="lena"' in full


def test_malformed_filter_values_answer_400(client, viewer):
    assert client.get("/directory?region=atlantis").status_code == 400
    assert client.get("/directory?priority=r:not-a-rec").status_code == 400


def test_members_blocked_either_way_are_hidden_from_each_other(client, viewer):
    blocked_by_me = make_listed_member(name="Blocked Bea")
    blocking_me = make_listed_member(name="Blocking Bob")
    make_block(viewer, blocked_by_me)
    make_block(blocking_me, viewer)
    page = results(client)
    assert "Blocked Bea" not in page and "Blocking Bob" not in page and "0 members" in page


def test_suspended_members_drop_out_of_the_directory(client, viewer):
    from portal.timestamps import utcnow
    make_listed_member(name="Suspended Sid", suspended_at=utcnow())
    assert "Suspended Sid" not in results(client)


def test_pagination_keeps_the_filters(client, viewer):
    for n in range(23):
        make_listed_member(name=f"Member {n:02d}", region="london")
    page = results(client, "?region=london")
    assert "Page 1 of 2" in page and "page=2" in page and "region=london" in page
    second = results(client, "?region=london&page=2")
    assert "Member 22" in second and "Member 00" not in second


@pytest.mark.parametrize("query", ["", "?q=member&phase=primary&priority=r:r17&size_band=2-5"])
def test_directory_runs_the_same_number_of_queries_for_3_and_30_members(client, viewer, count_queries, query):
    def members(n):
        trust = make_trust(size_band="2-5")
        for _ in range(n):
            make_listed_member(name="Member", trust=trust, school=make_school(trust=trust),
                               profile={"recommendation_ids": ["r17", "r1"], "question_set_ids": ["equity-access"]})

    def count():
        with count_queries() as statements:
            results(client, query)
        return len(statements)
    results(client, query)  # reference data (the filters' choices) is read once, then kept until a reload
    members(3)
    small = count()
    members(27)
    assert count() == small



def test_filter_selects_render_exactly_as_wtforms_own(app):
    with app.test_request_context("/directory?phase=a%26b&priority=r:r17&region=london"):
        form = DirectoryFilterForm(request.args)
        form.set_taxonomy_choices(**{**services.filter_taxonomy(),
                                     "phases": [("primary", "Primary"), ("a&b", 'Quotes " and <tags>')]})
        assert form.validate()
        for name in ("phase", "region", "role_type", "setting", "size_band", "priority"):
            assert form[name](class_="select") == Select()(form[name], class_="select"), name
        assert 'selected value="r:r17"' in form.priority() and 'selected value="a&amp;b"' in form.phase()
