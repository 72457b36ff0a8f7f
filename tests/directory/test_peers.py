"""'Peers like me' ranks listed members by shared context and says why each matched."""
from portal.directory import matching
from tests.factories import (make_block, make_directory_profile, make_listed_member, make_school, make_trust,
                             make_user)


def peers_page(client):
    response = client.get("/directory/peers")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def viewer_with_context(auth, **traits):
    trust = make_trust(size_band="6-10")
    user = make_user(name="Viewer Vic", phase_ids=("primary",), region="north-west", trust=trust, **traits)
    make_directory_profile(user, setting="mainstream", recommendation_ids=["r17", "r20", "r1"],
                           question_set_ids=["equity-access"])
    auth.login(user)
    return user


def test_closest_context_ranks_first_and_says_why(client, auth):
    viewer_with_context(auth)
    make_listed_member(name="Close Cleo", phase_ids=("primary",), region="north-west",
                       trust=make_trust(size_band="6-10"),
                       profile={"setting": "mainstream", "recommendation_ids": ["r17", "r20", "r1"]})
    make_listed_member(name="Region Rob", phase_ids=("secondary",), region="north-west",
                       profile={"setting": "special"})
    make_listed_member(name="Nothing Ned", phase_ids=("secondary",), region="london",
                       trust=make_trust(size_band="51+"), profile={"setting": "independent"})
    page = peers_page(client)
    assert page.index("Close Cleo") < page.index("Region Rob")
    assert "Nothing Ned" not in page
    assert "Primary · North West · Mainstream setting · Same trust size (6 to 10 schools) · 3 shared priorities" in page
    assert "How we match" in page


def test_adjacent_trust_size_scores_less_than_the_same_size(client, auth):
    viewer_with_context(auth)
    make_listed_member(name="Adjacent Ada", phase_ids=("secondary",), region="london",
                       trust=make_trust(size_band="11-20"), profile={"setting": "special"})
    make_listed_member(name="Same Sol", phase_ids=("secondary",), region="london",
                       trust=make_trust(size_band="6-10"), profile={"setting": "special", "recommendation_ids": ["r1"]})
    page = peers_page(client)
    assert page.index("Same Sol") < page.index("Adjacent Ada")
    assert "Similar trust size (11 to 20 schools)" in page


def test_peers_exclude_self_unlisted_and_blocked_members(client, auth):
    viewer = viewer_with_context(auth)
    twin = {"phase_ids": ("primary",), "region": "north-west", "profile": {"setting": "mainstream"}}
    make_listed_member(name="Unlisted Una", listed=False, **twin)
    make_block(viewer, make_listed_member(name="Blocked Bea", **twin))
    make_block(make_listed_member(name="Blocking Bob", **twin), viewer)
    make_listed_member(name="Visible Val", **twin)
    page = peers_page(client).split('id="peer-results-heading"')[1].split("How we match")[0]
    assert "Visible Val" in page
    for hidden in ("Unlisted Una", "Blocked Bea", "Blocking Bob"):
        assert hidden not in page
    assert "1 match" in page and "Viewer Vic" not in page  # never yourself


def test_score_adds_up_the_documented_points():
    school = make_school(trust=make_trust(size_band="2-5"))
    mine = make_directory_profile(make_user(school=school, phase_ids=("primary", "nursery")), setting="special",
                                  recommendation_ids=["r1", "r2"], question_set_ids=["equity-access"])
    theirs = make_directory_profile(make_user(trust=make_trust(size_band="6-10"), phase_ids=("primary",)),
                                    setting="special", recommendation_ids=["r1"], question_set_ids=["equity-access"])
    match = matching.score(mine, theirs)
    assert match.score == (matching.PHASE_POINTS + matching.REGION_POINTS + matching.SETTING_POINTS
                           + matching.ADJACENT_SIZE_POINTS + 2 * matching.PRIORITY_POINTS)
    assert match.explanation == ("Primary · North West · Special setting · Similar trust size (6 to 10 schools) · "
                                 "2 shared priorities")


def test_a_viewer_without_a_directory_profile_is_invited_to_add_one(client, auth):
    auth.login(make_user())
    make_listed_member(name="Region Rae")
    page = peers_page(client)
    assert "Region Rae" in page and "better matches" in page
