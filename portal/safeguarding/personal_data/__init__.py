"""The safeguarding assist: find passages that probably identify a pupil or hold personal data.

It errs towards warning the author (who can edit or publish anyway, and a moderator then looks), but
avoids the common false alarms: a year group alone, statistics, meeting dates, staff titles, books,
characters and tools, and ordinary capitalised words. Identifiers with a fixed shape are found by
patterns (`patterns`); pupils' names by scoring each capitalised name against the cues around it
(`scoring`). Its recall and false-alarm rate are measured on a labelled corpus in the tests.
"""
from portal.safeguarding.personal_data.finding import KIND_LABELS, Finding
from portal.safeguarding.personal_data.patterns import find_identifiers
from portal.safeguarding.personal_data.scoring import find_pupil_names

__all__ = ["KIND_LABELS", "Finding", "find_personal_data"]


def _without_overlaps(findings):
    kept = []
    for finding in sorted(findings, key=lambda f: (f.start, -len(f.passage))):
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept


def find_personal_data(text):
    """Likely personal data in text, as findings (kind, exact passage, position) in reading order."""
    text = text or ""
    return _without_overlaps([*find_identifiers(text), *find_pupil_names(text)])
