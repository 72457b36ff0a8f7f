"""Identifiers with a fixed shape: e-mails, phone numbers, postcodes, addresses, dates of birth, UPNs, ULNs."""
import itertools
import re

import phonenumbers

from portal.safeguarding.personal_data.finding import Finding

# The local part starts where a run of its characters starts (not at every "\b" inside "+4+4..."),
# so a long run without an "@" is read once rather than once for each position in it.
_LOCAL_PART = r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+"
EMAIL = re.compile(rf"{_LOCAL_PART}@[A-Za-z0-9.-]+\.[A-Za-z]{{2,}}\b")
# "head (at) school.sch.uk": addresses spelt out to dodge spam filters are still addresses.
SPELT_OUT_EMAIL = re.compile(rf"{_LOCAL_PART}\s*[(\[{{]at[)\]}}]\s*[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b")

# Every postcode area in the UK (so "KS2 3rd" or "Y4 9am" are not taken for postcodes).
POSTCODE_AREAS = (
    "AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC "
    "EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME "
    "MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA "
    "TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE").split()
_AREAS = "|".join(sorted(POSTCODE_AREAS, key=len, reverse=True))
# Area, district (a digit, then an optional digit or letter), then the inward code, which never
# uses C, I, K, M, O or V. The lookahead lets the scan skip ordinary words without trying every area.
POSTCODE = re.compile(
    rf"\b(?=[A-Z]{{1,2}}[0-9])(?:GIR ?0AA|(?:{_AREAS})[0-9][0-9A-Z]? ?[0-9][ABD-HJLNP-UW-Z]{{2}})\b", re.IGNORECASE)

# "14 Acacia Avenue", "27b Station Road": a house number, one to three words, then a street type.
_STREET_TYPES = ("Road Rd Street St Avenue Ave Close Lane Drive Way Crescent Gardens Grove Place Court "
                 "Terrace Square Rise Mews Walk Row Parade Hill View Green Park Mount Vale Gate Fold Wharf "
                 "Meadow Meadows Chase Croft Yard Boulevard").split()
ADDRESS = re.compile(r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z]+(?:['’-][A-Za-z]+)?\s+){1,3}"
                     rf"(?:{'|'.join(_STREET_TYPES)})\b")

# A check letter, the 3-digit local authority code, 4-digit establishment number, 2-digit year and
# 3-digit serial; temporary UPNs end in a letter. The check letters never use I, O or S.
UPN = re.compile(r"\b[A-HJ-NP-RT-Z](?:[0-9]{12}|[0-9]{11}[A-HJ-NP-RT-Z])\b", re.IGNORECASE)
TEN_DIGITS = re.compile(r"(?<![\d+])[1-9]\d{9}(?!\d)")

# Any UK-shaped number, valid or not: Ofcom's ranges for drama (01632 960xxx, 07700 900xxx,
# 020 7946 0xxx) are exactly what a careful author copies from a template, so they must be caught.
# A trunk 0 (or +44, with an optional "(0)"), then 9 or 10 national digits that start as UK numbers do,
# each digit after the first allowed up to two separators.
UK_PHONE = re.compile(
    r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(0|0)[1235789](?:[\s)-]{0,2}\d){8,9}(?![\d-])")

# "+1 202 555 0143", "00 353 1 234 5678": a prefix and at least seven more digits.
INTERNATIONAL_NUMBER = re.compile(r"(?<![\w+])(?:\+|00)\s?[1-9](?:[\s().-]{0,2}\d){6,14}")
# The library is slow (about a third of a millisecond a number), so a text full of numbers is only
# checked this far; its author has been told about the first ones by then.
MAX_INTERNATIONAL_CHECKS = 20

_MONTHS = ("January February March April May June July August September October November December "
           "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()
_MONTH = "(?:" + "|".join(_MONTHS) + r")\.?"
_DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
         rf"|\d{{4}}[/.-]\d{{1,2}}[/.-]\d{{1,2}}"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
         rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
         rf"|{_MONTH}\s+\d{{4}})")
BIRTH_CUE = re.compile(r"\b(?:born|d\.?o\.?b|date\s+of\s+birth|birth\s+date|birthday)(?![a-z])\.?", re.IGNORECASE)
# Only dates next to a birth cue: a meeting on 12 March is not personal data. The scan looks for the
# cue and then for a date just after it ("DOB: 4th May 2015") or just before it ("12.03.2016 (DOB)").
DATE_AFTER_CUE = re.compile(rf"\s*[:\-–]\s*(?:the\s+)?{_DATE}\b|\s+(?:(?:is|was|on|in)\s+)?(?:the\s+)?{_DATE}\b",
                            re.IGNORECASE)
DATE_BEFORE_CUE = re.compile(rf"\b{_DATE}\s*\(\s*$", re.IGNORECASE)
CLOSING_BRACKET = re.compile(r"\s*\)")


def is_valid_uln(digits):
    """True when a 10-digit string carries the Learning Records Service's ULN check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    remainder = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1))) % 11
    return remainder != 0 and int(digits[9]) == 10 - remainder


def _dates_of_birth(text):
    for cue in BIRTH_CUE.finditer(text):
        after = DATE_AFTER_CUE.match(text, cue.end())
        if after:
            yield Finding("date_of_birth", text[cue.start():after.end()], cue.start())
            continue
        before = DATE_BEFORE_CUE.search(text, max(0, cue.start() - 30), cue.start())
        closing = CLOSING_BRACKET.match(text, cue.end())
        if before and closing:
            yield Finding("date_of_birth", text[before.start():closing.end()], before.start())


def _ulns(text):
    for match in TEN_DIGITS.finditer(text):
        if is_valid_uln(match.group(0)):
            yield Finding("uln", match.group(0), match.start())


def _phones(text):
    yield from _matches(UK_PHONE, "phone", text)
    # The pattern covers UK-dialled numbers; the library, leniently, the international ones. It only
    # reads what looks like one: run over a whole table of figures it is slow, and it takes counts and
    # codes for local numbers.
    candidates = INTERNATIONAL_NUMBER.finditer(text)
    for candidate in itertools.islice(candidates, MAX_INTERNATIONAL_CHECKS):
        matcher = phonenumbers.PhoneNumberMatcher(candidate.group(0), "GB", leniency=phonenumbers.Leniency.POSSIBLE)
        for match in matcher:
            yield Finding("phone", match.raw_string, candidate.start() + match.start)


def _postcodes(text):
    for match in POSTCODE.finditer(text):
        # Postcodes are written in one case; "Ks2 3rd"-style mixtures are something else.
        if match.group(0).isupper() or match.group(0).islower():
            yield Finding("postcode", match.group(0), match.start())


def _matches(pattern, kind, text):
    return (Finding(kind, match.group(0), match.start()) for match in pattern.finditer(text))


def find_identifiers(text):
    """Findings for every identifier with a fixed shape in text, in no particular order."""
    return [*_matches(EMAIL, "email", text), *_matches(SPELT_OUT_EMAIL, "email", text),
            *_matches(UPN, "upn", text), *_ulns(text), *_dates_of_birth(text),
            *_postcodes(text), *_matches(ADDRESS, "address", text), *_phones(text)]
