"""The one visibility rule that every feature's lists and pages share."""
import pytest

from portal.extensions import db
from portal.practice.models import Post
from portal.practice.visibility import can_view, listed_for
from tests.conftest import csrf_token_from
from tests.factories import DEFAULT_PASSWORD, make_post, make_trust, make_user


class Anonymous:
    is_authenticated = False


def listed_titles(viewer):
    return set(db.session.scalars(db.select(Post.title).where(listed_for(viewer))))


@pytest.fixture
def world():
    trust, other_trust = make_trust(), make_trust()
    author = make_user(trust=trust)
    posts = {name: make_post(author=author, title=name, **kw) for name, kw in {
        "public": {}, "members": {"visibility": "members"}, "trust": {"visibility": "trust"},
        "draft": {"status": "draft"}, "pending": {"status": "pending"}, "hidden": {"status": "hidden"},
    }.items()}
    return {"author": author, "colleague": make_user(trust=trust), "outsider": make_user(trust=other_trust),
            "moderator": make_user(role="moderator"), "posts": posts}


def test_visitors_see_only_public_published_posts(world):
    assert listed_titles(Anonymous()) == {"public"}
    assert not can_view(world["posts"]["members"], Anonymous())


def test_members_see_members_posts_and_their_own_trusts(world):
    assert listed_titles(world["colleague"]) == {"public", "members", "trust"}
    assert listed_titles(world["outsider"]) == {"public", "members"}
    assert not can_view(world["posts"]["trust"], world["outsider"])


def test_drafts_held_and_hidden_posts_are_seen_only_by_author_and_moderators(world):
    for name in ("draft", "pending", "hidden"):
        post = world["posts"][name]
        assert can_view(post, world["author"]) and can_view(post, world["moderator"])
        assert not can_view(post, world["colleague"])
    assert "hidden" not in listed_titles(world["moderator"])


def test_practice_pages_hide_what_the_viewer_may_not_see(client, auth, world):
    assert client.get(f"/practice/{world['posts']['members'].id}").status_code == 403  # asked to sign in
    assert "members" not in client.get("/practice").get_data(as_text=True)
    auth.login(world["outsider"])
    assert client.get(f"/practice/{world['posts']['trust'].id}").status_code == 404
    assert client.get(f"/practice/{world['posts']['members'].id}").status_code == 200


def test_anonymous_posts_show_the_description_except_to_moderators(world):
    post = make_post(author=world["author"], anonymous=True, author_description="A primary teacher in the North West")
    assert post.byline_for(world["colleague"]) == "A primary teacher in the North West"
    assert post.byline_for(None) == "A primary teacher in the North West"
    assert post.byline_for(world["moderator"]) == "A primary teacher in the North West"


def test_a_visitor_reaching_a_members_post_is_asked_to_sign_in(client, world):
    post = make_post(author=world["author"], visibility="members", title="Marking Year 9 essays with a chatbot",
                     body="The feedback was generic.")
    response = client.get(f"/practice/{post.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Sign in to read this" in page and "Page not found" not in page
    assert f'/sign-in?next=/practice/{post.id}' in page
    assert post.title not in page and post.body not in page


def test_a_trust_post_stays_not_found_to_visitors_and_outsiders(client, auth, world):
    post = world["posts"]["trust"]
    assert client.get(f"/practice/{post.id}").status_code == 404
    auth.login(world["outsider"])
    assert client.get(f"/practice/{post.id}").status_code == 404


@pytest.mark.parametrize("status", ["draft", "pending", "hidden"])
def test_an_unpublished_members_post_stays_not_found(client, world, status):
    post = make_post(author=world["author"], visibility="members", status=status)
    assert client.get(f"/practice/{post.id}").status_code == 404


def test_an_unconfirmed_member_is_asked_to_confirm_their_address(client, auth, world):
    unconfirmed = make_user(verified=False)
    auth.login(unconfirmed)
    response = client.get(f"/practice/{world['posts']['members'].id}")
    assert response.status_code == 403
    assert "Confirm your e-mail address to read this" in response.get_data(as_text=True)


def test_signing_in_from_the_prompt_opens_the_post(client, auth, world):
    post = world["posts"]["members"]
    response = client.post(f"/sign-in?next=/practice/{post.id}",
                           data={"email": world["colleague"].email, "password": DEFAULT_PASSWORD,
                                 "csrf_token": csrf_token_from(client, "/sign-in")})
    assert response.headers["Location"].endswith(f"/practice/{post.id}")
    assert post.title in client.get(f"/practice/{post.id}").get_data(as_text=True)
