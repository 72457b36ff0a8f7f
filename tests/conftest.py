"""Fixtures: one app and schema per test session (built by the migrations), a clean database per test."""
import contextvars
import os
import re

import pytest
from flask.testing import FlaskClient
from flask_caching.backends import SimpleCache
from flask_migrate import upgrade
from sqlalchemy import event, text

from portal import create_app
from portal.config import TestingConfig
from portal.extensions import cache, db, limiter
from portal.taxonomy.loader import load_taxonomy

# Reference data loaded once per session and kept between tests.
KEPT_TABLES = {"alembic_version", "themes", "recommendations", "question_sets", "questions", "risk_questions", "phases"}


def _database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "portal-test.sqlite3")


def _reset_postgres_schema():
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


class IsolatedClient(FlaskClient):
    """Run each request outside the test's own app context, as a real request would be.

    Otherwise Flask reuses the test's app context, sharing `g` and the database session
    between requests (a CSRF token cached in `g` would outlive the session that held it).
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def _suite_cache():
    """The cache the whole suite runs with: none by default; TEST_CACHE=simple gives each process its own,
    TEST_CACHE=redis the shared one production uses (TEST_REDIS_URL, keys under a prefix of this run's own)."""
    kind = os.environ.get("TEST_CACHE", "null")
    if kind == "simple":
        return {"CACHE_TYPE": "SimpleCache"}
    if kind == "redis":
        return {"CACHE_TYPE": "RedisCache", "CACHE_KEY_PREFIX": f"portal-test-{os.getpid()}-",
                "CACHE_REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")}
    if kind != "null":
        raise pytest.UsageError(f"TEST_CACHE must be null, simple or redis, not {kind!r}")
    return {}


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    config = type("Config", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": _database_url(tmp_path_factory),
                                               **_suite_cache()})

    app = create_app(config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            _reset_postgres_schema()
        upgrade()
        load_taxonomy()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_database(app):
    """Give every test empty feature tables and fresh rate-limit counters."""
    ctx = app.app_context()
    ctx.push()
    yield
    db.session.remove()
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEPT_TABLES]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())
    limiter.reset()
    cache.clear()  # the tables start again from empty, and so do the scopes' versions
    ctx.pop()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def real_cache(app, monkeypatch):
    """A real cache for this test: the suite's own if it runs with one (TEST_CACHE), else an in-process one."""
    if app.config["CACHE_TYPE"] == "NullCache":
        monkeypatch.setitem(app.extensions["cache"], cache, SimpleCache())


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# Members' pages carry the token in a <meta> tag for HTMX; a visitor's only in the forms that need it.
CSRF_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)"|name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token_from(client, path="/"):
    """Fetch a page and return its CSRF token, as the browser would (a visitor's from the sign-in form)."""
    page = client.get(path)
    match = CSRF_TOKEN.search(page.get_data(as_text=True))
    if match is None and path != "/sign-in":
        return csrf_token_from(client, "/sign-in")
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1) or match.group(2)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, user_or_email, password=None, remember=False):
        from tests.factories import DEFAULT_PASSWORD
        email = getattr(user_or_email, "email", user_or_email)
        data = {"email": email, "password": password or DEFAULT_PASSWORD,
                "csrf_token": csrf_token_from(self._client, "/sign-in")}
        if remember:
            data["remember"] = "y"
        return self._client.post("/sign-in", data=data)

    def logout(self):
        return self._client.post("/sign-out", data={"csrf_token": csrf_token_from(self._client, "/")})

    def post(self, path, data=None, **kwargs):
        """POST a form with a valid CSRF token, as a signed-in browser would."""
        data = dict(data or {})
        data.setdefault("csrf_token", csrf_token_from(self._client, "/"))
        return self._client.post(path, data=data, **kwargs)


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a `with count_queries() as counter:` block."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)
        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
    return counting
