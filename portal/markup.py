"""The only module that turns user Markdown into HTML: rendered by markdown-it, then sanitised.

bleach is deprecated upstream; keeping it behind this module means a move to nh3 touches one file.
"""
import html as html_lib

import bleach
from bleach.linkifier import Linker
from markdown_it import MarkdownIt
from markupsafe import Markup

MAX_SOURCE_CHARS = 20_000

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
})
# Deliberately no style, class, id, data-*, hx-* or on* attributes: user content must not
# be able to restyle the page, target HTMX requests or run script.
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "th": ["align"], "td": ["align"], "ol": ["start"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Raw HTML in the source is shown as text, never passed through.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"])
_cleaner = bleach.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS,
                          strip=True, strip_comments=True)


def _nofollow_noopener(attrs, new=False):
    href_key = (None, "href")
    if href_key not in attrs:
        return attrs
    if attrs[href_key].startswith("mailto:"):
        return attrs
    attrs[(None, "rel")] = "nofollow noopener"
    return attrs


_linker = Linker(callbacks=[_nofollow_noopener], skip_tags={"pre", "code"}, parse_email=False)


def _demote_headings(tokens):
    # The page owns <h1>; a user's "# Heading" becomes an <h2>, and so on down.
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    return tokens


def render_markdown(source):
    """Render Markdown to safe HTML: parse, then sanitise the final HTML to the allowlist."""
    source = (source or "")[:MAX_SOURCE_CHARS]
    html = _markdown.renderer.render(_demote_headings(_markdown.parse(source)), _markdown.options, {})
    return Markup(_linker.linkify(_cleaner.clean(html)))


def sanitise_html(html):
    """Sanitise HTML from any source to the same allowlist as rendered Markdown."""
    return Markup(_linker.linkify(_cleaner.clean(html or "")))


def plain_text(source, limit=None):
    """Markdown as plain text (for excerpts, titles, e-mails and the search index), optionally cut at a
    word boundary. Block boundaries are kept: a heading ends in a colon and a paragraph or list item in a
    full stop, unless they end in punctuation of their own, so "## What we tried" does not run into the
    sentence after it."""
    blocks = [block for block in _block_texts((source or "")[:MAX_SOURCE_CHARS]) if block[1]]
    text = " ".join(_ended(text, is_heading) if i < len(blocks) - 1 else text
                    for i, (is_heading, text) in enumerate(blocks))
    if limit and len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
    return text


_OWN_ENDINGS = (".", "!", "?", ":", ";", "…", ",")


def _ended(text, is_heading):
    return text if text.endswith(_OWN_ENDINGS) else text + (":" if is_heading else ".")


def _block_texts(source):
    """(is_heading, text) for each block of the source in order: headings, paragraphs, items, cells, code."""
    in_heading = False
    for token in _markdown.parse(source):
        if token.type in ("heading_open", "heading_close"):
            in_heading = token.type == "heading_open"
        elif token.type == "inline":
            yield in_heading, " ".join(_inline_text(token).split())
        elif token.type in ("fence", "code_block"):
            yield False, " ".join(token.content.split())


def _inline_text(token):
    """The words of an inline run: text, code and images' alt text; line breaks become spaces."""
    return "".join(child.content if child.type in ("text", "code_inline", "image") else " "
                   if child.type in ("softbreak", "hardbreak") else "" for child in token.children or ())
