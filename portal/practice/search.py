"""Full-text search over posts: one interface, SQLite FTS5 or PostgreSQL full-text search underneath.

The post_search table (migrations 0003 and 0014) holds each post's plain-text content, for snippets, and
the lexemes of its title, content and tags (portal/practice/lexemes.py): both databases match lexemes made
by the same Python, so they find the same posts, and a snippet marks a word exactly when it matched.
Beside it, search_words.py keeps each post's words as written, for "Did you mean". The service layer
calls index_post() on every save and remove_post() on delete, so the index is kept in sync without
triggers (tags live in link tables and the content is Markdown made plain).
Visibility is never decided here: searches join posts, and callers add listed_for(viewer).
"""
import unicodedata

from markupsafe import Markup, escape
from sqlalchemy import Double, bindparam, cast, column, delete, false, func, insert, literal_column, table, text
from sqlalchemy.orm import selectinload

from portal.content_cache import moving, track
from portal.extensions import db
from portal.markup import plain_text
from portal.practice import lexemes, search_words
from portal.practice.models import POSTS, Post

MAX_TERMS = 12
SIMILAR_TERMS = 8  # of a title, and of its tags: enough to find likeness, few enough to rank quickly
# Snippet highlight markers: private-use characters, stripped from indexed text so that
# nothing a user wrote can open or close a highlight.
START, STOP = "\ue000", "\ue001"
SNIPPET_WORDS = 24

post_search = table("post_search", column("rowid"), column("post_id"), column("content"), column("title_terms"),
                    column("content_terms"), column("tag_terms"))


def search_terms(query):
    """The words of a query, lower-cased; FTS syntax (quotes, *, NEAR, -, brackets) is dropped."""
    return [word.lower() for word in lexemes.WORD.findall(query or "")][:MAX_TERMS]


def query_lexemes(terms):
    """The lexemes a search for these words matches, each once, stop words dropped."""
    return list(dict.fromkeys(lexemes.of_text(" ".join(terms))))


def _dialect():
    return db.session.get_bind().dialect.name


def apply_search(stmt, terms):
    """Join the search index to a select of posts, keeping matches only; return it with a rank (lower is better)."""
    wanted = query_lexemes(terms)
    if _dialect() == "postgresql":
        stmt, rank = _apply_postgres(stmt, wanted)
    else:
        stmt, rank = _apply_sqlite(stmt, wanted)
    return (stmt if wanted else stmt.where(false())), rank  # only stop words: nothing to look for


def _apply_sqlite(stmt, wanted):
    fts = literal_column("post_search")
    # Every lexeme quoted, so it is matched as a plain word whatever it spells (NEAR, AND).
    match = " ".join(f'"{lexeme}"' for lexeme in wanted) or '""'
    rank = func.bm25(fts, 10.0, 1.0, 4.0, 0.0)  # title, content, tags; the snippets' text is not indexed
    stmt = stmt.join(post_search, post_search.c.rowid == Post.id).where(fts.op("MATCH")(bindparam("fts_query", match)))
    return stmt, rank


def _apply_postgres(stmt, wanted):
    # 'simple': the lexemes are already stemmed and stop words dropped (lexemes.py), as on SQLite.
    query = func.plainto_tsquery(text("'simple'"), bindparam("ts_query", " ".join(wanted)))
    document = literal_column("post_search.document")
    # As double precision: a real read back as text would not compare equal in the next page's cursor.
    rank = -cast(func.ts_rank(document, query), Double())
    stmt = stmt.join(post_search, post_search.c.post_id == Post.id).where(document.op("@@")(query))
    return stmt, rank


def apply_similarity(stmt, words, tags):
    """Join the index to a select of posts, keeping those sharing a lexeme of the words (a title) in their
    title or content; return it with a rank (lower is better), the engine's own, in which sharing a lexeme
    of the tags (in their tags) counts too."""
    wanted_words = query_lexemes(search_terms(words))[:SIMILAR_TERMS]
    wanted_tags = [lexeme for lexeme in query_lexemes(search_terms(tags)) if lexeme not in wanted_words][:SIMILAR_TERMS]
    if not wanted_words:  # tags alone would match half the portal: nothing is like an empty title
        return stmt.where(false()), Post.id
    if _dialect() == "postgresql":
        like = "(" + " | ".join(f"'{lexeme}':AC" for lexeme in wanted_words) + ")"
        tagged = " | ".join(f"'{lexeme}':B" for lexeme in wanted_tags)
        query = func.to_tsquery(text("'simple'"), bindparam("similar_query", f"{like} & ({like} | {tagged})"
                                                           if tagged else like))
        document = literal_column("post_search.document")
        rank = -cast(func.ts_rank(document, query), Double())
        return stmt.join(post_search, post_search.c.post_id == Post.id).where(document.op("@@")(query)), rank
    # A row must match the words; bm25 sums every phrase of the query, so the tags it shares add to its rank.
    like = f"{{title_terms content_terms}} : ({_any_of(wanted_words)})"
    match = f"{like} AND ({like} OR tag_terms : ({_any_of(wanted_tags)}))" if wanted_tags else like
    fts = literal_column("post_search")
    stmt = stmt.join(post_search, post_search.c.rowid == Post.id).where(fts.op("MATCH")(bindparam("similar_query", match)))
    return stmt, func.bm25(fts, 10.0, 1.0, 4.0, 0.0)


def _any_of(wanted):
    return " OR ".join(f'"{lexeme}"' for lexeme in wanted)


def _post_key():
    """The index's column holding the post id: FTS5 keeps it as the rowid."""
    return post_search.c.post_id if _dialect() == "postgresql" else post_search.c.rowid


def with_indexed_text(stmt):
    """Add each post's indexed plain text to a select of posts, for snippets (no matching: a cheap join)."""
    return stmt.outerjoin(post_search, _post_key() == Post.id).add_columns(post_search.c.content)


def _matches(word, wanted):
    return not wanted.isdisjoint(lexemes.of_word(word.group()))


def snippet(content, terms):
    """Up to SNIPPET_WORDS words of the text around its first match, each word that matched marked.

    A word is marked when its lexemes are among the query's, by the same function the index was built
    with, so a mark falls on a word the search matched and on no other. Made in Python for the page's
    rows only: the database's own snippet functions re-read the index for every row.
    """
    wanted = set(query_lexemes(terms))
    words = list(lexemes.WORD.finditer(content or ""))
    hits = [i for i, word in enumerate(words) if _matches(word, wanted)]
    first = max(0, (hits[0] if hits else 0) - SNIPPET_WORDS // 3)
    shown = words[first:first + SNIPPET_WORDS]
    if not shown:
        return ""
    pieces, position = [], shown[0].start()
    for word in shown:
        pieces.append(content[position:word.start()])
        pieces.append(f"{START}{word.group()}{STOP}" if _matches(word, wanted) else word.group())
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
    # NFC, so that an accented letter typed as two code points is one letter of one word.
    return unicodedata.normalize("NFC", (value or "").replace(START, " ").replace(STOP, " "))


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


def index_row(document):
    """What the index stores of a document_for() result: the content for snippets, and the lexemes."""
    return {"content": document["content"], "title_terms": lexemes.indexed(document["title"]),
            "content_terms": lexemes.indexed(document["content"]), "tag_terms": lexemes.indexed(document["tags"])}


# One post's entry is written with the post, whose own write moves what the lists show; a rebuild of
# the whole index moves the lists (track below).
_WITH_ITS_POST = moving()
track(post_search, {POSTS})


def index_post(post):
    """Add or replace the post's entry in the index, inside the caller's transaction."""
    remove_post(post.id)
    document = document_for(post)
    db.session.execute(insert(post_search).values({_post_key().name: post.id, **index_row(document)}),
                       execution_options=_WITH_ITS_POST)
    search_words.add([(post.id, document)])


def remove_post(post_id):
    """Drop the post's entry from the index, inside the caller's transaction."""
    remove_posts([post_id])


def remove_posts(post_ids):
    """Drop these posts' entries from the index (a deleted account's, say), inside the caller's transaction."""
    if not post_ids:
        return
    db.session.execute(delete(post_search).where(_post_key().in_(post_ids)), execution_options=_WITH_ITS_POST)
    search_words.remove(post_ids)


def rebuild_index(chunk=1000):
    """Re-index every post (after an import or a restore), a chunk at a time; returns how many were indexed."""
    db.session.execute(delete(post_search))
    search_words.clear()
    key = _post_key().name
    count, last_id = 0, 0
    while posts := db.session.scalars(
            db.select(Post).where(Post.id > last_id).order_by(Post.id).limit(chunk).options(
                selectinload(Post.phases), selectinload(Post.tools), selectinload(Post.question_sets),
                selectinload(Post.recommendations))).all():
        documents = [(post.id, document_for(post)) for post in posts]
        db.session.execute(insert(post_search), [{key: post_id, **index_row(doc)} for post_id, doc in documents])
        search_words.add(documents)
        count, last_id = count + len(posts), posts[-1].id
        db.session.expunge_all()  # keep memory flat over a large portal
    db.session.commit()
    return count