"""Digests: the daily one groups notifications; the weekly one shows only what the recipient may see."""
from datetime import timedelta

from portal.extensions import db
from portal.mail import digests
from portal.mail.services import WEEKLY, set_preference
from portal.notifications.services import notify
from portal.timestamps import utcnow
from tests.factories import make_follow, make_post, make_trust, make_user, outbox_rows


def test_daily_digest_groups_a_members_digest_notifications_into_one_email(client):
    user = make_user()
    notify(user, "comment", "Ella commented on your trial")
    notify(user, "replication", "Someone tried your idea too")
    notify(user, "post_approved", "Your post was approved")  # sent immediately, not in the digest
    notify(make_user(), "post_approved", "Someone else's approval")
    db.session.commit()
    assert digests.queue_daily() == 1
    [digest] = outbox_rows(category="daily_digest")
    assert digest.to_address == user.email
    assert "Ella commented on your trial" in digest.text_body and "Someone tried your idea too" in digest.text_body
    assert "Your post was approved" not in digest.text_body
    assert "List-Unsubscribe" in digest.headers


def test_daily_digest_is_sent_only_when_there_is_something_and_never_twice(client):
    user = make_user()
    assert digests.queue_daily() == 0
    notify(user, "comment", "A comment")
    db.session.commit()
    assert digests.queue_daily() == 1
    assert digests.queue_daily() == 0
    assert len(outbox_rows(category="daily_digest")) == 1


def test_daily_digest_respects_preferences_and_skips_read_notifications(client):
    user = make_user()
    set_preference(user, "comment", "off")
    notify(user, "comment", "A comment")
    note = notify(user, "replication", "Already seen")
    note.read_at = utcnow()
    db.session.commit()
    assert digests.queue_daily() == 0


def test_weekly_digest_lists_new_posts_in_what_is_followed(client):
    reader = make_user()
    make_follow(reader, "recommendation", "r17")
    post = make_post(title="Image generators for Year 4 writing", recommendation_ids=("r17",),
                     body="Pupils described a picture before writing.")
    make_post(title="Unrelated post", recommendation_ids=("r1",), phase_ids=("secondary",))
    assert digests.queue_weekly() == 1
    [row] = outbox_rows(category="weekly_digest")
    assert "Image generators for Year 4 writing" in row.text_body
    assert f"http://127.0.0.1:5000/practice/{post.id}" in row.text_body
    assert "Case study" in row.text_body and "Primary" in row.text_body
    assert "Pupils described a picture" in row.text_body
    assert "Unrelated post" not in row.text_body
    assert row.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digests.queue_weekly() == 0  # nothing new since


def test_weekly_digest_leaves_out_the_members_own_posts(client):
    reader = make_user()
    make_follow(reader, "recommendation", "r17")
    make_post(author=reader, title="My own trial on r17", recommendation_ids=("r17",))
    assert digests.queue_weekly() == 0  # nothing but their own: no e-mail at all
    make_post(title="A colleague's trial on r17", recommendation_ids=("r17",))
    assert digests.queue_weekly() == 1
    [row] = outbox_rows(category="weekly_digest")
    assert "A colleague's trial on r17" in row.text_body and "My own trial" not in row.text_body


def test_weekly_digest_shows_only_posts_the_recipient_may_see(client):
    trust, other_trust = make_trust(), make_trust()
    reader = make_user(trust=trust)
    make_follow(reader, "phase", "primary")
    colleague, outsider = make_user(trust=trust), make_user(trust=other_trust)
    make_post(author=colleague, title="Members-only visible", visibility="members")
    make_post(author=colleague, title="Own trust visible", visibility="trust")
    for status in ("draft", "pending", "hidden", "rejected"):
        make_post(title=f"Status {status} leaked", status=status)
    make_post(author=outsider, title="Other trust leaked", visibility="trust")
    digests.queue_weekly()
    [row] = outbox_rows(category="weekly_digest")
    assert "Members-only visible" in row.text_body and "Own trust visible" in row.text_body
    assert "leaked" not in row.text_body


def test_weekly_digest_never_names_an_anonymous_author(client):
    reader = make_user(role="moderator")  # even moderators get only the description by e-mail
    author = make_user(name="Zed Secretname")
    make_follow(reader, "recommendation", "r17")
    make_post(author=author, anonymous=True, title="Anonymous failure", author_description="A secondary teacher in London")
    digests.queue_weekly()
    [row] = outbox_rows(category="weekly_digest")
    assert "A secondary teacher in London" in row.text_body and "Secretname" not in row.text_body


def test_following_a_member_never_surfaces_their_anonymous_posts(client):
    reader, author = make_user(), make_user(name="Zed Secretname")
    make_follow(reader, "member", author.id)
    make_post(author=author, anonymous=True, title="Anonymous by followed member", phase_ids=("secondary",),
              recommendation_ids=())
    assert digests.queue_weekly() == 0
    make_post(author=author, title="Named post by followed member", phase_ids=("secondary",), recommendation_ids=())
    assert digests.queue_weekly() == 1
    body = outbox_rows(category="weekly_digest")[0].text_body
    assert "Named post by followed member" in body and "Anonymous by followed member" not in body


def test_weekly_digest_is_not_sent_to_members_who_turned_it_off(client):
    reader = make_user()
    make_follow(reader, "recommendation", "r17")
    set_preference(reader, WEEKLY, "off")
    db.session.commit()
    make_post()
    assert digests.queue_weekly() == 0


def test_weekly_digest_covers_only_posts_since_the_last_one(client):
    reader = make_user()
    make_follow(reader, "recommendation", "r17")
    old = make_post(title="Old news")
    old.published_at = utcnow() - timedelta(days=10)
    db.session.commit()
    assert digests.queue_weekly() == 0


def test_the_digest_command_needs_a_period(runner):
    assert "Choose --daily or --weekly" in runner.invoke(args=["mail", "digest"]).output
    assert "Queued 0 weekly digest(s)" in runner.invoke(args=["mail", "digest", "--weekly"]).output
