"""The outbox: every e-mail waiting to go, or sent, one row each."""
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.content_cache import track
from portal.extensions import db
from portal.timestamps import UTCDateTime, utcnow


class OutboxMessage(db.Model):
    """One e-mail, written in the transaction that caused it and sent later by `flask mail send`."""
    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("status in ('pending', 'sending', 'sent', 'failed')", name="status"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text, default="")
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    # "account" for transactional mail, a notification kind, "daily_digest" or "weekly_digest".
    category: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A worker's lease on the row: if it dies mid-send, the row is due again once the lease ends.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


track(OutboxMessage)  # what is queued or sent is the recipient's own: no cached page shows it
