"""“Did you mean”: a search that found nothing, corrected from the words of posts the viewer could find.

Two steps, two queries: the nearest words of the whole vocabulary (pg_trgm's distance on a GiST index on
PostgreSQL; the words of a similar length elsewhere), chosen by edit distance in Python; then which of
those the posts listed for the viewer under the same filters hold. So a suggestion never offers a word
that only a hidden, held or trust-only post contains: a word can leak too (a pupil's name, a project's
code name).
"""
from flask import current_app
from rapidfuzz import process
from rapidfuzz.distance import OSA  # optimal string alignment: a swap of two letters is one edit
from sqlalchemy import func, literal, select, text, union_all

from portal.extensions import db
from portal.practice import lexemes
from portal.practice.search_words import SUGGESTIBLE, post_search_vocabulary, visible_counts

NEIGHBOURS = 20  # nearest words read for each term on PostgreSQL
LENGTH_SLACK = 2


def corrected(terms, listed_ids):
    """The query with each word that no listed post holds replaced by the nearest one that does, or None.

    listed_ids is a select of the ids of the posts the viewer may see under the page's filters.
    """
    correctable = [term for term in dict.fromkeys(terms) if _correctable(term)]
    nearby = {term: _within_reach(term, words) for term, words in _nearby_words(correctable).items()}
    candidates = {word for words in nearby.values() for word in words}
    if not candidates:
        return None
    visible = visible_counts(candidates, listed_ids)
    fixed = [_choose(term, nearby[term], visible) if term in nearby else term for term in terms]
    return " ".join(fixed) if fixed != terms else None


def _correctable(term):
    return len(term) in SUGGESTIBLE and term.isalpha() and term not in lexemes.STOP_WORDS


def _within_reach(term, words):
    """The words a term may have meant: a typo or two away, or the same word in another form."""
    reach = 1 if len(term) <= 4 else 2
    near = {word for word, _, _ in process.extract(term, words, scorer=OSA.distance, score_cutoff=reach, limit=None)}
    return sorted(near.union(word for word in words if _same_word(term, word)))


def _same_word(term, word):
    # Forms of one word share their first letters: stem only those (the vocabulary may be long).
    return word[:3] == term[:3] and lexemes.of_word(word) == lexemes.of_word(term)


def _choose(term, words, visible):
    """The term itself if a listed post holds it in any form, else the nearest word one holds."""
    words = [word for word in words if word in visible]
    if not words or any(_same_word(term, word) for word in words):
        return term
    return min(words, key=lambda word: (OSA.distance(term, word), -visible[word], word))


def _nearby_words(terms):
    """{term: words of the vocabulary near it}, from one query."""
    if not terms:
        return {}
    words = post_search_vocabulary.c
    if _has_trigrams():
        nearest = [select(literal(term).label("term"), words.word).order_by(words.word.op("<->")(term))
                   .limit(NEIGHBOURS) for term in terms]
        found = {term: [] for term in terms}
        for term, word in db.session.execute(select(text("term"), text("word"))
                                             .select_from(union_all(*nearest).subquery())):
            found[term].append(word)
        return found
    lengths = [len(term) for term in terms]
    vocabulary = db.session.scalars(select(words.word).where(
        func.length(words.word).between(min(lengths) - LENGTH_SLACK, max(lengths) + LENGTH_SLACK))).all()
    return {term: [word for word in vocabulary if abs(len(word) - len(term)) <= LENGTH_SLACK] for term in terms}


def _has_trigrams():
    """Whether PostgreSQL has the trigram index of migration 0014 (pg_trgm may not be installable)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return False
    known = current_app.extensions.setdefault("search_trigrams", {})
    if "index" not in known:
        index = db.session.scalar(text("SELECT to_regclass('ix_post_search_vocabulary_word_trgm')"))
        known["index"] = index is not None
    return known["index"]
