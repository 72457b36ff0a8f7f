"""Requests that arrive at the same moment through several app processes: the rules still hold.

Runs on a SQLite file the processes share, and on PostgreSQL when TEST_DATABASE_URL names one.
"""
import uuid
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from sqlalchemy import func, select

from portal.config import Config
from portal.directory.models import ContactRequest, pair_key
from portal.extensions import db
from portal.practice.models import Post, Tool, post_tools
from tests.factories import DEFAULT_PASSWORD, make_contact_request, make_listed_member, make_user
from tests.scaleout.conftest import database_writer, migrate, server_starter
from tests.scaleout.servers import CSRF_TOKEN, Browser

PROCESSES = 3


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def race_database(request, tmp_path_factory):
    if request.param == "postgresql":
        return request.getfixturevalue("portal_database")
    url = "sqlite:///" + str(tmp_path_factory.mktemp("races") / "portal.sqlite3")
    migrate(url, tmp_path_factory.mktemp("migrate"))
    return url


@pytest.fixture(scope="module")
def writer(race_database):
    yield from database_writer(race_database, "races-writer")


@pytest.fixture(scope="module")
def processes(race_database, tmp_path_factory):
    """Several app processes on one database, each counting its own rate limits (none is reached here)."""
    with server_starter(tmp_path_factory.mktemp("servers")) as start:
        yield [start(race_database, "memory://", "race") for _ in range(PROCESSES)]


def at_once(calls):
    """Run the calls in threads released together; their results, in order."""
    barrier = Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()
    with ThreadPoolExecutor(len(calls)) as pool:
        return [future.result() for future in [pool.submit(run, call) for call in calls]]


def signed_in(server, email):
    browser = Browser()
    response = browser.post(server, "/sign-in", {"email": email, "password": DEFAULT_PASSWORD}, csrf_from="/sign-in")
    assert response.status == 302
    return browser


def poster(browser, server, path, form, csrf_from):
    """A POST ready to send, with a token read now from a page of the same server."""
    match = CSRF_TOKEN.search(browser.get(server, csrf_from).text)
    form = {**form, "csrf_token": match.group(1) or match.group(2)}
    return lambda: browser.request(server, "POST", path, form=form).status


def ask_to_talk(browser, server, recipient_id):
    return poster(browser, server, f"/directory/{recipient_id}/contact",
                  {"message": "Could we compare notes on AI marking?"}, csrf_from="/contact-requests")


def test_requests_sent_at_once_through_several_processes_stop_at_the_daily_cap(processes, writer):
    with writer():
        sender = make_user()
        for _ in range(Config.CONTACT_REQUEST_DAILY_CAP - 1):
            make_contact_request(sender, make_listed_member(), status="declined")
        recipients = [make_listed_member().id for _ in range(2 * PROCESSES)]
        sender_id, email = sender.id, sender.email
    browser = signed_in(processes[0], email)
    calls = [ask_to_talk(browser, processes[n % PROCESSES], recipient) for n, recipient in enumerate(recipients)]

    statuses = at_once(calls)

    assert sorted(statuses) == [303] + [422] * (len(calls) - 1)
    with writer():
        sent = db.session.scalar(select(func.count()).where(ContactRequest.sender_id == sender_id))
    assert sent == Config.CONTACT_REQUEST_DAILY_CAP


def test_two_members_asking_each_other_at_once_open_one_request(processes, writer):
    with writer():
        a, b = make_listed_member(), make_listed_member()
        ids, emails = (a.id, b.id), (a.email, b.email)
    browsers = [signed_in(processes[0], emails[0]), signed_in(processes[1], emails[1])]
    calls = [ask_to_talk(browsers[n % 2], server, ids[1 - n % 2])
             for server in processes for n in range(2)]

    statuses = at_once(calls)

    assert sorted(statuses) == [303] + [422] * (len(calls) - 1)
    with writer():
        open_requests = db.session.scalar(select(func.count()).where(
            ContactRequest.pair_key == pair_key(*ids), ContactRequest.status == "pending"))
    assert open_requests == 1


def test_posts_naming_the_same_new_tool_at_once_are_all_saved_with_one_tool(processes, writer):
    tool = f"Sketch Tutor {uuid.uuid4().hex[:8]}"
    with writer():
        emails = [make_user().email for _ in range(2 * PROCESSES)]
    form = {"title": "Image generators in Year 4 writing", "body": "We tried it in three lessons.",
            "phases": "primary", "recommendations": "r17", "tools": tool, "visibility": "public",
            "action": "publish"}
    calls = []
    for n, email in enumerate(emails):
        server = processes[n % PROCESSES]
        calls.append(poster(signed_in(server, email), server, "/practice/new/case_study", form,
                            csrf_from="/practice/new/case_study"))

    statuses = at_once(calls)

    assert statuses == [303] * len(calls)
    with writer():
        tools = db.session.scalars(select(Tool).where(Tool.key == tool.casefold())).all()
        posts = db.session.scalar(select(func.count()).select_from(post_tools).join(Post).where(
            post_tools.c.tool_id == tools[0].id))
    assert len(tools) == 1 and posts == len(calls)


def test_helpful_marks_and_comments_at_once_on_linked_posts_all_land_and_move_each_post_once(processes, writer):
    """Writes moving overlapping cache scopes (a post, its replication, the lists' order) in every order."""
    from portal.content_cache import CacheScope
    from tests.factories import make_post
    with writer():
        original = make_post(title="Tried first")
        replication = make_post(title="Tried again", replication_of_id=original.id)
        post_ids = (original.id, replication.id)
        emails = [make_user().email for _ in range(4 * PROCESSES)]

        def scope_versions():
            rows = db.session.execute(select(CacheScope.name, CacheScope.value)).all()
            return {name: value for name, value in rows}
        before = scope_versions()
    calls = []
    for n, email in enumerate(emails):
        server, post_id = processes[n % PROCESSES], post_ids[n % 2]
        browser = signed_in(server, email)
        if n % 4 < 2:
            calls.append(poster(browser, server, f"/practice/{post_id}/helpful", {"marked": "yes"},
                                csrf_from=f"/practice/{post_id}"))
        else:
            calls.append(poster(browser, server, f"/practice/{post_id}/comments",
                                {"comment-body": "We tried this with Year 3 too."}, csrf_from=f"/practice/{post_id}"))

    statuses = at_once(calls)

    assert statuses == [303] * len(calls)
    with writer():
        posts = {post.id: post for post in db.session.scalars(select(Post).where(Post.id.in_(post_ids)))}
        assert [posts[post_id].helpful_count for post_id in post_ids] == [PROCESSES, PROCESSES]
        assert [posts[post_id].comment_count for post_id in post_ids] == [PROCESSES, PROCESSES]
        after = scope_versions()
    # Each write moves its own post's page (counts and comments are not on the linked post's card) and
    # the lists' counts, never the lists' cards.
    for post_id in post_ids:
        assert after[f"post:{post_id}"] - before.get(f"post:{post_id}", 0) == len(calls) // 2
    assert after["post-counts"] - before.get("post-counts", 0) == len(calls)
    assert after.get("posts", 0) == before.get("posts", 0)
