"""Stop waiting for PostgreSQL when it does not answer, whatever the network in between does.

statement_timeout and TCP keepalives (config.engine_options) cover a busy server and a peer that
stopped acknowledging; neither helps when something on the way (a proxy, a NAT, a balancer) keeps the
connection open and says nothing. A pooled connection would then wait until gunicorn kills the worker,
first of all in SQLAlchemy's pre-ping. So the app bounds every wait for an answer itself: the pre-ping
of an idle connection gets DATABASE_PING_TIMEOUT (its replacement then DATABASE_CONNECT_TIMEOUT), a
statement the statement timeout and a little more. A connection whose time ran out is closed;
SQLAlchemy treats that as a disconnect, replaces it, and the request answers 503.
"""
import psycopg
from psycopg.errors import _WaitTimeout  # what psycopg's wait() raises when its timeout runs out
from sqlalchemy import event

# After the server's own statement timeout, time for its cancellation to come back before giving up.
ANSWER_GRACE_SECONDS = 2


class AnswerDeadlineConnection(psycopg.Connection):
    """A psycopg connection that waits at most `answer_timeout` seconds for each answer from the server."""

    answer_timeout = None

    def wait(self, gen, *args, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.answer_timeout
        try:
            return super().wait(gen, *args, **kwargs)
        except _WaitTimeout:
            # Half-way through an exchange with a server that is not answering: it cannot be resumed.
            self.close()
            raise


def init_engine(engine, config):
    """Bound the waits of a PostgreSQL engine's connections (other databases are left as they are)."""
    if engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg":
        statement_timeout = config["DATABASE_STATEMENT_TIMEOUT"]
        bound_answers(engine, config["DATABASE_PING_TIMEOUT"],
                      statement_timeout + ANSWER_GRACE_SECONDS if statement_timeout else None)


def bound_answers(engine, ping_seconds, statement_seconds):
    """Make the engine's connections wait ping_seconds for a pre-ping and statement_seconds (None: for
    as long as it takes) otherwise."""
    @event.listens_for(engine, "do_connect")
    def connect(dialect, connection_record, cargs, cparams):
        connection = AnswerDeadlineConnection.connect(*cargs, **cparams)
        connection.answer_timeout = statement_seconds
        return connection

    # SQLAlchemy pre-pings a pooled connection before its checkout event, so a connection waits the
    # short ping timeout from the moment it goes back to the pool until it is handed out again.
    @event.listens_for(engine, "checkin")
    def idle(dbapi_connection, connection_record):
        if dbapi_connection is not None:
            dbapi_connection.answer_timeout = ping_seconds

    @event.listens_for(engine, "checkout")
    def in_use(dbapi_connection, connection_record, connection_proxy):
        dbapi_connection.answer_timeout = statement_seconds
