"""Two app processes behind one address share rate limits (through Redis) and data (through PostgreSQL)."""
import re

import pytest

from portal.config import Config
from tests.factories import make_post, make_user
from tests.scaleout.conftest import REDIS_DB, REDIS_HOST, REDIS_PORT
from tests.scaleout.servers import Browser

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def both_processes(portal_database, shared_redis, start_module_server):
    storage = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
    return start_module_server(portal_database, storage, "a"), start_module_server(portal_database, storage, "b")


@pytest.fixture
def two_processes(both_processes, shared_redis):
    """The two processes, with fresh rate-limit counters: every test here signs in from the same address."""
    shared_redis.flushdb()
    return both_processes


def per_minute_sign_in_limit():
    return int(re.match(r"(\d+) per minute", Config.LOGIN_RATE_LIMIT).group(1))


def test_both_processes_report_a_healthy_database(two_processes):
    for server in two_processes:
        response = Browser().get(server, "/healthz")
        assert (response.status, response.json()) == (200, {"status": "ok", "database": "ok"})


def test_sign_in_attempts_alternated_between_processes_meet_one_combined_limit(two_processes, shared_redis):
    a, b = two_processes
    limit = per_minute_sign_in_limit()
    browser = Browser()
    wrong = {"email": "nobody@school.example", "password": "not the password"}
    statuses = [browser.post((a, b)[n % 2], "/sign-in", wrong, csrf_from="/sign-in").status for n in range(limit)]
    assert statuses == [422] * limit
    # Each process has let through only half the limit itself: a per-process count would still say yes.
    assert browser.post(a, "/sign-in", wrong, csrf_from="/sign-in").status == 429
    assert browser.post(b, "/sign-in", wrong, csrf_from="/sign-in").status == 429
    assert shared_redis.keys("*LIMITER*auth.login*"), "the counters should live in the shared Redis database"


def test_a_comment_posted_through_one_process_is_read_through_the_other(two_processes, writer):
    a, b = two_processes
    with writer():
        make_user(email="amira@school.example", password=PASSWORD)
        post_id = make_post(title="Marking with a rubric assistant").id
    reader = Browser()  # a visitor: process b caches the page it renders for them
    first = reader.get(b, f"/practice/{post_id}")
    assert "Exit tickets worked across both sites" not in first.text and first.headers["ETag"]

    browser = Browser()
    assert browser.post(a, "/sign-in", {"email": "amira@school.example", "password": PASSWORD}, csrf_from="/sign-in").status == 302
    sent = browser.post(a, f"/practice/{post_id}/comments", {"comment-body": "Exit tickets worked across both sites."},
                        csrf_from=f"/practice/{post_id}")
    assert sent.status == 303

    # The write through a moved the content version on in the database, so b's cached copy is not used.
    page = reader.get(b, f"/practice/{post_id}")
    assert page.status == 200 and "Exit tickets worked across both sites." in page.text


def test_signing_out_through_one_process_ends_the_session_on_the_other(two_processes, writer):
    a, b = two_processes
    with writer():
        make_user(email="tom@school.example", password=PASSWORD)
    browser = Browser()
    assert browser.post(a, "/sign-in", {"email": "tom@school.example", "password": PASSWORD}, csrf_from="/sign-in").status == 302
    assert browser.get(b, "/account").status == 200
    stolen_copy = dict(browser.cookies)

    assert browser.post(a, "/sign-out", {}).status == 303

    replayed = Browser()
    replayed.cookies = stolen_copy
    response = replayed.get(b, "/account")
    assert response.status == 302 and "/sign-in" in response.headers["Location"]
