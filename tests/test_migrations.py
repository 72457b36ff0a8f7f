"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL alike."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal.extensions import db


def test_the_migrated_schema_matches_the_models(app):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    # The full-text index (portal/practice/search.py) is made by its migration, not declared as a model.
    differences = [d for d in differences if "post_search" not in repr(d)]
    assert differences == []
