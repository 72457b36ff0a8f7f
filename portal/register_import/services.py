"""Importing the register into schools and trusts, searching schools, and correcting a school's phases."""
import re
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.orgs.models import School, Trust, size_band_for
from portal.params import whole_number
from portal.register_import.gias import parse_extract
from portal.taxonomy.models import Phase
from portal.timestamps import utcnow

SEARCH_LIMIT = 20
MAX_QUERY = 100  # as the search form: a longer LIKE pattern is refused by SQLite as too complex


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped_closed: int = 0
    trusts_created: int = 0
    trusts_updated: int = 0
    trusts_matched: int = 0  # trusts already here without a register code, found by name
    errors: list = field(default_factory=list)  # (line number, reason)

    @property
    def imported(self):
        return self.created + self.updated


def import_extract(data):
    """Create or update schools by URN and trusts by register code, in one transaction.

    Bad rows are reported and left out; the good rows are kept. Closed schools the portal does not
    know are skipped (nobody can work there now); closed schools it knows are updated and marked closed,
    so members who chose them keep their record. Raises gias.ExtractError for an unreadable file.
    """
    parsed = parse_extract(data)
    report = ImportReport(errors=parsed.errors)
    trusts = _existing_trusts({row.trust_code for row in parsed.rows if row.trust_code})
    trusts_by_name = _uncoded_trusts_by_name()
    rows_with_trusts = [(row, _trust_for(row, trusts, trusts_by_name, report)) for row in parsed.rows]
    _upsert_schools(rows_with_trusts, report)
    db.session.flush()
    _recompute_size_bands(trusts.values())
    db.session.commit()
    return report


def _upsert_schools(rows_with_trusts, report):
    schools = _existing_schools([row.urn for row, _ in rows_with_trusts])
    unregistered = _unregistered_schools_by_name()
    phases = {phase.id: phase for phase in db.session.scalars(select(Phase))}
    for row, trust in rows_with_trusts:
        school = schools.get(row.urn) or _same_school(unregistered, row, trust)
        if school is None and row.status == "closed":
            report.skipped_closed += 1
            continue
        if school is None:
            school = School(urn=row.urn)
            db.session.add(school)
            report.created += 1
        else:
            school.urn = row.urn
            report.updated += 1
        schools[row.urn] = school
        _apply_row(school, row, phases, trust)


def name_key(name):
    """A name as the register and a person might both write it: case, punctuation and spacing aside."""
    return " ".join(re.sub(r"[^\w]+", " ", (name or "").casefold().replace("\u2019", "'").replace("'", "")).split())


def _unregistered_schools_by_name():
    """Schools without a URN (the demo's, or named by members at registration), by name: each a candidate
    for the register's own row, so an import completes them instead of adding a copy."""
    by_name = {}
    for school in db.session.scalars(select(School).where(School.urn.is_(None)).options(selectinload(School.phases))):
        by_name.setdefault(name_key(school.name), []).append(school)
    return by_name


def _same_school(unregistered, row, trust):
    """The one unregistered school with the row's name in the same region or trust, if there is exactly one."""
    candidates = [school for school in unregistered.get(name_key(row.name), ())
                  if school.region in (None, row.region) or (trust is not None and school.trust_id == trust.id)]
    if len(candidates) != 1:
        return None  # a common name ("St Mary's") with several matches is left for an admin
    unregistered[name_key(row.name)].remove(candidates[0])
    return candidates[0]


def _existing_schools(urns):
    found = {}
    for chunk in _chunks(urns):
        found.update({s.urn: s for s in db.session.scalars(
            select(School).where(School.urn.in_(chunk)).options(selectinload(School.phases)))})
    return found


def _existing_trusts(codes):
    found = {}
    for chunk in _chunks(sorted(codes)):
        found.update({t.gias_code: t for t in db.session.scalars(select(Trust).where(Trust.gias_code.in_(chunk)))})
    return found


def _chunks(values, size=500):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _uncoded_trusts_by_name():
    """Trusts without a register code (the demo's, an admin's, or requested at registration), by name."""
    return {name_key(trust.name): trust for trust in db.session.scalars(
        select(Trust).where(Trust.gias_code.is_(None), Trust.status.in_(("approved", "requested"))))}


def _trust_for(row, trusts, trusts_by_name, report):
    """The row's trust by register code, else the uncoded trust of the same name (which takes the code),
    else a new one."""
    if not row.trust_code:
        return None
    trust = trusts.get(row.trust_code)
    if trust is None:
        trust = trusts_by_name.pop(name_key(row.trust_name), None)
        if trust is not None:
            trust.gias_code = row.trust_code
            report.trusts_matched += 1
        else:
            trust = Trust(gias_code=row.trust_code, name=row.trust_name or row.trust_code)
            db.session.add(trust)
            report.trusts_created += 1
        trusts[row.trust_code] = trust
    if row.trust_name and trust.name != row.trust_name:
        trust.name = row.trust_name
        report.trusts_updated += 1
    return trust


def _apply_row(school, row, phases, trust):
    school.name = row.name
    school.region = row.region
    school.status = row.status
    school.town, school.la_name, school.postcode = row.town, row.la_name, row.postcode
    school.establishment_type, school.urban_rural = row.establishment_type, row.urban_rural
    school.number_of_pupils, school.percentage_fsm = row.number_of_pupils, row.percentage_fsm
    if school.phases_corrected_at is None:
        school.phases = [phases[phase_id] for phase_id in row.phases if phase_id in phases]
    school.trust = trust


def _recompute_size_bands(trusts):
    """Each imported trust's size band follows its number of open schools."""
    ids = [trust.id for trust in trusts]
    counts = dict(db.session.execute(select(School.trust_id, func.count(School.id)).where(
        School.trust_id.in_(ids), School.status == "open").group_by(School.trust_id)).all()) if ids else {}
    for trust in trusts:
        trust.size_band = size_band_for(max(counts.get(trust.id, 0), 1))


def search_schools(query, limit=SEARCH_LIMIT):
    """Open schools whose name, town, local authority or postcode match, or whose URN is the query."""
    query = (query or "").strip()[:MAX_QUERY]
    if len(query) < 2:
        return []
    columns = (School.name, School.town, School.la_name, School.postcode)
    matches = [column.icontains(query, autoescape=True) for column in columns]
    urn = whole_number(query)
    if urn is not None:
        matches.append(School.urn == urn)
    return db.session.scalars(select(School).where(School.status == "open", or_(*matches))
                              .order_by(School.name, School.id).limit(limit)).all()


@dataclass
class SchoolPicker:
    """What the school picker shows: the chosen school, then the schools matching the search."""
    selected: str
    query: str
    chosen: School | None
    results: list

    @property
    def searched(self):
        return len(self.query.strip()) >= 2


def school_picker(selected, query):
    selected = str(selected or "")
    school_id = whole_number(selected)
    chosen = school_with_phases(school_id) if school_id else None
    results = [s for s in search_schools(query) if chosen is None or s.id != chosen.id]
    return SchoolPicker(selected=selected, query=(query or "")[:100], chosen=chosen, results=results)


def school_with_phases(school_id):
    return db.session.scalar(select(School).where(School.id == school_id).options(
        selectinload(School.phases), selectinload(School.trust)))


def set_school_phases(school, phase_ids):
    """An admin corrects the phases the register's data gave a school."""
    school.phases = db.session.scalars(select(Phase).where(Phase.id.in_(phase_ids))).all()
    school.phases_corrected_at = utcnow()
    db.session.commit()
