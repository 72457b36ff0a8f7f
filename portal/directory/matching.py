"""'Peers like me': rank listed members by how much of their context they share with the viewer.

How we match (also explained on the page):
- the same kind of role: 2 points. Roles fall in groups (`ROLE_GROUPS`): school and trust leaders
  (the directory roles "School leader" and "Trust leader", and every verified trust lead) are one
  group, and each other directory role is its own;
- a phase in common: 3 points (phases are the biggest difference between schools' work);
- the same region of England: 2 points;
- the same setting (mainstream, special, alternative provision, independent): 2 points;
- trust size: 2 points for the same size band, 1 point for the band next to it;
- each recommendation or question set you are both working on: 1 point, counting up to 5.
A member is listed only with at least MIN_POINTS (5) points: no one thing in common is enough on its
own (a mainstream setting, which nearly everyone shares, is 2), nor the two that most members share (a
mainstream setting and the same kind of role, 4); sharing five priorities is. Leaders look for leaders
first: for a school or trust leader, the leaders who reach MIN_POINTS come before everyone else. Then
the most points first, and ties go to the most recently updated profile.

The database adds up these points for every listed member (`with_points`, which also says who ranks
first) and returns the best RESULTS_LIMIT, so the page loads only the members it shows; `score` adds up
the same points in Python, with the reasons, for those. The tests check that the two agree.
"""
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, case, func, select, union_all

from portal.auth.models import User, user_phases
from portal.directory.models import DirectoryProfile, profile_question_sets, profile_recommendations
from portal.orgs.models import SIZE_BANDS, Trust

ROLE_POINTS = 2
PHASE_POINTS = 3
REGION_POINTS = 2
SETTING_POINTS = 2
SAME_SIZE_POINTS = 2
ADJACENT_SIZE_POINTS = 1
PRIORITY_POINTS = 1
MAX_PRIORITY_POINTS = 5
MIN_POINTS = 5
RESULTS_LIMIT = 30
LEADERS = "leader"
# Directory roles by the group they are matched in; with each group's reason.
ROLE_GROUPS = {"school-leader": LEADERS, "trust-leader": LEADERS, "teacher": "teacher",
               "support-staff": "support-staff", "it-data": "it-data", "governor": "governor"}
ROLE_REASONS = {LEADERS: "Also a school or trust leader", "teacher": "Also a teacher",
                "support-staff": "Also a teaching assistant or support staff", "it-data": "Also in IT or data",
                "governor": "Also a governor or trustee"}

_BAND_ORDER = list(SIZE_BANDS)


@dataclass
class Match:
    profile: object
    score: int
    reasons: list

    @property
    def explanation(self):
        return " · ".join(self.reasons)


def role_group(profile):
    """The group a member is matched in by role: leaders (by directory role or as a verified trust lead), else
    their directory role's own group (None without one)."""
    if profile.user.is_trust_lead:
        return LEADERS
    return ROLE_GROUPS.get(profile.role_type)


def is_leader(profile):
    return role_group(profile) == LEADERS


def other_trusts_only(viewer_profile, choice=None):
    """Whether peers leave out the viewer's own trust: as they chose, else yes for leaders, who look beyond it."""
    return is_leader(viewer_profile) if choice is None else choice


def _role_part(viewer_profile, profile):
    group = role_group(viewer_profile)
    if group and role_group(profile) == group:
        return ROLE_POINTS, ROLE_REASONS[group]
    return 0, None


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


def _adjacent_bands(band):
    """The size bands either side of this one (none for a member whose size we do not know)."""
    if band is None:
        return []
    position = _BAND_ORDER.index(band)
    return _BAND_ORDER[max(position - 1, 0):position] + _BAND_ORDER[position + 1:position + 2]


def _size_part(viewer_profile, profile):
    mine, theirs = viewer_profile.size_band, profile.size_band
    if mine is None or theirs is None:
        return 0, None
    if mine == theirs:
        return SAME_SIZE_POINTS, f"Same trust size ({profile.size_band_name.lower()})"
    if theirs in _adjacent_bands(mine):
        return ADJACENT_SIZE_POINTS, f"Similar trust size ({profile.size_band_name.lower()})"
    return 0, None


def _priority_part(viewer_profile, profile):
    shared = len(viewer_profile.priority_keys & profile.priority_keys)
    if not shared:
        return 0, None
    label = "1 shared priority" if shared == 1 else f"{shared} shared priorities"
    return min(shared, MAX_PRIORITY_POINTS) * PRIORITY_POINTS, label


PARTS = (_role_part, _phase_part, _region_part, _setting_part, _size_part, _priority_part)


def score(viewer_profile, profile):
    """The match between the viewer's profile and another member's, with the reasons for it."""
    total, reasons = 0, []
    for part in PARTS:
        points, reason = part(viewer_profile, profile)
        if points:
            total += points
            reasons.append(reason)
    return Match(profile=profile, score=total, reasons=reasons)


# The same points in SQL, over DirectoryProfile joined to User and outer-joined to the user's Trust:
# built once, with the viewer's context as parameters. What the viewer shares with others is found
# from the viewer's own rows, through the indexes on phase and priority.

def _shared_rows(table, column):
    mine, theirs = table.alias(f"my_{table.name}"), table.alias(f"their_{table.name}")
    return (select(theirs.c.user_id).join_from(theirs, mine, mine.c[column] == theirs.c[column])
            .where(mine.c.user_id == bindparam("viewer_id")))


def _shared_priority_counts():
    """Members sharing recommendations or question sets with the viewer, and how many (user_id, shared)."""
    rows = union_all(_shared_rows(profile_recommendations, "recommendation_id"),
                     _shared_rows(profile_question_sets, "question_set_id")).subquery()
    return select(rows.c.user_id, func.count().label("shared")).group_by(rows.c.user_id).subquery("priorities")


def _role_group_sql():
    """`role_group` in SQL: `User.is_trust_lead` is a lead's role in a verified trust, with a confirmed address."""
    verified_lead = and_(User.trust_role == "lead", User.trust_id.is_not(None), User.trust_status == "verified",
                         User.email_verified_at.is_not(None))
    by_role = case(*((DirectoryProfile.role_type == role, group) for role, group in ROLE_GROUPS.items()))
    return case((verified_lead, LEADERS), else_=by_role)


def _points_sql(priorities, group):
    """`score`'s points. A value the viewer has not given is a NULL parameter, which equals nothing."""
    sharing_a_phase = DirectoryProfile.user_id.in_(_shared_rows(user_phases, "phase_id"))
    # DirectoryProfile.size_band: the trust's band, else "single" for a school outside any trust.
    band = case((Trust.id.is_not(None), Trust.size_band), (User.school_id.is_not(None), "single"))
    shared = func.coalesce(priorities.c.shared, 0)
    return (case((group == bindparam("role_group"), ROLE_POINTS), else_=0)
            + case((sharing_a_phase, PHASE_POINTS), else_=0)
            + case((User.region == bindparam("region"), REGION_POINTS), else_=0)
            + case((DirectoryProfile.setting == bindparam("setting"), SETTING_POINTS), else_=0)
            + case((band == bindparam("size_band"), SAME_SIZE_POINTS),
                   (band.in_(bindparam("adjacent_size_bands", expanding=True)), ADJACENT_SIZE_POINTS), else_=0)
            + case((shared > MAX_PRIORITY_POINTS, MAX_PRIORITY_POINTS), else_=shared) * PRIORITY_POINTS)


_PRIORITIES = _shared_priority_counts()
_ROLE_GROUP = _role_group_sql()
_POINTS = _points_sql(_PRIORITIES, _ROLE_GROUP).label("points")
# 1 for the members who rank first (a leader's fellow leaders), else 0.
_RANKS_FIRST = case((_ROLE_GROUP == bindparam("first_group"), 1), else_=0).label("ranks_first")


def with_points(stmt, viewer_profile):
    """`stmt` (over DirectoryProfile, User and outer-joined Trust) with `score`'s points as the column "points"
    and, as "ranks_first", 1 for the members who come before the rest (see the module's docstring)."""
    band, group = viewer_profile.size_band, role_group(viewer_profile)
    return (stmt.outerjoin(_PRIORITIES, _PRIORITIES.c.user_id == DirectoryProfile.user_id)
            .add_columns(_POINTS, _RANKS_FIRST)
            .params(viewer_id=viewer_profile.user.id, role_group=group, first_group=group if group == LEADERS else None,
                    region=viewer_profile.user.region or None,
                    setting=viewer_profile.setting or None, size_band=band, adjacent_size_bands=_adjacent_bands(band)))
