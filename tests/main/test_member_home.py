"""A member's home: what is new for them since their last visit and what waits for them, in that order,
each part counted and linked, empty parts saying what to do next; visitors keep the shared home."""
from datetime import timedelta

import pytest

from portal.content_cache import every_scope, touch
from portal.extensions import db
from portal.notifications.services import notify
from portal.practice import responses
from portal.timestamps import utcnow
from tests.factories import (make_contact_request, make_follow, make_listed_member, make_post, make_trust,
                             make_user)


def home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def part(page, title_id):
    return page.split(f'id="{title_id}"', 1)[1].split("</section>", 1)[0]


@pytest.fixture
def member(auth):
    member = make_user(name="Amira Hassan")
    auth.login(member)
    return member


def test_visitors_keep_the_shared_home(client):
    page = home(client)
    assert "Welcome" not in page and "Create an account" in page and "Recently shared" in page


def test_the_parts_come_in_order_above_the_shared_home(client, member):
    page = home(client)
    order = ["answers-title", "followed-title", "requests-title", "own-title", "peers-title", "recent-title"]
    assert [page.index(f'id="{title}"') for title in order] == sorted(page.index(f'id="{title}"') for title in order)
    assert "Welcome, Amira" in page and "in the last week" in page


def test_a_comment_on_their_post_is_an_answer_and_other_notifications_are_counted_apart(app, client, member):
    post = make_post(author=member, title="Marking with a chatbot")
    with app.test_request_context():
        responses.add_comment(post, make_user(name="Sam Patel"), "We tried this in Year 9 too.")
    notify(member, "trust_membership", "Your place in Northern Trust is confirmed.")
    db.session.commit()
    answers = part(home(client), "answers-title")
    assert 'count-badge">1<' in answers and "Marking with a chatbot" in answers
    assert "(1 other unread)" in answers and "Northern Trust" not in answers


def test_new_practice_in_what_they_follow_leaves_out_their_own_and_what_they_may_not_see(client, member):
    make_follow(member, "recommendation", "r17")
    make_post(title="A trial tagged 17 by a colleague", recommendation_ids=("r17",))
    make_post(author=member, title="My own trial tagged 17", recommendation_ids=("r17",))
    make_post(title="Another trust's trial", recommendation_ids=("r17",), visibility="trust",
              author=make_user(trust=make_trust()))
    make_post(title="Tagged with something else", recommendation_ids=("r3",))
    followed = part(home(client), "followed-title")
    assert "A trial tagged 17 by a colleague" in followed and 'count-badge">1<' in followed
    assert "My own trial" not in followed and "Another trust's trial" not in followed
    assert "Tagged with something else" not in followed


def test_following_nothing_says_how_to_start(client, member):
    followed = part(home(client), "followed-title")
    assert "You follow nothing yet" in followed and 'href="/recommendations"' in followed


def test_only_the_visit_before_counts_as_new_and_a_reload_changes_nothing(client, member):
    make_follow(member, "recommendation", "r17")
    post = make_post(title="Published between visits", recommendation_ids=("r17",))
    post.published_at = utcnow() - timedelta(hours=3)
    member.home_seen_at = utcnow() - timedelta(hours=4)  # the visit before it was published
    db.session.commit()
    page = home(client)
    assert "since your last visit" in page and "Published between visits" in part(page, "followed-title")
    assert "Published between visits" in part(home(client), "followed-title")  # a reload: still new
    member.home_seen_at = utcnow() - timedelta(hours=2)  # a visit after it was published
    db.session.commit()
    assert "Published between visits" not in part(home(client), "followed-title")


def test_contact_requests_waiting_for_them_name_the_sender_and_answered_ones_do_not_show(client, member):
    make_contact_request(make_listed_member(name="Owen Price"), member)
    make_contact_request(make_listed_member(name="Sophie Turner"), member, status="accepted")
    make_contact_request(member, make_listed_member(name="Helen Marsh"))  # one they sent
    requests = part(home(client), "requests-title")
    assert "Owen Price would like to talk" in requests and 'count-badge">1<' in requests
    assert "Sophie Turner" not in requests and "Helen Marsh" not in requests


def test_their_posts_that_need_them_are_drafts_sent_back_and_held(client, member):
    make_post(author=member, title="Half-written draft", status="draft")
    make_post(author=member, title="Sent back post", status="rejected")
    make_post(author=member, title="Held post", status="pending")
    make_post(author=member, title="Live post")
    make_post(title="Someone else's draft", status="draft")
    own = part(home(client), "own-title")
    assert all(title in own for title in ("Half-written draft", "Sent back post", "Held post"))
    assert "Live post" not in own and "Someone else's draft" not in own and 'count-badge">3<' in own


def test_a_long_list_shows_five_and_counts_them_all(client, member):
    for number in range(7):
        make_post(author=member, title=f"Draft number {number}", status="draft")
    own = part(home(client), "own-title")
    assert own.count("<li>") == 5 and 'count-badge">7<' in own


def test_peers_like_them_are_suggested_with_why_after_the_page(client, auth):
    member = make_listed_member(name="Amira Hassan")
    make_listed_member(name="Priya Shah")  # same phase and region as the factory's default
    auth.login(member)
    peers = client.get("/home/peers", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Priya Shah" in peers and "Why:" in peers and "/directory/peers" in peers


def test_the_home_itself_names_no_peer_so_no_post_on_it_can_be_paired_with_a_profile(client, auth):
    member = make_listed_member(name="Amira Hassan")
    make_listed_member(name="Priya Shah")
    make_post(title="A failure shared anonymously", anonymous=True)
    auth.login(member)
    peers = part(home(client), "peers-title")
    assert "Priya Shah" not in peers and 'hx-get="/home/peers"' in peers and 'href="/directory/peers"' in peers
    assert client.get("/home/peers").headers["Location"].endswith("/directory/peers")  # without htmx
    assert client.get("/home/peers", headers={"HX-Request": "true"}).status_code == 200
    auth.logout()
    assert client.get("/home/peers", headers={"HX-Request": "true"}).status_code in (302, 401)


def test_the_home_runs_the_same_queries_for_few_or_many_items(app, client, member, count_queries):
    make_follow(member, "recommendation", "r17")

    def add(count):
        for _ in range(count):
            make_post(recommendation_ids=("r17",))
            make_post(author=member, status="draft")
            make_contact_request(make_listed_member(), member)
            with app.test_request_context():
                responses.add_comment(make_post(author=member), make_user(), "A useful comment.")
    def queries_with_nothing_cached():
        client.get("/")  # the visit's one write
        touch(*every_scope())
        with count_queries() as statements:
            client.get("/")
        return len(statements)
    add(2)
    few = queries_with_nothing_cached()
    add(8)
    assert queries_with_nothing_cached() == few
