"""Directory pages, member pages, blocked lists and the moderators' report list run a fixed number of queries."""
import re

import pytest

from portal.directory.models import ContactRequestReport
from portal.extensions import db
from tests.factories import (make_block, make_contact_request, make_directory_profile, make_listed_member, make_post,
                             make_school, make_trust, make_user)

# Including the one every member page runs: loading the member (with their unread count and the content version).
DIRECTORY_QUERY_BUDGET = 8
DIRECTORY_PAGES = ["/directory", "/directory?phase=primary&region=london", "/directory?q=teacher", "/directory/peers",
                   "/directory/peers?other_trusts=0&other_trusts=1"]


def queries_for(client, count_queries, path):
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_member_page_runs_the_same_queries_for_3_and_30_posts(client, auth, count_queries):
    member = make_listed_member(profile={"recommendation_ids": ["r1", "r17"], "question_set_ids": ["equity-access"]})
    auth.login(make_user())
    for _ in range(3):
        make_post(author=member)
    small = queries_for(client, count_queries, f"/directory/{member.id}")
    for _ in range(27):
        make_post(author=member)
    assert queries_for(client, count_queries, f"/directory/{member.id}") == small


def test_blocked_list_runs_the_same_queries_for_3_and_30_blocks(client, auth, count_queries):
    me = make_user()
    auth.login(me)
    for _ in range(3):
        make_block(me, make_user())
    small = queries_for(client, count_queries, "/account/blocked")
    for _ in range(27):
        make_block(me, make_user())
    assert queries_for(client, count_queries, "/account/blocked") == small


def test_report_list_runs_the_same_queries_for_3_and_30_reports(client, auth, count_queries):
    auth.login(make_user(role="moderator"))

    def add(n):
        for _ in range(n):
            request = make_contact_request(make_user(), make_listed_member())
            db.session.add(ContactRequestReport(request_id=request.id, reporter_id=request.recipient_id, reason="Spam"))
        db.session.commit()
    add(3)
    small = queries_for(client, count_queries, "/moderation/contact-reports")
    add(27)
    assert queries_for(client, count_queries, "/moderation/contact-reports") == small


def add_listed_members(n):
    """Members who show on every directory page: primary, London, and sharing priorities."""
    trust = make_trust(size_band="6-10")
    for _ in range(n):
        make_listed_member(phase_ids=("primary",), region="london", school=make_school(trust=trust),
                           profile={"recommendation_ids": ["r17", "r1"], "question_set_ids": ["equity-access"]})


@pytest.mark.parametrize("with_profile", [True, False], ids=["viewer with a profile", "viewer without one"])
@pytest.mark.parametrize("path", DIRECTORY_PAGES)
def test_directory_pages_stay_within_budget_for_3_and_30_members(client, auth, count_queries, path, with_profile):
    viewer = make_user(phase_ids=("primary",), region="london", trust=make_trust(size_band="2-5"))
    if with_profile:
        make_directory_profile(viewer, recommendation_ids=["r17"], question_set_ids=["equity-access", "role-of-ai"])
    auth.login(viewer)
    client.get(path)  # reference data (the filters' choices) is read once, then kept until a reload
    add_listed_members(3)
    small = queries_for(client, count_queries, path)
    add_listed_members(27)
    assert queries_for(client, count_queries, path) == small <= DIRECTORY_QUERY_BUDGET


def test_directory_filters_read_the_taxonomy_once_while_cached(client, auth, count_queries, real_cache):
    auth.login(make_user())
    add_listed_members(3)
    client.get("/directory")
    with count_queries() as statements:
        assert client.get("/directory?phase=primary").status_code == 200
    assert not [s for s in statements if re.search(r"FROM (phases|recommendations|question_sets)\b", s)]


def test_a_trust_leads_peers_stay_within_budget_for_3_and_30_members_in_and_out_of_their_trust(
        client, auth, count_queries):
    own = make_trust(size_band="6-10")
    lead = make_user(phase_ids=("primary",), region="london", trust=own, trust_role="lead")
    make_directory_profile(lead, role_type="trust-leader", recommendation_ids=["r17"])
    auth.login(lead)

    def add(n):
        add_listed_members(n)  # in another trust
        for role_type in ("school-leader", "teacher"):
            for _ in range(n):
                make_listed_member(phase_ids=("primary",), region="london", trust=own, profile={"role_type": role_type})
    add(3)
    small = queries_for(client, count_queries, "/directory/peers")
    add(27)
    assert queries_for(client, count_queries, "/directory/peers") == small <= DIRECTORY_QUERY_BUDGET
    listed = client.get("/directory/peers").get_data(as_text=True).split('id="peer-results-heading"')[1]
    assert listed.count('class="member-card"') == 30 and own.name not in listed  # the lead's own trust left out
