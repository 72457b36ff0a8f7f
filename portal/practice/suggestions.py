"""“Did you mean”: a search that found nothing, corrected from the words of posts the viewer could find.

Candidates come from post_search_words joined to the posts listed for the viewer under the same filters,
so a suggestion never offers a word that only a hidden, held or trust-only post contains (a word is a
leak too: a pupil's name, a project's code name). PostgreSQL finds each word's nearest neighbours with
pg_trgm's distance on a GiST index; without it (and on SQLite) the candidates are the words of a similar
length. Both then choose by the same edit distance, in Python.
"""
from flask import current_app
from rapidfuzz.distance import OSA  # optimal string alignment: a swap of two letters is one edit
from sqlalchemy import func, literal, select, text, union_all

from portal.extensions import db
from portal.practice import lexemes
from portal.practice.search import SUGGESTIBLE, post_search_words

NEIGHBOURS = 20  # nearest rows read for each word (one row per post holding it)
LENGTH_SLACK = 2


def corrected(terms, listed_ids):
    """The query with each word that no listed post holds replaced by the nearest one that does, or None.

    listed_ids is a select of the ids of the posts the viewer may see under the page's filters.
    """
    correctable = [term for term in dict.fromkeys(terms) if _correctable(term)]
    if not correctable:
        return None
    candidates = _candidates(correctable, listed_ids)
    fixed = [_nearest(term, candidates.get(term, {})) if term in correctable else term for term in terms]
    return " ".join(fixed) if fixed != terms else None


def _correctable(term):
    return len(term) in SUGGESTIBLE and term.isalpha() and term not in lexemes.STOP_WORDS


def _nearest(term, words):
    """The term itself if a listed post holds it in any form, else the closest word within reach."""
    if any(lexemes.of_word(word) == lexemes.of_word(term) for word in words):
        return term
    reach = 1 if len(term) <= 4 else 2
    scored = sorted((OSA.distance(term, word), -count, word) for word, count in words.items())
    return scored[0][2] if scored and scored[0][0] <= reach else term


def _candidates(terms, listed_ids):
    """{term: {word: rows}} of words in listed posts that may be what each term meant."""
    words = post_search_words.c
    visible = words.post_id.in_(listed_ids)
    if _has_trigrams():
        nearest = [select(literal(term).label("term"), words.word).where(visible)
                   .order_by(words.word.op("<->")(term)).limit(NEIGHBOURS) for term in terms]
        rows = db.session.execute(select(text("term"), text("word"), func.count())
                                  .select_from(union_all(*nearest).subquery())
                                  .group_by(text("term"), text("word"))).all()
        found = {}
        for term, word, count in rows:
            found.setdefault(term, {})[word] = count
        return found
    lengths = [len(term) for term in terms]
    rows = db.session.execute(select(words.word, func.count()).where(
        visible, func.length(words.word).between(min(lengths) - LENGTH_SLACK, max(lengths) + LENGTH_SLACK))
        .group_by(words.word)).all()
    return {term: {word: count for word, count in rows if abs(len(word) - len(term)) <= LENGTH_SLACK}
            for term in terms}


def _has_trigrams():
    """Whether PostgreSQL has the trigram index of migration 0014 (pg_trgm may not be installable)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return False
    known = current_app.extensions.setdefault("search_trigrams", {})
    if "index" not in known:
        known["index"] = db.session.scalar(text("SELECT to_regclass('ix_post_search_words_word_trgm')")) is not None
    return known["index"]
