"""Browsing /practice: filters, sorting, HTMX fragments, keyset pages and fixed query counts."""
import re
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.timestamps import utcnow
from tests.factories import make_post, make_searchable_post, make_tool, make_user
from tests.practice.conftest import dated_post


def titles(response):
    return re.findall(r'<a href="/practice/\d+">([^<]+)</a>', response.get_data(as_text=True))


def test_browse_lists_published_posts_newest_first_with_their_tags(client):
    author = make_user(name="Amira Hassan")
    dated_post(utcnow() - timedelta(days=2), author=author, title="Older")
    make_post(author=author, title="Newer", kind="trial", outcome="worked", label="endorsed",
              tools=[make_tool("Image generator")])
    response = client.get("/practice")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and titles(response) == ["Newer", "Older"]
    for text in ("Classroom trial", "Worked", "Endorsed", "/about#labels", "Image generator", "Recommendation 17",
                 "Primary", "Amira Hassan"):
        assert text in html


def test_failures_get_the_same_card_as_successes(client):
    make_post(title="It worked", kind="case_study")
    make_post(title="It did not", kind="failure", outcome="did_not_work")
    html = client.get("/practice").get_data(as_text=True)
    cards = re.findall(r'<article class="([^"]+)">', html)
    assert cards == ["post-card", "post-card"]
    assert "What didn&#39;t work" in html or "What didn't work" in html


@pytest.mark.parametrize("query, expected", [
    ("kind=failure", {"Chatbot pilot"}),
    ("recommendation=r22", {"Report policy"}),
    ("question_set=governance-safeguarding", {"Report policy"}),
    ("phase=secondary", {"Chatbot pilot"}),
    ("region=london", {"Chatbot pilot"}),
    ("tool=chatgpt", {"Chatbot pilot"}),
    ("outcome=worked", {"Image trial"}),
    ("kind=trial&outcome=did_not_work", set()),
])
def test_each_filter_narrows_the_list(client, query, expected):
    from portal.taxonomy.models import QuestionSet
    london = make_user(region="london")
    make_post(title="Image trial", kind="trial", outcome="worked")
    make_post(title="Chatbot pilot", kind="failure", outcome="did_not_work", author=london,
              phase_ids=("secondary",), tools=[make_tool("ChatGPT")])
    policy = make_post(title="Report policy", recommendation_ids=("r22",))
    policy.question_sets = [db.session.get(QuestionSet, "governance-safeguarding")]
    db.session.commit()
    assert set(titles(client.get(f"/practice?{query}"))) == expected


def test_most_helpful_sort(client):
    make_post(title="Less helpful", helpful_count=1)
    dated_post(utcnow() - timedelta(days=3), title="Most helpful", helpful_count=9)
    assert titles(client.get("/practice?sort=helpful")) == ["Most helpful", "Less helpful"]


def test_htmx_filtering_returns_the_results_fragment_alone(client):
    make_post(title="A failure", kind="failure")
    response = client.get("/practice?kind=failure", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div id="practice-results"') and "A failure" in html
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_pushes_a_tidy_shareable_address(client):
    response = client.get("/practice?q=&kind=failure&recommendation=&phase=&sort=", headers={"HX-Request": "true"})
    assert response.headers["HX-Push-Url"] == "/practice?kind=failure"


def test_the_filter_form_works_without_javascript_and_pushes_its_url(client):
    html = client.get("/practice?kind=trial").get_data(as_text=True)
    assert '<form method="get" action="/practice"' in html and 'hx-push-url="true"' in html
    assert 'value="trial" selected' in html or 'selected value="trial"' in html


@pytest.mark.parametrize("query", [
    "kind=essay", "recommendation=r99", "phase=college", "region=mars", "tool=<script>", "outcome=great",
    "sort=random", "after=yesterday", "after=1_x", "after=99999999999999999999999_1", "after=1_99999999999",
    "sort=helpful&after=99999999999999_1", "q=" + "x" * 201,
])
def test_malformed_filters_get_a_clear_400_not_a_crash(client, query):
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(f"/practice?{query}", headers=headers)
        html = response.get_data(as_text=True)
        assert response.status_code == 400, query
        assert "There is a problem" in html and "<script>" not in html


def test_older_posts_pages_are_stable_when_someone_posts_in_between(app, client):
    app.config["PRACTICE_PAGE_SIZE"] = 5
    try:
        start = utcnow() - timedelta(hours=1)
        for n in range(12):
            dated_post(start + timedelta(minutes=n), title=f"Post {n:02d}")
        first = client.get("/practice")
        cursor = re.search(r'href="/practice\?after=([^"&]+)"', first.get_data(as_text=True)).group(1)
        dated_post(utcnow(), title="Brand new")
        second = client.get(f"/practice?after={cursor}")
        assert titles(first) == [f"Post {n:02d}" for n in range(11, 6, -1)]
        assert titles(second) == [f"Post {n:02d}" for n in range(6, 1, -1)]
    finally:
        app.config["PRACTICE_PAGE_SIZE"] = 20


def test_helpful_pages_do_not_repeat_or_skip_ties(app, client):
    app.config["PRACTICE_PAGE_SIZE"] = 3
    try:
        for n in range(7):
            make_post(title=f"Tied {n}", helpful_count=2)
        seen, url = [], "/practice?sort=helpful"
        while url:
            html = client.get(url).get_data(as_text=True)
            seen += titles(client.get(url))
            match = re.search(r'href="(/practice\?[^"]*after=[^"]+)"', html)
            url = match.group(1).replace("&amp;", "&") if match else None
        assert sorted(seen) == [f"Tied {n}" for n in range(7)]
    finally:
        app.config["PRACTICE_PAGE_SIZE"] = 20


def _make_varied_posts(count):
    for n in range(count):
        make_searchable_post(title=f"Writing trial {n}", body="Image generators and vocabulary.", kind="trial",
                             tools=("Image generator", f"Tool {n % 4}"), phase_ids=("primary", "secondary"),
                             recommendation_ids=("r17", "r20", "r14-staffing"), author=make_user())


@pytest.mark.parametrize("path", ["/practice", "/practice?q=vocabulary", "/practice?tool=image+generator&sort=helpful"])
def test_browse_and_search_run_a_fixed_number_of_queries(client, auth, count_queries, path):
    auth.login(make_user())
    client.get(path)  # reference data (the filters' choices) is read once, then kept until a reload
    counts = []
    for total in (3, 30):
        _make_varied_posts(total - (counts and 3 or 0))
        with count_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200
        assert len(titles(response)) == min(total, 20)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_post_page_runs_a_fixed_number_of_queries(client, count_queries):
    counts = []
    for tags in (1, 3):
        post = make_post(recommendation_ids=("r17", "r20", "r22")[:tags], phase_ids=("primary", "secondary", "nursery")[:tags],
                         tools=[make_tool(f"Tool {n}") for n in range(tags * 5)])
        with count_queries() as statements:
            assert client.get(f"/practice/{post.id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_your_posts_runs_a_fixed_number_of_queries(client, auth, count_queries):
    author = make_user()
    auth.login(author)
    counts = []
    for total in (3, 30):
        for _ in range(total - (3 if counts else 0)):
            make_post(author=author, tools=[make_tool("Copilot")])
        with count_queries() as statements:
            assert client.get("/practice/mine").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
