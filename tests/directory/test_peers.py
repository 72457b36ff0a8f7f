"""'Peers like me' ranks listed members by shared context and says why each matched; leaders see other trusts'."""
import re

import pytest

from portal.directory import matching
from tests.factories import (make_block, make_directory_profile, make_listed_member, make_school, make_trust,
                             make_user)


def peers_page(client):
    response = client.get("/directory/peers")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def results(page):
    """The list of matches, without the page's header and explanation."""
    return page.split('id="peer-results-heading"')[1].split("How we match")[0]


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
    make_listed_member(name="Region Rob", phase_ids=("primary",), region="north-west",
                       profile={"setting": "special"})
    make_listed_member(name="Nothing Ned", phase_ids=("secondary",), region="london",
                       trust=make_trust(size_band="51+"), profile={"setting": "independent"})
    page = peers_page(client)
    assert page.index("Close Cleo") < page.index("Region Rob")
    assert "Nothing Ned" not in page
    assert ("Also a teacher · Primary · North West · Mainstream setting · Same trust size (6 to 10 schools) · "
            "3 shared priorities") in page
    assert "How we match" in page


def test_adjacent_trust_size_scores_less_than_the_same_size(client, auth):
    viewer_with_context(auth)
    make_listed_member(name="Adjacent Ada", phase_ids=("primary",), region="london",
                       trust=make_trust(size_band="11-20"), profile={"setting": "special"})
    make_listed_member(name="Same Sol", phase_ids=("primary",), region="london",
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
    page = results(peers_page(client))
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
    assert match.score == (matching.ROLE_POINTS + matching.PHASE_POINTS + matching.REGION_POINTS
                           + matching.SETTING_POINTS + matching.ADJACENT_SIZE_POINTS + 2 * matching.PRIORITY_POINTS)
    assert match.explanation == ("Also a teacher · Primary · North West · Special setting · "
                                 "Similar trust size (6 to 10 schools) · 2 shared priorities")


def test_a_viewer_without_a_directory_profile_is_invited_to_add_one(client, auth):
    auth.login(make_user())
    make_listed_member(name="Region Rae")
    page = peers_page(client)
    assert "Region Rae" in page and "better matches" in page


def test_one_shared_trait_lists_nobody_and_the_page_says_what_it_takes(client, auth):
    viewer_with_context(auth)
    for n in range(8):
        make_listed_member(name=f"Mainstream Only {n}", phase_ids=("secondary",), region="london",
                           trust=make_trust(size_band="51+"), profile={"role_type": "governor"})
    page = peers_page(client)
    assert "Mainstream Only" not in page and "0 matches" in page
    assert "Nobody listed shares enough of your context yet" in page
    assert f"at least {matching.MIN_POINTS} points" in page and "the same kind of role" in page


def in_trust(trust, name, **traits):
    """A listed member with the viewer's context (primary, North West, mainstream) in this trust, or in none."""
    return make_listed_member(name=name, phase_ids=("primary",), region="north-west", trust=trust,
                              school=make_school(trust=None) if trust is None else None, **traits)


def checkbox(page):
    """The "Only people in other trusts" checkbox's tag."""
    return re.search(r'<input[^>]*id="other-trusts"[^>]*>', page).group(0)


@pytest.fixture
def leader_and_others(auth):
    """A verified trust lead, a colleague in their trust, a member of another trust and one in no trust."""
    own = make_trust("Own Trust", size_band="6-10")
    lead = make_user(name="Lead Lena", phase_ids=("primary",), region="north-west", trust=own, trust_role="lead")
    make_directory_profile(lead, role_type="trust-leader")
    in_trust(own, "Colleague Cal")
    in_trust(make_trust(size_band="6-10"), "Elsewhere Eli")
    in_trust(None, "Single School Sid")
    auth.login(lead)
    return lead


def test_a_trust_lead_sees_only_other_trusts_at_first_and_may_untick_it(client, leader_and_others):
    page = peers_page(client)
    assert "Elsewhere Eli" in page and "Single School Sid" in page and "Colleague Cal" not in page
    assert "checked" in checkbox(page) and "Leaves out members of Own Trust" in page
    everyone = client.get("/directory/peers?other_trusts=0").get_data(as_text=True)
    assert "Colleague Cal" in everyone and "Elsewhere Eli" in everyone and "checked" not in checkbox(everyone)
    again = client.get("/directory/peers?other_trusts=0&other_trusts=1").get_data(as_text=True)
    assert "Colleague Cal" not in again and "checked" in checkbox(again)


def test_the_option_is_a_form_that_works_without_script(client, leader_and_others):
    page = peers_page(client)
    form = page.split('<form method="get" action="/directory/peers"')[1].split("</form>")[0]
    assert '<input type="hidden" name="other_trusts" value="0">' in form
    assert 'type="checkbox" name="other_trusts"' in form and 'value="1"' in form
    assert '<label class="checkboxes__label" for="other-trusts">Only people in other trusts</label>' in form
    assert 'type="submit"' in form and "hx-" not in form


def test_a_school_leader_also_starts_with_other_trusts_only(client, auth):
    own = make_trust(size_band="6-10")
    viewer = make_user(phase_ids=("primary",), region="north-west", trust=own)
    make_directory_profile(viewer, role_type="school-leader")
    in_trust(own, "Colleague Cal")
    in_trust(make_trust(size_band="6-10"), "Elsewhere Eli")
    auth.login(viewer)
    page = peers_page(client)
    assert "Elsewhere Eli" in page and "Colleague Cal" not in page


def test_a_teacher_sees_their_own_trust_too_unless_they_tick_the_box(client, auth):
    own = make_trust(size_band="6-10")
    viewer = make_user(phase_ids=("primary",), region="north-west", trust=own)
    make_directory_profile(viewer, role_type="teacher")
    in_trust(own, "Colleague Cal")
    in_trust(make_trust(size_band="6-10"), "Elsewhere Eli")
    auth.login(viewer)
    page = peers_page(client)
    assert "Colleague Cal" in page and "Elsewhere Eli" in page and "checked" not in checkbox(page)
    ticked = client.get("/directory/peers?other_trusts=0&other_trusts=1").get_data(as_text=True)
    assert "Colleague Cal" not in ticked and "Elsewhere Eli" in ticked


def test_unlisted_hidden_members_stay_hidden_with_other_trusts_only(client, leader_and_others):
    elsewhere = make_trust(size_band="6-10")
    in_trust(elsewhere, "Unlisted Una", listed=False)
    make_block(leader_and_others, in_trust(elsewhere, "Blocked Bea"))
    for query in ("", "?other_trusts=0", "?other_trusts=1"):
        listed = results(client.get("/directory/peers" + query).get_data(as_text=True))
        assert "Elsewhere Eli" in listed
        assert "Unlisted Una" not in listed and "Blocked Bea" not in listed and "Lead Lena" not in listed


def test_a_member_in_no_trust_is_not_offered_the_option(client, auth):
    viewer = make_user(school=make_school(trust=None))
    auth.login(viewer)
    assert 'name="other_trusts"' not in peers_page(client)


@pytest.mark.parametrize("value", ["yes", "2", "", "on"])
def test_an_other_trusts_value_that_is_not_the_forms_answers_400(client, leader_and_others, value):
    response = client.get(f"/directory/peers?other_trusts={value}")
    assert response.status_code == 400 and "Only people in other trusts" in response.get_data(as_text=True)


def test_the_home_suggests_peers_with_the_same_default(client, leader_and_others):
    peers = client.get("/home/peers", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Elsewhere Eli" in peers and "Colleague Cal" not in peers
