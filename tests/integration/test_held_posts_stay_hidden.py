"""A post published despite the safeguarding assist's warnings is seen by nobody but its author and
moderators until a moderator approves it: not in any listing, feed, search, count or member page."""
import re

import pytest

from portal.extensions import db
from portal.practice.models import Post
from tests.factories import make_listed_member, make_post, make_trust, make_user
from tests.practice.conftest import post_form

TITLE = "Zanzibar word mats in Year 5"
PUPIL_DETAIL = "Maya in Year 5 lives at M1 1AE."
TOKEN = re.compile(r'(name="csrf_token" type="hidden" value="|name="csrf-token" content="|name="csrf_token" value=")[^"]+')


def pages(author):
    return ["/", "/practice", "/practice?q=zanzibar", "/practice?q=word+mats&sort=newest", "/practice?kind=trial",
            "/practice?phase=primary&recommendation=r17", "/feeds/practice.atom", "/feeds/kinds/trial.atom",
            "/feeds/recommendations/r17.atom", "/feeds/phases/primary.atom", "/recommendations", "/recommendations/r17",
            "/report", "/phases", "/directory", "/directory?q=zanzibar", f"/directory/{author.id}", "/directory/peers"]


def scan(client, author, signed_in=True):
    """Every page's text, with the per-session CSRF tokens taken out so pages compare equal.

    Visitors are sent to sign in from the directory, so only members' scans include it.
    """
    return {path: TOKEN.sub(r"\1", client.get(path).get_data(as_text=True)) for path in pages(author)
            if signed_in or not path.startswith("/directory")}


@pytest.fixture
def people(app):
    trust = make_trust()
    author = make_listed_member(name="Alex Author", trust=trust, profile={"recommendation_ids": ["r17"]})
    for _ in range(app.config["REVIEW_APPROVED_POSTS_THRESHOLD"]):
        make_post(author=author)  # established: without findings, their posts go live at once
    make_post(kind="trial", title="An earlier trial")  # so no feed or list starts empty
    return {"author": author, "colleague": make_listed_member(trust=trust), "outsider": make_listed_member(),
            "moderator": make_user(role="moderator")}


def viewers(app, people):
    """A client for a visitor and one signed in as each member who is neither author nor moderator."""
    from tests.conftest import AuthActions
    clients = {"visitor": app.test_client()}
    for name in ("colleague", "outsider"):
        clients[name] = app.test_client()
        AuthActions(clients[name]).login(people[name])
        clients[name].get("/")  # shows, and so clears, the "Signed in" message
    return clients


def publish_anyway(auth, author, **fields):
    auth.login(author)
    data = post_form("trial", title=TITLE, trial_question=PUPIL_DETAIL, action="publish_anyway", **fields)
    assert auth.post("/practice/new/trial", data).status_code == 303
    auth.logout()
    return db.session.scalar(db.select(Post).where(Post.title == TITLE))


def test_a_post_published_anyway_is_nowhere_until_a_moderator_approves_it(app, client, auth, people, real_cache):
    readers = viewers(app, people)
    before = {name: scan(reader, people["author"], name != "visitor") for name, reader in readers.items()}
    post = publish_anyway(auth, people["author"])
    assert post.status == "pending"
    for name, reader in readers.items():
        after = scan(reader, people["author"], name != "visitor")
        for path, page in after.items():
            assert "Zanzibar" not in page and "M1 1AE" not in page, f"{name} sees it on {path}"
            assert page == before[name][path], f"{name}: {path} changed (a count or listing moved)"
        assert reader.get(f"/practice/{post.id}").status_code == 404, name
    auth.login(people["author"])
    assert TITLE in client.get(f"/practice/{post.id}").get_data(as_text=True)
    auth.logout()

    auth.login(people["moderator"])
    assert auth.post(f"/moderation/posts/{post.id}/approve").status_code == 303
    # The same scan sees it once approved, so it would have caught a leak.
    visible = scan(readers["colleague"], people["author"])
    assert all(TITLE in visible[path] for path in ("/", "/practice", "/practice?q=zanzibar", "/feeds/practice.atom",
                                                   f"/directory/{people['author'].id}"))


def test_a_live_post_edited_with_personal_data_and_published_anyway_disappears(app, client, auth, people, real_cache):
    readers = viewers(app, people)
    author = people["author"]
    auth.login(author)
    data = post_form("trial", title=TITLE, action="publish")
    auth.post("/practice/new/trial", data)
    post = db.session.scalar(db.select(Post).where(Post.title == TITLE))
    assert post.status == "published"
    assert TITLE in scan(readers["visitor"], author, signed_in=False)["/practice?q=zanzibar"]
    assert auth.post(f"/practice/{post.id}/edit", {**data, "what_happened": PUPIL_DETAIL,
                                                   "action": "publish_anyway"}).status_code == 303
    auth.logout()
    db.session.refresh(post)
    assert post.status == "pending"
    for name, reader in readers.items():
        for path, page in scan(reader, author, name != "visitor").items():
            assert "Zanzibar" not in page and "M1 1AE" not in page, f"{name} sees it on {path}"
