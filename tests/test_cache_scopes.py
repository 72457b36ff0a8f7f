"""Each write moves on only the cache scopes it changes, so a busy day leaves most of the cache standing.

The table of writes below says, for each way the portal writes, exactly which scopes move; every table
must declare what it shows, so a new table (or a new write to an old one) cannot forget.
"""
import pytest
from sqlalchemy import select, update

from portal.content_cache import CacheScope, untracked_tables
from portal.directory.models import DirectoryProfile
from portal.extensions import db
from portal.moderation import audit
from portal.notifications.services import notify
from portal.practice.models import Post
from tests.conftest import AuthActions
from tests.factories import (make_block, make_collection, make_comment, make_directory_profile, make_featured,
                             make_post, make_school, make_user)


def scope_versions():
    return dict(db.session.execute(select(CacheScope.name, CacheScope.value)).all())


def moved_by(write):
    before = scope_versions()
    write()
    db.session.expire_all()
    after = scope_versions()
    return {name for name, value in after.items() if before.get(name, 0) != value}


@pytest.fixture
def world(app):
    """A published post with a replication, a draft, and two members (one listed in the directory)."""
    author = make_user(name="Asha Writer", school=make_school(name="Brook Primary"))
    original = make_post(author=author, title="The original")
    replication = make_post(title="Tried it too", replication_of_id=original.id)
    draft = make_post(author=author, title="Still a draft", status="draft")
    reader, moderator = make_user(), make_user(role="moderator")
    make_directory_profile(author)
    client = app.test_client()
    AuthActions(client).login(reader)
    return {"app": app, "moderator": moderator, "author": author, "original": original, "replication": replication, "draft": draft, "reader": reader,
            "client": client, "auth": AuthActions(client)}


def _edit(post, **values):
    for name, value in values.items():
        setattr(post, name, value)
    db.session.commit()


WRITES = {
    # Members' own business: nothing cached shows it.
    "a sign-in": (lambda w: AuthActions(w["app"].test_client()).login(w["author"]), set()),
    "a new account": (lambda w: make_user(), set()),
    "a notification, then reading it": (lambda w: (notify(w["reader"], "comment", "New comment", "/"),
                                                   db.session.commit(), w["auth"].post("/notifications/read-all")),
                                        set()),
    "a contact request": (lambda w: w["auth"].post(f"/directory/{w['author'].id}/contact",
                                                   {"message": "Could we compare notes on report writing?"}),
                          set()),
    # One post and what shows it.
    "a helpful mark": (lambda w: w["auth"].post(f"/practice/{w['original'].id}/helpful", {"marked": "yes"}),
                       {"post:{original}", "post-counts"}),
    "a comment": (lambda w: w["auth"].post(f"/practice/{w['original'].id}/comments",
                                           {"comment-body": "We tried this with Year 3 too."}),
                  {"post:{original}", "post-counts"}),
    "an edit to a published post": (lambda w: _edit(w["original"], title="The original, revised"),
                                    {"post:{original}", "post:{replication}", "posts"}),
    "an edit to a replication": (lambda w: _edit(w["replication"], title="Tried it too, revised"),
                                 {"post:{replication}", "post:{original}", "posts"}),
    "an edit to a draft": (lambda w: _edit(w["draft"], title="Still drafting"), {"post:{draft}"}),
    "publishing a draft": (lambda w: _edit(w["draft"], status="published"),
                           {"post:{draft}", "posts"}),
    "hiding a try": (lambda w: _edit(w["replication"], status="hidden"),
                     {"post:{replication}", "post:{original}", "posts", "post-counts"}),
    # People, places and the directory.
    "a member's new name": (lambda w: _edit(w["author"], name="Asha Writer-Jones"), {"people", "member-details"}),
    "a member's new job title": (lambda w: _edit(w["author"], job_title="Head of English"), {"member-details"}),
    "a directory profile edit": (lambda w: _edit(db.session.get(DirectoryProfile, w["author"].id),
                                                 happy_to_talk_about="Marking with AI"), {"directory"}),
    "a block": (lambda w: make_block(w["reader"], w["author"]), {"directory"}),
    "a school's new name": (lambda w: _edit(w["author"].school, name="Brook Primary Academy"), {"orgs"}),
    # Moderation.
    "a featured post": (lambda w: make_featured(make_collection(name="Worth reading"), w["original"]),
                        {"collections"}),
    "a moderator's action": (lambda w: (audit.record(w["moderator"], "label", "post", w["original"].id),
                                        db.session.commit()), {"transparency"}),
    # A bulk statement that does not say which posts it changes moves them all.
    "a bulk update of posts": (lambda w: (db.session.execute(update(Post).values(region="london")),
                                          db.session.commit()),
                               {"post:*", "posts", "post-counts"}),
}


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_each_write_moves_exactly_the_scopes_it_changes(world, write):
    action, expected = WRITES[write]
    ids = {name: world[name].id for name in ("original", "replication", "draft")}
    assert moved_by(lambda: action(world)) == {scope.format(**ids) for scope in expected}


def test_every_table_declares_what_cached_pages_show_of_it(app):
    assert untracked_tables(db.metadata) == []


def queries_for(client, count_queries, path):
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements)


def test_a_write_to_one_post_leaves_other_posts_pages_cached(app, client, real_cache, count_queries):
    busy, quiet = make_post(title="Busy"), make_post(title="Quiet")
    member = make_user()
    member_client = app.test_client()
    AuthActions(member_client).login(member)
    for reader in (client, member_client):
        reader.get(f"/practice/{quiet.id}")
    warm = {"visitor": queries_for(client, count_queries, f"/practice/{quiet.id}"),
            "member": queries_for(member_client, count_queries, f"/practice/{quiet.id}")}
    make_comment(post=busy)
    AuthActions(member_client).post(f"/practice/{busy.id}/helpful", {"marked": "yes"})
    assert queries_for(client, count_queries, f"/practice/{quiet.id}") == warm["visitor"] == 1
    assert queries_for(member_client, count_queries, f"/practice/{quiet.id}") == warm["member"]
    assert "1</span> found this helpful" in client.get(f"/practice/{busy.id}").get_data(as_text=True)


def test_a_sign_in_leaves_visitors_pages_cached(app, client, real_cache, count_queries):
    make_post(title="On the home page")
    for path in ("/", "/practice", "/recommendations/r17"):
        client.get(path)
    AuthActions(app.test_client()).login(make_user())
    for path in ("/", "/practice", "/recommendations/r17"):
        assert queries_for(client, count_queries, path) == 1


def test_a_helpful_mark_shows_its_count_on_the_lists_and_leaves_other_posts_pages_cached(
        app, client, real_cache, count_queries):
    older, newer = make_post(title="Older but helpful"), make_post(title="Newer")
    for path in ("/practice", "/practice?sort=helpful", f"/practice/{newer.id}"):
        client.get(path)
    member_client = app.test_client()
    AuthActions(member_client).login(make_user())
    AuthActions(member_client).post(f"/practice/{older.id}/helpful", {"marked": "yes"})
    assert queries_for(client, count_queries, f"/practice/{newer.id}") == 1
    assert "1 found it helpful" in client.get("/practice").get_data(as_text=True)
    helpful_first = client.get("/practice?sort=helpful").get_data(as_text=True)
    assert helpful_first.index("Older but helpful") < helpful_first.index("Newer")


def test_a_change_to_an_original_shows_on_the_page_of_the_post_that_tried_it(client, real_cache):
    original = make_post(title="First try")
    replication = make_post(title="Second try", replication_of_id=original.id)
    assert "First try" in client.get(f"/practice/{replication.id}").get_data(as_text=True)
    assert "Second try" in client.get(f"/practice/{original.id}").get_data(as_text=True)
    _edit(original, title="First try, renamed")
    _edit(replication, title="Second try, renamed")
    assert "First try, renamed" in client.get(f"/practice/{replication.id}").get_data(as_text=True)
    assert "Second try, renamed" in client.get(f"/practice/{original.id}").get_data(as_text=True)


def test_a_new_name_shows_on_cached_posts_and_comments_at_once(app, client, real_cache):
    author = make_user(name="Old Name")
    post = make_post(author=author, title="Signed post")
    make_comment(post=post, author=author, body="A comment signed with the name.")
    member_client = app.test_client()
    AuthActions(member_client).login(make_user())
    for reader in (client, member_client):
        assert "Old Name" in reader.get(f"/practice/{post.id}").get_data(as_text=True)
    _edit(author, name="New Name")
    for reader in (client, member_client):
        page = reader.get(f"/practice/{post.id}").get_data(as_text=True)
        assert "New Name" in page and "Old Name" not in page


def test_a_draft_saved_again_and_again_leaves_the_lists_cached(client, real_cache, count_queries):
    make_post(title="Listed")
    draft = make_post(title="Draft", status="draft")
    client.get("/practice")
    _edit(draft, body="More words")
    assert queries_for(client, count_queries, "/practice") == 1


def test_a_new_tool_shows_in_the_browse_filter_as_soon_as_a_listed_post_names_it(app, real_cache):
    from tests.factories import make_searchable_post
    member_client = app.test_client()
    AuthActions(member_client).login(make_user())
    assert "Gemini" not in member_client.get("/practice").get_data(as_text=True)
    make_searchable_post(title="With a new tool", tools=["Gemini"])
    assert "Gemini" in member_client.get("/practice").get_data(as_text=True)
