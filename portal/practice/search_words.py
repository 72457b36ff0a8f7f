"""The words posts are written with, kept beside the search index for "Did you mean" (suggestions.py).

post_search_words holds each post's distinct words (folded: lower-case, no accents), to tell which words
a viewer could find; post_search_vocabulary holds each word once, to look for the nearest words quickly
(with a trigram index on PostgreSQL). A word leaves the vocabulary with the last post that holds it, so
text removed from every post (a redacted name, a deleted account's posts) is not kept here either.
"""
from sqlalchemy import Column, ForeignKey, Integer, String, delete, exists, insert, select

from portal.content_cache import moving, track
from portal.extensions import db, insert_with_conflicts
from portal.practice import lexemes
from portal.practice.models import POSTS

# Words kept: long enough to be worth correcting, short enough to be words.
SUGGESTIBLE = range(3, 41)

post_search_words = db.Table(
    "post_search_words", db.metadata,
    Column("post_id", Integer, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("word", String(SUGGESTIBLE.stop - 1), primary_key=True, index=True), sqlite_with_rowid=False)
post_search_vocabulary = db.Table(
    "post_search_vocabulary", db.metadata, Column("word", String(SUGGESTIBLE.stop - 1), primary_key=True),
    sqlite_with_rowid=False)

# Written with a post, whose own write moves what the lists show; a rebuild moves the lists (track).
_WITH_ITS_POST = moving()
track(post_search_words, {POSTS})
track(post_search_vocabulary, {POSTS})


def words_of(document):
    """The distinct words of a document_for() result, folded, that a suggestion may offer."""
    every = lexemes.WORD.findall(" ".join(document.values()))
    return sorted({word for word in map(lexemes.fold, every)
                   if len(word) in SUGGESTIBLE and word.isalpha() and word not in lexemes.STOP_WORDS})


def add(documents):
    """Keep the words of each (post id, document) pair, inside the caller's transaction."""
    rows = [{"post_id": post_id, "word": word} for post_id, document in documents for word in words_of(document)]
    if not rows:
        return
    db.session.execute(insert(post_search_words), rows, execution_options=_WITH_ITS_POST)
    new_words = [{"word": word} for word in sorted({row["word"] for row in rows})]
    db.session.execute(_insert_new(post_search_vocabulary), new_words, execution_options=_WITH_ITS_POST)


def _insert_new(table):
    return insert_with_conflicts(table).on_conflict_do_nothing()


def remove(post_ids):
    """Forget the posts' words, and the words no other post holds, inside the caller's transaction."""
    words = post_search_words.c
    gone = db.session.scalars(delete(post_search_words).where(words.post_id.in_(post_ids)).returning(words.word),
                              execution_options=_WITH_ITS_POST).all()
    if gone:
        vocabulary = post_search_vocabulary.c
        db.session.execute(delete(post_search_vocabulary).where(
            vocabulary.word.in_(set(gone)), ~exists().where(words.word == vocabulary.word)),
            execution_options=_WITH_ITS_POST)


def clear():
    db.session.execute(delete(post_search_words))
    db.session.execute(delete(post_search_vocabulary))


def visible_counts(candidates, listed_ids):
    """{word: how many listed posts hold it} for the candidate words that listed posts hold."""
    words = post_search_words.c
    return dict(db.session.execute(select(words.word, db.func.count()).where(
        words.word.in_(candidates), words.post_id.in_(listed_ids)).group_by(words.word)).all())
