"""Members flag posts and comments; enough flags from different members hide the item until reviewed."""
from portal.extensions import db
from portal.moderation.models import Flag, ModerationAction
from portal.notifications.models import Notification
from portal.timestamps import utcnow
from tests.conftest import csrf_token_from
from tests.factories import make_comment, make_flag, make_post, make_user
from tests.moderation.conftest import HX


def test_a_member_can_flag_a_post_with_a_reason(client, auth):
    post = make_post(title="Marking with AI")
    auth.login(make_user())
    page = client.get(f"/flag/post/{post.id}").get_data(as_text=True)
    assert "Marking with AI" in page and "What is the problem?" in page
    response = auth.post(f"/flag/post/{post.id}", {"reason": "inaccurate"})
    assert response.status_code == 303 and response.headers["Location"] == f"/practice/{post.id}"
    flag = db.session.scalar(db.select(Flag))
    assert (flag.target_type, flag.target_id, flag.reason) == ("post", post.id, "inaccurate")


def test_flagging_twice_gets_a_clear_message_and_no_second_flag(client, auth):
    post = make_post()
    auth.login(make_user())
    auth.post(f"/flag/post/{post.id}", {"reason": "spam"})
    response = auth.post(f"/flag/post/{post.id}", {"reason": "spam"})
    assert response.status_code == 409
    assert "You have already flagged this post" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Flag.id))) == 1


def test_other_reason_needs_words(client, auth):
    post = make_post()
    auth.login(make_user())
    response = auth.post(f"/flag/post/{post.id}", {"reason": "other", "details": ""})
    assert response.status_code == 422 and "Tell the moderators what the problem is." in response.get_data(as_text=True)
    response = auth.post(f"/flag/post/{post.id}", {"reason": "nonsense"})
    assert response.status_code == 422


def test_flag_form_works_as_an_htmx_fragment(client, auth):
    comment = make_comment()
    auth.login(make_user())
    form = client.get(f"/flag/comment/{comment.id}", headers=HX).get_data(as_text=True)
    assert "<html" not in form and f'id="flag-form-comment-{comment.id}"' in form
    token = csrf_token_from(client, "/")
    response = client.post(f"/flag/comment/{comment.id}", data={"reason": "safeguarding"},
                           headers={**HX, "X-CSRFToken": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page and "A moderator will look at this comment" in page


def test_members_cannot_flag_what_they_cannot_see(client, auth):
    hidden = make_post(status="pending")
    held_comment = make_comment(status="pending")
    auth.login(make_user())
    assert client.get(f"/flag/post/{hidden.id}").status_code == 404
    assert client.get(f"/flag/comment/{held_comment.id}").status_code == 404
    assert client.get("/flag/post/999999").status_code == 404
    assert client.get("/flag/picture/1").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client):
    post = make_post()
    response = client.get(f"/flag/post/{post.id}")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    response = client.get(f"/flag/post/{post.id}", headers=HX)
    assert response.status_code == 401 and "/sign-in" in response.headers["HX-Redirect"]


def test_silenced_members_may_still_flag(client, auth):
    post = make_post()
    auth.login(make_user(silenced_at=utcnow()))
    assert auth.post(f"/flag/post/{post.id}", {"reason": "safeguarding"}).status_code == 303


def test_enough_flags_from_different_members_hide_the_post_and_tell_the_author(app, client, auth):
    author = make_user()
    post = make_post(author=author, title="Flagged post")
    for _ in range(app.config["FLAG_HIDE_THRESHOLD"] - 1):
        make_flag(post)
    auth.login(make_user())
    auth.post(f"/flag/post/{post.id}", {"reason": "personal_data"})
    db.session.refresh(post)
    assert post.status == "hidden"
    action = db.session.scalar(db.select(ModerationAction))
    assert (action.action, action.moderator_id, action.target_id) == ("auto_hide", None, post.id)
    note = db.session.scalar(db.select(Notification).where(Notification.user_id == author.id))
    assert note.kind == "post_hidden"
    assert "Flagged post" not in client.get("/practice").get_data(as_text=True)


def test_fewer_flags_than_the_threshold_leave_the_item_up(app, auth):
    comment = make_comment()
    for _ in range(app.config["FLAG_HIDE_THRESHOLD"] - 2):
        make_flag(comment)
    auth.login(make_user())
    auth.post(f"/flag/comment/{comment.id}", {"reason": "spam"})
    db.session.refresh(comment)
    assert comment.status == "published"


def test_queue_shows_flagged_items_with_reasons_and_counts(client, auth):
    post = make_post(title="Much-flagged post")
    make_flag(post, reason="inaccurate")
    make_flag(post, reason="inaccurate")
    make_flag(post, reason="other", details="The statistics look made up")
    auth.login(make_user(role="moderator"))
    page = client.get("/moderation").get_data(as_text=True)
    assert "Much-flagged post" in page and "3 flags" in page
    assert "It is inaccurate or misleading: <strong>2</strong>" in page
    assert "The statistics look made up" in page


def test_a_moderators_decision_closes_the_flags(client, auth):
    post = make_post(title="Fine after all")
    make_flag(post)
    auth.login(make_user(role="moderator"))
    auth.post(f"/moderation/posts/{post.id}/approve")
    assert db.session.scalar(db.select(Flag)).resolved_at is not None
    assert "Fine after all" not in client.get("/moderation").get_data(as_text=True)


def test_flag_link_shows_only_to_signed_in_readers(app):
    from flask import render_template_string
    from flask_login import login_user
    post = make_post()
    template = '{% from "moderation/_flag_link.html" import flag_link with context %}{{ flag_link("post", item) }}'
    with app.test_request_context("/"):
        assert "Flag this post" not in render_template_string(template, item=post)
        login_user(make_user())
        assert f'href="/flag/post/{post.id}"' in render_template_string(template, item=post)


def test_an_auto_hidden_comment_leaves_the_posts_comment_count(app, auth):
    post = make_post()
    comment = make_comment(post=post)
    post.comment_count = 1
    db.session.commit()
    for _ in range(app.config["FLAG_HIDE_THRESHOLD"] - 1):
        make_flag(comment)
    auth.login(make_user())
    auth.post(f"/flag/comment/{comment.id}", {"reason": "safeguarding"})
    db.session.refresh(post)
    db.session.refresh(comment)
    assert comment.status == "hidden" and post.comment_count == 0
