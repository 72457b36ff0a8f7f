"""The safeguarding assist: likely personal data is found with its exact passage; common false alarms are not."""
import pytest

from portal.safeguarding.personal_data import KIND_LABELS, find_personal_data
from portal.safeguarding.personal_data.patterns import is_valid_uln


def found(text):
    return [(f.kind, f.passage) for f in find_personal_data(text)]


@pytest.mark.parametrize("text, kind, passage", [
    ("Email jo.bloggs@school.example for the slides", "email", "jo.bloggs@school.example"),
    ("Ring me on 07912 345678 after school", "phone", "07912 345678"),
    ("The office is 0161 496 0000", "phone", "0161 496 0000"),
    ("International: +44 20 7946 0018", "phone", "+44 20 7946 0018"),
    ("She lives at SW1A 1AA now", "postcode", "SW1A 1AA"),
    ("postcode m1 1ae", "postcode", "m1 1ae"),
    ("Near LS6 2QT", "postcode", "LS6 2QT"),
    ("Jamie was born on 12/03/2016", "date_of_birth", "born on 12/03/2016"),
    ("DOB: 4th May 2015", "date_of_birth", "DOB: 4th May 2015"),
    ("date of birth 3 March 2016", "date_of_birth", "date of birth 3 March 2016"),
    ("her birthday is June 5th", "date_of_birth", "birthday is June 5th"),
    ("12.03.2016 (DOB)", "date_of_birth", "12.03.2016 (DOB)"),
    ("UPN A123456789012 was on the sheet", "upn", "A123456789012"),
    ("temporary UPN T12345678901A", "upn", "T12345678901A"),
    ("The pupil Jamie Smith wrote a story", "pupil_name", "pupil Jamie Smith"),
    ("Year 4 child Amira loved it", "pupil_name", "Year 4 child Amira"),
    ("Maya in Year 5 asked why", "pupil_name", "Maya in Year 5"),
    ("Ellis (Y2) drew the dragon", "pupil_name", "Ellis (Y2)"),
    ("a student called Ellis", "pupil_name", "student called Ellis"),
    ("Jamie Smith, Year 6, said it helped", "pupil_name", "Jamie Smith, Year 6"),
    ("Then Maya in Year 5 said", "pupil_name", "Maya in Year 5"),
    ("Tom from Y3 went first", "pupil_name", "Tom from Y3"),
])
def test_detector_finds_personal_data_with_the_exact_passage(text, kind, passage):
    assert (kind, passage) in found(text)


@pytest.mark.parametrize("text", [
    "Year 4 alone",
    "Year 4 pupils enjoyed the image generator",
    "28 pupils took part and 45% improved",
    "In Year 6 we tried it with the whole class",
    "the Year 5 team met on Monday",
    "We met on 12/03/2024 at 3pm to review it",
    "The next meeting is 4th May 2025",
    "We read Matilda in Year 4",
    "We used Canva in Year 5 and ChatGPT in Year 6",
    "Pupil Premium funding paid for the licences",
    "Mrs Smith in Year 4 led the trial",
    "Reading Comprehension (Y5)",
    "Phonics (Y2) was where it worked best",
    "On Monday in Year 3 we started",
    "Everyone in Year 6 had a go",
    "child Protection training comes first",
    "KS2 3rd place in the quiz",
    "Y4 9am session",
    "URN 123456 and a score of 120 out of 150 in 2024",
    "The Iron Man in Year 4 was a hit",
    "Pupils in Year 5 used it",
    "Maths (Year 6) went well",
])
def test_detector_ignores_common_false_alarms(text):
    assert found(text) == []


def kinds(text):
    return {f.kind for f in find_personal_data(text)}


@pytest.mark.parametrize("text, passage", [
    ("Pupil A (Jayden) refused to use it", "Jayden"),
    ("Child B (Amelia) asked a question", "Amelia"),
    ("Jayden (Pupil A) refused to use it", "Jayden (Pupil A)"),
])
def test_detector_finds_a_real_name_beside_a_pseudonym_label(text, passage):
    assert ("pupil_name", passage) in found(text)


@pytest.mark.parametrize("text, passage", [
    ("Olivia 3W finished early", "Olivia 3W"),
    ("Tom in 10X2 found a bug", "Tom in 10X2"),
    ("the best story came from Isla (4B)", "Isla (4B)"),
])
def test_detector_finds_a_name_with_a_class_code(text, passage):
    assert ("pupil_name", passage) in found(text)


def test_detector_finds_a_list_of_first_names_after_my_class():
    assert ("pupil_name", "Mia, Leo and Ava") in found("my class — Mia, Leo and Ava — loved it")


@pytest.mark.parametrize("text, passage", [
    ("Freddie, aged 8, asked it for a poem", "Freddie, aged 8"),
    ("Poppy (7) typed her own questions", "Poppy (7)"),
    ("Ollie, who is 11, plans with it", "Ollie, who is 11"),
])
def test_detector_finds_a_name_with_an_age(text, passage):
    assert ("pupil_name", passage) in found(text)


@pytest.mark.parametrize("text, passage", [
    ("the girl in our unit, Ruby, made a comic", "Ruby"),
    ("Lily, the girl who joined in January, used it", "Lily"),
])
def test_detector_finds_a_name_introduced_as_the_girl_in_our_unit(text, passage):
    assert ("pupil_name", passage) in found(text)


@pytest.mark.parametrize("text, passage", [
    ("Kai's EHCP says he needs a reader", "Kai's EHCP"),
    ("I showed Maisie's mum the app", "Maisie's mum"),
    ("I rang Logan and his mum", "Logan and his mum"),
])
def test_detector_finds_a_name_beside_a_plan_or_a_parent(text, passage):
    assert ("pupil_name", passage) in found(text)


@pytest.mark.parametrize("text, passage", [
    ("J.T. in 6B found it easier", "J.T. in 6B"),
    ("M.K. (Y4) typed answers", "M.K. (Y4)"),
])
def test_detector_finds_initials_with_a_class_or_year(text, passage):
    assert ("pupil_name", passage) in found(text)


def test_detector_finds_a_first_name_alone_in_a_sentence_about_a_pupil():
    assert ("pupil_name", "Jayden") in found("Jayden struggled with the fractions worksheet.")


@pytest.mark.parametrize("number", [
    "01632 960 000", "01632 960999", "07700 900000", "07700900999", "020 7946 0000", "020 7946 0999",
    "+44 7700 900123", "+447700900123", "+44 (0)20 7946 0123", "(0161) 496 0000", "0113-496-0555",
])
def test_detector_finds_uk_phone_numbers_including_ofcoms_drama_ranges(number):
    assert ("phone", number) in found(f"Ring {number} today")


@pytest.mark.parametrize("text, passage", [
    ("She lives at 14 Acacia Avenue now", "14 Acacia Avenue"),
    ("picked up from 27b Station Road", "27b Station Road"),
])
def test_detector_finds_a_home_address(text, passage):
    assert ("address", passage) in found(text)


@pytest.mark.parametrize("text, passage", [
    ("DOB 03/04/2016 on the sheet", "DOB 03/04/2016"),
    ("born on 3rd April 2016", "born on 3rd April 2016"),
    ("d.o.b. 2016-04-03 was visible", "d.o.b. 2016-04-03"),
    ("D.O.B: 1st September 2014", "D.O.B: 1st September 2014"),
])
def test_detector_finds_dates_of_birth_in_common_formats(text, passage):
    assert ("date_of_birth", passage) in found(text)


def test_detector_finds_a_spelt_out_school_email():
    assert ("email", "head (at) brook.example.sch.uk") in found("write to head (at) brook.example.sch.uk")


def test_detector_finds_a_uln_with_its_check_digit_and_ignores_ten_digits_without():
    assert ("uln", "4812345676") in found("ULN: 4812345676")
    assert found("ULN: 4812345670") == []


@pytest.mark.parametrize("digits, valid", [
    ("1000000000", True), ("4812345676", True), ("1234567899", True),
    ("1234567890", False), ("2000000010", False), ("123456789", False), ("12345678901", False),
])
def test_uln_check_digit_follows_the_learning_records_service_rule(digits, valid):
    assert is_valid_uln(digits) is valid


@pytest.mark.parametrize("text", [
    "We read Matilda in Year 4", "The class loved Harry Potter", "Charlie and the Chocolate Factory (Year 5)",
    "Pupils compared Hermione with Katniss", "Roald Dahl's writing is full of verbs",
])
def test_detector_ignores_books_films_characters_and_authors(text):
    assert found(text) == []


@pytest.mark.parametrize("text", [
    "Mr Jones in Year 6 ran it", "Mrs Patel's class tested it", "Miss Khan (Y3) shared prompts",
    "Our SENCo, Sarah, checked the resources", "Tom (TA) sat with the group",
])
def test_detector_ignores_staff_named_with_a_title_or_role(text):
    assert found(text) == []


@pytest.mark.parametrize("text", [
    "ChatGPT in Year 6", "Gemini was better than Copilot", "Claude wrote a first draft", "We tried Diffit in 5C",
])
def test_detector_ignores_ai_tools(text):
    assert found(text) == []


@pytest.mark.parametrize("text", [
    "On 3 March we met", "27 of 30 pupils said it helped", "Year 6 scores rose 12%",
    "Invoice 0045-2211-9", "Set 4 of 6 did pages 12-15", "Tom 3D printed a model",
])
def test_detector_ignores_meeting_dates_statistics_and_codes(text):
    assert found(text) == []


@pytest.mark.parametrize("text", [
    "Our partner school in Jordan shared their approach", "Grace and courtesy lessons are part of our day",
    "We visited Florence in Year 9", "Victoria Park was the setting for fieldwork",
])
def test_detector_ignores_places_and_words_that_are_also_names(text):
    assert found(text) == []


def test_every_kind_found_has_a_label():
    text = ("Maya in Year 5, a@b.example, 07700 900123, LS6 2QT, 3 Elm Close, DOB 03/04/2016, "
            "UPN A123456789012, ULN 1000000000")
    assert kinds(text) == set(KIND_LABELS)


def test_findings_carry_their_position_and_come_in_reading_order():
    text = "Ask Maya in Year 5 or email head@school.example"
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == ["pupil_name", "email"]
    for finding in findings:
        assert text[finding.start:finding.end] == finding.passage


def test_empty_text_has_no_findings():
    assert find_personal_data("") == [] and find_personal_data(None) == []
