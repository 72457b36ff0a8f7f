"""A member's own home: what is new for them since their last visit, and what waits for them, each part a
fixed number of queries however much there is."""
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import joinedload, load_only

from portal.directory import matching
from portal.directory import services as directory
from portal.directory.models import ContactRequest
from portal.extensions import db
from portal.mail.digests import new_posts_for
from portal.mail.models import Follow
from portal.notifications.models import Notification
from portal.notifications.services import unread_count
from portal.practice.models import Post
from portal.timestamps import utcnow

SHOWN = 5  # of each part; its count says how many there are in all (up to COUNTED)
COUNTED = 50
PEERS_SHOWN = 3
# A visit ends after this long away: opening home again within it keeps showing what was new at its start.
VISIT_GAP = timedelta(minutes=30)
FIRST_VISIT_LOOKS_BACK = timedelta(days=7)
# Notifications that are someone answering the member: a comment on their post, a reply to their
# comment, a mention, a try of their idea.
ANSWERS = ("comment", "reply", "mention", "replication")
NEEDS_THE_AUTHOR = ("draft", "rejected", "pending")


class Part(NamedTuple):
    shown: list
    total: int  # at most COUNTED

    @property
    def more(self):
        return self.total > len(self.shown)


def _part(rows):
    return Part(rows[:SHOWN], len(rows))


def visit_since(member):
    """When the member's previous visit was, marking this one: one write per visit, none on a reload."""
    now = utcnow()
    if member.home_seen_at is None or now - member.home_seen_at > VISIT_GAP:
        member.home_since = member.home_seen_at or now - FIRST_VISIT_LOOKS_BACK
        member.home_seen_at = now
        db.session.commit()
    return member.home_since


def answers(member):
    """Unread comments on the member's posts and tries of their ideas, newest first."""
    return _part(db.session.scalars(select(Notification).where(
        Notification.user_id == member.id, Notification.read_at.is_(None), Notification.kind.in_(ANSWERS))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(COUNTED)).all())


def other_unread(member, answers_part):
    """How many unread notifications are not answers (decisions on their posts, trust news, ...)."""
    return max(0, unread_count(member) - answers_part.total)


def followed_practice(member, since):
    """New practice since the visit before in what the member follows; None if they follow nothing."""
    follows = db.session.scalars(select(Follow).where(Follow.user_id == member.id)).all()
    if not follows:
        return None
    return _part(new_posts_for(member, follows, since, utcnow(), loads=(joinedload(Post.author),)))


def waiting_requests(member):
    """Contact requests waiting for the member's answer, oldest first (the longest waiting first)."""
    return _part(db.session.scalars(
        select(ContactRequest).where(ContactRequest.recipient_id == member.id, ContactRequest.status == "pending")
        .options(joinedload(ContactRequest.sender))
        .order_by(ContactRequest.created_at, ContactRequest.id).limit(COUNTED)).all())


def own_posts_waiting(member):
    """The member's drafts, posts sent back to them and posts waiting for review, the latest changed first."""
    return _part(db.session.scalars(
        select(Post).options(load_only(Post.id, Post.title, Post.kind, Post.status, Post.updated_at))
        .where(Post.author_id == member.id, Post.status.in_(NEEDS_THE_AUTHOR))
        .order_by(Post.updated_at.desc(), Post.id.desc()).limit(COUNTED)).all())


def suggested_peers(member):
    """The best few listed members for the member to talk to, with why (the peers page's ranking)."""
    viewer_profile = directory.viewer_profile_for_peers(member)
    peers = directory.ranked_peers(member, viewer_profile, matching.other_trusts_only(viewer_profile))[:PEERS_SHOWN]
    return [matching.score(viewer_profile, peer) for peer in peers]
