"""Marking the safeguarding assist's findings in place, in the same templates readers see.

A page sets `finding_marks` ({field: [(passage, label), ...]}) in its template context; the
post and comment templates call marked() and marked_html() for each field, which change nothing
when no marks are set, so the readers' pages (and their caches) are unaffected.
"""
import html
import re

from markupsafe import Markup, escape

# A whole tag, quoted attribute values included (a value may hold ">").
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")


def marks_from(findings):
    """{field: [(passage, label)]} from stored findings, longest passages first."""
    marks = {}
    for finding in sorted(findings, key=lambda f: -len(f.passage)):
        marks.setdefault(finding.field or "body", []).append((finding.passage, finding.label))
    return marks


def mark_text(text, marks):
    """Escaped text with each found passage in <mark>, its label in visually hidden text."""
    if not marks or not text:
        return escape(text or "")
    labels = {}
    for passage, label in marks:
        labels.setdefault(passage, label)
    pattern = re.compile("|".join(re.escape(passage) for passage in labels))
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position:match.start()]))
        pieces.append(Markup('<mark class="finding">{}<span class="visually-hidden"> (possible personal data: {})'
                             '</span></mark>').format(match.group(), labels[match.group()]))
        position = match.end()
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


def mark_html(sanitised_html, marks):
    """Sanitised HTML with found passages marked in its text (never inside a tag or attribute)."""
    if not marks:
        return Markup(sanitised_html or "")
    parts = _TAG.split(sanitised_html or "")
    # Text between tags is unescaped and escaped again around each mark, so entities cannot hide a passage.
    return Markup("").join(Markup(part) if i % 2 else mark_text(html.unescape(part), marks)
                           for i, part in enumerate(parts))
