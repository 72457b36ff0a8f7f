"""Fixtures for the scale-out tests: a fresh, migrated database and real app processes around it.

They need the PostgreSQL named by TEST_DATABASE_URL and Redis on 127.0.0.1:6379; without them the tests
skip with the reason, unless REQUIRE_SCALEOUT_TESTS=1 (as in CI), when they fail instead.
"""
import os
import shutil
import uuid
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portal.config import Config
from portal.extensions import db
from tests.scaleout.servers import AppServer, app_environment, portal_command

REQUIRED = os.environ.get("REQUIRE_SCALEOUT_TESTS") == "1"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# A Redis database number of its own, so flushing it touches nothing else on the server.
REDIS_DB = 13


def missing(reason):
    if REQUIRED:
        pytest.fail(f"{reason}, and REQUIRE_SCALEOUT_TESTS=1")
    pytest.skip(reason)


def redis_answers(host=REDIS_HOST, port=REDIS_PORT):
    import redis
    try:
        return redis.Redis(host=host, port=port, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(scope="session")
def postgres_url():
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        missing("the scale-out tests need PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://...")
    return make_url(url)


@pytest.fixture(scope="session")
def shared_redis(postgres_url):
    import redis
    if not redis_answers():
        missing(f"the scale-out tests need Redis on {REDIS_HOST}:{REDIS_PORT} (redis-server --daemonize yes)")
    return redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)


@contextmanager
def fresh_postgres_database(server_url):
    """A database of its own for the scale-out tests, dropped afterwards whatever happened."""
    name = f"portal_scaleout_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.set(database=name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def migrate(database_url, tmp_path):
    """Build the schema with the migrations and load the reference data, as the container's migrate does."""
    portal_command("migrate", env=app_environment(database_url, "memory://", tmp_path))


@pytest.fixture(scope="session")
def portal_database(postgres_url, tmp_path_factory):
    """A fresh PostgreSQL database, migrated, shared by the scale-out tests (each makes its own members)."""
    with fresh_postgres_database(postgres_url) as url:
        rendered = url.render_as_string(hide_password=False)
        migrate(rendered, tmp_path_factory.mktemp("migrate"))
        yield rendered


def database_writer(database_url, name):
    """Yield a context in which the test factories write to the servers' database: `with writer(): make_user(...)`."""
    # Only the database extension: a second full app would re-bind the shared limiter of the test app.
    app = Flask(name)
    # Pre-ping, as a test may end every connection to the database to imitate a restart.
    app.config.update(SQLALCHEMY_DATABASE_URI=database_url, SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
                      ARGON2_TIME_COST=Config.ARGON2_TIME_COST,
                      ARGON2_MEMORY_COST=Config.ARGON2_MEMORY_COST, ARGON2_PARALLELISM=Config.ARGON2_PARALLELISM)
    db.init_app(app)

    @contextmanager
    def writing():
        with app.app_context():
            yield
            db.session.remove()
    yield writing
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def writer(portal_database):
    yield from database_writer(portal_database, "scaleout-writer")


@contextmanager
def server_starter(log_dir):
    """Start app processes with the given environment; every one is shut down at the end."""
    started = []

    def start(database_url, ratelimit_storage, name="app", **environment):
        env = {**app_environment(database_url, ratelimit_storage, log_dir), **environment}
        server = AppServer(env, log_dir / f"{name}-{len(started)}.log")
        started.append(server)
        return server
    try:
        yield start
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def start_server(tmp_path):
    with server_starter(tmp_path) as start:
        yield start


@pytest.fixture(scope="module")
def start_module_server(tmp_path_factory):
    """Like start_server, for processes the tests of a module share (starting one takes a second or two)."""
    with server_starter(tmp_path_factory.mktemp("servers")) as start:
        yield start


@pytest.fixture
def redis_server_binary():
    path = shutil.which("redis-server")
    if path is None:
        missing("redis-server is not installed (Debian: apt-get install redis-server)")
    return path
