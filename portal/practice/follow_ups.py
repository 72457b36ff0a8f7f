""""One term on": a classroom trial's author says whether it lasted, what changed and the time it saves now.

A follow-up opens FOLLOW_UP_WEEKS after the trial was published (a term, by default), when the author is
reminded once (a notification, and an e-mail if they want that kind immediately). Only the trial's author
adds one; the text is checked for pupils' personal data like every other text others read.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import exists, select, update

from portal.absolute_urls import site_path
from portal.content_cache import moving
from portal.extensions import db
from portal.local_time import format_date
from portal.notifications.services import notify
from portal.practice.models import FollowUp, Post
from portal.timestamps import utcnow

REMINDERS_PER_RUN = 500  # a backlog drains over a few days' runs rather than in one long transaction


class Refused(Exception):
    """Why this member may not add a follow-up to this post (shown to them), with its HTTP status."""

    def __init__(self, reason, status):
        super().__init__(reason)
        self.status = status


def opens_at(post):
    """When the trial's author may add "one term on"."""
    return post.published_at + timedelta(weeks=current_app.config["FOLLOW_UP_WEEKS"])


def check_can_follow_up(post, user):
    """Raise Refused, with a reason, unless user may add a follow-up to post now."""
    if user.id != post.author_id:
        raise Refused("Only the author can say how it went one term on. If you tried it too, share "
                      "your own trial with “I tried this too”.", 403)
    if post.kind != "trial":
        raise Refused("Only classroom trials have a “one term on” follow-up. To add to this post, leave a "
                      "comment.", 409)
    if not post.is_live:
        raise Refused("Publish the trial first: a follow-up says how a published trial went a term later.", 409)
    if utcnow() < opens_at(post):
        raise Refused(f"You can add how it went one term on from {format_date(opens_at(post))}, a term after "
                      "you shared it.", 409)


def add_follow_up(post, user, lasted, what_changed, minutes):
    """Record the follow-up (the caller has checked the text for personal data) and commit."""
    check_can_follow_up(post, user)
    follow_up = FollowUp(post_id=post.id, author_id=user.id, lasted=lasted, what_changed=what_changed.strip(),
                         minutes_saved_per_week=minutes)
    db.session.add(follow_up)
    db.session.commit()
    return follow_up


def follow_ups_of(post):
    return db.session.scalars(select(FollowUp).where(FollowUp.post_id == post.id)
                              .order_by(FollowUp.created_at, FollowUp.id)).all()


def send_reminders(now=None):
    """Remind every trial's author whose trial is a term old, has no follow-up and was never reminded; each one
    once, even with two runs at the same moment (the claim is a conditional update). Returns how many."""
    now = now or utcnow()
    due = db.session.scalars(
        select(Post).where(Post.kind == "trial", Post.status == "published", Post.author_id.is_not(None),
                           Post.follow_up_reminded_at.is_(None),
                           Post.published_at <= now - timedelta(weeks=current_app.config["FOLLOW_UP_WEEKS"]),
                           ~exists().where(FollowUp.post_id == Post.id))
        .order_by(Post.published_at, Post.id).limit(REMINDERS_PER_RUN)).all()
    sent = 0
    for post in due:
        claimed = db.session.execute(
            update(Post).where(Post.id == post.id, Post.follow_up_reminded_at.is_(None))
            .values(follow_up_reminded_at=now), execution_options=moving()).rowcount
        if claimed:
            notify(post.author, "follow_up", f'It is a term since you shared "{post.title}". Did it last? Add '
                                             "what changed and the time it saves now, so colleagues know it held up.",
                   site_path("follow_ups.add", post_id=post.id))
            sent += 1
        db.session.commit()
    return sent
