"""Cached pages and summaries: served again while nothing shared changes, never after a change,
never across audiences, and answered with 304 when the browser already holds the page."""
import gzip

import brotli
from flask import g
from sqlalchemy import update

from portal.audiences import audience_key
from portal.content_cache import cached, every_scope, versions_of
from portal.extensions import cache, db
from portal.notifications.services import notify
from portal.practice.models import POSTS, Post
from tests.conftest import AuthActions
from tests.factories import make_comment, make_post, make_trust, make_user


def versions():
    """Every declared scope's version, as the next request will read them."""
    g.pop("cache_versions", None)
    return versions_of(*every_scope())


def queries_for(client, count_queries, path, **kwargs):
    with count_queries() as statements:
        response = client.get(path, **kwargs)
    return response, len(statements)


def test_a_visitor_page_is_served_from_the_cache_with_one_query(client, real_cache, count_queries):
    make_post(title="Cached once")
    first, cold = queries_for(client, count_queries, "/practice")
    again, warm = queries_for(client, count_queries, "/practice")
    assert again.get_data() == first.get_data() and "Cached once" in again.get_data(as_text=True)
    assert warm == 1 < cold  # the versions of what the page shows, nothing else


def test_a_new_post_comment_or_edit_shows_at_once(client, real_cache):
    post = make_post(title="First title")
    assert "First title" in client.get("/").get_data(as_text=True)
    make_post(title="A second post")
    assert "A second post" in client.get("/").get_data(as_text=True)
    post.title = "Edited title"
    db.session.commit()
    assert "Edited title" in client.get(f"/practice/{post.id}").get_data(as_text=True)
    make_comment(post=post, body="A comment written after the page was cached.")
    assert "written after the page was cached" in client.get(f"/practice/{post.id}").get_data(as_text=True)


def test_bulk_statements_move_what_they_change(client, real_cache):
    post = make_post(title="Before the bulk update")
    assert "Before the bulk update" in client.get("/practice").get_data(as_text=True)
    db.session.execute(update(Post).where(Post.id == post.id).values(title="After the bulk update"))
    db.session.commit()
    assert "After the bulk update" in client.get("/practice").get_data(as_text=True)


def test_private_writes_and_rollbacks_leave_the_cache_alone(app):
    member = make_user()
    before = versions()
    notify(member, "contact_request", "Someone asks to contact you.", "/contact")
    db.session.commit()
    assert versions() == before
    db.session.add(Post(kind="case_study", title="Never saved", body="x", body_html="x", summary="x",
                        author_description="x", visibility="public", status="published"))
    db.session.flush()
    db.session.rollback()
    assert versions() == before
    make_post()
    assert versions()[POSTS] > before[POSTS]


def test_members_never_get_the_visitor_page(client, auth, real_cache):
    make_post(title="Members only practice", visibility="members")
    assert "Members only practice" not in client.get("/practice").get_data(as_text=True)
    auth.login(make_user())
    page = client.get("/practice").get_data(as_text=True)
    assert "Members only practice" in page and 'name="csrf-token"' in page
    auth.logout()
    assert "Members only practice" not in client.get("/practice").get_data(as_text=True)


def test_a_visitor_page_sets_no_cookie_and_carries_no_token(client, real_cache):
    make_post()
    for _ in range(2):
        response = client.get("/practice")
        assert "Set-Cookie" not in response.headers
        assert 'name="csrf-token"' not in response.get_data(as_text=True)


def test_a_pending_message_is_shown_not_cached(client, auth, real_cache):
    client.get("/")
    auth.login(make_user())
    response = auth.logout()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out" in page.lower()
    assert "signed out" not in client.get("/").get_data(as_text=True).lower()


def test_an_unchanged_page_is_answered_with_304(client, real_cache):
    make_post()
    first = client.get("/practice")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert "no-cache" in first.headers["Cache-Control"]
    assert {"Cookie", "HX-Request"} <= {v.strip() for v in first.headers["Vary"].split(",")}
    assert client.get("/practice", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.get("/practice", headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
    make_post(title="Something new")
    changed = client.get("/practice", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and "Something new" in changed.get_data(as_text=True)


def test_htmx_fragments_and_full_pages_are_cached_apart(client, real_cache):
    make_post()
    page = client.get("/practice?kind=case_study").get_data(as_text=True)
    fragment = client.get("/practice?kind=case_study", headers={"HX-Request": "true"})
    assert "<html" in page and "<html" not in fragment.get_data(as_text=True)
    assert fragment.headers["HX-Push-Url"] == "/practice?kind=case_study"
    assert "<html" in client.get("/practice?kind=case_study").get_data(as_text=True)


def test_a_bad_filter_is_refused_every_time_not_cached(client, real_cache):
    for _ in range(2):
        assert client.get("/practice?phase=not-a-phase").status_code == 400


def test_cached_data_is_shared_within_an_audience_and_never_across_it(app, real_cache):
    trust, other_trust = make_trust(), make_trust()
    calls = []

    def compute_for(name):
        return lambda: calls.append(name) or name
    def summary(viewer, compute):
        return cached("summary", compute, shows=(POSTS,), seen_by=audience_key(viewer))
    member, colleague, outsider = make_user(trust=trust), make_user(trust=trust), make_user(trust=other_trust)
    assert summary(member, compute_for("trust")) == "trust"
    assert summary(colleague, compute_for("again")) == "trust"
    assert summary(outsider, compute_for("other trust")) == "other trust"
    assert summary(make_user(role="moderator"), compute_for("moderator")) == "moderator"
    assert calls == ["trust", "other trust", "moderator"]
    make_post()
    versions()
    assert summary(colleague, compute_for("after a change")) == "after a change"


def test_a_cache_that_is_away_only_makes_pages_slower(client, app, monkeypatch, caplog):
    class Unreachable:
        def get(self, key):
            raise ConnectionError("Redis is away")

        def set(self, *args, **kwargs):
            raise ConnectionError("Redis is away")
    monkeypatch.setitem(app.extensions["cache"], cache, Unreachable())
    make_post(title="Still served")
    for path in ("/practice", "/recommendations/r17"):
        response = client.get(path)
        assert response.status_code == 200
    assert "Still served" in client.get("/practice").get_data(as_text=True)
    assert "Cache unreachable" in caplog.text


def test_a_members_cached_comments_stay_their_own_and_show_new_ones(app, real_cache):
    post = make_post()
    reader, writer = make_user(), make_user()
    make_comment(post=post, author=writer, body="The writer's first thought.")
    reader_client, writer_client = app.test_client(), app.test_client()
    for client, member in ((reader_client, reader), (writer_client, writer)):
        AuthActions(client).login(member)
    assert "Delete" not in reader_client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "Delete" in writer_client.get(f"/practice/{post.id}").get_data(as_text=True)
    make_comment(post=post, author=writer, body="A second thought, after both had looked.")
    page = reader_client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "A second thought" in page and "Delete" not in page


def test_a_cached_page_is_served_compressed_as_the_browser_asks(client, real_cache):
    make_post(title="Compressed once")
    plain = client.get("/practice").get_data()
    for encoding, decompress in (("gzip", gzip.decompress), ("br", brotli.decompress)):
        response = client.get("/practice", headers={"Accept-Encoding": encoding})
        assert response.headers["Content-Encoding"] == encoding
        assert decompress(response.get_data()) == plain
        assert "Accept-Encoding" in response.headers["Vary"]
        again = client.get("/practice", headers={"Accept-Encoding": encoding, "If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304
    assert "Content-Encoding" not in client.get("/practice").headers


def test_a_new_release_never_serves_what_the_old_one_cached(app, client, real_cache, count_queries, monkeypatch):
    make_post(title="Rendered by the old release")
    client.get("/practice")
    assert cached("summary", lambda: "old release", shows=(POSTS,), seen_by="public") == "old release"
    monkeypatch.setitem(app.config, "CONTENT_RELEASE", "the-next-release")
    assert cached("summary", lambda: "new release", shows=(POSTS,), seen_by="public") == "new release"
    _, statements = queries_for(client, count_queries, "/practice")
    assert statements > 1  # rendered afresh, not the old release's page


def test_a_post_page_shares_its_body_within_an_audience_and_keeps_each_readers_parts_their_own(
        app, real_cache, count_queries):
    trust = make_trust()
    author = make_user(name="Asha Writer", trust=trust)
    post = make_post(author=author, anonymous=True, author_description="A Year 4 teacher in Leeds",
                     visibility="trust", title="Drawn from a draft")
    colleague, moderator = make_user(trust=trust), make_user(role="moderator")
    clients = {}
    for name, member in (("author", author), ("colleague", colleague), ("moderator", moderator)):
        clients[name] = app.test_client()
        AuthActions(clients[name]).login(member)
    pages = {name: client.get(f"/practice/{post.id}").get_data(as_text=True) for name, client in clients.items()}

    assert "You posted this without your name" in pages["author"] and "Edit<span" in pages["author"]
    assert "This was helpful" not in pages["author"]  # not on one's own post
    colleague_page = pages["colleague"]
    assert "Drawn from a draft" in colleague_page and "A Year 4 teacher in Leeds" in colleague_page
    assert "Asha Writer" not in colleague_page and "You posted this without your name" not in colleague_page
    assert "Edit<span" not in colleague_page and "This was helpful" in colleague_page
    # Moderators see who wrote it on the moderation pages only; they may still edit it.
    assert "Asha Writer" not in pages["moderator"] and "Edit<span" in pages["moderator"]

    # Served from the cache, the member's page reads only the member and the post's own columns.
    response, queries = queries_for(clients["colleague"], count_queries, f"/practice/{post.id}")
    again = response.get_data(as_text=True)
    assert "A Year 4 teacher in Leeds" in again and "Asha Writer" not in again and "Edit<span" not in again
    assert queries == 2
