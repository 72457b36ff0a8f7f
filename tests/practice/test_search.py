"""Full-text search: ranked, highlighted, safe with any input, and blind to what the viewer may not see."""
import re

import pytest

from portal.extensions import db
from portal.practice import search
from portal.practice.models import Post
from tests.factories import make_searchable_post, make_trust, make_user
from tests.practice.conftest import post_form


def titles(response):
    return re.findall(r'<a href="/practice/\d+">([^<]+)</a>', response.get_data(as_text=True))


def test_search_finds_words_in_titles_bodies_and_tags(client):
    make_searchable_post(title="Descriptive writing", body="Pupils compared pictures.", tools=("Image generator",))
    make_searchable_post(title="Parent letters", body="A prompt bank for letters home.", phase_ids=("secondary",))
    assert titles(client.get("/practice?q=descriptive")) == ["Descriptive writing"]
    assert titles(client.get("/practice?q=compared+pictures")) == ["Descriptive writing"]
    assert titles(client.get("/practice?q=generator")) == ["Descriptive writing"]
    assert titles(client.get("/practice?q=secondary")) == ["Parent letters"]
    assert titles(client.get("/practice?q=letter")) == ["Parent letters"]  # stemmed: letters


def test_a_title_match_ranks_above_a_passing_mention(client):
    make_searchable_post(title="Lesson planning", body="We also mention feedback once.")
    make_searchable_post(title="Feedback on maths homework", body="Feedback drafted by a tool, checked by staff.")
    assert titles(client.get("/practice?q=feedback"))[0] == "Feedback on maths homework"


def test_snippets_highlight_matches_and_escape_everything_else(client):
    make_searchable_post(title="Snippet test", body="Our <script>alert(1)</script> vocabulary work <b>grew</b>.")
    html = client.get("/practice?q=vocabulary").get_data(as_text=True)
    snippet = re.search(r'<p class="post-card__snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>vocabulary</mark>" in snippet
    # SQLite shows the typed tags as text; PostgreSQL's ts_headline drops them. Neither lets them through.
    assert "<script" not in snippet and "<b>" not in snippet


def test_marker_characters_typed_by_users_cannot_open_a_highlight():
    post = Post(kind="case_study", title="x\ue000y", body="a\ue001b")
    document = search.document_for(post)
    assert "\ue000" not in document["title"] and "\ue001" not in document["content"]


@pytest.mark.parametrize("query", ['"', '"unbalanced', "image*", "NEAR(image writing)", "-image", "(a OR b)",
                                   "AND", "title:image", "^image", "image + - ' \\", "*", "a' OR '1'='1", "🙂"])
def test_queries_with_search_syntax_never_error(client, query):
    make_searchable_post(title="Image generators")
    response = client.get("/practice", query_string={"q": query})
    assert response.status_code == 200


def test_search_combines_with_filters(client):
    make_searchable_post(title="Chatbot trial", kind="trial", body="A chatbot answered questions.")
    make_searchable_post(title="Chatbot failure", kind="failure", body="The chatbot gave wrong answers.")
    assert titles(client.get("/practice?q=chatbot&kind=failure")) == ["Chatbot failure"]


def test_search_results_can_be_sorted_newest_or_most_helpful(client):
    make_searchable_post(title="Feedback A", helpful_count=5)
    make_searchable_post(title="Feedback B", helpful_count=1)
    assert titles(client.get("/practice?q=feedback&sort=newest")) == ["Feedback B", "Feedback A"]
    assert titles(client.get("/practice?q=feedback&sort=helpful")) == ["Feedback A", "Feedback B"]


def test_search_pages_by_relevance_without_repeats(app, client):
    app.config["PRACTICE_PAGE_SIZE"] = 2
    try:
        for n in range(5):
            make_searchable_post(title=f"Rubric {n}", body="rubric " * (n + 1))
        seen, url = [], "/practice?q=rubric"
        while url:
            response = client.get(url)
            seen += titles(response)
            match = re.search(r'href="(/practice\?[^"]*after=[^"]+)"', response.get_data(as_text=True))
            url = match.group(1).replace("&amp;", "&") if match else None
        assert sorted(seen) == [f"Rubric {n}" for n in range(5)]
    finally:
        app.config["PRACTICE_PAGE_SIZE"] = 20


def test_the_index_follows_edits_and_deletes(client, auth):
    author = make_user()
    auth.login(author)
    auth.post("/practice/new/case_study", post_form(title="Marking rubric", body="About rubrics."))
    post_id = db.session.scalar(db.select(Post.id))
    assert titles(client.get("/practice?q=rubric")) == ["Marking rubric"]
    auth.post(f"/practice/{post_id}/edit", post_form(title="Reading ages", body="About reading."))
    assert titles(client.get("/practice?q=rubric")) == []
    assert titles(client.get("/practice?q=reading")) == ["Reading ages"]
    auth.post(f"/practice/{post_id}/delete")
    assert titles(client.get("/practice?q=reading")) == []


def test_search_never_shows_or_counts_posts_the_viewer_may_not_see(client, auth):
    trust = make_trust()
    author = make_user(trust=trust)
    for name, traits in {"members": {"visibility": "members"}, "trust": {"visibility": "trust"},
                         "draft": {"status": "draft"}, "pending": {"status": "pending"},
                         "hidden": {"status": "hidden"}, "rejected": {"status": "rejected"}}.items():
        make_searchable_post(author=author, title=f"Secret {name}", body="zanzibar confidential", **traits)
    visitor = client.get("/practice?q=zanzibar").get_data(as_text=True)
    assert "0 posts" in visitor and "Secret" not in visitor and "confidential" not in visitor
    auth.login(make_user(trust=make_trust()))
    outsider = client.get("/practice?q=zanzibar", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "1 post " in outsider and "Secret members" in outsider and "Secret trust" not in outsider
    auth.logout()
    auth.login(make_user(trust=trust))
    colleague = client.get("/practice?q=zanzibar").get_data(as_text=True)
    assert "2 posts" in colleague and "Secret trust" in colleague and "Secret draft" not in colleague


def test_rebuild_index_command_indexes_every_post(client, runner):
    from tests.factories import make_post
    make_post(title="Imported quietly")
    assert titles(client.get("/practice?q=imported")) == []
    result = runner.invoke(args=["practice", "reindex"])
    assert "Indexed 1 posts." in result.output
    assert titles(client.get("/practice?q=imported")) == ["Imported quietly"]
