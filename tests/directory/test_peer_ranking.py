"""'Peers like me' ranks in the database: a leader's fellow leaders first, then by points, then the most recently
updated profile; never the hidden, nor anyone short of MIN_POINTS."""
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
    """A teacher: primary, North West, mainstream, a trust of 6 to 10 schools, and 8 priorities."""
    user = make_user(name="Viewer Vic", phase_ids=("primary",), region="north-west", trust=make_trust(size_band="6-10"))
    make_directory_profile(user, role_type="teacher", setting="mainstream", recommendation_ids=RECOMMENDATIONS,
                           question_set_ids=QUESTION_SETS)
    return user


def member(name, phase_ids=("secondary",), region="london", setting="independent", band="51+", priorities=(),
           role_type="it-data", **traits):
    """A listed member who shares nothing with the viewer unless told otherwise."""
    recommendations = [p for p in priorities if p in RECOMMENDATIONS]
    question_sets = [p for p in priorities if p in QUESTION_SETS]
    profile = {"setting": setting, "role_type": role_type, "recommendation_ids": recommendations,
               "question_set_ids": question_sets, **traits.pop("profile", {})}
    return make_listed_member(name=name, phase_ids=phase_ids, region=region, trust=make_trust(size_band=band),
                              profile=profile, **traits)


def peers(viewer):
    """(name, score) of the viewer's peers, best first, as the page lists them."""
    viewer_profile = services.viewer_profile_for_peers(viewer)
    ranked = services.ranked_peers(viewer, viewer_profile)
    return [(profile.user.name, matching.score(viewer_profile, profile).score) for profile in ranked]


def names(viewer):
    return [name for name, _ in peers(viewer)]


def test_higher_scores_rank_first_whatever_the_update_order(viewer):
    member("Phase and Region Pat", phase_ids=("primary",), region="north-west")
    member("Phase, Setting and Similar Sid", phase_ids=("primary",), setting="mainstream", band="11-20")
    member("Everything Eve", phase_ids=("primary",), region="north-west", setting="mainstream")
    assert peers(viewer) == [("Everything Eve", 7), ("Phase, Setting and Similar Sid", 6), ("Phase and Region Pat", 5)]


def test_ties_go_to_the_most_recently_updated_profile_then_the_earliest_member(viewer):
    now = utcnow()
    near = {"phase_ids": ("primary",), "region": "north-west"}
    member("Older Olive", **near, profile={"updated_at": now - timedelta(days=2)})
    member("Newer Nia", **near, profile={"updated_at": now - timedelta(days=1)})
    first = member("Same Time Sam", **near, profile={"updated_at": now - timedelta(days=3)})
    second = member("Same Time Tess", **near, profile={"updated_at": now - timedelta(days=3)})
    assert first.id < second.id
    assert names(viewer) == ["Newer Nia", "Older Olive", "Same Time Sam", "Same Time Tess"]


def test_a_member_short_of_the_minimum_points_is_not_shown(viewer):
    member("Nothing Ned")
    member("Far Trust Fay", band="single")
    member("Region Rae", region="north-west")
    member("Phase Phil", phase_ids=("primary",))
    member("Setting and Similar Size Stan", setting="mainstream", band="11-20")
    member("Phase and Similar Size Sue", phase_ids=("primary",), band="11-20")
    member("Four Priorities Fran", priorities=RECOMMENDATIONS[:4])
    member("Phase and Same Size Pia", phase_ids=("primary",), band="6-10")
    assert peers(viewer) == [("Phase and Same Size Pia", matching.MIN_POINTS)]


def test_nobody_sharing_only_a_mainstream_setting_is_listed_however_many_there_are(viewer):
    for n in range(matching.RESULTS_LIMIT + 5):
        member(f"Mainstream {n}", setting="mainstream")
    assert names(viewer) == []


def test_nor_a_mainstream_setting_and_the_same_role_the_two_most_members_share(viewer):
    for n in range(10):
        member(f"Mainstream teacher {n}", setting="mainstream", role_type="teacher")
    member("Mainstream Teacher in the North West", setting="mainstream", role_type="teacher", region="north-west")
    assert peers(viewer) == [("Mainstream Teacher in the North West", 6)]


def test_the_same_kind_of_role_scores_and_says_so(viewer):
    member("Teacher Tom", phase_ids=("primary",), role_type="teacher")
    member("Governor Gus", phase_ids=("primary",), role_type="governor")
    assert peers(viewer) == [("Teacher Tom", matching.ROLE_POINTS + matching.PHASE_POINTS)]
    viewer_profile = services.viewer_profile_for_peers(viewer)
    tom = services.ranked_peers(viewer, viewer_profile)[0]
    assert matching.score(viewer_profile, tom).reasons == ["Also a teacher", "Primary"]


@pytest.fixture
def trust_leader():
    """A verified lead of a trust of 6 to 10 schools who calls themselves a trust leader: primary, North West."""
    user = make_user(name="Leader Lee", phase_ids=("primary",), region="north-west",
                     trust=make_trust(size_band="6-10"), trust_role="lead")
    make_directory_profile(user, role_type="trust-leader", setting="mainstream")
    return user


def test_a_trust_leader_sees_school_and_trust_leaders_first_then_the_rest_by_points(trust_leader):
    member("Teacher Tia", phase_ids=("primary",), region="north-west", setting="mainstream", band="6-10",
           role_type="teacher")
    member("Head Hal", region="north-west", band="11-20", role_type="school-leader")
    member("Verified Lead Lou", phase_ids=("primary",), role_type="it-data", trust_role="lead")
    member("Trust Leader Tara", phase_ids=("primary",), region="north-west", role_type="trust-leader")
    member("Leader Short Of Points Les", setting="mainstream", role_type="school-leader")
    assert peers(trust_leader) == [("Trust Leader Tara", 7), ("Verified Lead Lou", 5), ("Head Hal", 5),
                                   ("Teacher Tia", 9)]
    viewer_profile = services.viewer_profile_for_peers(trust_leader)
    hal = services.visible_profile(trust_leader, db.session.scalar(select(User.id).where(User.name == "Head Hal")))
    assert matching.score(viewer_profile, hal).reasons == [
        "Also a school or trust leader", "North West", "Similar trust size (11 to 20 schools)"]


def test_a_lead_counts_as_a_leader_only_once_their_trust_membership_is_verified(trust_leader):
    member("Waiting Lead Wes", phase_ids=("primary",), role_type="teacher", trust_role="lead", trust_status="pending")
    member("Unconfirmed Lead Una", phase_ids=("primary",), role_type="teacher", trust_role="lead", verified=False)
    member("Teacher Tia", phase_ids=("primary",), region="north-west", role_type="teacher")
    assert names(trust_leader) == ["Teacher Tia"]


def test_a_member_is_a_leader_by_directory_role_or_as_a_verified_trust_lead():
    def profile(role_type, **traits):
        return make_directory_profile(make_user(trust=make_trust(), **traits), role_type=role_type)
    assert matching.is_leader(profile("school-leader")) and matching.is_leader(profile("trust-leader"))
    assert matching.is_leader(profile("teacher", trust_role="lead"))
    assert not matching.is_leader(profile("teacher", trust_role="lead", trust_status="pending"))
    assert not matching.is_leader(profile("teacher")) and not matching.is_leader(profile(None))


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
        member(f"Phase {n}", phase_ids=("primary",), region="north-west", setting="mainstream")
    member("Phase and Region Pat", phase_ids=("primary",), region="north-west")
    assert names(viewer) == ["Phase 2", "Phase 1", "Phase 0"]


def sql_points(viewer_profile):
    """Every profile's (points, ranks first) as the database works them out, by user id."""
    members = (select(DirectoryProfile.user_id).join(User, User.id == DirectoryProfile.user_id)
               .outerjoin(Trust, Trust.id == User.trust_id))
    scored = matching.with_points(members, viewer_profile)
    return {row.user_id: (row.points, row.ranks_first) for row in db.session.execute(scored)}


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
    "a school leader": lambda: make_directory_profile(
        make_user(phase_ids=("secondary",), trust=make_trust(size_band="6-10")), role_type="school-leader").user,
    "a trust lead without a directory profile": lambda: make_user(trust=make_trust(size_band="21-50"),
                                                                  trust_role="lead"),
    "a governor": lambda: make_directory_profile(make_user(region="london"), role_type="governor").user,
}
ROLE_TYPES = ["teacher", "school-leader", "trust-leader", "governor", None, "it-data", "support-staff"]
# Trust roles and whether they count: a verified lead, one whose membership waits, one whose address is unconfirmed.
LEADS = [{}, {"trust_role": "lead"}, {"trust_role": "lead", "trust_status": "pending"},
         {"trust_role": "lead", "verified": False}, {}]


@pytest.mark.parametrize("make_viewer", VIEWERS.values(), ids=VIEWERS.keys())
def test_the_database_adds_up_the_same_points_as_the_reasons(make_viewer):
    bands = ["single", "2-5", "6-10", "11-20", "21-50", "51+", None, "school only"]
    phases = [("primary",), ("nursery", "secondary"), ("secondary",), ()]
    for n in range(24):
        band = bands[n % len(bands)]
        make_listed_member(
            phase_ids=phases[n % len(phases)], region=[None, "north-west", "london"][n % 3],
            trust=make_trust(size_band=band) if band not in (None, "school only") else None,
            school=make_school(trust=None) if band == "school only" else None, **LEADS[n % len(LEADS)],
            profile={"setting": ["mainstream", "special", "independent"][n % 3],
                     "role_type": ROLE_TYPES[n % len(ROLE_TYPES)],
                     "recommendation_ids": RECOMMENDATIONS[:n % 6], "question_set_ids": QUESTION_SETS[:n % 4]})
    viewer_profile = services.viewer_profile_for_peers(make_viewer())
    points = sql_points(viewer_profile)
    profiles = db.session.scalars(select(DirectoryProfile)).all()
    first = matching.is_leader(viewer_profile)
    assert {p.user_id: (matching.score(viewer_profile, p).score, int(first and matching.is_leader(p)))
            for p in profiles} == points
    assert len({score for score, _ in points.values()}) > 5  # the members really differ
