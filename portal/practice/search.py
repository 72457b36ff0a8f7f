"""Full-text search over posts: one interface, SQLite FTS5 or PostgreSQL full-text search underneath.

The post_search table (migration 0003) holds each post's title, plain-text content and tags. The
service layer calls index_post() on every save and remove_post() on delete, so the index is kept
in sync without triggers (tags live in link tables and the content is Markdown made plain).
Visibility is never decided here: searches join posts, and callers add listed_for(viewer).
"""
import re

from markupsafe import Markup, escape
from sqlalchemy import Double, bindparam, cast, column, delete, func, insert, literal_column, table, text
from sqlalchemy.orm import selectinload

from portal.content_cache import moving, track
from portal.extensions import db
from portal.markup import plain_text
from portal.practice.models import POSTS, Post

MAX_TERMS = 12
# Snippet highlight markers: private-use characters, stripped from indexed text so that
# nothing a user wrote can open or close a highlight.
START, STOP = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET_WORDS = 24

post_search = table("post_search", column("rowid"), column("post_id"), column("title"), column("content"),
                    column("tags"))


def search_terms(query):
    """The words of a query, lower-cased; FTS syntax (quotes, *, NEAR, -, brackets) is dropped."""
    return [word.lower() for word in _WORD.findall(query or "")][:MAX_TERMS]


def _dialect():
    return db.session.get_bind().dialect.name


def apply_search(stmt, terms):
    """Join the search index to a select of posts, keeping matches only; return it with a rank (lower is better)."""
    if _dialect() == "postgresql":
        return _apply_postgres(stmt, terms)
    return _apply_sqlite(stmt, terms)


def _apply_sqlite(stmt, terms):
    fts = literal_column("post_search")
    # Every word quoted, so it is matched as a plain word whatever it spells (NEAR, AND, "-").
    match = " ".join('"' + term + '"' for term in terms)
    rank = func.bm25(fts, 10.0, 1.0, 4.0)
    stmt = stmt.join(post_search, post_search.c.rowid == Post.id).where(fts.op("MATCH")(bindparam("fts_query", match)))
    return stmt, rank


def _apply_postgres(stmt, terms):
    query = func.plainto_tsquery(text("'english'"), bindparam("ts_query", " ".join(terms)))
    document = literal_column("post_search.document")
    # As double precision: a real read back as text would not compare equal in the next page's cursor.
    rank = -cast(func.ts_rank(document, query), Double())
    stmt = stmt.join(post_search, post_search.c.post_id == Post.id).where(document.op("@@")(query))
    return stmt, rank


def _post_key():
    """The index's column holding the post id: FTS5 keeps it as the rowid."""
    return post_search.c.post_id if _dialect() == "postgresql" else post_search.c.rowid


def with_indexed_text(stmt):
    """Add each post's indexed plain text to a select of posts, for snippets (no matching: a cheap join)."""
    return stmt.outerjoin(post_search, _post_key() == Post.id).add_columns(post_search.c.content)


def _stem(word):
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[:-len(suffix)]
    return word


def snippet(content, terms):
    """Up to SNIPPET_WORDS words of the text around its first match, each matching word marked.

    Made in Python for the page's rows only: the database's own snippet functions re-read the
    index for every row, which costs more than ranking the whole page.
    """
    words = list(_WORD.finditer(content or ""))
    stems = tuple(_stem(term) for term in terms)
    hits = [i for i, word in enumerate(words) if word.group().lower().startswith(stems)]
    first = max(0, (hits[0] if hits else 0) - SNIPPET_WORDS // 3)
    shown = words[first:first + SNIPPET_WORDS]
    if not shown:
        return ""
    pieces, position = [], shown[0].start()
    for word in shown:
        pieces.append(content[position:word.start()])
        marked = word.group().lower().startswith(stems)
        pieces.append(f"{START}{word.group()}{STOP}" if marked else word.group())
        position = word.end()
    before = "… " if first else ""
    after = " …" if first + SNIPPET_WORDS < len(words) else ""
    return before + "".join(pieces) + after


def newest_match_first():
    """Order for matches, newest first, that the index itself can follow (FTS5 walks its rowids backwards)."""
    return _post_key().desc()


def highlight(snippet):
    """An escaped snippet with the matched words in <mark>: user text is never trusted as HTML."""
    escaped = str(escape(snippet or ""))
    return Markup(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))


def _clean(value):
    return (value or "").replace(START, " ").replace(STOP, " ")


def document_for(post):
    """The title, plain content and tags (kind, outcome, phases, tools, report tags) of a post."""
    sections = [post.body, post.trial_question, post.what_was_done, post.what_happened, post.evidence_notes,
                post.would_change, post.prompt_text, post.prompt_purpose, post.prompt_tips, post.prompt_checking]
    content = " ".join(plain_text(section) for section in sections if section)
    tags = [post.kind_name, post.outcome_name, post.subjects, post.year_groups]
    tags += [phase.name for phase in post.phases] + [tool.name for tool in post.tools]
    tags += [f"{rec.label} {rec.title}" for rec in post.recommendations]
    tags += [qs.title for qs in post.question_sets]
    return {"title": _clean(post.title), "content": _clean(content), "tags": _clean(" ".join(t for t in tags if t))}


# One post's entry is written with the post, whose own write moves what the lists show; a rebuild of
# the whole index moves the lists (track below).
_WITH_ITS_POST = moving()
track(post_search, {POSTS})


def index_post(post):
    """Add or replace the post's entry in the index, inside the caller's transaction."""
    remove_post(post.id)
    db.session.execute(insert(post_search).values({_post_key().name: post.id, **document_for(post)}),
                       execution_options=_WITH_ITS_POST)


def remove_post(post_id):
    """Drop the post's entry from the index, inside the caller's transaction."""
    db.session.execute(delete(post_search).where(_post_key() == post_id), execution_options=_WITH_ITS_POST)


def rebuild_index(chunk=1000):
    """Re-index every post (after an import or a restore), a chunk at a time; returns how many were indexed."""
    db.session.execute(delete(post_search))
    key = _post_key().name
    count, last_id = 0, 0
    while posts := db.session.scalars(
            db.select(Post).where(Post.id > last_id).order_by(Post.id).limit(chunk).options(
                selectinload(Post.phases), selectinload(Post.tools), selectinload(Post.question_sets),
                selectinload(Post.recommendations))).all():
        db.session.execute(insert(post_search), [{key: post.id, **document_for(post)} for post in posts])
        count, last_id = count + len(posts), posts[-1].id
        db.session.expunge_all()  # keep memory flat over a large portal
    db.session.commit()
    return count