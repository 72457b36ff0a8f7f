"""Reading the DfE register (Get Information About Schools) extract: rows in, clean school records out.

The register publishes `edubasealldataYYYYMMDD.csv` in Windows-1252, with headers such as
`EstablishmentName` and `PhaseOfEducation (name)`. This module knows its columns and how the portal's
phases follow from them; it does not touch the database.
"""
import csv
import io
from dataclasses import dataclass, field

from portal.orgs.models import REGIONS
from portal.params import MAX_INTEGER, has_control_characters, whole_number

ENCODING = "cp1252"
REQUIRED_COLUMNS = ("URN", "EstablishmentName", "PhaseOfEducation (name)", "GOR (name)",
                    "EstablishmentStatus (name)")
REGION_BY_NAME = {name.lower(): slug for slug, name in REGIONS.items()}

PHASES_BY_REGISTER_PHASE = {
    "nursery": ["nursery"],
    "primary": ["primary"],
    "middle deemed primary": ["primary"],
    "secondary": ["secondary"],
    "middle deemed secondary": ["secondary"],
    "16 plus": ["sixth-form"],
    "all-through": ["primary", "secondary"],
    "all through": ["primary", "secondary"],
    "not applicable": [],
}
PHASE_ORDER = ["nursery", "primary", "secondary", "sixth-form", "pupil-referral-unit", "specialist"]
# England's largest schools have about 4,000 pupils: a figure far beyond that is a corrupt row.
MAX_PUPILS = 20_000
# The schools and trusts columns each text field is stored in: a longer value is a corrupt row, not cut short.
MAX_LENGTHS = {"EstablishmentName": 200, "Town": 100, "LA (name)": 100, "TypeOfEstablishment (name)": 120,
               "UrbanRural (name)": 120, "Postcode": 10, "Trusts (code)": 20, "Trusts (name)": 200}


class ExtractError(Exception):
    """The file as a whole cannot be read (wrong encoding or missing columns)."""


@dataclass
class SchoolRow:
    line: int
    urn: int
    name: str
    phases: list
    region: str
    status: str
    town: str = ""
    la_name: str = ""
    establishment_type: str = ""
    number_of_pupils: int | None = None
    percentage_fsm: float | None = None
    urban_rural: str = ""
    postcode: str = ""
    trust_code: str = ""
    trust_name: str = ""


@dataclass
class ParsedExtract:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line number, reason)


def derive_phases(row):
    """The portal's phases for a register row: from its phase, type, sixth form and nursery flags."""
    phases = set(PHASES_BY_REGISTER_PHASE.get(_get(row, "PhaseOfEducation (name)").lower(), []))
    kind = (_get(row, "TypeOfEstablishment (name)") + " " + _get(row, "EstablishmentTypeGroup (name)")).lower()
    if "pupil referral unit" in kind or "alternative provision" in kind:
        phases.add("pupil-referral-unit")
    if "special" in kind:
        phases.add("specialist")
    if _get(row, "OfficialSixthForm (name)").lower() == "has a sixth form":
        phases.add("sixth-form")
    if _get(row, "NurseryProvision (name)").lower() == "has nursery classes":
        phases.add("nursery")
    return [phase for phase in PHASE_ORDER if phase in phases]


def _get(row, column):
    return (row.get(column) or "").strip()


def _text(row, column):
    """The column's value, or ValueError if it holds a control character or is longer than the portal keeps."""
    text = _get(row, column)
    if has_control_characters(text):
        raise ValueError(f"{column} contains a control character (such as NUL)")
    if len(text) > MAX_LENGTHS.get(column, len(text)):
        raise ValueError(f"{column} is longer than {MAX_LENGTHS[column]} characters")
    return text


def _whole_number(text, column, maximum=MAX_INTEGER):
    if not text:
        return None
    number = whole_number(text, maximum)
    if number is None:
        raise ValueError(f"{column} is not a whole number from 0 to {maximum:,} ({text[:20]!r})")
    return number


def _percentage(text):
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"PercentageFSM is not a number ({text[:20]!r})") from None
    if not 0 <= value <= 100:
        raise ValueError(f"PercentageFSM is not between 0 and 100 ({text[:20]})")
    return value


def parse_row(row, line):
    """A clean SchoolRow, or ValueError saying what is wrong with the row."""
    urn = _whole_number(_get(row, "URN"), "URN")
    if urn is None:
        raise ValueError("URN is missing")
    name = _text(row, "EstablishmentName")
    if not name:
        raise ValueError("EstablishmentName is missing")
    region_name = _get(row, "GOR (name)")
    region = REGION_BY_NAME.get(region_name.lower())
    if region is None:
        raise ValueError(f"GOR (name) {region_name!r} is not a region of England")
    status = "closed" if _get(row, "EstablishmentStatus (name)").lower().startswith("closed") else "open"
    return SchoolRow(
        line=line, urn=urn, name=name, phases=derive_phases(row), region=region, status=status,
        town=_text(row, "Town"), la_name=_text(row, "LA (name)"),
        establishment_type=_text(row, "TypeOfEstablishment (name)"),
        number_of_pupils=_whole_number(_get(row, "NumberOfPupils"), "NumberOfPupils", MAX_PUPILS),
        percentage_fsm=_percentage(_get(row, "PercentageFSM")), urban_rural=_text(row, "UrbanRural (name)"),
        postcode=_text(row, "Postcode"), trust_code=_text(row, "Trusts (code)"),
        trust_name=_text(row, "Trusts (name)"))


def _decode(data):
    if data.startswith(b"\xef\xbb\xbf"):
        # Re-saved as UTF-8 (e.g. by a spreadsheet): the byte order mark says so.
        return data.decode("utf-8-sig", errors="replace")
    try:
        return data.decode(ENCODING)
    except UnicodeDecodeError as error:
        raise ExtractError("The file is not in the register's Windows-1252 encoding: "
                           f"byte {error.start + 1} cannot be read.") from None


def parse_extract(data):
    """Parse the register extract's bytes; each bad row is reported by its line number, the rest kept."""
    reader = csv.DictReader(io.StringIO(_decode(data), newline=""))
    parsed, seen = ParsedExtract(), set()
    try:
        missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            raise ExtractError("This does not look like a register extract: it has no "
                               + ", ".join(missing) + " column.")
        _read_rows(reader, parsed, seen)
    except csv.Error as error:  # e.g. a field beyond the csv module's size limit
        raise ExtractError(f"The file could not be read as CSV after line {reader.line_num}: {error}.") from None
    return parsed


def _read_rows(reader, parsed, seen):
    for row in reader:
        line = reader.line_num
        try:
            school = parse_row(row, line)
        except ValueError as error:
            parsed.errors.append((line, str(error)))
            continue
        if school.urn in seen:
            parsed.errors.append((line, f"URN {school.urn} appears more than once in the file"))
            continue
        seen.add(school.urn)
        parsed.rows.append(school)
