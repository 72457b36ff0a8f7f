"""Numbers and text from URLs, query strings and forms, checked against what the database can hold.

One rule for every whole number the portal reads: ASCII digits only (`str.isdigit()` also accepts "²",
which `int()` then refuses), and no larger than the database's integer columns (PostgreSQL refuses
2³¹ and more with "integer out of range"). PostgreSQL also refuses NUL in text, and no answer a
person types needs the other control characters; tabs and line breaks are kept.
"""
import re

from flask import abort, request
from werkzeug.routing import IntegerConverter

MAX_INTEGER = 2**31 - 1  # PostgreSQL's integer, the type of every id column
DIGITS = re.compile(r"[0-9]{1,10}")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ADDRESS_PROBLEM = ("The web address has a character in it that cannot be used (a control character, such as a "
                   "NUL). Check the address, or go back and follow the link again.")
PAGE_PROBLEM = "That page number is not right: page numbers are whole numbers from 1. Go back to the first page."


def whole_number(value, maximum=MAX_INTEGER):
    """The whole number written in value (ASCII digits, at most maximum), or None."""
    text = value if isinstance(value, str) else ""
    if not DIGITS.fullmatch(text) or int(text) > maximum:
        return None
    return int(text)


def page_number(name="page"):
    """The page asked for in the query string (1 when absent); a page the database cannot count to is a 400."""
    text = request.args.get(name, "")
    if not text:
        return 1
    page = whole_number(text)
    if not page:
        abort(400, PAGE_PROBLEM)
    return page


def has_control_characters(text):
    return bool(CONTROL_CHARACTERS.search(text))


def without_control_characters(text):
    return CONTROL_CHARACTERS.sub("", text)


class IdConverter(IntegerConverter):
    """`<int:...>` in routes: ASCII digits within the id columns' range, so any other id is a 404."""
    regex = r"[0-9]{1,10}"

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INTEGER)
        super().__init__(url_map, *args, **kwargs)


def _refuse_control_characters_in_the_address():
    """Answer 400 with a clear page before any view reads a path segment or query parameter with NUL in it."""
    values = [request.path, *(text for pair in request.args.items(multi=True) for text in pair)]  # every repeat
    if any(has_control_characters(value) for value in values):
        abort(400, ADDRESS_PROBLEM)


def init_app(app):
    """Call before the blueprints are registered: their rules are built with the converter."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(_refuse_control_characters_in_the_address)
