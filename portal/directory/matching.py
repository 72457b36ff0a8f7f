"""'Peers like me': rank listed members by how much of their context they share with the viewer.

How we match (also explained on the page):
- a phase in common: 3 points (phases are the biggest difference between schools' work);
- the same region of England: 2 points;
- the same setting (mainstream, special, alternative provision, independent): 2 points;
- trust size: 2 points for the same size band, 1 point for the band next to it;
- each recommendation or question set you are both working on: 1 point, counting up to 5.
Members who share nothing score 0 and are not shown. Ties go to the most recently updated profile.

The database picks at most CANDIDATE_LIMIT listed members who share at least one of these things,
then this module scores them, so the page runs a fixed number of queries.
"""
from dataclasses import dataclass

from portal.orgs.models import SIZE_BANDS

PHASE_POINTS = 3
REGION_POINTS = 2
SETTING_POINTS = 2
SAME_SIZE_POINTS = 2
ADJACENT_SIZE_POINTS = 1
PRIORITY_POINTS = 1
MAX_PRIORITY_POINTS = 5
CANDIDATE_LIMIT = 500
RESULTS_LIMIT = 30

_BAND_ORDER = list(SIZE_BANDS)


@dataclass
class Match:
    profile: object
    score: int
    reasons: list

    @property
    def explanation(self):
        return " · ".join(self.reasons)


def _phase_part(viewer_profile, profile):
    shared = [p for p in profile.user.phases if p in viewer_profile.user.phases]
    return (PHASE_POINTS, " and ".join(p.name for p in shared)) if shared else (0, None)


def _region_part(viewer_profile, profile):
    region = viewer_profile.user.region
    if region and profile.user.region == region:
        return REGION_POINTS, profile.user.region_name
    return 0, None


def _setting_part(viewer_profile, profile):
    if viewer_profile.setting and profile.setting == viewer_profile.setting:
        return SETTING_POINTS, f"{profile.setting_name} setting"
    return 0, None


def _size_part(viewer_profile, profile):
    mine, theirs = viewer_profile.size_band, profile.size_band
    if mine is None or theirs is None:
        return 0, None
    if mine == theirs:
        return SAME_SIZE_POINTS, f"Same trust size ({profile.size_band_name.lower()})"
    if abs(_BAND_ORDER.index(mine) - _BAND_ORDER.index(theirs)) == 1:
        return ADJACENT_SIZE_POINTS, f"Similar trust size ({profile.size_band_name.lower()})"
    return 0, None


def _priority_part(viewer_profile, profile):
    shared = len(viewer_profile.priority_keys & profile.priority_keys)
    if not shared:
        return 0, None
    label = "1 shared priority" if shared == 1 else f"{shared} shared priorities"
    return min(shared, MAX_PRIORITY_POINTS) * PRIORITY_POINTS, label


PARTS = (_phase_part, _region_part, _setting_part, _size_part, _priority_part)


def score(viewer_profile, profile):
    """The match between the viewer's profile and another member's, with the reasons for it."""
    total, reasons = 0, []
    for part in PARTS:
        points, reason = part(viewer_profile, profile)
        if points:
            total += points
            reasons.append(reason)
    return Match(profile=profile, score=total, reasons=reasons)


def rank(viewer_profile, candidates, limit=RESULTS_LIMIT):
    """The best matches first (candidates come most recently updated first, which breaks ties)."""
    matches = [score(viewer_profile, candidate) for candidate in candidates]
    matches = [m for m in matches if m.score > 0]
    matches.sort(key=lambda m: m.score, reverse=True)  # stable: ties keep the candidates' order
    return matches[:limit]
