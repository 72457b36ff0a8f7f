"""SQLite enforces foreign keys only when each connection asks, so every connection asks.

Deletes then cascade (and SET NULL) as the schema says on both databases, and a row pointing at
nothing is refused on SQLite as it is on PostgreSQL.
"""
from sqlalchemy import event


def enforce(engine):
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def foreign_keys_on(dbapi_connection, connection_record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
