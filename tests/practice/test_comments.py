"""Comments on a post: adding them with and without HTMX, who may, deleting, and what others see."""
import re

import pytest
from sqlalchemy import inspect

from portal.extensions import db
from portal.markup import ALLOWED_TAGS
from portal.notifications.models import Notification
from portal.practice.models import Comment, Post
from portal.timestamps import utcnow
from tests.conftest import csrf_token_from
from tests.factories import make_comment, make_post, make_trust, make_user
from tests.html_checks import XSS_CORPUS, tags_in


def htmx_post(client, path, data, page="/"):
    """POST as htmx does: the token in the X-CSRFToken header, read from a page's <meta>."""
    token = csrf_token_from(client, page)
    return client.post(path, data=data, headers={"HX-Request": "true", "X-CSRFToken": token})


def exists(comment):
    comment_id = inspect(comment).identity[0]  # read without a refresh, which fails once the row is gone
    db.session.expire_all()
    return db.session.scalar(db.select(Comment.id).where(Comment.id == comment_id)) is not None


def comment_count(post):
    db.session.expire_all()
    return db.session.get(Post, post.id).comment_count


def test_member_adds_a_comment_with_htmx_and_gets_the_comments_fragment(client, auth):
    post = make_post(title="Image prompts for Year 4 writing")
    member = make_user(name="Dan Whitfield")
    auth.login(member)
    response = htmx_post(client, f"/practice/{post.id}/comments",
                         {"comment-body": "We tried this with **Year 3** too."}, page=f"/practice/{post.id}")
    html = response.get_data(as_text=True)
    comment = db.session.scalar(db.select(Comment))
    assert response.status_code == 200
    assert "<html" not in html and html.lstrip().startswith('<section class="comments" id="comments"')
    assert f'id="comment-{comment.id}"' in html and "data-autofocus" in html
    assert "<strong>Year 3</strong>" in html and "Dan Whitfield" in html
    assert 'name="comment-body"' in html and "We tried this" not in html.split('name="comment-body"')[1]
    assert comment.body_html == "<p>We tried this with <strong>Year 3</strong> too.</p>\n"
    assert comment_count(post) == 1


def test_member_adds_a_comment_without_javascript_and_returns_to_it(client, auth):
    post = make_post()
    auth.login(make_user())
    response = auth.post(f"/practice/{post.id}/comments", {"comment-body": "Thank you, this is really clear."})
    comment = db.session.scalar(db.select(Comment))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/practice/{post.id}#comment-{comment.id}"
    page = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "Thank you, this is really clear." in page and "Comments <span class=\"muted\">(1)</span>" in page


def test_post_author_is_notified_of_a_comment_without_anyones_identity(client, auth):
    author = make_user(name="Amira Hassan")
    post = make_post(author=author, anonymous=True, title="Report writing with AI")
    auth.login(make_user(name="Sam Patel"))
    auth.post(f"/practice/{post.id}/comments", {"comment-body": "Useful."})
    note = db.session.scalar(db.select(Notification))
    assert note.user_id == author.id and note.kind == "comment"
    assert note.message == 'New comment on "Report writing with AI"'
    assert note.link.startswith(f"/practice/{post.id}#comment-")


def test_author_commenting_on_their_own_post_is_not_notified(client, auth):
    author = make_user()
    post = make_post(author=author)
    auth.login(author)
    auth.post(f"/practice/{post.id}/comments", {"comment-body": "An update: it is still working well."})
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 0
    assert comment_count(post) == 1


@pytest.mark.parametrize("body, message", [
    ("", "Write your comment before you send it."),
    ("   \n  ", "Write your comment before you send it."),
    ("x" * 5001, "Your comment must be 5,000 characters or fewer."),
])
def test_empty_or_oversized_comment_is_refused_with_what_was_typed_kept(client, auth, body, message):
    post = make_post()
    auth.login(make_user())
    response = auth.post(f"/practice/{post.id}/comments", {"comment-body": body})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<html" in html and "There is a problem" in html and message in html
    if body.strip():
        assert f"{body}</textarea>" in html
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0 and comment_count(post) == 0


def test_invalid_comment_with_htmx_returns_the_fragment_with_errors(client, auth):
    post = make_post()
    auth.login(make_user())
    typed = "y" * 5001
    response = htmx_post(client, f"/practice/{post.id}/comments", {"comment-body": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in html
    assert 'class="error-summary"' in html and typed in html
    assert 'aria-describedby="comment-body-hint comment-body-error"' in html


def test_a_stale_token_keeps_the_typed_comment(client, auth):
    post = make_post()
    auth.login(make_user())
    response = client.post(f"/practice/{post.id}/comments", data={"csrf_token": "stale", "comment-body": "Keep me"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Your form had expired" in html and "Keep me</textarea>" in html


def test_signed_out_visitor_is_sent_to_sign_in(client):
    post = make_post()
    token = csrf_token_from(client, f"/practice/{post.id}")
    response = client.post(f"/practice/{post.id}/comments", data={"csrf_token": token, "comment-body": "Hi"})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    htmx = client.post(f"/practice/{post.id}/comments", data={"comment-body": "Hi"},
                       headers={"HX-Request": "true", "X-CSRFToken": token})
    assert htmx.status_code == 401 and "/sign-in" in htmx.headers["HX-Redirect"]
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_signed_out_visitor_sees_a_sign_in_link_instead_of_the_form(client):
    post = make_post()
    html = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "Sign in to comment" in html and 'name="comment-body"' not in html


@pytest.mark.parametrize("post_fields", [
    {"status": "draft"}, {"status": "hidden"}, {"visibility": "trust"}, {"status": "pending"},
])
def test_member_cannot_comment_on_a_post_they_cannot_see(client, auth, post_fields):
    post = make_post(author=make_user(trust=make_trust()), **post_fields)
    auth.login(make_user(trust=make_trust()))
    assert auth.post(f"/practice/{post.id}/comments", {"comment-body": "Hello"}).status_code == 404
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_commenting_on_an_unknown_post_is_404(client, auth):
    auth.login(make_user())
    assert auth.post("/practice/999999/comments", {"comment-body": "Hello"}).status_code == 404


@pytest.mark.parametrize("traits", [{"verified": False}, {"silenced_at": utcnow()}])
def test_member_who_cannot_contribute_is_refused_and_told_why(client, auth, traits):
    post = make_post()
    auth.login(make_user(**traits))
    assert auth.post(f"/practice/{post.id}/comments", {"comment-body": "Hello"}).status_code == 403
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0
    html = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "You cannot comment" in html and 'name="comment-body"' not in html


def test_author_cannot_comment_on_their_own_draft(client, auth):
    author = make_user()
    post = make_post(author=author, status="draft")
    auth.login(author)
    assert auth.post(f"/practice/{post.id}/comments", {"comment-body": "Note to self"}).status_code == 403
    assert "Comments open once the post is published." in client.get(f"/practice/{post.id}").get_data(as_text=True)


def test_commenting_is_rate_limited(app, client, auth, monkeypatch):
    monkeypatch.setitem(app.config, "COMMENT_RATE_LIMIT", "2 per minute")
    post = make_post()
    auth.login(make_user())
    statuses = [auth.post(f"/practice/{post.id}/comments", {"comment-body": f"Comment {i}"}).status_code
                for i in range(3)]
    assert statuses == [303, 303, 429]
    assert comment_count(post) == 2


def test_only_published_comments_show_to_others(client, auth):
    post = make_post()
    writer = make_user()
    make_comment(post, writer, body="Visible to all")
    make_comment(post, writer, body="Held for review", status="pending")
    make_comment(post, writer, body="Taken down", status="hidden")
    auth.login(make_user())
    html = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "Visible to all" in html and "Held for review" not in html and "Taken down" not in html
    auth.logout()
    auth.login(writer)
    own = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "Held for review" in own and "Waiting for review" in own


# ---- Deleting ---------------------------------------------------------------------------------

def test_author_deletes_their_comment_after_confirming(client, auth):
    post = make_post()
    writer = make_user()
    comment = make_comment(post, writer, body="Posted on the wrong thread")
    auth.login(writer)
    confirm = client.get(f"/comments/{comment.id}/delete").get_data(as_text=True)
    assert "Are you sure you want to delete this comment?" in confirm and "Posted on the wrong thread" in confirm
    response = auth.post(f"/comments/{comment.id}/delete")
    assert response.status_code == 303 and response.headers["Location"] == f"/practice/{post.id}#comments"
    assert not exists(comment) and comment_count(post) == 0
    assert "Your comment has been deleted." in client.get(f"/practice/{post.id}").get_data(as_text=True)


def test_moderator_deletes_anyones_comment(client, auth):
    post = make_post()
    comment = make_comment(post, body="Off topic")
    auth.login(make_user(role="moderator"))
    assert auth.post(f"/comments/{comment.id}/delete").status_code == 303
    assert not exists(comment) and comment_count(post) == 0


def test_member_cannot_delete_someone_elses_comment(client, auth):
    post = make_post()
    comment = make_comment(post, body="Mine, not yours")
    auth.login(make_user())
    assert client.get(f"/comments/{comment.id}/delete").status_code == 403
    assert auth.post(f"/comments/{comment.id}/delete").status_code == 403
    assert exists(comment) and comment_count(post) == 1
    assert f"/comments/{comment.id}/delete" not in client.get(f"/practice/{post.id}").get_data(as_text=True)


def test_deleting_a_comment_on_a_post_you_cannot_see_is_404(client, auth):
    post = make_post(author=make_user(trust=make_trust()), visibility="trust")
    comment = make_comment(post, post.author)
    auth.login(make_user(trust=make_trust()))
    assert auth.post(f"/comments/{comment.id}/delete").status_code == 404
    assert auth.post("/comments/999999/delete").status_code == 404


def test_deleting_a_held_comment_leaves_the_published_count_alone(client, auth):
    post = make_post()
    writer = make_user()
    make_comment(post, writer, body="Published")
    held = make_comment(post, writer, body="Held", status="pending")
    auth.login(writer)
    auth.post(f"/comments/{held.id}/delete")
    assert comment_count(post) == 1


def test_signed_out_visitor_cannot_delete(client):
    comment = make_comment(make_post())
    assert client.get(f"/comments/{comment.id}/delete").status_code == 302


# ---- Anonymity --------------------------------------------------------------------------------

def anonymous_post_with_author_reply():
    author = make_user(name="Fatima Begum", email="fatima.begum@pennine.example")
    post = make_post(author=author, anonymous=True, author_description="A primary teacher in Yorkshire",
                     title="Our chatbot pilot that did not work", kind="failure")
    make_comment(post, make_user(name="Owen Price"), body="Thank you for being so honest.")
    make_comment(post, author, body="Thank you! We are trying again next term.")
    return author, post


def names_leaked(html, author):
    return [s for s in (author.name, author.email, "Fatima") if s in html]


@pytest.mark.parametrize("viewer_role", [None, "member", "commenter"])
def test_anonymous_authors_reply_never_shows_their_name(client, auth, viewer_role):
    author, post = anonymous_post_with_author_reply()
    if viewer_role == "member":
        auth.login(make_user())
    elif viewer_role == "commenter":
        auth.login(db.session.scalar(db.select(Comment).where(Comment.author_id != author.id)).author)
    html = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "Thank you! We are trying again next term." in html
    assert names_leaked(html, author) == []
    reply = re.search(r'<li class="comment comment--author".*?</li>', html, re.S).group(0)
    assert "A primary teacher in Yorkshire" in reply and ">Author<" in reply
    assert "/people/" not in reply and "/users/" not in reply


def test_anonymous_authors_new_comment_fragment_does_not_reveal_them(client, auth):
    author, post = anonymous_post_with_author_reply()
    auth.login(author)
    response = htmx_post(client, f"/practice/{post.id}/comments", {"comment-body": "One more update."})
    html = response.get_data(as_text=True)
    assert "will show as “A primary teacher in Yorkshire”" in html
    reader = make_user()
    auth.logout()
    auth.login(reader)
    assert names_leaked(client.get(f"/practice/{post.id}").get_data(as_text=True), author) == []


def test_moderator_sees_who_wrote_an_anonymous_authors_reply_on_the_moderation_page_only(client, auth):
    author, post = anonymous_post_with_author_reply()
    auth.login(make_user(role="moderator"))
    html = client.get(f"/practice/{post.id}").get_data(as_text=True)
    reply = re.search(r'<li class="comment comment--author".*?</li>', html, re.S).group(0)
    assert "A primary teacher in Yorkshire" in reply and ">Author<" in reply and names_leaked(html, author) == []
    reply_id = db.session.scalar(db.select(Comment.id).where(Comment.author_id == author.id))
    assert "Fatima Begum" in client.get(f"/moderation/comments/{reply_id}").get_data(as_text=True)


# ---- Sanitising -------------------------------------------------------------------------------

@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_nothing_in_a_comment_can_run_script_or_trigger_htmx(client, auth, payload):
    post = make_post()
    auth.login(make_user())
    auth.post(f"/practice/{post.id}/comments", {"comment-body": f"Before\n\n{payload}\n\nafter"})
    comment = db.session.scalar(db.select(Comment))
    html = client.get(f"/practice/{post.id}").get_data(as_text=True)
    body = re.search(rf'id="comment-{comment.id}".*?class="user-content comment__body" hx-disable>(.*?)</div>',
                     html, re.S).group(1)
    assert "Before" in body and "after" in body
    for tag, attrs in tags_in(body):
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith(("on", "hx-", "data-", "style")) for name in attrs)
        assert not attrs.get("href", "").strip().lower().startswith("javascript")


def test_fragments_another_member_receives_never_name_the_anonymous_author(client, auth):
    author, post = anonymous_post_with_author_reply()
    auth.login(make_user())
    page = f"/practice/{post.id}"
    comments = htmx_post(client, f"/practice/{post.id}/comments", {"comment-body": "Same here."}, page=page)
    helpful = htmx_post(client, f"/practice/{post.id}/helpful", {"marked": "yes"}, page=page)
    invalid = htmx_post(client, f"/practice/{post.id}/comments", {"comment-body": ""}, page=page)
    for response in (comments, helpful, invalid):
        assert "<html" not in response.get_data(as_text=True)
        assert names_leaked(response.get_data(as_text=True), author) == []


def test_without_javascript_an_invalid_comment_gets_a_full_page_with_the_post_title(client, auth):
    author, post = anonymous_post_with_author_reply()
    auth.login(make_user())
    response = auth.post(f"/practice/{post.id}/comments", {"comment-body": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Error: Comment on Our chatbot pilot that did not work" in html
    assert html.count("<h1") == 1 and f'href="/practice/{post.id}">Back to the post</a>' in html
    assert names_leaked(html, author) == []
