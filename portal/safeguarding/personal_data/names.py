"""The word lists behind name scoring: known first names, words that are never names, and known non-pupils."""
from functools import cache
from importlib import resources

# Capitalised words that are never a pupil's name in staff's writing: sentence openers, days and
# months, school vocabulary, subjects, places in a school, titles and family words.
NOT_NAMES = frozenset("""
I A An The This That These Those There Then Than Their They We You He She It Its Our My Your His Her Them Us
In On At By For From With Without Into Onto Of To And But Or So If When Where Why How What Which Who Whom
After Before During Since Until While As Also Only Just Even Still Later Earlier Next Last First Second Third
All Some Most Many Much Few Every Each Everyone Everybody Nobody Someone Anyone Both Several Other Others
Another Any None No Yes Not Here Now Today Yesterday Tomorrow Once Again Overall Meanwhile However Although
One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Twenty Thirty Half Dear Thanks Please Well
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Term Autumn Spring Summer Winter Week Weeks Month
January February March April May June July August September October November December Christmas Easter
Pupil Pupils Child Children Student Students Learner Learners Class Classes Group Groups Set Sets Team Teams
Staff Teacher Teachers Teaching Assistant Assistants Parent Parents Carer Carers Leader Leaders Head Deputy
Year Years Reception Nursery Key Stage Form Tutor School Schools Trust Trusts Academy Department Phase
Premium Voice Council Parliament Referral Unit Protection Services Support Leadership Ambassador
Ambassadors Champion Champions Led Centred Friendly Progress Data Outcomes Results Assessment Assessments
English Maths Mathematics Science Sciences History Geography Art Music Computing French Spanish German
Drama Dance Design Technology Religious Education Physical Phonics Reading Writing Spelling Grammar Oracy
Literacy Numeracy Homework Lesson Lessons Topic Project Projects Story Stories Poem Poems Book Books
Report Reports Prompt Prompts Policy Trial Trials Case Study Studies Feedback Marking Planning Deadline
AI Artificial Intelligence Chat Bot Bots Tool Tools Image Images Generator Generators App Apps Online
Room Rooms Hall Lab Block Library Playground Field Office Site Campus Base Hub Centre Primary Secondary
Park Road Street Lane Avenue Close Drive Station Church House College University Museum National Black
Mr Mrs Ms Miss Mx Dr Sir Madam Professor Prof Mum Dad Mummy Daddy Grandma Grandad Nan Nanny Gran
Headteacher Governor Governors Trustee Trustees Inspector Ofsted Local Authority Government Minister
Victorian Tudor Roman Romans Egyptian Greek Viking Vikings Saxon Saxons Age Ages Day Days
""".split())
NOT_NAME_ENDINGS = ("ing", "tion", "sion", "ment", "ness", "ity", "ics", "ology", "ship", "ism")


def _data_lines(filename):
    text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def first_names():
    """Lower-cased first names of children in England, from the list shipped with the package."""
    return frozenset(name.lower() for name in _data_lines("first_names.txt"))


@cache
def not_pupils_by_first_word():
    """Works, characters, famous people and tools, as {first word: [phrases, longest first]}."""
    by_first_word = {}
    for phrase in _data_lines("not_pupils.txt"):
        phrase = phrase.removeprefix("The ")
        by_first_word.setdefault(phrase.split()[0], []).append(phrase)
    return {word: sorted(phrases, key=len, reverse=True) for word, phrases in by_first_word.items()}


def is_name_word(word):
    """True unless the capitalised word is one that staff's writing never uses as a name."""
    return word not in NOT_NAMES and not word.lower().endswith(NOT_NAME_ENDINGS)


def is_first_name(word):
    return word.lower() in first_names()


def known_non_pupil_at(text, start, first_word):
    """The length of the work, character, famous person or tool named at start (by first_word), or 0."""
    for phrase in not_pupils_by_first_word().get(first_word, ()):
        if text.startswith(phrase, start):
            return len(phrase)
    return 0
