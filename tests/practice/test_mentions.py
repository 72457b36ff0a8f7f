"""@mentions: "@" and a listed member's full name links to their directory page and tells them, once;
anyone who cannot be mentioned (unlisted, blocked either way, unable to read the post, ambiguous) gets a
clear message on the comment, which keeps what was typed."""
import pytest

from portal.extensions import db
from portal.notifications.models import Notification
from portal.practice.models import Comment
from tests.factories import make_block, make_listed_member, make_post, make_trust, make_user


def comment(auth, post, body):
    return auth.post(f"/practice/{post.id}/comments", {"comment-body": body})


def kinds_for(user):
    return [n.kind for n in db.session.scalars(db.select(Notification).where(Notification.user_id == user.id))]


@pytest.fixture
def writer(auth):
    writer = make_user(name="Amira Hassan")
    auth.login(writer)
    return writer


def test_a_mention_links_to_the_member_and_tells_them_once(client, auth, writer):
    sam = make_listed_member(name="Sam Patel")
    post = make_post(title="Marking with a chatbot")
    response = comment(auth, post, "@Sam Patel tried this with Year 9. @sam patel is the one to ask, @Sam Patel.")
    assert response.status_code == 303
    (saved,) = db.session.scalars(db.select(Comment)).all()
    assert f'<a class="mention" href="/directory/{sam.id}">@Sam Patel</a> tried this' in saved.body_html
    assert kinds_for(sam) == ["mention"]
    assert "@Sam Patel</a> tried this" in client.get(f"/practice/{post.id}").get_data(as_text=True)


def test_an_email_address_or_a_lowercase_at_is_not_a_mention(client, auth, writer):
    make_listed_member(name="Sam Patel")
    post = make_post()
    assert comment(auth, post, "Write to office@Sam Patel school, or see @home.").status_code == 303
    assert 'class="mention"' not in db.session.scalars(db.select(Comment.body_html)).one()


@pytest.mark.parametrize("case", ["unlisted", "blocked by them", "blocked by the writer", "cannot read", "unknown"])
def test_someone_who_cannot_be_mentioned_gets_a_clear_message_and_the_text_is_kept(client, auth, writer, case):
    trust = make_trust()
    post = make_post(visibility="trust", author=make_user(trust=trust)) if case == "cannot read" else make_post()
    if case == "cannot read":
        writer.trust, writer.trust_status = trust, "verified"
        db.session.commit()
    other = make_listed_member(name="Priya Shah", listed=case != "unlisted")
    if case == "blocked by them":
        make_block(other, writer)
    if case == "blocked by the writer":
        make_block(writer, other)
    name = "Nobody Atall" if case == "unknown" else "Priya Shah"
    response = comment(auth, post, f"Thanks to @{name} for the idea.")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f"Thanks to @{name} for the idea." in page
    expected = "cannot read this post" if case == "cannot read" else "Nobody listed in the directory is called"
    assert expected in page
    assert db.session.scalars(db.select(Comment)).all() == [] and kinds_for(other) == []


def test_two_listed_members_with_one_name_cannot_be_told_apart(client, auth, writer):
    make_listed_member(name="Sam Patel")
    make_listed_member(name="Sam Patel")
    response = comment(auth, make_post(), "Ask @Sam Patel.")
    assert response.status_code == 422 and "More than one listed member" in response.get_data(as_text=True)


def test_a_reply_that_mentions_the_commenter_tells_them_once(app, client, auth, writer):
    sam = make_listed_member(name="Sam Patel")
    post = make_post(author=make_user())
    from tests.factories import make_comment
    first = make_comment(post=post, author=sam, body="We used it for feedback.")
    db.session.commit()
    response = auth.post(f"/practice/{post.id}/comments/{first.id}/reply",
                         {"reply-body": "@Sam Patel how did pupils react?", "reply-quote": ""})
    assert response.status_code == 303
    assert kinds_for(sam) == ["mention"]


def test_an_edit_tells_only_members_it_mentions_for_the_first_time(client, auth, writer):
    sam, priya = make_listed_member(name="Sam Patel"), make_listed_member(name="Priya Shah")
    post = make_post()
    comment(auth, post, "Thanks @Sam Patel.")
    saved = db.session.scalars(db.select(Comment)).one()
    response = auth.post(f"/comments/{saved.id}/edit", {"body": "Thanks @Sam Patel and @Priya Shah."})
    assert response.status_code == 303
    assert kinds_for(sam) == ["mention"] and kinds_for(priya) == ["mention"]
    assert 'class="mention"' in db.session.get(Comment, saved.id).body_html


def test_a_mention_is_not_read_as_a_pupils_name_but_a_pupil_still_is(client, auth, writer):
    make_listed_member(name="Sam Patel")
    response = comment(auth, make_post(), "@Sam Patel said Jayden Smith in Year 4 has dyslexia and an EHCP.")
    assert response.status_code == 422 and "personal data" in response.get_data(as_text=True)


def test_an_anonymous_author_who_mentions_someone_is_not_named_to_them(client, auth):
    author = make_user(name="Zebedee Quillfeather")
    post = make_post(author=author, anonymous=True, title="A lesson that flopped")
    sam = make_listed_member(name="Sam Patel")
    auth.login(author)
    assert comment(auth, post, "@Sam Patel, you asked what I changed: shorter prompts.").status_code == 303
    (note,) = db.session.scalars(db.select(Notification).where(Notification.user_id == sam.id)).all()
    assert "Zebedee" not in note.message and "Quillfeather" not in note.message
    page = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "Quillfeather" not in page and "@Sam Patel</a>, you asked" in page
