"""A search that finds nothing says what to try, and offers "Did you mean" from words the viewer could find."""
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import make_searchable_post, make_trust, make_user
from tests.test_query_budget import BUDGET, change_something


def suggestion(html):
    """(the suggested query, its link's parameters), or None."""
    match = re.search(r'Did you mean <a href="([^"]+)">([^<]+)</a>', html)
    if not match:
        return None
    return unescape(match.group(2)), parse_qs(urlsplit(unescape(match.group(1))).query)


def page(client, **args):
    return client.get("/practice", query_string=args).get_data(as_text=True)


@pytest.fixture
def image_post():
    return make_searchable_post(title="Image generator for story settings", kind="trial",
                                body="Pupils described a setting and the generator drew it.")


def test_a_misspelt_search_offers_the_corrected_one_and_following_it_finds_the_post(client, image_post):
    html = page(client, q="imgae generator")
    assert "0 posts" in html
    query, args = suggestion(html)
    assert query == "image generator" and args == {"q": ["image generator"]}
    assert "Image generator for story settings" in page(client, q=query)


def test_the_suggestion_keeps_the_other_filters(client, image_post):
    query, args = suggestion(page(client, q="imgae", kind="trial", sort="newest"))
    assert query == "image" and args == {"q": ["image"], "kind": ["trial"], "sort": ["newest"]}


def test_a_suggestion_comes_only_from_posts_that_match_the_filters(client, image_post):
    assert suggestion(page(client, q="imgae", kind="failure")) is None


def test_htmx_results_carry_the_suggestion_too(client, image_post):
    response = client.get("/practice?q=imgae", headers={"HX-Request": "true"})
    assert "<html" not in response.get_data(as_text=True)
    assert suggestion(response.get_data(as_text=True))[0] == "image"


def test_words_that_are_all_in_the_index_are_not_corrected(client, image_post):
    make_searchable_post(title="Parent letters", body="A prompt bank for letters home.")
    html = page(client, q="image letters")  # each word is found, never in one post
    assert "0 posts" in html and suggestion(html) is None
    assert "check the spelling" in html and "use fewer words" in html


def test_nothing_found_names_each_filter_in_use_with_a_link_that_removes_it(client, image_post):
    html = page(client, q="zebra", kind="failure", phase="primary")
    assert suggestion(html) is None
    removals = dict(re.findall(r'remove the filter <a href="([^"]+)">([^<]+)</a>', html))
    assert {unescape(text): parse_qs(urlsplit(unescape(url)).query) for url, text in removals.items()} == {
        "Kind: What didn't work": {"q": ["zebra"], "phase": ["primary"]},
        "Phase: Primary": {"q": ["zebra"], "kind": ["failure"]}}


def test_a_suggestion_never_offers_a_word_only_in_posts_the_viewer_cannot_see(client, auth):
    trust = make_trust()
    author = make_user(trust=trust)
    for visibility, word in (("members", "quixotic"), ("trust", "zanzibar")):
        make_searchable_post(author=author, title=f"Notes {visibility}", body=f"A {word} plan.", visibility=visibility)
    make_searchable_post(author=author, title="Held notes", body="A marmalade plan.", status="pending")
    make_searchable_post(author=author, title="Hidden notes", body="A tangerine plan.", status="hidden")
    misspelt = {"quixotik": "quixotic", "zanzibah": "zanzibar", "marmelade": "marmalade", "tangerene": "tangerine"}
    assert all(suggestion(page(client, q=typo)) is None for typo in misspelt)
    auth.login(make_user(trust=make_trust()))
    assert {typo: suggestion(page(client, q=typo)) for typo in misspelt} == {
        "quixotik": ("quixotic", {"q": ["quixotic"]}), "zanzibah": None, "marmelade": None, "tangerene": None}
    auth.logout()
    auth.login(make_user(trust=trust))
    assert suggestion(page(client, q="zanzibah"))[0] == "zanzibar"
    assert suggestion(page(client, q="marmelade")) is None


@pytest.mark.parametrize("query", ["imgae", "a", "the", "x1", "imgae " * 12, "🙂 imgae"])
def test_odd_misspellings_never_error(client, image_post, query):
    assert client.get("/practice", query_string={"q": query}).status_code == 200


def test_a_search_that_finds_nothing_runs_the_same_queries_for_3_and_30_posts(client, real_cache, count_queries):
    """The suggestion costs two queries whatever the size of the portal, inside the pages' budget."""
    def queries():
        client.get("/practice?q=imgae")  # the first request reads reference data
        change_something()  # nothing cached can be used
        with count_queries() as statements:
            assert "Did you mean" in page(client, q="imgae")
        return len(statements)
    for n in range(3):
        make_searchable_post(title=f"Image {n}", body="An image of a setting.")
    few = queries()
    for n in range(27):
        make_searchable_post(title=f"Image {n}", body="An image of a setting.")
    assert queries() == few <= BUDGET


def test_without_pg_trgm_words_of_a_similar_length_are_compared(client, image_post, monkeypatch):
    from portal.practice import suggestions
    monkeypatch.setattr(suggestions, "_has_trigrams", lambda: False)  # as on SQLite, or PostgreSQL without it
    assert suggestion(page(client, q="imgae genrator"))[0] == "image generator"


def test_a_search_for_only_common_words_says_they_are_too_common(client, image_post):
    html = page(client, q="the with")
    assert "0 posts" in html and "too common to search for" in html
    assert "too common" not in page(client, q="zebra")
