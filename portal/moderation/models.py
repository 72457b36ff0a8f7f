"""Moderation as data: one row per action, flag, endorsement answer, featured post and note."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.content_cache import scope, track
from portal.extensions import db
from portal.practice.models import post_scope
from portal.timestamps import UTCDateTime, utcnow

TARGET_TYPES = {"post": "Post", "comment": "Comment", "user": "Member", "collection": "Collection",
                "profile": "Directory profile", "contact_request": "Contact request",
                "featured_post": "Curator's note", "contact_report": "Contact report"}


class ModerationAction(db.Model):
    """The audit log: who did what to which item, why, and when (moderator is empty for automatic actions)."""
    __tablename__ = "moderation_actions"
    __table_args__ = (
        Index("ix_moderation_actions_target", "target_type", "target_id"),
        Index("ix_moderation_actions_action_created", "action", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(30))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    moderator = relationship("User", foreign_keys=[moderator_id])

    @property
    def is_automatic(self):
        return self.moderator_id is None and self.action == "auto_hide"


class Flag(db.Model):
    """One member's report of one post or comment; resolved when a moderator decides on the item."""
    __tablename__ = "flags"
    __table_args__ = (
        UniqueConstraint("user_id", "target_type", "target_id", name="uq_flags_user_target"),
        Index("ix_flags_open_target", "resolved_at", "target_type", "target_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(30))
    details: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EndorsementAnswer(db.Model):
    """A moderator's answer to one of the 7 key risk questions, recorded when endorsing a post."""
    __tablename__ = "endorsement_answers"
    __table_args__ = (UniqueConstraint("post_id", "risk_question_id", name="uq_endorsement_answers_post_question"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    risk_question_id: Mapped[int] = mapped_column(ForeignKey("risk_questions.id"))
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    answer: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question = relationship("RiskQuestion")
    moderator = relationship("User", foreign_keys=[moderator_id])


class Collection(db.Model):
    """A named group of featured posts on the home page, e.g. "Report writing safely"."""
    __tablename__ = "collections"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    featured: Mapped[list["FeaturedPost"]] = relationship(
        back_populates="collection", order_by="FeaturedPost.position", cascade="all, delete-orphan")


class FeaturedPost(db.Model):
    """A post a moderator features in a collection, with a short curator's note and a chosen place."""
    __tablename__ = "featured_posts"
    __table_args__ = (UniqueConstraint("collection_id", "post_id", name="uq_featured_posts_collection_post"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"))
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(String(280), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    featured_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    collection: Mapped[Collection] = relationship(back_populates="featured")
    post = relationship("Post")


class ModeratorNote(db.Model):
    """A private note about a member, seen only by moderators."""
    __tablename__ = "moderator_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author = relationship("User", foreign_keys=[author_id])


# What cached pages show of moderation: the curated collections (home), the monthly counts of actions
# (transparency) and an endorsed post's checklist (its page). Flags and notes are shown only
# on the moderators' own pages, which are never cached.
COLLECTIONS = scope("collections")
TRANSPARENCY = scope("transparency")
track(Collection, {COLLECTIONS})
track(FeaturedPost, {COLLECTIONS})
track(ModerationAction, {TRANSPARENCY})
track(EndorsementAnswer, lambda answer, changed: {post_scope(answer.post_id if answer else None)})
for _model in (Flag, ModeratorNote):
    track(_model)
