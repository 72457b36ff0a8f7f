import pytest

from portal.markup import ALLOWED_TAGS, plain_text, render_markdown
from tests.html_checks import XSS_CORPUS, tags_in


@pytest.mark.parametrize("source", XSS_CORPUS)
def test_user_markdown_cannot_run_script_or_trigger_htmx(source):
    for tag, attrs in tags_in(render_markdown(source)):
        assert tag in ALLOWED_TAGS, (source, tag)
        for name, value in attrs.items():
            assert not name.startswith(("on", "hx-", "data-")) and name not in ("style", "formaction", "src"), (source, name)
            if name == "href":
                assert value.startswith(("https:", "http:", "mailto:", "/", "#")), (source, value)


def test_links_get_nofollow_noopener():
    assert 'rel="nofollow noopener"' in str(render_markdown("[guide](https://example.org/guide)"))


def test_markdown_headings_start_below_the_page_heading():
    assert "<h2>Plan</h2>" in str(render_markdown("# Plan"))


def test_plain_text_excerpt_is_cut_at_a_word():
    assert plain_text("**Image generators** helped Year 4 discuss vocabulary", limit=30) == "Image generators helped Year…"
