"""The daily digest of notifications and the weekly digest of new practice in what members follow."""
from collections import defaultdict
from datetime import timedelta

from sqlalchemy import and_, exists, false, or_
from sqlalchemy.orm import selectinload

from portal.absolute_urls import absolute_link, absolute_url
from portal.auth.models import User
from portal.extensions import db
from portal.local_time import format_date, format_datetime
from portal.mail.models import DigestMark, Follow, MailPreference
from portal.mail.services import DAILY, WEEKLY
from portal.notifications.kinds import KINDS
from portal.notifications.models import Notification
from portal.outbox.queue import queue_email
from portal.practice.models import Post, PostRead
from portal.practice.visibility import listed_for
from portal.taxonomy.models import Phase, QuestionSet, Recommendation
from portal.timestamps import utcnow

FIRST_DAILY = timedelta(days=1)
FIRST_WEEKLY = timedelta(days=7)


def _marks(digest):
    return {m.user_id: m for m in db.session.scalars(db.select(DigestMark).where(DigestMark.digest == digest))}


def _advance_mark(marks, user_id, digest, until):
    mark = marks.get(user_id)
    if mark is None:
        db.session.add(DigestMark(user_id=user_id, digest=digest, covered_until=until))
    else:
        mark.covered_until = until


def _deliveries(user_ids):
    prefs = defaultdict(dict)
    for row in db.session.scalars(db.select(MailPreference).where(MailPreference.user_id.in_(user_ids))):
        prefs[row.user_id][row.kind] = row.delivery
    return prefs


def queue_daily(now=None):
    """Queue one e-mail per member with unread "digest" notifications since their last daily digest."""
    now = now or utcnow()
    marks = _marks("daily")
    notes = db.session.scalars(db.select(Notification).where(
        Notification.created_at < now, Notification.created_at >= now - FIRST_WEEKLY,
        Notification.read_at.is_(None)).order_by(Notification.user_id, Notification.created_at)).all()
    by_user = defaultdict(list)
    for note in notes:
        by_user[note.user_id].append(note)
    prefs = _deliveries(list(by_user))
    users = {u.id: u for u in db.session.scalars(db.select(User).where(User.id.in_(list(by_user))))}
    queued = 0
    for user_id, user_notes in by_user.items():
        since = marks[user_id].covered_until if user_id in marks else now - FIRST_DAILY
        due = [n for n in user_notes if n.created_at >= since
               and prefs[user_id].get(n.kind, KINDS[n.kind][1]) == "digest"]
        if due and users[user_id].is_verified and users[user_id].is_active:
            _queue_daily_email(users[user_id], due)
            queued += 1
        _advance_mark(marks, user_id, "daily", now)
    db.session.commit()
    return queued


def _queue_daily_email(user, notes):
    items = [{"message": n.message, "link": absolute_link(n.link), "kind": KINDS[n.kind][0],
              "when": format_datetime(n.created_at)} for n in notes]
    queue_email(user.email, f"Your daily digest: {len(items)} update{'s' if len(items) != 1 else ''}",
                "daily_digest", category=DAILY, user=user, unsubscribe_topic=DAILY, items=items,
                reason="You are getting this because you chose to hear about these in a daily digest.",
                settings_url=absolute_url("mail.preferences"))


def queue_weekly(now=None):
    """Queue one e-mail per follower with new practice they may see in what they follow."""
    now = now or utcnow()
    marks = _marks("weekly")
    follows = defaultdict(list)
    for row in db.session.scalars(db.select(Follow)):
        follows[row.user_id].append(row)
    prefs = _deliveries(list(follows))
    queued = 0
    for user in db.session.scalars(db.select(User).where(User.id.in_(list(follows)))).all():
        since = marks[user.id].covered_until if user.id in marks else now - FIRST_WEEKLY
        wanted = prefs[user.id].get(WEEKLY, "digest") != "off" and user.is_verified and user.is_active
        posts = new_posts_for(user, follows[user.id], since, now) if wanted else []
        if posts:
            _queue_weekly_email(user, posts)
            queued += 1
        _advance_mark(marks, user.id, "weekly", now)
    db.session.commit()
    return queued


def new_posts_for(user, follows, since, until, loads=(selectinload(Post.phases), selectinload(Post.author))):
    """Other members' posts published in [since, until) in what the member follows, that the member may see,
    with what the caller shows of them loaded (the digest shows their phases).

    A followed member's anonymous posts never match: following someone must not unmask them. Posts the
    member has already opened are not new to them.
    """
    wanted = defaultdict(list)
    for f in follows:
        wanted[f.target_type].append(f.target_id)
    matches = [Post.recommendations.any(Recommendation.id.in_(wanted["recommendation"])),
               Post.question_sets.any(QuestionSet.id.in_(wanted["question_set"])),
               Post.phases.any(Phase.id.in_(wanted["phase"])),
               and_(Post.author_id.in_([int(i) for i in wanted["member"]] or [-1]), Post.anonymous == false())]
    already_read = exists().where(PostRead.post_id == Post.id, PostRead.user_id == user.id)
    return db.session.scalars(
        db.select(Post).where(listed_for(user), Post.author_id != user.id, Post.published_at >= since,
                              Post.published_at < until, or_(*matches), ~already_read)
        .options(*loads).order_by(Post.published_at.desc(), Post.id.desc()).limit(50)).all()


def _queue_weekly_email(user, posts):
    items = [{"title": p.title, "kind": p.kind_name, "phases": ", ".join(ph.name for ph in p.phases),
              "published": format_date(p.published_at),
              "excerpt": (p.summary or "")[:200], "byline": p.author_description if p.anonymous or p.author is None
              else p.author.name, "link": absolute_url("practice.show", post_id=p.id)} for p in posts]
    queue_email(user.email, f"New practice in what you follow: {len(items)} post{'s' if len(items) != 1 else ''}",
                "weekly_digest", category=WEEKLY, user=user, unsubscribe_topic=WEEKLY, items=items,
                reason="You are getting this because you follow recommendations, question sets, phases or members.",
                settings_url=absolute_url("mail.follows"))
