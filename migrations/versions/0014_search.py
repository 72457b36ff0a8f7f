"""search: the same lexemes on SQLite and PostgreSQL, and each post's words for "Did you mean"

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

post_search keeps each post's plain content (for snippets) and the lexemes of its title, content and tags,
made in Python by portal/practice/lexemes.py (Snowball English with PostgreSQL's english stop words):
- SQLite: an FTS5 table over the lexemes (unicode61, no porter: the Porter stemmer is not Snowball English);
  the content is stored unindexed. The old table is copied into a new one, then renamed.
- PostgreSQL: the tsvector is made from the lexemes with the 'simple' configuration (they are stemmed
  already), weighted as before, with its GIN index.
post_search_words holds each post's distinct words as written, lower-cased without accents, and
post_search_vocabulary each of those words once, with a trigram index (GiST, for nearest-first order) on
PostgreSQL where the pg_trgm extension can be installed. The tables are filled from the rows already
indexed. Downgrade drops the word tables and rebuilds 0003's index from the stored content (run
`flask practice reindex` after it to restore titles and tags).
"""
import sqlalchemy as sa
from alembic import op

from portal.practice import lexemes

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

CHUNK = 1000
SQLITE_TABLE = ("CREATE VIRTUAL TABLE {name} USING fts5(title_terms, content_terms, tag_terms, content UNINDEXED, "
                "tokenize = 'unicode61 remove_diacritics 0')")
POSTGRES_DOCUMENT = """
ALTER TABLE post_search ADD COLUMN document tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', title_terms), 'A')
    || setweight(to_tsvector('simple', tag_terms), 'B')
    || setweight(to_tsvector('simple', content_terms), 'C')
) STORED
"""
SUGGESTIBLE = range(3, 41)  # as portal/practice/search_words.py


def _chunks(bind, select):
    """(post id, title, content, tags) of the old index, a chunk at a time in post order."""
    last = 0
    while rows := bind.execute(sa.text(select), {"last": last, "size": CHUNK}).all():
        yield rows
        last = rows[-1][0]


def _terms(title, content, tags):
    return {"title_terms": lexemes.indexed(title), "content_terms": lexemes.indexed(content),
            "tag_terms": lexemes.indexed(tags)}


def _words(post_id, title, content, tags):
    every = {lexemes.fold(word) for word in lexemes.WORD.findall(" ".join((title, content, tags)))}
    return [{"post_id": post_id, "word": word} for word in sorted(every)
            if len(word) in SUGGESTIBLE and word.isalpha() and word not in lexemes.STOP_WORDS]


def _create_words_tables(postgres):
    op.create_table('post_search_words',
        sa.Column('post_id', sa.Integer(), nullable=False),
        sa.Column('word', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_post_search_words_post_id_posts'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('post_id', 'word', name=op.f('pk_post_search_words')),
        sqlite_with_rowid=False)  # the key is the row: one B-tree fewer for the largest search table
    op.create_index(op.f('ix_post_search_words_word'), 'post_search_words', ['word'])
    op.create_table('post_search_vocabulary',
        sa.Column('word', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('word', name=op.f('pk_post_search_vocabulary')),
        sqlite_with_rowid=False)
    if not postgres:
        return
    if op.get_bind().scalar(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")):
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        # GiST, not GIN: it orders by trigram distance (<->), so no similarity threshold is needed.
        op.execute("CREATE INDEX ix_post_search_vocabulary_word_trgm ON post_search_vocabulary "
                   "USING GIST (word gist_trgm_ops)")


def _fill_vocabulary():
    op.execute("INSERT INTO post_search_vocabulary (word) SELECT DISTINCT word FROM post_search_words")


def _upgrade_sqlite(bind):
    op.execute(SQLITE_TABLE.format(name="post_search_lexemes"))
    insert_row = sa.text("INSERT INTO post_search_lexemes (rowid, title_terms, content_terms, tag_terms, content) "
                         "VALUES (:post_id, :title_terms, :content_terms, :tag_terms, :content)")
    insert_word = sa.text("INSERT INTO post_search_words (post_id, word) VALUES (:post_id, :word)")
    select = ("SELECT rowid, title, content, tags FROM post_search WHERE rowid > :last "
              "ORDER BY rowid LIMIT :size")
    for rows in _chunks(bind, select):
        bind.execute(insert_row, [{"post_id": row[0], "content": row[2], **_terms(*row[1:])} for row in rows])
        if words := [word for row in rows for word in _words(*row)]:
            bind.execute(insert_word, words)
    op.execute("DROP TABLE post_search")
    op.execute("ALTER TABLE post_search_lexemes RENAME TO post_search")


def _upgrade_postgres(bind):
    op.execute("ALTER TABLE post_search DROP COLUMN document")  # its GIN index goes with it
    for name in ("title_terms", "content_terms", "tag_terms"):
        op.execute(f"ALTER TABLE post_search ADD COLUMN {name} text NOT NULL DEFAULT ''")
    update = sa.text("UPDATE post_search SET title_terms = :title_terms, content_terms = :content_terms, "
                     "tag_terms = :tag_terms WHERE post_id = :post_id")
    insert_word = sa.text("INSERT INTO post_search_words (post_id, word) VALUES (:post_id, :word)")
    select = ("SELECT post_id, title, content, tags FROM post_search WHERE post_id > :last "
              "ORDER BY post_id LIMIT :size")
    for rows in _chunks(bind, select):
        bind.execute(update, [{"post_id": row[0], **_terms(*row[1:])} for row in rows])
        if words := [word for row in rows for word in _words(*row)]:
            bind.execute(insert_word, words)
    op.execute("ALTER TABLE post_search DROP COLUMN title, DROP COLUMN tags")
    op.execute(POSTGRES_DOCUMENT)
    op.execute("CREATE INDEX ix_post_search_document ON post_search USING GIN (document)")


def upgrade():
    bind = op.get_bind()
    postgres = bind.dialect.name == "postgresql"
    _create_words_tables(postgres)
    if postgres:
        _upgrade_postgres(bind)
    else:
        _upgrade_sqlite(bind)
    _fill_vocabulary()


def downgrade():
    op.drop_table('post_search_vocabulary')
    op.drop_table('post_search_words')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE post_search DROP COLUMN document, DROP COLUMN title_terms, "
                   "DROP COLUMN content_terms, DROP COLUMN tag_terms")
        op.execute("ALTER TABLE post_search ADD COLUMN title text NOT NULL DEFAULT '', "
                   "ADD COLUMN tags text NOT NULL DEFAULT ''")
        op.execute("""ALTER TABLE post_search ADD COLUMN document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', tags), 'B')
            || setweight(to_tsvector('english', content), 'C')) STORED""")
        op.execute("CREATE INDEX ix_post_search_document ON post_search USING GIN (document)")
        return
    op.execute("CREATE VIRTUAL TABLE post_search_old USING fts5("
               "title, content, tags, tokenize = 'porter unicode61 remove_diacritics 2')")
    op.execute("INSERT INTO post_search_old (rowid, title, content, tags) "
               "SELECT rowid, '', content, '' FROM post_search")
    op.execute("DROP TABLE post_search")
    op.execute("ALTER TABLE post_search_old RENAME TO post_search")
