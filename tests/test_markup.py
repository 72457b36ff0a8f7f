import pytest

from portal.extensions import db
from portal.markup import ALLOWED_TAGS, plain_text, render_markdown
from portal.practice.services import render_text
from tests.factories import make_post
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


def test_plain_text_keeps_block_boundaries_so_a_heading_does_not_run_into_the_text():
    source = "## What we tried\nI asked the generator to draw a draft.\n\n## What happened\n\n- Pupils noticed verbs\n- Some laughed!"
    assert plain_text(source) == ("What we tried: I asked the generator to draw a draft. What happened: "
                                  "Pupils noticed verbs. Some laughed!")


def test_plain_text_keeps_a_blocks_own_ending_and_joins_soft_line_breaks():
    assert plain_text("Did it work?\n\nMostly,\nyes") == "Did it work? Mostly, yes"
    assert plain_text("# Plan: week 1\n\nStart small") == "Plan: week 1: Start small"


def test_post_excerpts_separate_the_heading_from_the_first_sentence(client):
    post = make_post(title="Drawing drafts", body="## What we tried\nI asked an image generator to draw a draft.")
    render_text(post)
    db.session.commit()
    assert "What we tried: I asked an image generator" in client.get("/practice").get_data(as_text=True)
