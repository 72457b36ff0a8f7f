"""Search matches and highlights by one rule on both databases: Snowball English lexemes, stop words dropped.

The expected results below are the same whichever database runs them (TEST_DATABASE_URL picks PostgreSQL),
so a run on each proves the two agree; on PostgreSQL the lexemes are also checked against its own english
configuration.
"""
import re

import pytest
from sqlalchemy import text

from portal.extensions import db
from portal.practice import lexemes
from tests.factories import make_searchable_post

POSTS = {
    "AI policy": "We wrote an AI policy with governors: our aim was to aid staff.",
    "Aims for the year": "Our aim was a clear aid for marking, with aims shared early.",
    "Case studies": "We studied three case studies; one study helped most.",
    "Café menus": "Pupils priced a café menu in maths.",
    "Universities visit": "Sixth formers visited two universities.",
}

# query: (titles found, words marked in their snippets)
CASES = {
    "ai": ({"AI policy"}, {"AI"}),
    "AI policy": ({"AI policy"}, {"AI", "policy"}),
    "studies": ({"Case studies"}, {"studied", "studies", "study"}),
    "study": ({"Case studies"}, {"studied", "studies", "study"}),
    "aim": ({"AI policy", "Aims for the year"}, {"aim", "aims"}),
    "aid": ({"AI policy", "Aims for the year"}, {"aid"}),
    "cafe": ({"Café menus"}, {"café"}),
    "Café": ({"Café menus"}, {"café"}),
    "university": ({"Universities visit"}, {"universities"}),
    "visiting universities": ({"Universities visit"}, {"visited", "universities"}),
    "the": (set(), set()),  # a stop word, as in PostgreSQL's english configuration
    "governors marking": (set(), set()),  # every word must match, in one post
}


@pytest.fixture
def posts():
    for title, body in POSTS.items():
        make_searchable_post(title=title, body=body, kind="prompt", recommendation_ids=())  # "Case study" is a tag


def found(client, query):
    html = client.get("/practice", query_string={"q": query}).get_data(as_text=True)
    titles = set(re.findall(r'<a href="/practice/\d+">([^<]+)</a>', html))
    snippets = re.findall(r'<p class="post-card__snippet">(.*?)</p>', html, re.S)
    marked = {word for snippet in snippets for word in re.findall(r"<mark>(.*?)</mark>", snippet)}
    return titles, marked, snippets


@pytest.mark.parametrize("query", CASES)
def test_search_finds_and_marks_the_same_words_on_either_database(client, posts, query):
    titles, marked, _ = found(client, query)
    assert (titles, marked) == CASES[query]


def test_ai_matches_the_word_ai_and_never_aim_or_aid(client, posts):
    titles, marked, snippets = found(client, "ai")
    assert titles == {"AI policy"} and marked == {"AI"}
    assert not any(re.search(r"<mark>\w*(aim|aid)", snippet) for snippet in snippets)


@pytest.mark.parametrize("query", [query for query in CASES if CASES[query][0]])
def test_a_snippet_marks_every_word_that_matched_and_no_other(client, posts, query):
    wanted = set(lexemes.of_text(query))
    for snippet in found(client, query)[2]:
        for word in re.finditer(r"(<mark>)?([^\W_]+)(</mark>)?", re.sub(r"&\w+;", " ", snippet)):
            matched = not wanted.isdisjoint(lexemes.of_word(word.group(2)))
            assert bool(word.group(1)) == matched, (query, word.group(2))


def test_snippets_escape_what_members_wrote_around_a_mark(client):
    make_searchable_post(title="Escaping", body="An <em>AI</em> tool & a <mark>fake</mark> mark.")
    _, marked, snippets = found(client, "ai")
    assert marked == {"AI"} and "&lt;em&gt;<mark>AI</mark>&lt;/em&gt;" in snippets[0]
    assert "&lt;mark&gt;fake&lt;/mark&gt;" in snippets[0]


def test_lexemes_are_those_of_postgresqls_english_configuration(app, posts):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("compares with PostgreSQL's own english configuration")
    words = sorted({word.lower() for body in [*POSTS, *POSTS.values(), *CASES] for word in lexemes.WORD.findall(body)
                    if word.isascii()} | lexemes.STOP_WORDS | {"emergency", "internal", "pasting", "organization"})
    rows = db.session.execute(text("SELECT w, array_to_string(tsvector_to_array(to_tsvector('english', w)), ' ') "
                                   "FROM unnest(CAST(:words AS text[])) AS w"), {"words": words}).all()
    assert {word: stems for word, stems in rows} == {word: " ".join(lexemes.of_word(word)) for word in words}
