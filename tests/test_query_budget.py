"""Every page the benchmark measures runs at most 8 SQL queries just after a change (nothing cached can
be used; 9 for a member, 10 on a trust's page, a member's home at most 18) and the same number for 3 or 30
items: the count never grows with the data."""
import re

import pytest

from portal.content_cache import every_scope, touch
from portal.extensions import db
from portal.practice.models import TASKS, SavedPost
from portal.taxonomy.models import TAXONOMY
from tests.conftest import AuthActions
from tests.factories import (make_comment, make_contact_request, make_follow, make_listed_member, make_post,
                             make_school, make_searchable_post, make_trust, make_user)

BUDGET = 8
# A member's pages add one query: their own "new" markers on the cards (practice.reading).
MEMBER_BUDGET = BUDGET + 1
# A member's home adds their own parts (answers, what they follow, requests, their posts) to the
# shared home's: each a fixed number of queries too.
MEMBER_HOME_BUDGET = 18
# A trust's page lists its schools as well as its staff's posts: one more for a member (a visitor's fits in 8).
TRUST_PAGE_MEMBER_BUDGET = MEMBER_BUDGET + 1
PAGES = ["/", "/practice", "/practice?recommendation=r17&phase=primary", "/practice?q=feedback",
         "/practice?sort=helpful", "/practice/{busy}", "/practice/{tried}", "/recommendations/r17",
         "/question-sets/equity-access",
         "/directory?phase=primary&region=north-west", "/directory/peers", "/practice/saved",
         "/practice/prompts", "/coverage", "/trusts/{trust}", "/trusts/{trust}/coverage", "/trusts/{trust}/dashboard"]
MEMBERS_ONLY = {"/directory?phase=primary&region=north-west", "/directory/peers", "/practice/saved",
                "/trusts/{trust}/dashboard"}


def add_items(count, busy, viewer):
    """count more posts (tagged, searchable, with replications, saved by the viewer) and prompts, comments on the busy
    post, listed members (each asking the viewer to talk) and the viewer's drafts."""
    for n in range(count):
        post = make_searchable_post(title=f"Feedback trial {n}", body="Feedback written with a tool, checked by staff.",
                                    tools=["Copilot"], replication_of_id=busy.id,
                                    recommendation_ids=("r17", "r3"))
        db.session.add(SavedPost(user_id=viewer.id, post_id=post.id))
        make_searchable_post(kind="prompt", task=list(TASKS)[n % len(TASKS)], tools=["Copilot"],
                             prompt_text="Draft feedback on [piece of work] against [criteria].")
        make_comment(post=busy)
        make_contact_request(make_listed_member(profile={"recommendation_ids": ["r17"]}), viewer)
        make_post(author=viewer, status="draft")
        make_school(trust=viewer.trust)
        make_post(author=make_user(trust=viewer.trust), kind="trial", minutes_saved_per_week=n, task="planning",
                  recommendation_ids=(f"r{n % 20 + 1}",))
    db.session.commit()


def budget_for(page, signed_in):
    if not signed_in:
        return BUDGET
    if page == "/":
        return MEMBER_HOME_BUDGET
    return TRUST_PAGE_MEMBER_BUDGET if re.fullmatch(r"/trusts/\d+", page) else MEMBER_BUDGET


def change_something():
    """Move on every scope but the report's taxonomy, which changes only when the seeds are loaded again."""
    touch(*(scope for scope in every_scope() if scope != TAXONOMY))
    db.session.commit()


def queries_after_a_change(client, count_queries, path):
    client.get(path)  # reference data, kept per process, is read on the first request only
    change_something()
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_pages_run_a_fixed_number_of_queries_within_budget(app, real_cache, count_queries, signed_in):
    busy = make_post(title="The busy post")
    tried = make_post(title="Tried again", replication_of_id=busy.id)  # its page shows the original too
    viewer = make_listed_member(profile={"recommendation_ids": ["r17"]}, trust=make_trust(), trust_role="lead")
    make_follow(viewer, "recommendation", "r17")  # their home lists what is new in it
    client = app.test_client()
    if signed_in:
        AuthActions(client).login(viewer)
    pages = [page.format(busy=busy.id, tried=tried.id, trust=viewer.trust_id) for page in PAGES
             if signed_in or page not in MEMBERS_ONLY]
    add_items(3, busy, viewer)
    few = {page: queries_after_a_change(client, count_queries, page) for page in pages}
    add_items(27, busy, viewer)
    many = {page: queries_after_a_change(client, count_queries, page) for page in pages}
    assert many == few
    over = {page: count for page, count in few.items()
            if count > budget_for(page, signed_in)}
    assert over == {}, few
