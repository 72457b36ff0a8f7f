"""The context cues that score a capitalised name up (a pupil) or down (a teacher, a book, a place).

Each cue is a pattern that must end where the name starts (before) or begin where it ends (after),
with the points it adds. Cues that belong to the identifying passage ("Maya in Year 5") widen it. A
cue before a name is looked for only as far back as it can reach, which keeps the scan fast.
"""
import re
from dataclasses import dataclass

YEAR = r"(?:Year|Yr|Y)\s?\d{1,2}\b"
# Class codes: "3W", "10X2", "6B", "11Y1" (but not "3D").
CLASS = r"(?![23]D\b)\d{1,2}[A-Z]{1,3}\d?\b(?![-/])"
_PUPIL_NOUN = r"(?:pupil|child|student|learner|boy|girl|lad|lass|son|daughter|kid)"
_GROUP_NOUN = r"(?:unit|class|group|form|set|base|provision|room|hub|centre|cohort|year|team)"
_FAMILY = (r"(?:mum|mam|mom|mummy|dad|daddy|mother|father|parents?|carers?|foster\s+carers?|nan|nana|nanny|"
           r"gran|granny|grandma|grandad|grandparents?|aunt|auntie|uncle|sister|brother|siblings?|twin|family)")
# Things staff say a pupil has: "Kai's EHCP", "Archie's reading", "Maisie's mum".
_PUPIL_THINGS = (rf"(?:{_FAMILY}|ehcp|iep|sen|send|one-page\s+profile|profile|support|plan|diagnosis|needs|"
                 r"reading|writing|spelling|handwriting|phonics|work|book|books|behaviour|attendance|progress|"
                 r"targets?|report|teacher|ta|key\s+worker|social\s+worker|seat|table|desk|tray|peg|story|"
                 r"answers?|drawing|picture|medication|inhaler|allerg(?:y|ies)|lunch|birthday|age|scores?|"
                 r"results?|marks?|grades?|homework|confidence|anxiety|autism|adhd|dyslexia|speech|"
                 r"vocabulary|maths|friends?|mentor|login|password|account|ipad|laptop|device)")
_PUPIL_VERBS = ("wrote writes said says asked asks told tells struggled struggles loved loves hated hates enjoyed "
                "enjoys finished drew draws managed refused refuses answered explained typed shouted cried laughed "
                "giggled beamed smiled insisted noticed spotted realised blended spelt spelled counted tried needed "
                "needs had read reads could couldn't can can't cannot won't wouldn't kept chose picked presented won "
                "scored got joined sat stood ran went came learned learnt stopped started began worked fell hid lost "
                "forgot remembered whispered announced wanted wants likes liked found made built designed solved "
                "completed improved behaved").split()
_ADVERBS = (r"(?:really|finally|then|also|just|still|eventually|quickly|proudly|suddenly|actually|even|now|soon|"
            r"always|never|often)")
_STAFF_ROLES = (r"(?:colleague|SENCo|SENDCo|SENCO|TA|HLTA|LSA|DSL|CEO|head|headteacher|deputy(?:\s+head)?|principal|"
                r"class\s+teacher|teacher|governor|trustee|manager|lead|leader|co-?ordinator|inspector|advis[eo]r|"
                r"consultant|author|poet|illustrator|writer|speaker|trainer|librarian|technician|receptionist)")
_TITLES = (r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lord|Lady|Prof|Professor|Rev|Revd|Father|Sister|Brother|Coach|"
           r"Madam|Madame|Mme|Mlle|Monsieur|Herr|Frau|Señora?|Senora?|Saint|St|Queen|King|Prince|Princess)")
_PLACE_SUFFIXES = ("Park Road Street Lane Avenue Primary Academy School College University Hall House Centre Center "
                   "Museum Library Trust Church Cathedral Castle Bridge Station Hospital Council Borough City Town "
                   "County Green Hill Bay Beach Island River Lake Forest Wood Woods Valley Square Gardens Zoo Infants "
                   "Juniors Federation").split()


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern
    points: int
    before: bool
    widens: bool = False
    reach: int = 60

    def match(self, text, start, end):
        """The cue's match beside the name at text[start:end], or None."""
        if self.before:
            return self.pattern.search(text, max(0, start - self.reach), start)
        return self.pattern.match(text, end, end + self.reach)


def _before(regex, points, reach, widens=False, flags=0):
    return Cue(re.compile(rf"(?:{regex})$", flags), points, True, widens, reach)


def _after(regex, points, widens=False, flags=0):
    return Cue(re.compile(regex, flags), points, False, widens)


BEFORE = [
    # "pupil Jamie", "Year 4 child Amira", "a student called Ellis", "our new girl, Ruby"
    _before(rf"(?:\b{YEAR}\s+)?\b{_PUPIL_NOUN}s?,?\s+(?:(?:called|named)\s+)?", 3, 32, widens=True),
    # "Pupil Jamie" but also "Pupil Number", "Student Council": capitalised, only with a known first name
    _before(rf"\b{_PUPIL_NOUN.title()}s?\s+", 2, 12, widens=True),
    # "Pupil A (Jayden)", "Child 3: Oscar": an anonymising label with the real name beside it
    _before(rf"\b(?i:{_PUPIL_NOUN}|case)\s+(?:[A-Z]|\d{{1,2}})\s*(?:[(\[]|[,:=–—-])\s*", 4, 16),
    # "the girl in our unit, Ruby", "the new lad in my form - Kieran"
    _before(rf"\b{_PUPIL_NOUN}\s+(?:in|from|on|at)\s+(?:our|my|the|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?"
            rf"{_GROUP_NOUN}\s*[,:–—-]\s*(?:(?:called|named)\s+)?", 3, 60, flags=re.IGNORECASE),
    # "Mrs Patel", "Dr Evans": a title marks a member of staff or a public figure
    _before(rf"\b{_TITLES}\.?\s+", -10, 12),
    # "our SENCo, Sarah", "my colleague Tom"
    _before(rf"\b{_STAFF_ROLES}s?,?\s+", -5, 24, flags=re.IGNORECASE),
    # "the Gruffalo", "read Matilda", "used Diffit": a title, a book or a tool rather than a pupil
    _before(r"\b(?i:the|a|an|this|that|these|those|its|read|reading|reads|watched|watching|watch|studied|studying|"
            r"study|taught|teaching|performed|performing|used|using|uses|use|tried|trying|trialled|trialling|"
            r"piloted|piloting|launched|introduced|explored)\s+", -4, 14),
    # "we visited Florence", "a trip to Paris": a place
    _before(r"\b(?i:visited|visiting|visit|trip\s+to|travelled\s+to|flew\s+to)\s+", -3, 16),
    # "a school in Jordan": a weaker hint, as pupils come "from Isla (4B)" too
    _before(r"\b(?i:in|to|from|at|near|across|around|towards|via)\s+", -1, 8),
]

AFTER = [
    # "Maya in Year 5", "Ellis (Y2)", "Jamie Smith, Year 6"
    _after(rf"\s*\(\s*{YEAR}\s*\)|,?\s+(?:in|from)\s+{YEAR}|,\s+{YEAR}", 3, widens=True),
    # "Olivia 3W", "Tom in 10X2", "Isla (4B)", "Marcus, 8R"
    _after(rf"\s*\(\s*{CLASS}\s*\)|,?\s+(?:in|from)\s+(?:class\s+)?{CLASS}|,?\s+{CLASS}", 3, widens=True),
    # "Freddie, aged 8", "Ollie, who is 11", "Ava, 7 years old", "Leo (aged 6)"
    _after(r",?\s+(?:aged?)\s+\d{1,2}\b|,?\s+who(?:\s+is|'s|’s|\s+was|\s+turned)\s+(?:now\s+|only\s+|just\s+)?\d{1,2}\b"
           r"|,?\s+\d{1,2}\s*(?:years?|yrs?)\s+old\b|\s*\(\s*aged?\s+\d{1,2}[^)]{0,12}\)", 3, widens=True),
    # "Poppy (7)", "Sienna is 6": ages, but also counts ("Step (2)"), so only with a known first name
    _after(r"\s*\(\s*\d{1,2}\s*(?:yrs?|y/o)?\s*\)|,?\s+(?:is|was|turned|turns)\s+(?:now\s+|only\s+|just\s+)?\d{1,2}\b"
           r"(?!\s*(?:%|per\b|of\b|out\b|pupils|children|points|marks|minutes|hours|days|weeks|months|pounds|[.,:]\d))"
           r"|,\s+\d{1,2}\s*,", 2, widens=True),
    # "Kai's EHCP", "Maisie's mum", "Archie's reading age"
    _after(rf"['’]s\s+(?:[\w-]+\s+){{0,2}}?(?i:{_PUPIL_THINGS})\b", 3, widens=True),
    # "Logan and his mum"
    _after(rf"\s+(?:and|&|with)\s+(?:his|her|their)\s+{_FAMILY}\b", 3, widens=True),
    # "Jayden (Pupil A)"
    _after(rf"\s*\(\s*(?i:{_PUPIL_NOUN})\s+(?:[A-Z]|\d{{1,2}})\s*\)", 4, widens=True),
    # "Lily, the girl who joined us", "Sam, one of our Year 6 boys"
    _after(rf",\s+(?:the|a|our|my|one\s+of\s+(?:our|my|the))\s+(?:[\w-]+\s+){{0,2}}?{_PUPIL_NOUN}s?\b", 3),
    # "Sarah, our SENCo", "Tom (TA)"
    _after(rf",?\s+\(?\s*(?:our|the|my|a|your)?\s*(?:[\w-]+\s+)?{_STAFF_ROLES}\b(?!['’]s)", -5),
    # "Victoria Park", "Oakfield Primary"
    _after(rf"\s+(?:{'|'.join(_PLACE_SUFFIXES)})\b", -4),
    # "Jayden struggled", "Theo finally blended": what pupils do, worth a point with a known name
    _after(rf"\s+(?:{_ADVERBS}\s+)?(?:{'|'.join(_PUPIL_VERBS)})\b", 1),
]

# Cues that can flag a name are tried first: most capitalised words have none, and then the cues
# that could only lower the score need not be tried.
POSITIVE = [cue for cue in BEFORE + AFTER if cue.points > 0]
NEGATIVE = [cue for cue in BEFORE + AFTER if cue.points < 0]

# A sentence about pupils makes a known first name in it more likely to be one.
PUPIL_CONTEXT = re.compile(
    r"\b(?:pupils?|child(?:ren)?|students?|learners?|boys?|girls?|kids?|class|classroom|lessons?|reading|writing|"
    r"phonics|spelling|maths|fractions|worksheets?|homework|behaviour|ehcp|iep|send?|ta|senco|year\s?\d+|y\d+|"
    r"reception|nursery|playground|break\s?time|lunch\s?time|intervention|tablet|ipad|chromebook|laptop|screen|"
    r"login|quiz|test|exam|revision|paragraphs?|sentences?|story|stories|poem|page|words|answers?|questions?|"
    r"he|she|him|his|her|hers)\b", re.IGNORECASE)

# "my class — Mia, Leo and Ava —": a list of names after a class or group is a list of pupils.
GROUP_BEFORE_LIST = re.compile(
    r"\b(?:class|group|set|form|table|pupils|children|students|kids|boys|girls|unit|cohort|"
    rf"{YEAR}s?|Y\d{{1,2}}s?|{CLASS})[^.!?]{{0,25}}$", re.IGNORECASE)
