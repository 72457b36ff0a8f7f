"""What the safeguarding assist found in members' writing, one row per passage."""
from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.content_cache import track
from portal.extensions import db
from portal.safeguarding.personal_data import KIND_LABELS
from portal.timestamps import UTCDateTime, utcnow


class PersonalDataFinding(db.Model):
    """A passage the safeguarding assist found in one field of an item, as the item reads now.

    Replaced on every save of the item (findings.record_findings): a passage that is no
    longer in the text is deleted, never kept.
    """
    __tablename__ = "personal_data_findings"
    __table_args__ = (Index("ix_personal_data_findings_target", "target_type", "target_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(40), default="")  # the item's column, e.g. "trial_question"
    kind: Mapped[str] = mapped_column(String(30))
    passage: Mapped[str] = mapped_column(String(300))
    start: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def label(self):
        return KIND_LABELS.get(self.kind, self.kind)


track(PersonalDataFinding)  # shown on moderators' pages only, which are never cached
