"""Practice that finds you: related practice at the end of each post, and "has someone tried this
already?" while writing, both ranked by the database's own full-text engine and both showing only what
the reader may see."""
from portal.extensions import db
from tests.factories import make_searchable_post, make_trust, make_user

HX = {"HX-Request": "true"}


def related_section(client, post):
    page = client.get(f"/practice/{post.id}").get_data(as_text=True)
    return page.split('id="related-heading"', 1)[1].split("</section>", 1)[0] if 'id="related-heading"' in page else ""


def test_a_post_ends_with_practice_like_it_and_not_with_unrelated_posts(client):
    post = make_searchable_post(title="Report comments drafted with a chatbot")
    make_searchable_post(title="Chatbot drafts of end-of-year report comments")
    make_searchable_post(title="Image generators for story settings")

    related = related_section(client, post)
    assert "Chatbot drafts of end-of-year report comments" in related
    assert "Image generators for story settings" not in related
    assert "Report comments drafted with a chatbot" not in related  # never itself


def test_posts_sharing_its_recommendation_rank_first(client):
    post = make_searchable_post(title="Marking feedback with AI", recommendation_ids=("r17",))
    other_tag = make_searchable_post(title="AI marking feedback", recommendation_ids=("r3",))
    same_tag = make_searchable_post(title="AI marking feedback", recommendation_ids=("r17",))
    related = related_section(client, post)
    assert related.index(f"/practice/{same_tag.id}") < related.index(f"/practice/{other_tag.id}")


def test_the_chain_of_tries_shown_above_is_left_out(client):
    original = make_searchable_post(title="Vocabulary from drawings of pupils' settings")
    tried = make_searchable_post(title="Vocabulary from drawings, tried in Year 5", replication_of_id=original.id)
    cousin = make_searchable_post(title="Drawings that build vocabulary")
    related = related_section(client, original)
    assert f"/practice/{cousin.id}" in related and f"/practice/{tried.id}\"" not in related
    assert f"/practice/{original.id}\"" not in related_section(client, tried)


def test_related_practice_shows_only_what_the_reader_may_see_and_never_an_anonymous_author(client, auth):
    trust = make_trust()
    post = make_searchable_post(title="Parent letters written with AI")
    make_searchable_post(title="AI parent letters for trips", visibility="trust", author=make_user(trust=trust))
    make_searchable_post(title="Parent letters, a draft", status="draft")
    make_searchable_post(title="Letters to parents with AI", anonymous=True, author=make_user(name="Nadia Rahman"),
                         author_description="A secondary teacher")
    visitor = related_section(client, post)
    assert "AI parent letters for trips" not in visitor and "Parent letters, a draft" not in visitor
    assert "A secondary teacher" in visitor and "Nadia Rahman" not in visitor
    auth.login(make_user(trust=trust))
    assert "AI parent letters for trips" in related_section(client, post)


def test_a_new_post_like_it_shows_at_once(client):
    post = make_searchable_post(title="Quizzes generated for retrieval practice")
    assert related_section(client, post) == ""  # nothing like it yet: no empty heading
    make_searchable_post(title="Retrieval practice quizzes from a chatbot")
    assert "Retrieval practice quizzes from a chatbot" in related_section(client, post)


def test_while_writing_similar_posts_come_back_as_a_fragment(client, auth):
    make_searchable_post(title="Report comments drafted with a chatbot")
    make_searchable_post(title="Image generators for story settings")
    auth.login(make_user())
    response = client.get("/practice/similar?title=chatbot+report+comments&recommendations=r17&phases=primary",
                          headers=HX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert "Has someone tried this already?" in fragment and "1 post like yours" in fragment
    assert "Report comments drafted with a chatbot" in fragment and "Image generators" not in fragment
    assert 'target="_blank"' in fragment and "(opens in a new tab)" in fragment


def test_while_editing_the_post_itself_is_not_offered(client, auth):
    author = make_user()
    mine = make_searchable_post(title="Report comments drafted with a chatbot", author=author)
    auth.login(author)
    fragment = client.get(f"/practice/similar?title=report+comments+chatbot&post={mine.id}", headers=HX).get_data(as_text=True)
    assert fragment.strip() == ""


def test_nothing_like_it_or_too_little_typed_returns_nothing(client, auth):
    make_searchable_post(title="Report comments drafted with a chatbot")
    auth.login(make_user())
    for title in ("", "the and of", "zebra crossings"):
        response = client.get(f"/practice/similar?title={title}&recommendations=r17", headers=HX)
        assert response.status_code == 200 and response.get_data(as_text=True).strip() == ""


def test_bad_tags_or_a_title_too_long_are_a_400(client, auth):
    auth.login(make_user())
    assert client.get("/practice/similar?title=chatbot&recommendations=r99", headers=HX).status_code == 400
    assert client.get("/practice/similar?title=chatbot&phases=university", headers=HX).status_code == 400
    assert client.get(f"/practice/similar?title={'a' * 201}", headers=HX).status_code == 400


def test_without_script_a_visit_becomes_a_search_and_visitors_sign_in_first(client, auth):
    assert client.get("/practice/similar?title=chatbot", headers=HX).status_code in (302, 401)
    auth.login(make_user())
    response = client.get("/practice/similar?title=report+chatbot")
    assert response.status_code == 302 and response.headers["Location"].endswith("/practice?q=report+chatbot")


def test_the_form_asks_for_similar_posts_from_the_title_and_tags(client, auth):
    auth.login(make_user())
    form = client.get("/practice/new/case_study").get_data(as_text=True)
    region = form.split('id="similar-posts"', 1)[1].split("</div>", 1)[0]
    assert 'hx-get="/practice/similar"' in region and 'hx-params="title,recommendations,phases,post"' in region
    assert 'aria-live="polite"' in region


def test_the_similar_query_uses_the_index_not_a_walk_of_posts(app):
    from sqlalchemy import select

    from portal.practice import search
    from portal.practice.models import Post
    stmt, rank = search.apply_similarity(select(Post.id), "report comments chatbot", "Primary")
    compiled = str(stmt.order_by(rank).limit(5).compile(db.engine, compile_kwargs={"literal_binds": True}))
    if db.engine.dialect.name == "postgresql":
        connection = db.session.connection()
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a tiny table is cheaper to scan
        plan = " ".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + compiled))
        assert "ix_post_search_document" in plan, plan
    else:
        plan = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + compiled).all()
        assert any("VIRTUAL TABLE INDEX" in row[-1] for row in plan), plan
