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


def duplicate_ids(html):
    """Ids used by more than one element: a label, link or aria reference to one of them is ambiguous."""
    ids = [attrs["id"] for _, attrs in tags_in(html) if attrs.get("id")]
    return sorted({value for value in ids if ids.count(value) > 1})


def labels_without_their_control(html):
    """The `for` of each label that names no form control on the page, or more than one element."""
    tags = tags_in(html)
    controls = [attrs.get("id") for tag, attrs in tags if tag in ("input", "textarea", "select")]
    ids = [attrs.get("id") for _, attrs in tags]
    return [attrs.get("for") for tag, attrs in tags if tag == "label"
            and (attrs.get("for") not in controls or ids.count(attrs.get("for")) > 1)]
