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
    started = time.monotonic()
    response = browser.get(server, path)
    return response, time.monotonic() - started


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
