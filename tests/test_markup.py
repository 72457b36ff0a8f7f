from html.parser import HTMLParser

import pytest

from portal.markup import ALLOWED_TAGS, plain_text, render_markdown

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    '<a href="/admin" hx-post="/admin/users/1/role" hx-trigger="load">x</a>',
    '<div data-hx-post="/x" data-hx-trigger="load">x</div>',
    '<svg onload=alert(1)></svg>',
    '<math><mtext><script>alert(1)</script></mtext></math>',
    '<p style="position:fixed">overlay</p>',
    '<form action="/sign-out" method="post"><button formaction="/x">go</button></form>',
    '<iframe src="https://evil.example"></iframe>',
    "![x](https://evil.example/a.png)",
    '[x](https://example.org "title\\" onmouseover=\\"alert(1)")',
    "```html\n<script>alert(1)</script>\n```",
]


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed(html):
    collector = TagCollector()
    collector.feed(str(html))
    return collector.tags


@pytest.mark.parametrize("source", XSS_CORPUS)
def test_user_markdown_cannot_run_script_or_trigger_htmx(source):
    for tag, attrs in parsed(render_markdown(source)):
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
