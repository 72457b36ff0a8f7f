"""Every wait on PostgreSQL is bounded: the kernel notices a peer gone quiet, the server stops a long
statement, and the app stops waiting for an answer that never comes and replaces the connection."""
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from portal.config import Config, engine_options
from portal.database_timeouts import AnswerDeadlineConnection, bound_answers
from portal.extensions import db

POSTGRES = "postgresql+psycopg://portal@db.internal/portal"


def options_for(url, **settings):
    config = {key: getattr(Config, key) for key in dir(Config) if key.isupper()}
    return engine_options({**config, "SQLALCHEMY_DATABASE_URI": url, **settings})


def test_postgresql_connections_have_keepalives_a_user_timeout_and_the_statement_timeout():
    connect_args = options_for(POSTGRES, DATABASE_STATEMENT_TIMEOUT=10)["connect_args"]
    assert connect_args["connect_timeout"] == 3 and connect_args["keepalives"] == 1
    assert connect_args["tcp_user_timeout"] == 10_000 and connect_args["keepalives_count"] == 3
    assert connect_args["options"] == "-c statement_timeout=10000"


def test_no_statement_timeout_is_set_when_it_is_zero():
    assert "options" not in options_for(POSTGRES, DATABASE_STATEMENT_TIMEOUT=0)["connect_args"]


def test_sqlite_keeps_its_own_options():
    assert options_for("sqlite:///portal.sqlite3") == {"pool_pre_ping": True, "connect_args": {"timeout": 5}}


@pytest.fixture
def postgres_engine(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL)")
    engine = create_engine(db.engine.url, pool_pre_ping=True)
    bound_answers(engine, ping_seconds=1, statement_seconds=0.5)
    yield engine
    engine.dispose()


def test_a_statement_not_answered_in_time_fails_and_its_connection_is_replaced(postgres_engine):
    with postgres_engine.connect() as connection:
        with pytest.raises(OperationalError) as waited:
            connection.execute(text("SELECT pg_sleep(2)"))
        assert waited.value.connection_invalidated
    with postgres_engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1


def test_a_pooled_connection_waits_the_short_ping_timeout_until_it_is_handed_out(postgres_engine):
    connection = postgres_engine.raw_connection()
    dbapi_connection = connection.dbapi_connection
    assert isinstance(dbapi_connection, AnswerDeadlineConnection) and dbapi_connection.answer_timeout == 0.5
    connection.close()  # back to the pool, where the next checkout pre-pings it
    assert dbapi_connection.answer_timeout == 1
    connection = postgres_engine.raw_connection()
    assert connection.dbapi_connection is dbapi_connection and dbapi_connection.answer_timeout == 0.5
    connection.close()
