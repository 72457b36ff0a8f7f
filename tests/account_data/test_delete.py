"""Deleting your account: your profile and requests go; posts are deleted or kept anonymously, as you choose."""
import pytest

from portal.auth.models import User
from portal.directory.models import (ContactBlock, ContactRequest, ContactRequestReport, DirectoryProfile,
                                     profile_recommendations)
from portal.extensions import db
from portal.notifications.models import Notification
from portal.notifications.services import notify
from portal.practice.models import Comment, HelpfulMark, Post
from tests.factories import (DEFAULT_PASSWORD, make_block, make_contact_request, make_directory_profile,
                             make_listed_member, make_post, make_user)


def count(model, *where):
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))


@pytest.fixture
def member_with_history():
    """A member with a post, comments, a helpful mark, requests both ways, blocks, reports and notifications."""
    me = make_user(name="Leaving Lee", email="lee@leaving.example")
    make_directory_profile(me, recommendation_ids=["r17"], happy_to_talk_about="Everything")
    mine = make_post(author=me, title="Lee's named post", author_description="")
    anonymous = make_post(author=me, title="Lee's anonymous post", anonymous=True,
                          author_description="A secondary teacher in London")
    other = make_post(title="Another member's post", helpful_count=2, comment_count=2)
    db.session.add_all([
        Comment(post_id=other.id, author_id=me.id, body="Lee's comment", body_html="<p>Lee's comment</p>"),
        Comment(post_id=other.id, author_id=other.author_id, body="Author reply", body_html="<p>Author reply</p>"),
        Comment(post_id=mine.id, author_id=other.author_id, body="Comment on Lee's post", body_html="<p>x</p>"),
        HelpfulMark(post_id=other.id, user_id=me.id), HelpfulMark(post_id=other.id, user_id=other.author_id)])
    friend = make_listed_member()
    received = make_contact_request(friend, me)
    db.session.add(ContactRequestReport(request_id=received.id, reporter_id=me.id, reason="Spam"))
    make_contact_request(me, make_listed_member(), status="accepted")
    make_block(me, friend)
    make_block(make_user(), me)
    notify(me, "comment", "Someone commented")
    notify(friend, "contact_accepted", "Someone accepted")
    db.session.commit()
    return {"me": me, "mine": mine, "anonymous": anonymous, "other": other, "friend": friend}


def delete(auth, choice, password=DEFAULT_PASSWORD):
    return auth.post("/account/data/delete", {"posts": choice, "password": password})


def assert_nothing_personal_remains(user_id, email):
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert count(User, User.email == email) == 0
    assert count(DirectoryProfile, DirectoryProfile.user_id == user_id) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(profile_recommendations).where(
        profile_recommendations.c.user_id == user_id)) == 0
    assert count(ContactRequest, (ContactRequest.sender_id == user_id) | (ContactRequest.recipient_id == user_id)) == 0
    assert count(ContactRequestReport) == 0
    assert count(ContactBlock, (ContactBlock.blocker_id == user_id) | (ContactBlock.blocked_id == user_id)) == 0
    assert count(Notification, Notification.user_id == user_id) == 0
    assert count(HelpfulMark, HelpfulMark.user_id == user_id) == 0
    assert count(Post, Post.author_id == user_id) == 0 and count(Comment, Comment.author_id == user_id) == 0


def test_deleting_and_choosing_to_delete_posts(client, auth, member_with_history):
    me, other = member_with_history["me"], member_with_history["other"]
    user_id, email = me.id, me.email
    auth.login(me)
    response = delete(auth, "delete")
    assert response.status_code == 303
    assert_nothing_personal_remains(user_id, email)
    assert count(Post, Post.title.like("Lee's%")) == 0
    assert count(Comment, Comment.body == "Lee's comment") == 0
    assert count(Comment, Comment.body == "Comment on Lee's post") == 0
    other = db.session.get(Post, other.id)
    assert other.helpful_count == 1 and other.comment_count == 1
    assert count(Notification, Notification.user_id == member_with_history["friend"].id) == 1


def test_deleting_and_keeping_posts_anonymously(client, auth, member_with_history):
    me = member_with_history["me"]
    user_id, email, named_id = me.id, me.email, member_with_history["mine"].id
    auth.login(me)
    assert delete(auth, "anonymise").status_code == 303
    assert_nothing_personal_remains(user_id, email)
    named = db.session.get(Post, named_id)
    assert named.anonymous and named.author_id is None and named.author_description == "A former member"
    kept = db.session.scalar(db.select(Post).where(Post.title == "Lee's anonymous post"))
    assert kept.author_description == "A secondary teacher in London"
    comment = db.session.scalar(db.select(Comment).where(Comment.body == "Lee's comment"))
    assert comment.author_id is None and comment.byline_for(None) == "A former member"
    other = db.session.get(Post, member_with_history["other"].id)
    assert other.helpful_count == 1 and other.comment_count == 2
    page = client.get(f"/practice/{named_id}").get_data(as_text=True)
    assert "Leaving Lee" not in page and "lee@leaving.example" not in page


def test_deleting_signs_the_member_out(client, auth, member_with_history):
    auth.login(member_with_history["me"])
    response = delete(auth, "delete")
    assert response.headers["Clear-Site-Data"]
    assert client.get("/account").status_code == 302


def test_wrong_password_deletes_nothing(client, auth, member_with_history):
    me = member_with_history["me"]
    auth.login(me)
    response = delete(auth, "delete", password="not my password")
    assert response.status_code == 422 and "Your password is not right." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, me.id) is not None and count(Post, Post.author_id == me.id) == 2


def test_a_choice_is_required(client, auth):
    me = make_user()
    auth.login(me)
    response = delete(auth, "")
    assert response.status_code == 422 and "Choose what should happen" in response.get_data(as_text=True)
    assert delete(auth, "keep-everything").status_code == 422
    assert db.session.get(User, me.id) is not None


def test_deleting_needs_sign_in(client, auth):
    response = auth.post("/account/data/delete", {"posts": "delete", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_deleted_posts_leave_the_search_index_and_its_words(client, auth):
    from portal.practice import search
    from tests.factories import make_searchable_post
    me = make_user()
    make_searchable_post(author=me, title="Quillwort garden", body="Our quillwort beds.")
    make_searchable_post(title="Another garden", body="Our own beds.")
    auth.login(me)
    assert delete(auth, "delete").status_code == 303
    index = " ".join(str(row) for row in db.session.execute(
        db.select(search.post_search.c.content, search.post_search.c.title_terms)).all())
    words = db.session.scalars(db.text("SELECT word FROM post_search_words UNION ALL "
                                       "SELECT word FROM post_search_vocabulary")).all()
    assert "quillwort" not in index.lower() and "quillwort" not in words and "garden" in words
