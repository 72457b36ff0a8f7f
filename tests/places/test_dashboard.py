"""A trust's dashboard of staff time: for its leads and admins only, medians and ranges by task, recommendation and
term from its verified staff's named reports, and the same figures as CSV."""
import csv
import io
from datetime import datetime, timezone

import pytest

from portal.extensions import db
from tests.factories import make_post, make_trust, make_user


@pytest.fixture
def riverside():
    return make_trust("Riverside Academies")


@pytest.fixture
def reports(riverside):
    """Reports from Riverside's staff in two terms, and some that must never count."""
    staff, colleague = make_user(trust=riverside), make_user(trust=riverside)

    def report(minutes, task, when, author=staff, **traits):
        post = make_post(author=author, kind=traits.pop("kind", "trial"), minutes_saved_per_week=minutes, task=task,
                         **traits)
        post.published_at = when
        db.session.commit()
        return post
    autumn, spring = datetime(2025, 10, 6, tzinfo=timezone.utc), datetime(2026, 2, 2, tzinfo=timezone.utc)
    report(30, "planning", autumn, recommendation_ids=("r17",))
    report(60, "planning", autumn, author=colleague, kind="case_study", recommendation_ids=("r17", "r5"))
    report(-20, "report_writing", spring, recommendation_ids=("r5",))
    report(600, "planning", spring, author=colleague, visibility="trust")
    # Never counted: anonymous, unverified staff, another trust, drafts, a failure's stray figure.
    report(999, "planning", spring, anonymous=True)
    report(999, "planning", spring, author=make_user(trust=riverside, trust_status="pending"))
    report(999, "planning", spring, author=make_user(trust=make_trust("Oak Hill")))
    report(999, "planning", spring, status="draft")
    report(999, "planning", spring, kind="failure")


def page_of(client, trust, status=200):
    response = client.get(f"/trusts/{trust.id}/dashboard")
    assert response.status_code == status
    return " ".join(response.get_data(as_text=True).split())


def test_a_lead_sees_medians_and_ranges_by_task_recommendation_and_term(client, auth, riverside, reports):
    auth.login(make_user(trust=riverside, trust_role="lead"))
    page = page_of(client, riverside)
    assert "45 minutes a week saved, from 4 reports (from -20 to 600 minutes)" in page
    assert '<th scope="row">Planning</th><td>3</td><td>60</td><td>30 to 600</td>' in page
    assert '<th scope="row">Report writing</th><td>1</td><td>-20</td><td>-20 to -20</td>' in page
    assert "Spring term 2026" in page and "Autumn term 2025" in page
    assert page.index("Spring term 2026") < page.index("Autumn term 2025")  # the latest term first
    autumn = page[page.index('id="term-2025-autumn"'):]
    assert '<th scope="row">Planning</th><td>2</td><td>45</td><td>30 to 60</td>' in autumn
    assert "999" not in page


def test_the_csv_has_the_same_figures_for_governors(client, auth, riverside, reports):
    auth.login(make_user(trust=riverside, trust_role="lead"))
    response = client.get(f"/trusts/{riverside.id}/dashboard.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["Term", "Grouped by", "Task or recommendation", "Reports", "Median minutes a week",
                       "Lowest", "Highest"]
    assert ["All terms", "Task", "Planning", "3", "60", "30", "600"] in rows
    assert ["Autumn term 2025", "Task", "Planning", "2", "45", "30", "60"] in rows
    assert any(r[:2] == ["Spring term 2026", "Recommendation"] and r[2].startswith("Recommendation 5: ")
               and r[3:] == ["1", "-20", "-20", "-20"] for r in rows[1:])


def test_only_the_trusts_leads_and_admins_see_it(client, auth, riverside, reports):
    other_trust = make_trust("Oak Hill")
    for who in (make_user(trust=riverside), make_user(trust=riverside, trust_role="champion"),
                make_user(trust=other_trust, trust_role="lead"), make_user(role="moderator"),
                make_user(trust=riverside, trust_role="lead", trust_status="pending")):
        auth.login(who)
        page_of(client, riverside, status=404)
        assert client.get(f"/trusts/{riverside.id}/dashboard.csv").status_code == 404
        auth.logout()
    assert client.get(f"/trusts/{riverside.id}/dashboard").status_code == 302  # visitors sign in first
    auth.login(make_user(role="admin"))
    assert "from 4 reports" in page_of(client, riverside)
    page_of(client, make_trust("Requested", status="requested"), status=404)


def test_the_trust_page_links_its_leads_to_the_dashboard(client, auth, riverside):
    lead = make_user(trust=riverside, trust_role="lead")
    link = f'href="/trusts/{riverside.id}/dashboard"'
    assert link not in client.get(f"/trusts/{riverside.id}").get_data(as_text=True)
    auth.login(lead)
    assert link in client.get(f"/trusts/{riverside.id}").get_data(as_text=True)


def test_an_empty_dashboard_says_how_figures_arrive(client, auth, riverside):
    auth.login(make_user(trust=riverside, trust_role="lead"))
    assert "Nobody at Riverside Academies has reported staff time yet." in page_of(client, riverside)


def test_the_dashboard_is_a_fixed_number_of_queries(client, auth, count_queries, riverside):
    auth.login(make_user(trust=riverside, trust_role="lead"))
    staff = make_user(trust=riverside)

    def queries():
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get(f"/trusts/{riverside.id}/dashboard").status_code == 200
        return len(statements)
    make_post(author=staff, minutes_saved_per_week=10, task="planning")
    few = queries()
    for n in range(15):
        make_post(author=staff, minutes_saved_per_week=n, task="marking_feedback", recommendation_ids=(f"r{n + 1}",))
    assert queries() == few
