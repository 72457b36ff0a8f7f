"""The safeguarding assist: find passages that probably identify a pupil or hold personal data.

It errs towards warning the author (who can edit or publish anyway, and a moderator then looks), but
avoids the common false alarms: a year group alone, statistics, meeting dates, staff titles, books
and tools read or used "in Year 4", and ordinary capitalised words.
"""
import re
from dataclasses import dataclass

import phonenumbers

KIND_LABELS = {
    "email": "An email address",
    "phone": "A phone number",
    "postcode": "A postcode",
    "date_of_birth": "A date of birth",
    "upn": "A Unique Pupil Number (UPN)",
    "pupil_name": "A pupil's name",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    passage: str
    start: int

    @property
    def end(self):
        return self.start + len(self.passage)

    @property
    def label(self):
        return KIND_LABELS[self.kind]


EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")

# Every postcode area in the UK (so "KS2 3rd" or "Y4 9am" are not taken for postcodes).
POSTCODE_AREAS = (
    "AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC "
    "EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME "
    "MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA "
    "TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE").split()
_AREAS = "|".join(sorted(POSTCODE_AREAS, key=len, reverse=True))
# Area, district (a digit, then an optional digit or letter), then the inward code, which never
# uses C, I, K, M, O or V.
POSTCODE = re.compile(rf"\b(?:GIR ?0AA|(?:{_AREAS})[0-9][0-9A-Z]? ?[0-9][ABD-HJLNP-UW-Z]{{2}})\b", re.IGNORECASE)

# A check letter, the 3-digit local authority code, 4-digit establishment number, 2-digit year and
# 3-digit serial; temporary UPNs end in a letter. The check letters never use I, O or S.
UPN = re.compile(r"\b[A-HJ-NP-RT-Z](?:[0-9]{12}|[0-9]{11}[A-HJ-NP-RT-Z])\b", re.IGNORECASE)

_MONTHS = ("January February March April May June July August September October November December "
           "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()
_MONTH = "(?:" + "|".join(_MONTHS) + r")\.?"
_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
         rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
         rf"|{_MONTH}\s+\d{{4}})")
_BIRTH_CUE = r"(?:born|d\.?o\.?b\.?|date\s+of\s+birth|birthday)"
# Only dates next to a birth cue: a meeting on 12 March is not personal data.
DATE_OF_BIRTH = re.compile(
    rf"\b{_BIRTH_CUE}(?:\s*[:\-–]\s*|\s+(?:is\s+|was\s+|on\s+|in\s+)?)(?:the\s+)?{_DATE}\b"
    rf"|\b{_DATE}\s*\(\s*{_BIRTH_CUE}\s*\)", re.IGNORECASE)

_NAME_WORD = r"[A-Z][a-z]+(?:['’-][A-Za-z][a-z]+)?"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD})?"
_YEAR_GROUP = r"(?:Year|Yr|Y)\s?\d{1,2}"
# "pupil Jamie Smith", "Year 4 child Amira", "a student called Ellis"
NAME_AFTER_CUE = re.compile(
    rf"(?:\b{_YEAR_GROUP}\s+)?\b(?:[Pp]upil|[Cc]hild|[Ss]tudent|[Ll]earner|[Bb]oy|[Gg]irl)s?,?\s+"
    rf"(?:(?:called|named)\s+)?(?P<name>{_NAME})\b")
# "Maya in Year 5", "Ellis (Y2)", "Jamie Smith, Year 6", "Tom from Y3"
NAME_BEFORE_YEAR = re.compile(
    rf"\b(?P<name>{_NAME})(?:\s*\(\s*{_YEAR_GROUP}\s*\)|,?\s+(?:in|from)\s+{_YEAR_GROUP}\b|,\s+{_YEAR_GROUP}\b)")

_NOT_NAMES = set("""
I A An The This That These Those There Then Than Their They We You He She It Its Our My Your His Her Them Us
In On At By For From With Without Into Onto Of To And But Or So If When Where Why How What Which Who Whom
After Before During Since Until While As Also Only Just Even Still Later Earlier Next Last First Second Third
All Some Most Many Much Few Every Each Everyone Everybody Nobody Someone Anyone Both Several Other Others
Another Any None No Yes Not Here Now Today Yesterday Tomorrow Once Again Overall Meanwhile However Although
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Term Autumn Spring Summer Winter Half Week Weeks
January February March April May June July August September October November December
Pupil Pupils Child Children Student Students Learner Learners Class Classes Group Groups Set Sets Team Teams
Staff Teacher Teachers Teaching Assistant Assistants Parent Parents Carer Carers Leader Leaders Head Deputy
Year Years Reception Nursery Key Stage Form Tutor School Schools Trust Trusts Academy Department Phase
Premium Voice Council Parliament Referral Unit Protection Services Support Council Leadership Ambassador
Ambassadors Champion Champions Led Centred Friendly Progress Data Outcomes Results Assessment Assessments
English Maths Mathematics Science Sciences History Geography Art Music Computing French Spanish German
Drama Dance Design Technology Religious Education Physical Phonics Reading Writing Spelling Grammar
Literacy Numeracy Homework Lesson Lessons Unit Topic Project Projects Story Stories Poem Poems Book Books
Report Reports Prompt Prompts Policy Trial Trials Case Study Studies Feedback Marking Planning
AI Artificial Intelligence Chat Bot Bots Tool Tools Image Images Generator Generators Copilot Gemini Claude
Mr Mrs Ms Miss Mx Dr Sir Madam Professor Prof Mum Dad Grandma Grandad Nan
""".split())
_NOT_NAME_ENDINGS = ("ing", "tion", "sion", "ment", "ness", "ity", "ics", "ology", "ship")
# Words just before a capitalised word that make it a title, a tool or a book rather than a pupil.
_NOT_PUPIL_BEFORE = set("""
the a an this that our my your their his her its read reading reads used using uses use tried trying tries
try taught teaching teach introduced introducing studied studying explored exploring launched launching
piloted piloting trialled trialling ran running played playing watched watching wrote writing with about
of on for by mr mrs ms miss mx dr sir
""".split())


def _is_name_word(word):
    return word not in _NOT_NAMES and not word.lower().endswith(_NOT_NAME_ENDINGS)


def _trim_leading_non_names(match):
    """Return (start, name) without leading non-name words ("Then Maya" -> "Maya"), or None."""
    words = list(re.finditer(r"\S+", match.group("name")))
    while words and not _is_name_word(words[0].group()):
        words.pop(0)
    if not words or not all(_is_name_word(word.group()) for word in words):
        return None
    return match.start("name") + words[0].start(), match.group("name")[words[0].start():]


def _word_before(text, index):
    previous = text[:index].rstrip().rsplit(None, 1)
    return previous[-1].strip(".,;:()\"'“”").lower() if previous else ""


def _pupil_names(text):
    for match in NAME_AFTER_CUE.finditer(text):
        if all(_is_name_word(word) for word in match.group("name").split()):
            yield Finding("pupil_name", match.group(0), match.start())
    for match in NAME_BEFORE_YEAR.finditer(text):
        trimmed = _trim_leading_non_names(match)
        if trimmed is None:
            continue
        start, _name = trimmed
        if _word_before(text, start) in _NOT_PUPIL_BEFORE:
            continue
        yield Finding("pupil_name", text[start:match.end()], start)


def _phones(text):
    for match in phonenumbers.PhoneNumberMatcher(text, "GB"):
        yield Finding("phone", match.raw_string, match.start)


def _postcodes(text):
    for match in POSTCODE.finditer(text):
        # Postcodes are written in one case; "Ks2 3rd"-style mixtures are something else.
        if match.group(0).isupper() or match.group(0).islower():
            yield Finding("postcode", match.group(0), match.start())


def _matches(pattern, kind, text):
    return (Finding(kind, match.group(0), match.start()) for match in pattern.finditer(text))


def _without_overlaps(findings):
    kept = []
    for finding in sorted(findings, key=lambda f: (f.start, -len(f.passage))):
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept


def find_personal_data(text):
    """Likely personal data in text, as findings (kind, exact passage, position) in reading order."""
    text = text or ""
    findings = [*_matches(EMAIL, "email", text), *_matches(UPN, "upn", text),
                *_matches(DATE_OF_BIRTH, "date_of_birth", text), *_postcodes(text),
                *_phones(text), *_pupil_names(text)]
    return _without_overlaps(findings)
