"""full-text search over practice posts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

One table named post_search, built with each database's own full-text engine and filled by
portal/practice/search.py whenever a post is created, edited or deleted:
- SQLite: an FTS5 virtual table whose rowid is the post id (porter stemming, bm25 ranking).
- PostgreSQL: a table with a generated, weighted tsvector column and a GIN index (ts_rank, ts_headline).
env.py leaves post_search* out of autogenerate, since it is not a SQLAlchemy model.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

POSTGRES_TABLE = """
CREATE TABLE post_search (
    post_id integer PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    title text NOT NULL DEFAULT '',
    content text NOT NULL DEFAULT '',
    tags text NOT NULL DEFAULT '',
    document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', tags), 'B')
        || setweight(to_tsvector('english', content), 'C')
    ) STORED
)
"""
SQLITE_TABLE = ("CREATE VIRTUAL TABLE post_search USING fts5("
                "title, content, tags, tokenize = 'porter unicode61 remove_diacritics 2')")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_TABLE)
        op.execute("CREATE INDEX ix_post_search_document ON post_search USING GIN (document)")
        op.execute("INSERT INTO post_search (post_id, title, content) SELECT id, title, body FROM posts")
    else:
        op.execute(SQLITE_TABLE)
        op.execute("INSERT INTO post_search (rowid, title, content, tags) SELECT id, title, body, '' FROM posts")


def downgrade():
    op.execute("DROP TABLE post_search")
