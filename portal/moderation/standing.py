"""A member's standing: each of their posts and comments with its state and why, what reports on them
led to (never who made them), and what the account may not do now and until when. Read only by the
member, in a fixed number of queries however much they wrote."""
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, load_only

from portal.directory.contact import sent_today
from portal.directory.models import ContactRequest
from portal.extensions import db
from portal.moderation.models import Flag, ModerationAction
from portal.moderation.reasons import FLAG_REASONS, rejection_guideline_anchor, rejection_reason_label
from portal.practice.models import Comment, Post
from portal.practice.publication import needs_review
from portal.safeguarding.findings import findings_by_target
from portal.timestamps import utcnow

# The decisions that put an item in its present state, as the audit log names them.
DECISIONS = ("approve", "reject", "hide", "auto_hide", "restore")
WARNINGS_SHOWN = 10


@dataclass
class Reports:
    """Reports on one item, by reason: how many are waiting for a moderator and how many were decided."""
    waiting: Counter = field(default_factory=Counter)
    decided: Counter = field(default_factory=Counter)

    @property
    def reasons(self):
        return [FLAG_REASONS.get(reason, FLAG_REASONS["other"]) for reason in sorted(self.waiting + self.decided)]


@dataclass
class ItemStanding:
    item: Post | Comment
    decision: ModerationAction | None  # the latest decision on it, if a moderator (or flags) made one
    reports: Reports | None
    may_name_a_pupil: bool  # held because the safeguarding check found possible personal data

    @property
    def reason(self):
        """Why a moderator sent it back or hid it, in the words of the guidelines, with the guideline's anchor."""
        if self.decision is None or self.decision.action not in ("reject", "hide") or not self.decision.reason:
            return None
        return rejection_reason_label(self.decision.reason), rejection_guideline_anchor(self.decision.reason)

    @property
    def note(self):
        return (self.decision.details or {}).get("note", "") if self.decision else ""

    @property
    def hidden_by_reports(self):
        return self.item.status == "hidden" and self.decision is not None and self.decision.action == "auto_hide"

    @property
    def kept_after_reports(self):
        return (self.item.status == "published" and self.reports is not None and bool(self.reports.decided)
                and not self.reports.waiting)


@dataclass
class AccountStanding:
    silenced_at: object
    silence_reason: str
    warnings: list  # ModerationAction rows, newest first
    held_for_review: bool
    published_posts: int
    review_threshold: int
    contact_requests_sent: int
    contact_request_cap: int
    next_contact_request_at: object  # when the oldest of the day's requests leaves the window, if at the cap


def _posts(member):
    return db.session.scalars(
        select(Post).options(load_only(Post.id, Post.title, Post.kind, Post.status, Post.anonymous,
                                       Post.author_description, Post.updated_at, Post.published_at))
        .where(Post.author_id == member.id).order_by(Post.updated_at.desc(), Post.id.desc())).all()


def _comments(member):
    return db.session.scalars(
        select(Comment).options(load_only(Comment.id, Comment.post_id, Comment.body, Comment.status,
                                          Comment.created_at, Comment.updated_at),
                                joinedload(Comment.post).load_only(Post.id, Post.title))
        .where(Comment.author_id == member.id).order_by(Comment.created_at.desc(), Comment.id.desc())).all()


def _on_members_items(column_type, column_id, member):
    """A condition: (type, id) names one of the member's posts or comments, by subquery, not a list of ids."""
    return or_((column_type == "post") & column_id.in_(select(Post.id).where(Post.author_id == member.id)),
               (column_type == "comment") & column_id.in_(select(Comment.id).where(Comment.author_id == member.id)))


def _latest_decisions(member):
    rows = db.session.scalars(select(ModerationAction).where(
        ModerationAction.action.in_(DECISIONS),
        _on_members_items(ModerationAction.target_type, ModerationAction.target_id, member))
        .order_by(ModerationAction.id)).all()
    return {(row.target_type, row.target_id): row for row in rows}  # later rows replace earlier ones


def _reports(member):
    rows = db.session.execute(
        select(Flag.target_type, Flag.target_id, Flag.reason, Flag.resolved_at.is_(None), func.count())
        .where(_on_members_items(Flag.target_type, Flag.target_id, member))
        .group_by(Flag.target_type, Flag.target_id, Flag.reason, Flag.resolved_at.is_(None))).all()
    reports = {}
    for target_type, target_id, reason, waiting, count in rows:
        summary = reports.setdefault((target_type, target_id), Reports())
        (summary.waiting if waiting else summary.decided)[reason] += count
    return reports


def items_of(member):
    """The member's posts and comments, each with its latest decision, reports and safeguarding hold."""
    posts, comments = _posts(member), _comments(member)
    decisions, reports = _latest_decisions(member), _reports(member)
    held = [("post", post.id) for post in posts if post.status == "pending"]
    held += [("comment", comment.id) for comment in comments if comment.status == "pending"]
    findings = findings_by_target(held)

    def standing(target_type, item):
        key = (target_type, item.id)
        return ItemStanding(item, decisions.get(key), reports.get(key), key in findings)

    return ([standing("post", post) for post in posts], [standing("comment", comment) for comment in comments])


def account_of(member, posts):
    """What the account may not do now, and until when (posts: the member's, from items_of)."""
    silence, warnings = _account_actions(member)
    cap = current_app.config["CONTACT_REQUEST_DAILY_CAP"]
    sent = sent_today(member)
    return AccountStanding(
        silenced_at=member.silenced_at, silence_reason=silence.reason if silence and member.silenced_at else "",
        warnings=warnings, held_for_review=needs_review(member),
        published_posts=sum(standing.item.status == "published" for standing in posts),
        review_threshold=current_app.config["REVIEW_APPROVED_POSTS_THRESHOLD"],
        contact_requests_sent=sent, contact_request_cap=cap,
        next_contact_request_at=_next_contact_request_at(member, sent, cap) if sent >= cap else None)


def _account_actions(member):
    """The latest silence on the account and its latest warnings, newest first."""
    rows = db.session.scalars(select(ModerationAction).where(
        ModerationAction.target_type == "user", ModerationAction.target_id == member.id,
        ModerationAction.action.in_(("silence", "warn"))).order_by(ModerationAction.id.desc())).all()
    silence = next((row for row in rows if row.action == "silence"), None)
    return silence, [row for row in rows if row.action == "warn"][:WARNINGS_SHOWN]


def _next_contact_request_at(member, sent, cap):
    """The cap counts the last 24 hours: the next request may go when enough of them are a day old."""
    freeing = db.session.scalar(
        select(ContactRequest.created_at).where(ContactRequest.sender_id == member.id,
                                                ContactRequest.created_at >= utcnow() - timedelta(days=1))
        .order_by(ContactRequest.created_at).offset(sent - cap).limit(1))
    return freeing + timedelta(days=1) if freeing else None
