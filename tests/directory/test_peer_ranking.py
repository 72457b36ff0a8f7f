"""'Peers like me' ranks in the database: by points, then the most recently updated profile, never the hidden."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.auth.models import User
from portal.directory import matching, services
from portal.directory.models import DirectoryProfile
from portal.extensions import db
from portal.orgs.models import Trust
from portal.timestamps import utcnow
from tests.factories import make_block, make_directory_profile, make_listed_member, make_school, make_trust, make_user

RECOMMENDATIONS = ["r1", "r2", "r3", "r14-staffing", "r17"]
QUESTION_SETS = ["equity-access", "role-of-ai", "strategy-vision"]
TWIN = {"phase_ids": ("primary",), "region": "north-west", "profile": {"setting": "mainstream"}}


@pytest.fixture
def viewer():
    """Primary, North West, mainstream, a trust of 6 to 10 schools, and 8 priorities."""
    user = make_user(name="Viewer Vic", phase_ids=("primary",), region="north-west", trust=make_trust(size_band="6-10"))
    make_directory_profile(user, setting="mainstream", recommendation_ids=RECOMMENDATIONS,
                           question_set_ids=QUESTION_SETS)
    return user


def member(name, phase_ids=("secondary",), region="london", setting="independent", band="51+", priorities=(),
           **traits):
    """A listed member who shares nothing with the viewer unless told otherwise."""
    recommendations = [p for p in priorities if p in RECOMMENDATIONS]
    question_sets = [p for p in priorities if p in QUESTION_SETS]
    return make_listed_member(name=name, phase_ids=phase_ids, region=region, trust=make_trust(size_band=band),
                              profile={"setting": setting, "recommendation_ids": recommendations,
                                       "question_set_ids": question_sets, **traits.pop("profile", {})}, **traits)


def peers(viewer):
    """(name, score) of the viewer's peers, best first, as the page lists them."""
    viewer_profile = services.viewer_profile_for_peers(viewer)
    ranked = services.ranked_peers(viewer, viewer_profile)
    return [(profile.user.name, matching.score(viewer_profile, profile).score) for profile in ranked]


def names(viewer):
    return [name for name, _ in peers(viewer)]


def test_higher_scores_rank_first_whatever_the_update_order(viewer):
    member("Region Rae", region="north-west")
    member("Phase and Setting Pat", phase_ids=("primary",), setting="mainstream")
    member("Phase Phil", phase_ids=("primary",))
    member("Adjacent Ada", band="11-20")
    assert peers(viewer) == [("Phase and Setting Pat", 5), ("Phase Phil", 3), ("Region Rae", 2), ("Adjacent Ada", 1)]


def test_ties_go_to_the_most_recently_updated_profile_then_the_earliest_member(viewer):
    now = utcnow()
    member("Older Olive", region="north-west", profile={"updated_at": now - timedelta(days=2)})
    member("Newer Nia", region="north-west", profile={"updated_at": now - timedelta(days=1)})
    first = member("Same Time Sam", region="north-west", profile={"updated_at": now - timedelta(days=3)})
    second = member("Same Time Tess", region="north-west", profile={"updated_at": now - timedelta(days=3)})
    assert first.id < second.id
    assert names(viewer) == ["Newer Nia", "Older Olive", "Same Time Sam", "Same Time Tess"]


def test_a_member_sharing_nothing_is_not_shown(viewer):
    member("Nothing Ned")
    member("Far Trust Fay", band="single")
    member("Region Rae", region="north-west")
    assert names(viewer) == ["Region Rae"]


def test_hidden_members_and_the_viewer_never_show_however_well_they_match(viewer):
    everything = {**TWIN, "trust": make_trust(size_band="6-10")}
    make_listed_member(name="Unlisted Una", listed=False, **everything)
    make_listed_member(name="Suspended Sid", suspended_at=utcnow(), **everything)
    make_block(viewer, make_listed_member(name="Blocked Bea", **everything))
    make_block(make_listed_member(name="Blocking Bob", **everything), viewer)
    make_listed_member(name="Returned Ros", suspended_at=utcnow() - timedelta(days=9),
                       suspended_until=utcnow() - timedelta(days=2), **everything)
    assert names(viewer) == ["Returned Ros"]


def test_shared_priorities_count_up_to_five_points(viewer):
    seven = member("Seven Sita", priorities=RECOMMENDATIONS + QUESTION_SETS[:2],
                   profile={"updated_at": utcnow() - timedelta(days=1)})
    member("Five Fred", priorities=RECOMMENDATIONS)
    assert peers(viewer) == [("Five Fred", 5), ("Seven Sita", 5)]  # a tie, so the newer profile first
    viewer_profile = services.viewer_profile_for_peers(viewer)
    match = matching.score(viewer_profile, services.visible_profile(viewer, seven.id))
    assert match.score == 5 and match.reasons == ["7 shared priorities"]


def test_only_the_best_results_limit_are_shown(viewer, monkeypatch):
    monkeypatch.setattr(matching, "RESULTS_LIMIT", 3)
    for n in range(3):
        member(f"Phase {n}", phase_ids=("primary",))
    member("Region Rae", region="north-west")
    assert names(viewer) == ["Phase 2", "Phase 1", "Phase 0"]


def sql_points(viewer_profile):
    """Every profile's points as the database adds them up, by user id."""
    members = (select(DirectoryProfile.user_id).join(User, User.id == DirectoryProfile.user_id)
               .outerjoin(Trust, Trust.id == User.trust_id))
    return dict(db.session.execute(matching.with_points(members, viewer_profile)).all())


VIEWERS = {
    "full context": lambda: make_directory_profile(
        make_user(phase_ids=("primary", "nursery"), region="north-west", trust=make_trust(size_band="2-5")),
        setting="special", recommendation_ids=RECOMMENDATIONS[:3], question_set_ids=QUESTION_SETS[:1]).user,
    "single school, no region, no phases": lambda: make_directory_profile(
        make_user(phase_ids=(), region=None, school=make_school(trust=None)), setting="mainstream",
        recommendation_ids=RECOMMENDATIONS).user,
    "no directory profile": lambda: make_user(phase_ids=("secondary",), trust=make_trust(size_band="51+"),
                                              school=make_school(establishment_type="Foundation special school")),
    "no school, trust or setting": lambda: make_directory_profile(
        make_user(phase_ids=("nursery",), region="london"), setting=None, question_set_ids=QUESTION_SETS).user,
}


@pytest.mark.parametrize("make_viewer", VIEWERS.values(), ids=VIEWERS.keys())
def test_the_database_adds_up_the_same_points_as_the_reasons(make_viewer):
    bands = ["single", "2-5", "6-10", "11-20", "21-50", "51+", None, "school only"]
    phases = [("primary",), ("nursery", "secondary"), ("secondary",), ()]
    for n in range(16):
        band = bands[n % len(bands)]
        make_listed_member(
            phase_ids=phases[n % len(phases)], region=[None, "north-west", "london"][n % 3],
            trust=make_trust(size_band=band) if band not in (None, "school only") else None,
            school=make_school(trust=None) if band == "school only" else None,
            profile={"setting": ["mainstream", "special", "independent"][n % 3],
                     "recommendation_ids": RECOMMENDATIONS[:n % 6], "question_set_ids": QUESTION_SETS[:n % 4]})
    viewer_profile = services.viewer_profile_for_peers(make_viewer())
    points = sql_points(viewer_profile)
    profiles = db.session.scalars(select(DirectoryProfile)).all()
    assert {p.user_id: matching.score(viewer_profile, p).score for p in profiles} == points
    assert len(set(points.values())) > 5  # the members really differ
