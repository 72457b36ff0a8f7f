"""The coverage map: posts a viewer may see per recommendation (and question set) and phase, gaps linked to
sharing the first; a trust's map counts its verified staff's named posts, rounding small numbers for outsiders."""
import csv
import io
import re

import pytest

from portal.extensions import db
from tests.factories import make_post, make_trust, make_user


def text(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, path
    return response.get_data(as_text=True)


PHASES = ["Nursery", "Primary", "Secondary", "Sixth Form", "Pupil Referral Unit", "Specialist", "any phase"]


def cells(page, label):
    """A row's cells as a reader sees them, without the words only a screen reader hears."""
    row = re.search(rf">{re.escape(label)}</a>.*?</tr>", page, re.S).group(0)
    found = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return [re.sub(r"<[^>]+>", "", re.sub(r'<span class="visually-hidden">.*?</span>', "", c)).strip() for c in found]


def cell(page, label, phase):
    """One cell's number (0 for "None yet"), or its words ("fewer than 3")."""
    shown = cells(page, label)[PHASES.index(phase)]
    if shown.startswith("None yet"):
        return 0
    return int(shown) if shown.isdigit() else shown


def csv_rows(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_map_counts_posts_by_recommendation_and_phase_and_links_the_gaps_to_share_the_first(client):
    make_post(recommendation_ids=("r17",), phase_ids=("primary", "secondary"))
    make_post(recommendation_ids=("r17", "r5"), phase_ids=("primary",))
    make_post(recommendation_ids=("r17",), phase_ids=("primary",), status="draft")
    page = text(client, "/coverage")
    assert cell(page, "Recommendation 17", "Primary") == 2
    assert cell(page, "Recommendation 17", "Secondary") == 1
    assert cell(page, "Recommendation 5", "Primary") == 1
    assert cell(page, "Recommendation 17", "any phase") == 2
    assert cell(page, "Recommendation 1", "Specialist") == 0
    assert 'href="/practice/new?recommendation=r1&amp;phase=specialist"' in page
    assert "The 10 question sets for leaders" in page and '<th scope="row">' in page
    assert '<caption class="heading-s">' in page  # each theme is its own captioned table


def test_counts_are_only_of_posts_the_viewer_may_read(client, auth):
    trust = make_trust()
    make_post(author=make_user(trust=trust), recommendation_ids=("r3",), visibility="members")
    make_post(author=make_user(trust=trust), recommendation_ids=("r3",), visibility="trust")
    assert cell(text(client, "/coverage"), "Recommendation 3", "Primary") == 0
    auth.login(make_user())
    assert cell(text(client, "/coverage"), "Recommendation 3", "Primary") == 1
    auth.logout()
    auth.login(make_user(trust=trust))
    assert cell(text(client, "/coverage"), "Recommendation 3", "Primary") == 2


def test_share_the_first_fills_in_the_tags_on_the_new_post_form(client, auth):
    auth.login(make_user())
    choose = text(client, "/practice/new?recommendation=r1&phase=specialist")
    assert 'href="/practice/new/trial?recommendation=r1&amp;phase=specialist"' in choose
    form = text(client, "/practice/new/trial?recommendation=r1&phase=sixth-form")
    assert re.search(r'value="r1"[^>]*checked|checked[^>]*value="r1"', form)
    assert re.search(r'value="sixth-form"[^>]*checked|checked[^>]*value="sixth-form"', form)
    form = text(client, "/practice/new/case_study?recommendation=<script>&phase=nowhere")
    assert not re.search(r'<input checked[^>]*name="(recommendations|phases|question_sets)"', form)
    assert "&lt;script&gt;" not in form


def test_the_csv_has_every_recommendation_and_question_set_with_the_same_numbers(client):
    make_post(recommendation_ids=("r17",), phase_ids=("primary",))
    rows = csv_rows(client, "/coverage.csv")
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Part of the report", "Group", "Recommendation or question set"]
    assert header[-1] == "All phases" and len(header) == 3 + 6 + 1
    assert len([r for r in body if r[0] == "Recommendation"]) == 29
    assert len([r for r in body if r[0] == "Question set"]) == 10
    r17 = next(r for r in body if r[2].startswith("Recommendation 17:"))
    assert r17[3 + header[3:].index("Primary")] == "1" and r17[-1] == "1"


@pytest.fixture
def riverside():
    return make_trust("Riverside Academies")


def test_a_trusts_map_counts_only_its_verified_staffs_named_posts(client, auth, riverside):
    staff = make_user(trust=riverside)
    for _ in range(3):
        make_post(author=staff, recommendation_ids=("r9",))
    make_post(author=staff, recommendation_ids=("r9",), anonymous=True)
    make_post(author=make_user(trust=riverside, trust_status="pending"), recommendation_ids=("r9",))
    make_post(author=make_user(), recommendation_ids=("r9",))
    auth.login(make_user(trust=riverside))
    assert cell(text(client, f"/trusts/{riverside.id}/coverage"), "Recommendation 9", "Primary") == 3


def test_outside_the_trust_small_numbers_read_fewer_than_three_and_its_staff_see_them_exactly(client, auth, riverside):
    staff = make_user(trust=riverside)
    make_post(author=staff, recommendation_ids=("r9",))
    make_post(author=staff, recommendation_ids=("r9",), phase_ids=("secondary",))
    make_post(author=staff, recommendation_ids=("r9",), phase_ids=("secondary",))
    make_post(author=staff, recommendation_ids=("r9",), phase_ids=("secondary",))
    page = text(client, f"/trusts/{riverside.id}/coverage")
    assert cells(page, "Recommendation 9") == ["None yet", "fewer than 3", "3", "None yet", "None yet", "None yet", "4"]
    assert "Share the first" not in page  # outsiders cannot fill a trust's gaps
    rows = csv_rows(client, f"/trusts/{riverside.id}/coverage.csv")
    assert "fewer than 3" in next(r for r in rows if r[2].startswith("Recommendation 9:"))
    auth.login(make_user(trust=riverside))
    page = text(client, f"/trusts/{riverside.id}/coverage")
    assert cells(page, "Recommendation 9")[1:3] == ["1", "3"] and "fewer than" not in page
    assert "Share the first" in page


def test_the_threshold_is_configurable(app, client, riverside, monkeypatch):
    monkeypatch.setitem(app.config, "SMALL_NUMBER_THRESHOLD", 5)
    staff = make_user(trust=riverside)
    for _ in range(4):
        make_post(author=staff, recommendation_ids=("r9",))
    assert "fewer than 5" in text(client, f"/trusts/{riverside.id}/coverage")


def test_a_threshold_below_two_is_refused_at_start_up():
    from portal.config import check_threshold
    with pytest.raises(ValueError, match="SMALL_NUMBER_THRESHOLD"):
        check_threshold("1", "SMALL_NUMBER_THRESHOLD")


def test_unknown_or_unapproved_trusts_have_no_map(client):
    requested = make_trust("Requested Trust", status="requested")
    text(client, f"/trusts/{requested.id}/coverage", status=404)
    text(client, "/trusts/999999/coverage", status=404)
    text(client, "/trusts/999999/coverage.csv", status=404)


@pytest.mark.parametrize("path", ["/coverage", "/trusts/{trust}/coverage"])
def test_the_map_is_a_fixed_number_of_queries_however_many_posts(client, auth, count_queries, riverside, path):
    path = path.format(trust=riverside.id)
    staff = make_user(trust=riverside)
    auth.login(make_user(trust=riverside))

    def queries():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        return len(statements)

    client.get(path)
    make_post(author=staff)  # each count below is of a page rendered afresh: every post moves the cached map
    few = queries()
    for n in range(12):
        make_post(author=staff, recommendation_ids=(f"r{n + 1}",), phase_ids=("primary", "secondary"))
    assert queries() == few
