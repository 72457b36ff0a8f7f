"""Shared checks that user input never becomes live markup: an XSS corpus and an HTML tag collector."""
from html.parser import HTMLParser

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">link</a>',
    '<a href="/admin" hx-post="/admin/users/1/role" hx-trigger="load">x</a>',
    '<div data-hx-post="/x" data-hx-trigger="load">x</div>',
    '<svg onload=alert(1)></svg>',
    '<math><mtext><script>alert(1)</script></mtext></math>',
    '<p onclick="alert(1)" style="position:fixed">overlay</p>',
    '<form action="/sign-out" method="post"><button formaction="/x">go</button></form>',
    '<iframe src="https://evil.example"></iframe>',
    "![x](https://evil.example/a.png)",
    '[x](https://example.org "title\\" onmouseover=\\"alert(1)")',
    "```html\n<script>alert(1)</script>\n```",
]


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_in(html):
    """Every (tag, attributes) that the HTML really contains, as a browser would parse it."""
    collector = _TagCollector()
    collector.feed(str(html))
    return collector.tags
