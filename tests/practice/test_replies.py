"""One level of replies: a reply answers a comment, says whom it answers and links back, may quote a
passage of it, and tells the commenter (never naming an anonymous author, never from someone they
blocked); bad replies get a clear message and keep what was typed."""
import re

import pytest

from portal.extensions import db
from portal.notifications.models import Notification
from portal.practice.models import Comment
from tests.conftest import AuthActions
from tests.factories import make_block, make_comment, make_post, make_trust, make_user


def reply_path(comment):
    return f"/practice/{comment.post_id}/comments/{comment.id}/reply"


def send_reply(actions, comment, body, quote=""):
    return actions.post(reply_path(comment), {"reply-body": body, "reply-quote": quote})


def notes_for(user):
    return db.session.scalars(db.select(Notification).where(Notification.user_id == user.id)).all()


@pytest.fixture
def thread(app):
    post_author, commenter = make_user(name="Owen Price"), make_user(name="Sam Patel")
    post = make_post(author=post_author, title="Drafting reports with AI")
    comment = make_comment(post=post, author=commenter, body="We checked every draft against the pupil's work.")
    db.session.commit()
    return {"post": post, "comment": comment, "post_author": post_author, "commenter": commenter}


def test_a_reply_sits_under_its_comment_says_whom_it_answers_and_quotes_it(client, auth, thread):
    replier = make_user(name="Amira Hassan")
    auth.login(replier)
    form = client.get(reply_path(thread["comment"])).get_data(as_text=True)
    assert "Reply to Sam Patel" in form and "We checked every draft" in form
    response = send_reply(auth, thread["comment"], "How long did the checking take?", quote="checked every  draft")
    assert response.status_code == 303
    reply = db.session.scalars(db.select(Comment).where(Comment.parent_id == thread["comment"].id)).one()
    assert response.headers["Location"].endswith(f"#comment-{reply.id}")
    page = client.get(f"/practice/{thread['post'].id}").get_data(as_text=True)
    replies = page.split('class="comment-replies"', 1)[1]
    assert f'In reply to <a href="#comment-{thread["comment"].id}">Sam Patel</a>' in replies
    assert "checked every draft</p></blockquote>" in replies and "How long did the checking take?" in replies


def test_the_commenter_is_told_and_the_post_author_once(client, auth, thread):
    auth.login(make_user())
    send_reply(auth, thread["comment"], "Did parents notice?")
    assert [n.kind for n in notes_for(thread["commenter"])] == ["reply"]
    assert [n.kind for n in notes_for(thread["post_author"])] == ["comment"]
    auth.logout()
    auth.login(thread["post_author"])  # the post's author answering: the commenter only is told
    send_reply(auth, thread["comment"], "Thank you, that is a good idea.")
    assert [n.kind for n in notes_for(thread["commenter"])] == ["reply", "reply"]
    assert [n.kind for n in notes_for(thread["post_author"])] == ["comment"]


def test_an_anonymous_author_answering_is_never_named(client, auth):
    author = make_user(name="Zebedee Quillfeather")
    post = make_post(author=author, anonymous=True, title="A lesson that flopped")
    commenter = make_user(name="Sam Patel")
    comment = make_comment(post=post, author=commenter, body="Same here with Year 8.")
    db.session.commit()
    auth.login(author)
    assert send_reply(auth, comment, "What did you change afterwards?").status_code == 303
    (note,) = notes_for(commenter)
    assert "Zebedee" not in note.message + note.link and "Quillfeather" not in note.message
    auth.logout()
    auth.login(commenter)
    page = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "Quillfeather" not in page and "What did you change afterwards?" in page
    reply = db.session.scalars(db.select(Comment).where(Comment.parent_id == comment.id)).one()
    answer_form = client.get(reply_path(reply)).get_data(as_text=True)
    assert "Quillfeather" not in answer_form and post.author_description in answer_form


def test_someone_the_commenter_blocked_can_reply_but_does_not_reach_them(client, auth, thread):
    blocked = make_user(name="Unwanted Person")
    make_block(thread["commenter"], blocked)
    auth.login(blocked)
    assert send_reply(auth, thread["comment"], "Here is my view.").status_code == 303
    assert notes_for(thread["commenter"]) == []


def test_a_quote_that_is_not_from_the_comment_or_is_longer_keeps_the_reply(client, auth, thread):
    auth.login(make_user())
    response = send_reply(auth, thread["comment"], "My careful reply.", quote="words nobody wrote")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Quote only words from the comment" in page
    assert "My careful reply." in page and "words nobody wrote" in page
    response = send_reply(auth, thread["comment"], "My careful reply.", quote="We checked every draft " * 3)
    assert response.status_code == 422 and "longer than the comment" in response.get_data(as_text=True)
    assert db.session.scalars(db.select(Comment).where(Comment.parent_id.is_not(None))).all() == []


@pytest.mark.parametrize("gone", ["hidden", "deleted"])
def test_a_reply_to_a_comment_hidden_or_deleted_meanwhile_becomes_a_comment_to_send(client, auth, thread, gone):
    auth.login(make_user())
    assert client.get(reply_path(thread["comment"])).status_code == 200
    comment = db.session.get(Comment, thread["comment"].id)
    if gone == "hidden":
        comment.status = "hidden"
    else:
        db.session.delete(comment)
    db.session.commit()
    response = send_reply(auth, thread["comment"], "My reply, typed with care.", quote="checked every draft")
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "no longer shown" in page
    assert re.search(r"&gt; checked every draft\s+My reply, typed with care.", page)
    assert client.get(reply_path(thread["comment"])).status_code == 404


def test_replies_to_replies_stay_one_level_deep_and_name_whom_they_answer(client, auth, thread):
    first = make_user(name="Jess Carter")
    auth.login(first)
    send_reply(auth, thread["comment"], "A first reply.")
    reply = db.session.scalars(db.select(Comment).where(Comment.parent_id == thread["comment"].id)).one()
    auth.logout()
    auth.login(make_user(name="Kwame Mensah"))
    assert send_reply(auth, reply, "Answering Jess.").status_code == 303
    page = client.get(f"/practice/{thread['post'].id}").get_data(as_text=True)
    assert page.count('class="comment-replies"') == 1
    assert f'In reply to <a href="#comment-{reply.id}">Jess Carter</a>' in page


def test_replying_needs_a_member_who_may_comment_on_a_post_they_can_see(app, client, auth, thread):
    assert client.get(reply_path(thread["comment"])).status_code in (302, 401)
    other_post = make_post()
    auth.login(make_user())
    assert client.get(f"/practice/{other_post.id}/comments/{thread['comment'].id}/reply").status_code == 404
    trust_post = make_post(visibility="trust", author=make_user(trust=make_trust()))
    hidden = make_comment(post=trust_post)
    db.session.commit()
    assert client.get(reply_path(hidden)).status_code == 404
    unconfirmed = app.test_client()
    AuthActions(unconfirmed).login(make_user(verified=False))
    assert unconfirmed.get(reply_path(thread["comment"])).status_code == 403
