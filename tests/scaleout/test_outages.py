"""When the database or Redis goes away, the portal says so quickly or keeps serving, and recovers unaided."""
import subprocess
import time
import uuid

import pytest
from sqlalchemy import create_engine, text

from tests.factories import make_user
from tests.scaleout.test_two_processes import per_minute_sign_in_limit
from tests.scaleout.servers import Browser, TcpProxy, free_port

PASSWORD = "correct horse battery staple"


@pytest.fixture
def database_proxy(portal_database):
    """The app reaches PostgreSQL through a proxy the test can cut, like a network between two hosts."""
    from sqlalchemy.engine import make_url
    url = make_url(portal_database)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    yield proxy, url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    proxy.close()


@pytest.fixture
def signed_in(writer):
    """Sign a new member in on a server (the module's tests share one database, so each has its own member)."""
    email = f"member-{uuid.uuid4().hex[:8]}@school.example"
    with writer():
        make_user(email=email, password=PASSWORD)

    def sign_in(server):
        browser = Browser()
        response = browser.post(server, "/sign-in", {"email": email, "password": PASSWORD}, csrf_from="/sign-in")
        assert response.status == 302
        return browser
    return sign_in


def timed_get(browser, server, path):
    """GET path, and how long it took; a request still unanswered after 10 s (a third of gunicorn's
    worker timeout) fails the test rather than waiting for the worker to be killed."""
    started = time.monotonic()
    response = browser.get(server, path, timeout=10)
    return response, time.monotonic() - started


def fail(proxy, mode):
    """Make the network to the server behind proxy fail the given way."""
    {"refused": proxy.refuse, "silent": proxy.black_hole}[mode]()


def test_a_page_answers_a_clear_503_quickly_while_the_database_is_away_and_recovers_when_it_returns(
        database_proxy, signed_in, start_server):
    proxy, url_through_proxy = database_proxy
    server = start_server(url_through_proxy, "memory://")
    browser = signed_in(server)
    # Signed in, so the page must load the member from the database: no cache can answer it.
    assert browser.get(server, "/account").status == 200

    proxy.cut()
    response, seconds = timed_get(browser, server, "/account")
    assert response.status == 503 and seconds < 10
    assert "Sorry, the service is unavailable" in response.text and "Try again in a few minutes" in response.text
    assert Browser().get(server, "/healthz").status == 503

    proxy.restore()
    response, seconds = timed_get(browser, server, "/account")
    assert response.status == 200 and seconds < 2, "the same process should reconnect, still signed in"
    assert server.process.poll() is None
    assert Browser().get(server, "/healthz").json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize("mode", ["refused", "silent"])
def test_a_pooled_connection_answers_503_within_5_seconds_whichever_way_the_database_fails(
        mode, database_proxy, signed_in, start_server):
    proxy, url_through_proxy = database_proxy
    server = start_server(url_through_proxy, "memory://")
    browser = signed_in(server)
    assert browser.get(server, "/account").status == 200  # the process now holds a pooled connection

    fail(proxy, mode)
    # The member's page first, on the pooled connection; then the health check, on a new one.
    for path in ("/account", "/healthz", "/account"):
        response, seconds = timed_get(browser, server, path)
        assert response.status == 503 and seconds < 6, f"{path}: {response.status} after {seconds:.1f} s"

    proxy.restore()
    response, seconds = timed_get(browser, server, "/account")
    assert response.status == 200 and seconds < 2, "the same process should reconnect, still signed in"
    assert server.process.poll() is None


def test_connections_the_database_drops_are_replaced_without_an_error(portal_database, signed_in, start_server):
    server = start_server(portal_database, "memory://")
    browser = signed_in(server)
    assert browser.get(server, "/account").status == 200

    # As after a database restart or failover: every server-side connection of the app is gone.
    admin = create_engine(portal_database, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        ended = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                  "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    admin.dispose()
    assert ended >= 1

    assert browser.get(server, "/account").status == 200


@pytest.fixture
def private_redis(redis_server_binary, tmp_path):
    """A Redis server of the test's own, so the test can stop it."""
    port = free_port()
    process = subprocess.Popen([redis_server_binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                "--appendonly", "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    import redis
    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield process, port
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)


def test_the_app_keeps_serving_and_limiting_per_process_when_redis_goes_away(portal_database, private_redis,
                                                                                start_server):
    redis_process, port = private_redis
    server = start_server(portal_database, f"redis://127.0.0.1:{port}/0?socket_timeout=1&socket_connect_timeout=1")
    browser = Browser()
    wrong = {"email": "nobody@school.example", "password": "not the password"}
    assert browser.post(server, "/sign-in", wrong, csrf_from="/sign-in").status == 422

    redis_process.terminate()
    redis_process.wait(timeout=10)

    assert browser.get(server, "/about").status == 200
    # Counting starts again in this process's memory, and the same limit holds there.
    limit = per_minute_sign_in_limit()
    statuses = [browser.post(server, "/sign-in", wrong, csrf_from="/sign-in").status for _ in range(limit + 2)]
    assert statuses == [422] * limit + [429, 429]


def test_a_signed_in_page_asks_the_database_for_the_member_once_before_answering_503(client, auth, monkeypatch):
    from sqlalchemy.exc import OperationalError
    from portal.extensions import login_manager
    make_user(email="leah@school.example", password=PASSWORD)
    assert auth.login("leah@school.example", PASSWORD).status_code == 302
    attempts = []

    def database_away(session_token):
        attempts.append(session_token)
        raise OperationalError("SELECT users", {}, Exception("connection timeout expired"))
    monkeypatch.setattr(login_manager, "_user_callback", database_away)

    response = client.get("/account")
    assert response.status_code == 503 and "Sorry, the service is unavailable" in response.get_data(as_text=True)
    # Each attempt waits for the connect timeout: rendering the error page must not try again.
    assert len(attempts) == 1


@pytest.fixture
def redis_proxy(private_redis):
    """The app reaches its private Redis through a proxy the test can make fail."""
    _, port = private_redis
    proxy = TcpProxy("127.0.0.1", port)
    yield proxy, port
    proxy.close()


def through(proxy, db):
    # No timeouts in the URL: the app's own (REDIS_SOCKET_TIMEOUT, 1 s) must apply.
    return f"redis://127.0.0.1:{proxy.port}/{db}"


@pytest.mark.parametrize("mode", ["refused", "silent"])
def test_pages_and_rate_limits_stay_quick_whichever_way_redis_fails_and_the_cache_comes_back(
        mode, portal_database, redis_proxy, start_server):
    import redis
    proxy, redis_port = redis_proxy
    server = start_server(portal_database, through(proxy, 0), CACHE_TYPE="RedisCache",
                          CACHE_REDIS_URL=through(proxy, 1), REDIS_RETRY_SECONDS="3")
    browser = Browser()
    wrong = {"email": "nobody@school.example", "password": "not the password"}
    assert browser.get(server, "/practice").status == 200
    assert browser.post(server, "/sign-in", wrong, csrf_from="/sign-in").status == 422
    cache = redis.Redis(host="127.0.0.1", port=redis_port, db=1)
    assert cache.dbsize() > 0, "pages are cached in Redis while it answers"

    fail(proxy, mode)
    started = time.monotonic()
    # Five pages from the cache and five sign-in attempts (each after a GET of the form), limited per process.
    pages = [browser.get(server, "/practice", timeout=10).status for _ in range(5)]
    attempts = [browser.post(server, "/sign-in", wrong, csrf_from="/sign-in").status for _ in range(5)]
    seconds = time.monotonic() - started
    assert pages == [200] * 5 and attempts == [422] * 5
    # At most one socket timeout (1 s) for the cache and one for the rate limiter, not one per call.
    assert seconds < 5, f"15 requests took {seconds:.1f} s"

    proxy.restore()
    cache.flushdb()
    time.sleep(3)  # REDIS_RETRY_SECONDS: the next read tries Redis again
    assert browser.get(server, "/practice").status == 200
    assert cache.dbsize() > 0, "the page is stored in Redis again"
    log = server.log_path.read_text()
    # Each breaker logs the failure once, however many calls it skipped, and the recovery once.
    assert log.count("Cache (Redis) unreachable") == 1 and log.count("Cache (Redis) reachable again") == 1
    assert log.count("Rate limit storage (Redis) unreachable") == 1
    assert server.process.poll() is None
