"""Members' e-mail preferences, follows and digest marks."""
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.content_cache import track
from portal.extensions import db
from portal.timestamps import UTCDateTime, utcnow

DELIVERIES = {"immediately": "Immediately", "digest": "In the daily digest", "off": "Not by e-mail"}
FOLLOW_TARGETS = ("recommendation", "question_set", "phase", "member")


class MailPreference(db.Model):
    """How one member wants one kind of notification by e-mail; no row means the kind's default."""
    __tablename__ = "mail_preferences"
    __table_args__ = (CheckConstraint("delivery in ('immediately', 'digest', 'off')", name="delivery"),)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    delivery: Mapped[str] = mapped_column(String(12))


class Follow(db.Model):
    """A member follows a recommendation, question set, phase or member for the weekly digest."""
    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "target_type", "target_id", name="uq_follows_user_target"),
        CheckConstraint("target_type in ('recommendation', 'question_set', 'phase', 'member')", name="target_type"),
        Index("ix_follows_target", "target_type", "target_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DigestMark(db.Model):
    """When a member's last daily or weekly digest covered up to, so nothing is sent twice."""
    __tablename__ = "digest_marks"
    __table_args__ = (CheckConstraint("digest in ('daily', 'weekly')", name="digest"),)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    digest: Mapped[str] = mapped_column(String(10), primary_key=True)
    covered_until: Mapped[datetime] = mapped_column(UTCDateTime)


# Mail is each member's own: no cached page shows any of it.
for _model in (MailPreference, Follow, DigestMark):
    track(_model)
