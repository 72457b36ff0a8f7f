"""What is new to a member: unopened posts and comments since their last look, marked on every list's
cards and on the post page (which links to the first new comment), never costing a query per card."""
import re
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.mail.digests import new_posts_for
from portal.mail.models import Follow
from portal.practice.models import PostRead
from portal.timestamps import utcnow
from tests.conftest import AuthActions
from tests.factories import make_comment, make_follow, make_post, make_user


def page(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def badge_of(html, title):
    """The "new" badge on the card titled title, or "" if it has none."""
    card = html.split(f">{title}</a>", 1)[1].split("</article>", 1)[0]
    found = re.search(r'<span class="unread-badge">([^<]*)</span>', card)
    return found.group(1) if found else ""


def comment_as(app, user, post, body):
    actions = AuthActions(app.test_client())
    actions.login(user)
    assert actions.post(f"/practice/{post.id}/comments", {"comment-body": body}).status_code == 303


@pytest.fixture
def member(auth):
    member = make_user(name="Amira Hassan")
    auth.login(member)
    return member


def test_a_recent_post_they_have_not_opened_is_new_until_they_open_it(client, member, real_cache):
    make_post(title="Marking with a chatbot")
    make_post(title="An older trial").published_at = utcnow() - timedelta(days=30)
    db.session.commit()
    listing = page(client, "/practice")
    assert badge_of(listing, "Marking with a chatbot") == "New"
    assert badge_of(listing, "An older trial") == ""
    post_id = re.search(r'href="/practice/(\d+)">Marking with a chatbot', listing).group(1)
    page(client, f"/practice/{post_id}")
    assert badge_of(page(client, "/practice"), "Marking with a chatbot") == ""


def test_comments_by_others_since_their_last_look_are_counted_on_cards_and_the_post(app, client, member,
                                                                                    real_cache):
    post = make_post(title="Report writing with AI")
    page(client, f"/practice/{post.id}")
    comment_as(app, member, post, "My own comment is never new to me.")
    assert "new comment" not in page(client, f"/practice/{post.id}")
    others = [make_user(name="Sam Patel"), make_user(name="Jess Carter")]
    for other, body in zip(others, ("We did this in Year 6.", "It saved us an evening.")):
        comment_as(app, other, post, body)
    assert badge_of(page(client, "/practice"), "Report writing with AI") == "2 new comments"
    html = page(client, f"/practice/{post.id}")
    first_new = re.search(r'id="comment-(\d+)"[^>]*>(?:(?!</li>).)*We did this in Year 6', html, re.S).group(1)
    assert "2 new comments since you last looked" in html
    assert f'href="#comment-{first_new}">Go to the first new comment' in html
    assert f'data-first-unread="comment-{first_new}"' in html
    assert "since you last looked" not in page(client, f"/practice/{post.id}")  # seen now
    assert badge_of(page(client, "/practice"), "Report writing with AI") == ""


def test_visitors_see_no_markers_and_htmx_fragments_get_them_filled(client, auth, real_cache):
    make_post(title="Feedback bot trial")
    assert "unread-badge" not in page(client, "/practice")
    auth.login(make_user())
    fragment = page(client, "/practice?q=", headers={"HX-Request": "true"})
    assert badge_of(fragment, "Feedback bot trial") == "New" and "data-unread" not in fragment


def test_the_markers_cost_one_query_however_many_cards(client, member, count_queries):
    def queries_for(n):
        for i in range(n):
            post = make_post(title=f"Trial {i}")
            make_comment(post=post)
        db.session.commit()
        page(client, "/practice")
        with count_queries() as statements:
            page(client, "/practice")
        return [s for s in statements if "post_reads" in s]
    few, many = queries_for(2), queries_for(20)
    assert len(few) == len(many) == 1


def test_two_looks_at_once_both_land(app, client, member):
    post = make_post(title="Opened in two tabs")
    first, second = app.test_client(), app.test_client()
    for tab in (first, second):
        AuthActions(tab).login(member)
    for tab in (first, second, first):
        assert tab.get(f"/practice/{post.id}").status_code == 200
    assert db.session.query(PostRead).filter_by(user_id=member.id, post_id=post.id).count() == 1


def test_the_weekly_digest_and_the_home_leave_out_what_they_have_already_read(client, member):
    make_follow(member, "recommendation", "r17")
    read, unread = make_post(title="Already read"), make_post(title="Not yet read")
    page(client, f"/practice/{read.id}")
    follows = db.session.scalars(db.select(Follow).where(Follow.user_id == member.id)).all()
    titles = [post.title for post in new_posts_for(member, follows, utcnow() - timedelta(days=7), utcnow())]
    assert titles == ["Not yet read"]
    assert unread.title in page(client, "/").split('id="followed-title"', 1)[1].split("</section>", 1)[0]
