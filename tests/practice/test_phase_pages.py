"""A page per phase with its practice and evidence, and indexes that say how many posts each tag has."""
import re

import pytest

from tests.factories import make_post, make_trust, make_user


@pytest.fixture
def posts():
    trust = make_trust()
    return {
        "public": make_post(title="Phonics games from a chatbot", phase_ids=("primary",), recommendation_ids=("r17",)),
        "both": make_post(title="Transition letters", phase_ids=("primary", "secondary"), recommendation_ids=("r17", "r12")),
        "members": make_post(title="Marking Year 9 essays", phase_ids=("secondary",), visibility="members",
                             recommendation_ids=("r12",)),
        "trust": make_post(title="Our trust's pilot", phase_ids=("secondary",), visibility="trust",
                           author=make_user(trust=trust), recommendation_ids=("r12",)),
        "draft": make_post(title="Unfinished", phase_ids=("secondary",), status="draft"),
        "trust_obj": trust,
    }


def test_a_phase_page_shows_its_practice_and_evidence(client, posts):
    response = client.get("/phases/secondary")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1 class=\"heading-xl\">Secondary</h1>" in page
    assert "Practice shared on this phase" in page and "1 post from staff" in page
    assert "Transition letters" in page
    for hidden in ("Marking Year 9 essays", "Our trust's pilot", "Unfinished", "Phonics games"):
        assert hidden not in page
    assert 'href="/feeds/phases/secondary.atom"' in page or "/phases/secondary.atom" in page


def test_a_member_sees_members_posts_counted_on_the_phase_page(client, auth, posts):
    auth.login(make_user())
    page = client.get("/phases/secondary").get_data(as_text=True)
    assert "2 posts from staff" in page and "Marking Year 9 essays" in page and "Our trust's pilot" not in page


def test_an_unknown_phase_is_not_found(client):
    assert client.get("/phases/no-such-phase").status_code == 404


def count_for(page, name):
    match = re.search(re.escape(name) + r"</a>.*?<(?:span|p) class=\"muted[^\"]*\">([^<]+)<", page, re.S)
    return match.group(1).strip() if match else None


def test_the_phases_index_links_each_phase_and_counts_what_the_viewer_may_see(client, auth, posts):
    page = client.get("/phases").get_data(as_text=True)
    assert 'href="/phases/primary"' in page
    assert count_for(page, "Primary") == "2 posts"
    assert count_for(page, "Secondary") == "1 post"
    assert count_for(page, "Nursery") == "No posts yet"
    auth.login(make_user(trust=posts["trust_obj"]))
    page = client.get("/phases").get_data(as_text=True)
    assert count_for(page, "Secondary") == "3 posts"


def test_the_recommendations_index_shows_how_many_posts_each_has(client, auth, posts):
    page = client.get("/recommendations").get_data(as_text=True)
    r17 = re.search(r'href="/recommendations/r17">.*?</a>\s*<span class="muted rec-list__count">([^<]+)<', page, re.S)
    r12 = re.search(r'href="/recommendations/r12">.*?</a>\s*<span class="muted rec-list__count">([^<]+)<', page, re.S)
    assert r17.group(1).strip() == "2 posts" and r12.group(1).strip() == "1 post"
    auth.login(make_user())
    page = client.get("/recommendations").get_data(as_text=True)
    r12 = re.search(r'href="/recommendations/r12">.*?</a>\s*<span class="muted rec-list__count">([^<]+)<', page, re.S)
    assert r12.group(1).strip() == "2 posts"


def test_a_new_post_moves_the_counts(client, real_cache, posts):
    assert count_for(client.get("/phases").get_data(as_text=True), "Nursery") == "No posts yet"
    make_post(title="Story sacks", phase_ids=("nursery",))
    assert count_for(client.get("/phases").get_data(as_text=True), "Nursery") == "1 post"


@pytest.mark.parametrize("path", ["/recommendations", "/phases", "/phases/secondary"])
def test_the_indexes_and_a_phase_page_run_the_same_queries_however_many_posts(client, count_queries, path):
    make_post(phase_ids=("secondary",))
    client.get(path)  # reference data warmed once
    make_post(title="One more", phase_ids=("secondary",))  # each count is of a page rendered after a write
    with count_queries() as few:
        client.get(path)
    for n in range(15):
        make_post(title=f"Post {n}", phase_ids=("secondary", "primary"), recommendation_ids=("r12", "r17"))
    with count_queries() as many:
        client.get(path)
    assert len(many) == len(few) <= 12


def test_a_posts_phases_and_the_report_overview_link_to_the_phase_pages(client, posts):
    assert 'href="/phases/secondary">Secondary</a>' in client.get(f"/practice/{posts['both'].id}").get_data(as_text=True)
    assert 'href="/phases/secondary">Secondary</a>' in client.get("/practice").get_data(as_text=True)
    assert 'href="/phases/nursery">Nursery</a>' in client.get("/report").get_data(as_text=True)
