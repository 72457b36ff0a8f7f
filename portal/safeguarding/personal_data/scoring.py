"""Pupils' names, found by scoring each capitalised name against the cues around it.

A name scores a point for being a known first name and the points of every cue next to it (a year
group, a class code, an age, an anonymising label, "'s EHCP", a list after "my class"), loses them for
a title, a staff role, a book or a tool, and is reported at THRESHOLD or above. So a strong cue alone
flags an unusual name, and a common first name needs a weaker cue and a sentence about pupils.
"""
import re
from bisect import bisect_right

from portal.safeguarding.personal_data import cues, names
from portal.safeguarding.personal_data.finding import Finding

THRESHOLD = 3

_WORD = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
NAME_WORD = re.compile(rf"\b{_WORD}\b")
NAME_LIST = re.compile(rf"\b{_WORD}(?:\s*,\s*{_WORD}){{0,8}}\s*,?\s+(?:and|&)\s+{_WORD}\b")
# "J.T. in 6B", "M.K. (Y4)": initials only identify beside a class or year group.
INITIALS_WITH_GROUP = re.compile(
    rf"(?<![\w.])[A-Z]\.\s?[A-Z]\.?(?:\s*\(\s*(?:{cues.YEAR}|{cues.CLASS})\s*\)"
    rf"|,?\s+(?:in|from)\s+(?:{cues.YEAR}|{cues.CLASS})|,\s+(?:{cues.YEAR}|{cues.CLASS}))")
_SENTENCE = re.compile(r"[^.!?\n]+")
_SENTENCE_STARTS_AFTER = ".!?\n\"“(:;—–-"


def _candidates(text):
    """Runs of up to three capitalised name words ("Jamie Smith"), as (start, end, first word)."""
    run = []
    for match in NAME_WORD.finditer(text):
        word = match.group(0)
        if not names.is_name_word(word):
            yield from _flush(run)
            run = []
            continue
        if run and (text[run[-1].end():match.start()] != " " or len(run) == 3):
            yield from _flush(run)
            run = []
        run.append(match)
    yield from _flush(run)


def _flush(run):
    # "Ask Maya", "Contact Emily": an ordinary word before a known first name is not part of the name.
    while len(run) > 1 and not names.is_first_name(run[0].group(0)) and names.is_first_name(run[1].group(0)):
        run = run[1:]
    if run:
        yield run[0].start(), run[-1].end(), run[0].group(0)


def _list_points(text):
    """{start of a name in a list: (points, list span)}: lists after a class cue score as pupils."""
    points = {}
    for match in NAME_LIST.finditer(text):
        members = [m for m in NAME_WORD.finditer(text, match.start(), match.end()) if names.is_name_word(m.group(0))]
        if cues.GROUP_BEFORE_LIST.search(text, max(0, match.start() - 40), match.start()):
            score = 3
        elif sum(names.is_first_name(m.group(0)) for m in members) >= 2:
            score = 1
        else:
            continue
        for member in members:
            points[member.start()] = (score, (match.start(), match.end()))
    return points


class _Sentences:
    """Which sentence a position is in, and whether that sentence is about pupils (worked out on demand)."""

    def __init__(self, text):
        self.text = text
        self.spans = [match.span() for match in _SENTENCE.finditer(text)]
        self.starts = [start for start, _end in self.spans]
        self.about_pupils = {}

    def is_about_pupils(self, position):
        index = bisect_right(self.starts, position) - 1
        if index < 0:
            return False
        if index not in self.about_pupils:
            self.about_pupils[index] = bool(cues.PUPIL_CONTEXT.search(self.text, *self.spans[index]))
        return self.about_pupils[index]


def _starts_sentence(text, start):
    before = text[max(0, start - 3):start].rstrip()
    return not before or before[-1] in _SENTENCE_STARTS_AFTER


def _score(text, start, end, first_word, sentences, list_points):
    """(score, passage start, passage end) for the candidate name at text[start:end]."""
    known = names.is_first_name(first_word)
    score = 1 if known else (-1 if _starts_sentence(text, start) else 0)
    span_start, span_end = start, end
    for cue in cues.POSITIVE:
        match = cue.match(text, start, end)
        if match:
            score += cue.points
            if cue.widens:
                span_start, span_end = min(span_start, match.start()), max(span_end, match.end())
    if start in list_points:
        points, (list_start, list_end) = list_points[start]
        score += points
        if points >= THRESHOLD:
            span_start, span_end = min(span_start, list_start), max(span_end, list_end)
    if known and score >= THRESHOLD - 1 and sentences.is_about_pupils(start):
        score += 1
    if score >= THRESHOLD:
        score += sum(cue.points for cue in cues.NEGATIVE if cue.match(text, start, end))
    return score, span_start, span_end


def find_pupil_names(text):
    """Findings for the names in text that score as a pupil's."""
    sentences, list_points = _Sentences(text), _list_points(text)
    findings = [Finding("pupil_name", match.group(0), match.start()) for match in INITIALS_WITH_GROUP.finditer(text)]
    masked_until = 0
    for start, end, first_word in _candidates(text):
        if start < masked_until:
            continue
        known_length = names.known_non_pupil_at(text, start, first_word)
        if known_length:
            masked_until = start + known_length
            continue
        score, span_start, span_end = _score(text, start, end, first_word, sentences, list_points)
        if score >= THRESHOLD:
            findings.append(Finding("pupil_name", text[span_start:span_end], span_start))
    return findings
