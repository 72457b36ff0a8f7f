"""The safeguarding assist's findings on what members write: one mechanism for every kind of item.

Every save of an item recomputes its findings from the text it now holds and replaces the stored
ones in the same transaction, so a passage its writer (or a moderator's redaction) took out is
deleted from the database, never merely hidden.
"""
from sqlalchemy import delete, or_, select

from portal.extensions import db
from portal.safeguarding.models import PersonalDataFinding
from portal.safeguarding.personal_data import find_personal_data

PASSAGE_MAX = 300


def scan(texts_by_field):
    """{field: [Finding, ...]} for each field whose text holds likely personal data."""
    found = {}
    for field, text in texts_by_field.items():
        if isinstance(text, str) and text.strip():
            if findings := find_personal_data(text):
                found[field] = findings
    return found


def flattened(found):
    """Every finding of a scan, field by field, for the writer's warning."""
    return [finding for findings in found.values() for finding in findings]


def record_findings(target_type, target_id, texts_by_field):
    """Replace an item's stored findings with those in its current text; return the scan.

    Adds to the caller's transaction; the caller commits.
    """
    found = scan(texts_by_field)
    forget_findings(target_type, target_id)
    db.session.add_all(PersonalDataFinding(target_type=target_type, target_id=target_id, field=field,
                                           kind=finding.kind, passage=finding.passage[:PASSAGE_MAX],
                                           start=finding.start)
                       for field, findings in found.items() for finding in findings)
    return found


def forget_findings(target_type, *target_ids):
    """Delete the findings of items whose text changed or that are deleted (in the caller's transaction)."""
    if target_ids:
        db.session.execute(delete(PersonalDataFinding).where(
            PersonalDataFinding.target_type == target_type, PersonalDataFinding.target_id.in_(target_ids)))


def findings_by_target(keys):
    """{(target_type, id): [findings]} for the given (target_type, id) items, in one query."""
    if not keys:
        return {}
    by_type = {}
    for target_type, target_id in keys:
        by_type.setdefault(target_type, []).append(target_id)
    rows = db.session.scalars(select(PersonalDataFinding).where(or_(*(
        (PersonalDataFinding.target_type == target_type) & PersonalDataFinding.target_id.in_(ids)
        for target_type, ids in by_type.items()))).order_by(PersonalDataFinding.field, PersonalDataFinding.start)).all()
    found = {}
    for row in rows:
        found.setdefault((row.target_type, row.target_id), []).append(row)
    return found


def findings_on(target_type, target_id):
    return findings_by_target({(target_type, target_id)}).get((target_type, target_id), [])


def flagged_items(target_type, limit):
    """Ids of items of one type that have findings, oldest finding first, for the review queue."""
    first = db.func.min(PersonalDataFinding.id)
    return list(db.session.scalars(select(PersonalDataFinding.target_id).where(
        PersonalDataFinding.target_type == target_type).group_by(PersonalDataFinding.target_id)
        .order_by(first).limit(limit)))
