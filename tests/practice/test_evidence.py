"""Evidence summaries on recommendation and question set pages: exact, private and cheap."""
import html as html_lib
import re

import pytest

from portal.extensions import db
from portal.practice.charts import bar_chart
from portal.practice.workload import figure
from portal.taxonomy.models import QuestionSet
from tests.factories import make_post, make_trust, make_user


@pytest.fixture
def trusts():
    return make_trust("Northern Lights Learning Trust"), make_trust("Riverside Academies")


@pytest.fixture
def dataset(trusts):
    """Six posts on recommendation 17 a member of the first trust can see, and five nobody else should count."""
    ours, theirs = trusts
    colleague, outsider = make_user(trust=ours), make_user(trust=theirs)
    trial = dict(kind="trial", recommendation_ids=("r17",))
    visible = [
        make_post(title="Image prompts for writing", outcome="worked", minutes_saved_per_week=30, **trial),
        make_post(title="Feedback drafts in Year 9", outcome="mixed", minutes_saved_per_week=60, visibility="members",
                  phase_ids=("primary", "secondary"), **trial),
        make_post(title="Revision quizzes", author=colleague, outcome="did_not_work", visibility="trust",
                  phase_ids=("secondary",), **trial),
        make_post(title="The chatbot pilot we stopped", kind="failure", phase_ids=("secondary",),
                  minutes_saved_per_week=10),
        make_post(title="Early years observations policy", kind="case_study", phase_ids=("nursery",)),
        make_post(title="Parent letter prompt bank", kind="prompt", minutes_saved_per_week=45),
    ]
    hidden = [
        make_post(title="Unfinished draft trial", status="draft", outcome="worked", minutes_saved_per_week=999,
                  **trial),
        make_post(title="Held trial", status="pending", outcome="worked", minutes_saved_per_week=999, **trial),
        make_post(title="Taken down trial", status="hidden", outcome="worked", minutes_saved_per_week=999, **trial),
        make_post(title="Their trust only trial", author=outsider, visibility="trust", outcome="worked",
                  minutes_saved_per_week=500, **trial),
        make_post(title="A trial on another recommendation", kind="trial", recommendation_ids=("r16",),
                  outcome="worked", minutes_saved_per_week=700),
    ]
    return visible, hidden


def chart_titles(page):
    """The text alternative of every chart, keyed by chart id."""
    return {m.group(1): html_lib.unescape(m.group(2))
            for m in re.finditer(r'<title id="(chart-[a-z]+)-title">(.*?)</title>', page)}


def time_saved(page):
    text = re.search(r"<dt>Staff time saved \(median\)</dt>\s*<dd>(.*?)</dd>", page, re.S).group(1)
    return " ".join(text.split())


def test_member_sees_exact_counts_of_what_they_may_see(client, auth, trusts, dataset):
    auth.login(make_user(trust=trusts[0]))
    page = client.get("/recommendations/r17").get_data(as_text=True)
    assert chart_titles(page) == {
        "chart-kinds": "Posts by kind: Case study 1, What didn't work 1, Classroom trial 3, Prompt 1.",
        "chart-phases": "Posts by phase: Nursery 1, Primary 3, Secondary 3, Sixth Form 0, Pupil Referral Unit 0, "
                        "Specialist 0.",
        "chart-outcomes": "Classroom trial outcomes: Worked 1, Mixed results 1, Did not work 1.",
    }
    # Only case studies and trials report staff time: the failure's and the prompt's stray figures are not counted.
    assert time_saved(page) == "45 minutes a week saved, from 2 reports (from 30 to 60 minutes)"
    assert "6 posts from staff" in page
    for post in dataset[1]:
        assert post.title not in page


def test_visitor_counts_only_public_posts(client, dataset):
    page = client.get("/recommendations/r17").get_data(as_text=True)
    assert chart_titles(page) == {
        "chart-kinds": "Posts by kind: Case study 1, What didn't work 1, Classroom trial 1, Prompt 1.",
        "chart-phases": "Posts by phase: Nursery 1, Primary 2, Secondary 1, Sixth Form 0, Pupil Referral Unit 0, "
                        "Specialist 0.",
        "chart-outcomes": "Classroom trial outcomes: Worked 1, Mixed results 0, Did not work 0.",
    }
    assert time_saved(page) == "30 minutes a week saved, from 1 report"
    assert "Feedback drafts in Year 9" not in page and "Revision quizzes" not in page


def test_another_trusts_member_counts_their_own_trust_posts_not_ours(client, auth, trusts, dataset):
    auth.login(make_user(trust=trusts[1]))
    page = client.get("/recommendations/r17").get_data(as_text=True)
    titles = chart_titles(page)
    assert titles["chart-kinds"] == "Posts by kind: Case study 1, What didn't work 1, Classroom trial 3, Prompt 1."
    assert titles["chart-outcomes"] == "Classroom trial outcomes: Worked 2, Mixed results 1, Did not work 0."
    assert time_saved(page) == "60 minutes a week saved, from 3 reports (from 30 to 500 minutes)"
    assert "Revision quizzes" not in page and "Their trust only trial" in page


def test_charts_are_svg_with_a_text_alternative_and_no_inline_styles(client, dataset):
    page = client.get("/recommendations/r17").get_data(as_text=True)
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", page, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg and re.search(r'aria-labelledby="chart-[a-z]+-title"', svg) and "<title" in svg
        assert "style=" not in svg and "<rect" in svg
    assert page.count("<figcaption") == 3 and page.count("as a table</summary>") == 3
    assert "<th scope=\"col\">Phase</th>" in page and "<td>Secondary</td><td>1</td>" in page
    assert "style=" not in page


def test_latest_posts_are_newest_first_and_capped_with_a_link_to_browse(client):
    for n in range(12):
        make_post(title=f"Trial number {n:02d}", kind="trial")
    page = client.get("/recommendations/r17").get_data(as_text=True)
    shown = re.findall(r">Trial number (\d\d)</a>", page)
    assert shown == [f"{n:02d}" for n in range(11, 1, -1)]
    assert 'href="/practice?recommendation=r17">See all 12 posts on this recommendation</a>' in page


def test_question_set_page_summarises_its_posts(client):
    staff_development = db.session.get(QuestionSet, "staff-development")
    make_post(title="Training day on AI marking", kind="case_study", question_sets=[staff_development],
              minutes_saved_per_week=20)
    make_post(title="Untagged post")
    page = client.get("/question-sets/staff-development").get_data(as_text=True)
    assert "Training day on AI marking" in page and "Untagged post" not in page
    assert chart_titles(page)["chart-kinds"] == "Posts by kind: Case study 1, What didn't work 0, " \
                                                "Classroom trial 0, Prompt 0."
    assert time_saved(page) == "20 minutes a week saved, from 1 report"
    assert "No classroom trials with an outcome yet." in page


def test_page_without_posts_says_so(client):
    page = client.get("/recommendations/r3").get_data(as_text=True)
    assert "No practice has been shared on this recommendation yet." in page and "<svg" not in page


def test_no_reports_of_time_saved_says_so(client):
    make_post(kind="trial", outcome="worked")
    assert time_saved(client.get("/recommendations/r17").get_data(as_text=True)) == \
        "No one has reported time saved or lost yet."


def test_anonymous_posts_are_listed_by_their_description(client):
    author = make_user(name="Fatima Begum")
    make_post(author=author, anonymous=True, author_description="A Year 6 teacher in Yorkshire", kind="trial")
    page = client.get("/recommendations/r17").get_data(as_text=True)
    assert "A Year 6 teacher in Yorkshire" in page and "Fatima" not in page


@pytest.mark.parametrize("values, expected", [
    ([], None), ([40], (1, 40, 40, 40)), ([10, 50, 20], (3, 20, 10, 50)), ([10, 60, 30, 45], (4, 37.5, 10, 60)),
    ([-30, -30, 15, 600], (4, -7.5, -30, 600)),
])
def test_a_figure_is_the_number_of_reports_the_median_and_the_range(values, expected):
    found = figure(values)
    assert (found and (found.reports, found.median, found.lowest, found.highest)) == expected


def test_bars_scale_to_the_largest_value():
    chart = bar_chart("c", "Posts by kind", "Kind", [("a", "A", 4), ("b", "B", 2), ("c", "C", 0)])
    assert [bar.width for bar in chart.bars] == [300, 150, 0]
    assert chart.text_alternative == "Posts by kind: A 4, B 2, C 0."


@pytest.mark.parametrize("path, tag", [("/recommendations/r17", {}), ("/question-sets/staff-development", "qs")])
def test_page_runs_the_same_number_of_queries_for_3_and_30_posts(client, auth, count_queries, path, tag):
    viewer = make_user()
    auth.login(viewer)
    tags = {"question_sets": [db.session.get(QuestionSet, "staff-development")]} if tag else {}

    def queries_with(n):
        for i in range(n):
            make_post(author=make_user(), kind=("trial", "failure", "prompt")[i % 3], outcome="worked",
                      minutes_saved_per_week=i, phase_ids=("primary", "secondary"), **tags)
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        return len(statements)
    assert queries_with(3) == queries_with(27)
