"""The "helpful" mark: one per member and post, toggled in place, counted exactly."""
import re

import pytest

from portal.extensions import db
from portal.practice.models import HelpfulMark, Post
from portal.practice import responses
from portal.timestamps import utcnow
from tests.conftest import csrf_token_from
from tests.factories import make_helpful_mark, make_post, make_trust, make_user


def helpful_count(post):
    db.session.expire_all()
    return db.session.get(Post, post.id).helpful_count


def marks(post):
    return db.session.scalar(db.select(db.func.count()).select_from(HelpfulMark).where(HelpfulMark.post_id == post.id))


def toggle(client, post, marked, htmx=False):
    token = csrf_token_from(client, f"/practice/{post.id}")
    headers = {"HX-Request": "true", "X-CSRFToken": token} if htmx else {}
    data = {"marked": marked} if htmx else {"marked": marked, "csrf_token": token}
    return client.post(f"/practice/{post.id}/helpful", data=data, headers=headers)


def test_member_marks_a_post_helpful_with_htmx_and_the_count_updates(client, auth):
    post = make_post()
    auth.login(make_user())
    response = toggle(client, post, "yes", htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div class="helpful" id="helpful">')
    assert re.search(r">1</span> found this helpful", html)
    assert 'aria-pressed="true"' in html and 'value="no"' in html and "data-autofocus" in html
    assert helpful_count(post) == 1 and marks(post) == 1


def test_marking_twice_toggles_back(client, auth):
    post = make_post()
    auth.login(make_user())
    toggle(client, post, "yes", htmx=True)
    html = toggle(client, post, "no", htmx=True).get_data(as_text=True)
    assert ">0</span> found this helpful" in html and 'aria-pressed="false"' in html
    assert helpful_count(post) == 0 and marks(post) == 0


def test_a_repeated_submit_does_not_count_twice(client, auth):
    post = make_post()
    auth.login(make_user())
    toggle(client, post, "yes")
    toggle(client, post, "yes")
    assert helpful_count(post) == 1 and marks(post) == 1
    toggle(client, post, "no")
    toggle(client, post, "no")
    assert helpful_count(post) == 0 and marks(post) == 0


def test_without_javascript_marking_redirects_back_to_the_post(client, auth):
    post = make_post()
    auth.login(make_user())
    response = toggle(client, post, "yes")
    assert response.status_code == 303 and response.headers["Location"] == f"/practice/{post.id}#helpful"
    page = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert ">1</span> found this helpful" in page and 'aria-pressed="true"' in page


def test_count_is_exact_for_two_members(client, auth):
    post = make_post()
    first, second = make_user(), make_user()
    auth.login(first)
    toggle(client, post, "yes")
    auth.logout()
    auth.login(second)
    toggle(client, post, "yes")
    assert helpful_count(post) == 2
    toggle(client, post, "no")
    assert helpful_count(post) == 1
    assert db.session.scalars(db.select(HelpfulMark.user_id)).all() == [first.id]


def test_service_keeps_the_count_exact_when_the_row_already_exists(app):
    post = make_post()
    member = make_user()
    make_helpful_mark(post, member)
    responses.set_helpful(post, member, True)  # a second tab, or a request racing the first
    assert helpful_count(post) == 1 and marks(post) == 1


def test_member_cannot_mark_their_own_post(client, auth):
    author = make_user()
    post = make_post(author=author)
    auth.login(author)
    assert toggle(client, post, "yes").status_code == 403
    assert helpful_count(post) == 0
    page = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "found this helpful" in page and "This was helpful</button>" not in page


@pytest.mark.parametrize("post_fields", [{"status": "draft"}, {"status": "hidden"}, {"visibility": "trust"}])
def test_member_cannot_mark_a_post_they_cannot_see(client, auth, post_fields):
    post = make_post(author=make_user(trust=make_trust()), **post_fields)
    auth.login(make_user(trust=make_trust()))
    assert toggle(client, post, "yes").status_code == 404
    assert helpful_count(post) == 0


def test_moderator_cannot_mark_an_unpublished_post(client, auth):
    post = make_post(status="pending")
    auth.login(make_user(role="moderator"))
    assert toggle(client, post, "yes").status_code == 403
    assert helpful_count(post) == 0


def test_silenced_member_cannot_mark(client, auth):
    post = make_post()
    auth.login(make_user(silenced_at=utcnow()))
    assert toggle(client, post, "yes").status_code == 403


def test_malformed_value_is_400(client, auth):
    post = make_post()
    auth.login(make_user())
    assert toggle(client, post, "maybe").status_code == 400
    assert helpful_count(post) == 0


def test_signed_out_visitor_is_sent_to_sign_in(client):
    post = make_post()
    token = csrf_token_from(client, f"/practice/{post.id}")
    plain = client.post(f"/practice/{post.id}/helpful", data={"marked": "yes", "csrf_token": token})
    assert plain.status_code == 302 and "/sign-in" in plain.headers["Location"]
    htmx = client.post(f"/practice/{post.id}/helpful", data={"marked": "yes"},
                       headers={"HX-Request": "true", "X-CSRFToken": token})
    assert htmx.status_code == 401 and "/sign-in" in htmx.headers["HX-Redirect"]
    assert "Sign in</a> to say this was helpful" in client.get(f"/practice/{post.id}").get_data(as_text=True)
