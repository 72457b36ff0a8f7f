"""The safeguarding assist: likely personal data is found with its exact passage; common false alarms are not."""
import pytest

from portal.moderation.personal_data import find_personal_data


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


def test_findings_carry_their_position_and_come_in_reading_order():
    text = "Ask Maya in Year 5 or email head@school.example"
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == ["pupil_name", "email"]
    for finding in findings:
        assert text[finding.start:finding.end] == finding.passage


def test_empty_text_has_no_findings():
    assert find_personal_data("") == [] and find_personal_data(None) == []
