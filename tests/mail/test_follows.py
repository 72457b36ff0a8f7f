"""Following recommendations, question sets, phases and members, with and without HTMX."""
import pytest

from portal.extensions import db
from portal.mail.models import Follow
from tests.conftest import csrf_token_from
from tests.factories import make_follow, make_listed_member, make_user

TARGETS = [("recommendation", "r17", "/recommendations/r17"), ("question_set", "strategy-vision", "/question-sets/strategy-vision"),
           ("phase", "primary", "/phases")]


def follows_of(user):
    db.session.expire_all()
    return [(f.target_type, f.target_id) for f in db.session.scalars(db.select(Follow).where(Follow.user_id == user.id))]


@pytest.fixture
def question_set_id():
    from portal.taxonomy.models import QuestionSet
    return db.session.scalar(db.select(QuestionSet.id).order_by(QuestionSet.position))


@pytest.mark.parametrize("target_type,target_id,page", TARGETS)
def test_member_follows_and_unfollows_without_javascript(client, auth, target_type, target_id, page, question_set_id):
    if target_type == "question_set":
        target_id, page = question_set_id, f"/question-sets/{question_set_id}"
    user = make_user()
    auth.login(user)
    assert "Follow" in client.get(page).get_data(as_text=True)
    response = auth.post(f"/follows/{target_type}/{target_id}", {"next": page})
    assert response.status_code == 303 and response.headers["Location"] == page
    assert follows_of(user) == [(target_type, target_id)]
    assert f'action="/follows/{target_type}/{target_id}/unfollow"' in client.get(page).get_data(as_text=True)
    auth.post(f"/follows/{target_type}/{target_id}", {"next": page})  # twice is still once
    assert len(follows_of(user)) == 1
    assert auth.post(f"/follows/{target_type}/{target_id}/unfollow", {"next": page}).status_code == 303
    assert follows_of(user) == []


def test_follow_with_htmx_returns_the_button_fragment(client, auth):
    user = make_user()
    auth.login(user)
    token = csrf_token_from(client, "/recommendations/r17")
    response = client.post("/follows/recommendation/r17", data={"csrf_token": token}, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert 'id="follow-recommendation-r17"' in html and "Unfollow" in html and "data-autofocus" in html
    response = client.post("/follows/recommendation/r17/unfollow", data={"csrf_token": token},
                           headers={"HX-Request": "true"})
    assert ">\n      Follow<" in response.get_data(as_text=True) or "Follow<span" in response.get_data(as_text=True)
    assert follows_of(user) == []


def test_member_can_follow_another_member_but_not_themselves(client, auth):
    user, other = make_user(), make_listed_member(name="Sam Patel")
    auth.login(user)
    assert auth.post(f"/follows/member/{other.id}").status_code == 303
    assert follows_of(user) == [("member", str(other.id))]
    assert auth.post(f"/follows/member/{user.id}").status_code == 404
    assert "Sam Patel" in client.get("/account/follows").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/follows/recommendation/r999", "/follows/phase/university", "/follows/member/99999",
                                  "/follows/member/abc", "/follows/school/1", "/follows/recommendation/r999/unfollow"])
def test_unknown_targets_are_404(client, auth, path):
    auth.login(make_user())
    assert auth.post(path).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    token = csrf_token_from(client, "/recommendations/r17")
    page = client.get("/recommendations/r17").get_data(as_text=True)
    assert "Sign in to follow" in page
    response = client.post("/follows/recommendation/r17", data={"csrf_token": token})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    response = client.post("/follows/recommendation/r17", data={"csrf_token": token}, headers={"HX-Request": "true"})
    assert response.status_code == 401 and "HX-Redirect" in response.headers


def test_next_must_be_a_local_path(client, auth):
    auth.login(make_user())
    response = auth.post("/follows/recommendation/r17", {"next": "https://evil.example/"})
    assert response.headers["Location"] == "/recommendations/r17"


def test_the_follows_page_lists_everything_followed(client, auth):
    user = make_user()
    make_follow(user, "recommendation", "r17")
    make_follow(user, "phase", "nursery")
    auth.login(user)
    page = client.get("/account/follows").get_data(as_text=True)
    assert "Recommendation 17" in page and "Nursery" in page and "Unfollow" in page


@pytest.mark.parametrize("size", [3, 30])
def test_the_follows_page_runs_the_same_queries_for_few_or_many(client, auth, count_queries, size):
    user = make_user()
    from portal.taxonomy.models import Recommendation
    for rec_id in db.session.scalars(db.select(Recommendation.id).limit(size // 3)):
        make_follow(user, "recommendation", rec_id)
    for _ in range(size - size // 3):
        make_follow(user, "member", make_user().id)
    auth.login(user)
    with count_queries() as statements:
        assert client.get("/account/follows").status_code == 200
    assert len(statements) == 4  # user (with the unread count), follows, recommendations (with their themes), members


def test_the_member_follow_partial_renders_for_others_but_not_yourself(app):
    from flask import render_template
    from flask_login import login_user
    viewer, other = make_user(), make_user(name="Sam Patel")
    make_follow(viewer, "member", other.id)
    with app.test_request_context("/people/1"):
        login_user(viewer)
        html = render_template("mail/_follow_member.html", member=other)
        assert f'action="/follows/member/{other.id}/unfollow"' in html and "Sam Patel" in html
        assert render_template("mail/_follow_member.html", member=viewer).strip() == ""
