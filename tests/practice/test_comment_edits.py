"""Editing your own comment: readers see it marked "edited", moderators keep its earlier text, nobody else
can edit it, and an edit that adds a pupil's name is held like a new comment would be."""
import json

import pytest

from portal.extensions import db
from portal.practice.models import Comment, CommentRevision
from tests.factories import make_comment, make_post, make_user


@pytest.fixture
def commenter():
    return make_user(name="Sam Patel")


@pytest.fixture
def comment(commenter):
    return make_comment(make_post(title="Marking with a chatbot"), author=commenter,
                        body="We tried it in Year 9.")


def test_the_author_edits_and_readers_see_it_marked_edited(client, auth, commenter, comment):
    auth.login(commenter)
    form = client.get(f"/comments/{comment.id}/edit").get_data(as_text=True)
    assert "We tried it in Year 9." in form and "Readers will see that it was edited" in form
    response = auth.post(f"/comments/{comment.id}/edit", {"body": "We tried it in Year 9 and Year 10."})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#comment-{comment.id}")
    auth.logout()
    page = client.get(f"/practice/{comment.post_id}").get_data(as_text=True)
    item = page.split(f'id="comment-{comment.id}"', 1)[1].split("</li>", 1)[0]
    assert "Year 9 and Year 10" in item and "· edited" in item
    assert [r.body for r in db.session.scalars(db.select(CommentRevision))] == ["We tried it in Year 9."]


def test_the_author_sees_an_edit_link_and_others_do_not(client, auth, commenter, comment):
    auth.login(commenter)
    assert f"/comments/{comment.id}/edit" in client.get(f"/practice/{comment.post_id}").get_data(as_text=True)
    auth.logout()
    auth.login(make_user())
    assert f"/comments/{comment.id}/edit" not in client.get(f"/practice/{comment.post_id}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_nobody_else_may_edit_it(client, auth, comment, role):
    auth.login(make_user(role=role))
    assert client.get(f"/comments/{comment.id}/edit").status_code == 403
    assert auth.post(f"/comments/{comment.id}/edit", {"body": "Rewritten by someone else"}).status_code == 403
    db.session.refresh(comment)
    assert comment.body == "We tried it in Year 9." and comment.edited_at is None


def test_a_missing_or_unseen_comment_is_a_404(client, auth, commenter):
    hidden = make_comment(make_post(), author=make_user(), status="hidden")
    auth.login(commenter)
    assert client.get("/comments/999999/edit").status_code == 404
    assert client.get(f"/comments/{hidden.id}/edit").status_code == 404


def test_an_empty_or_oversized_edit_is_refused_with_what_was_typed(client, auth, commenter, comment):
    auth.login(commenter)
    empty = auth.post(f"/comments/{comment.id}/edit", {"body": "   "})
    assert empty.status_code == 422 and "Write your comment before you send it." in empty.get_data(as_text=True)
    long = auth.post(f"/comments/{comment.id}/edit", {"body": "x" * 20000})
    assert long.status_code == 422 and "characters or fewer" in long.get_data(as_text=True)
    db.session.refresh(comment)
    assert comment.body == "We tried it in Year 9." and db.session.scalar(db.select(CommentRevision.id)) is None


def test_an_edit_naming_a_pupil_warns_first_and_saved_anyway_waits_for_a_moderator(client, auth, commenter, comment):
    auth.login(commenter)
    named = {"body": "Jacob Smith in 9B wrote the best answer."}
    warned = auth.post(f"/comments/{comment.id}/edit", named)
    assert warned.status_code == 422 and "Save anyway, for a moderator to check first" in warned.get_data(as_text=True)
    db.session.refresh(comment)
    assert comment.body == "We tried it in Year 9."
    assert auth.post(f"/comments/{comment.id}/edit", {**named, "action": "save_anyway"}).status_code == 303
    db.session.refresh(comment)
    assert comment.status == "pending" and comment.post.comment_count == 0
    auth.logout()
    assert "Jacob Smith" not in client.get(f"/practice/{comment.post_id}").get_data(as_text=True)


def test_moderators_read_the_earlier_versions_and_the_author_exports_them(client, auth, commenter, comment):
    auth.login(commenter)
    auth.post(f"/comments/{comment.id}/edit", {"body": "Second thoughts."})
    exported = json.loads(client.get("/account/data/export.json").get_data(as_text=True))
    mine = next(c for c in exported["comments"] if c["id"] == comment.id)
    assert mine["earlier_versions"][0]["body"] == "We tried it in Year 9." and mine["edited_at"]
    auth.logout()
    auth.login(make_user(role="moderator"))
    review = client.get(f"/moderation/comments/{comment.id}").get_data(as_text=True)
    assert "Earlier versions (1)" in review and "We tried it in Year 9." in review


def test_a_silenced_author_cannot_edit(client, auth, commenter, comment):
    from portal.timestamps import utcnow
    commenter.silenced_at = utcnow()
    db.session.commit()
    auth.login(commenter)
    assert auth.post(f"/comments/{comment.id}/edit", {"body": "Changed"}).status_code == 403
    assert db.session.get(Comment, comment.id).body == "We tried it in Year 9."
