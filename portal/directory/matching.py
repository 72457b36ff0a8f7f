"""'Peers like me': rank listed members by how much of their context they share with the viewer.

How we match (also explained on the page):
- a phase in common: 3 points (phases are the biggest difference between schools' work);
- the same region of England: 2 points;
- the same setting (mainstream, special, alternative provision, independent): 2 points;
- trust size: 2 points for the same size band, 1 point for the band next to it;
- each recommendation or question set you are both working on: 1 point, counting up to 5.
Members who share nothing score 0 and are not shown. Ties go to the most recently updated profile.

The database adds up these points for every listed member (`with_points`) and returns the best
RESULTS_LIMIT, so the page loads only the members it shows; `score` adds up the same points in
Python, with the reasons, for those. The tests check that the two agree.
"""
from dataclasses import dataclass

from sqlalchemy import case, func, literal, select, union_all

from portal.auth.models import User, user_phases
from portal.directory.models import DirectoryProfile, profile_question_sets, profile_recommendations
from portal.orgs.models import SIZE_BANDS, Trust

PHASE_POINTS = 3
REGION_POINTS = 2
SETTING_POINTS = 2
SAME_SIZE_POINTS = 2
ADJACENT_SIZE_POINTS = 1
PRIORITY_POINTS = 1
MAX_PRIORITY_POINTS = 5
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


# The same points in SQL, over DirectoryProfile joined to User and outer-joined to the user's Trust.
# What the viewer shares with others is found from the viewer's own rows, through the indexes on
# phase and priority, so no member's phases or priorities are loaded to rank them.

def _phase_points_sql(viewer_id):
    mine, theirs = user_phases.alias("my_phases"), user_phases.alias("their_phases")
    sharing = (select(theirs.c.user_id).join_from(theirs, mine, mine.c.phase_id == theirs.c.phase_id)
               .where(mine.c.user_id == viewer_id))
    return case((DirectoryProfile.user_id.in_(sharing), PHASE_POINTS), else_=0)


def _same_points_sql(column, value, points):
    """`points` where the member's column equals the viewer's value, if the viewer has given one."""
    return case((column == value, points), else_=0) if value else literal(0)


def _size_band_sql():
    """DirectoryProfile.size_band in SQL: the trust's band, else "single" for a school outside any trust."""
    return case((Trust.id.is_not(None), Trust.size_band), (User.school_id.is_not(None), "single"))


def _size_points_sql(mine):
    if mine is None:
        return literal(0)
    position = _BAND_ORDER.index(mine)
    adjacent = _BAND_ORDER[max(position - 1, 0):position] + _BAND_ORDER[position + 1:position + 2]
    band = _size_band_sql()
    return case((band == mine, SAME_SIZE_POINTS), (band.in_(adjacent), ADJACENT_SIZE_POINTS), else_=0)


def _shared_rows(table, column, viewer_id):
    mine, theirs = table.alias(f"my_{table.name}"), table.alias(f"their_{table.name}")
    return (select(theirs.c.user_id).join_from(theirs, mine, mine.c[column] == theirs.c[column])
            .where(mine.c.user_id == viewer_id))


def _shared_priority_counts(viewer_id):
    """Members sharing recommendations or question sets with the viewer, and how many (user_id, shared)."""
    rows = union_all(_shared_rows(profile_recommendations, "recommendation_id", viewer_id),
                     _shared_rows(profile_question_sets, "question_set_id", viewer_id)).subquery()
    return select(rows.c.user_id, func.count().label("shared")).group_by(rows.c.user_id).subquery("priorities")


def with_points(stmt, viewer_profile):
    """`stmt` (over DirectoryProfile, User and outer-joined Trust) with `score`'s points as the column "points"."""
    viewer = viewer_profile.user
    priorities = _shared_priority_counts(viewer.id)
    shared = func.coalesce(priorities.c.shared, 0)
    points = (_phase_points_sql(viewer.id)
              + _same_points_sql(User.region, viewer.region, REGION_POINTS)
              + _same_points_sql(DirectoryProfile.setting, viewer_profile.setting, SETTING_POINTS)
              + _size_points_sql(viewer_profile.size_band)
              + case((shared > MAX_PRIORITY_POINTS, MAX_PRIORITY_POINTS), else_=shared) * PRIORITY_POINTS)
    return (stmt.outerjoin(priorities, priorities.c.user_id == DirectoryProfile.user_id)
            .add_columns(points.label("points")))
