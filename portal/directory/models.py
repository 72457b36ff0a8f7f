"""Directory profiles, contact requests between members, blocks and reports of abuse."""
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Index, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.content_cache import scope, track
from portal.extensions import db
from portal.orgs.models import SIZE_BANDS
from portal.taxonomy.models import QuestionSet, Recommendation
from portal.timestamps import UTCDateTime, utcnow

ROLE_TYPES = {
    "teacher": "Teacher",
    "support-staff": "Teaching assistant or support staff",
    "school-leader": "School leader",
    "trust-leader": "Trust leader",
    "it-data": "IT or data",
    "governor": "Governor or trustee",
}
SETTINGS = {
    "mainstream": "Mainstream",
    "special": "Special",
    "alternative-provision": "Alternative provision or PRU",
    "independent": "Independent",
}
LOCALITIES = {"urban": "Urban", "rural": "Rural", "mixed": "A mix of urban and rural"}
DISADVANTAGE_BANDS = {
    "below": "Below the national average",
    "around": "Around the national average",
    "above": "Above the national average",
}
HAPPY_TO_TALK_MAX = 500
REQUEST_MESSAGE_MAX = 500
REPORT_REASON_MAX = 1000
REQUEST_STATUSES = {"pending": "Waiting for a reply", "accepted": "Accepted", "declined": "Not accepted"}


def _priority_table(name, column, target):
    return Table(
        name, db.metadata,
        Column("user_id", ForeignKey("directory_profiles.user_id", ondelete="CASCADE"), primary_key=True),
        Column(column, ForeignKey(target), primary_key=True, index=True),
    )


profile_recommendations = _priority_table("directory_profile_recommendations", "recommendation_id",
                                          "recommendations.id")
profile_question_sets = _priority_table("directory_profile_question_sets", "question_set_id", "question_sets.id")


class DirectoryProfile(db.Model):
    """What a member tells other members about their context; 1:1 with users, created when first saved."""
    __tablename__ = "directory_profiles"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role_type: Mapped[str | None] = mapped_column(String(20))
    setting: Mapped[str | None] = mapped_column(String(30))
    locality: Mapped[str | None] = mapped_column(String(10))
    disadvantage_band: Mapped[str | None] = mapped_column(String(10))
    happy_to_talk_about: Mapped[str] = mapped_column(String(HAPPY_TO_TALK_MAX), default="")
    # Listing is opt-in (UK GDPR); contact is on by default but only ever applies to listed members.
    listed: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    open_to_contact: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary=profile_recommendations, order_by="Recommendation.position")
    question_sets: Mapped[list[QuestionSet]] = relationship(
        secondary=profile_question_sets, order_by="QuestionSet.position")

    @property
    def accepts_requests(self):
        return self.listed and self.open_to_contact

    @property
    def role_type_name(self):
        return ROLE_TYPES.get(self.role_type, "")

    @property
    def setting_name(self):
        return SETTINGS.get(self.setting, "")

    @property
    def locality_name(self):
        return LOCALITIES.get(self.locality, "")

    @property
    def disadvantage_name(self):
        return DISADVANTAGE_BANDS.get(self.disadvantage_band, "")

    @property
    def size_band(self):
        """The member's trust size band; a school outside any trust counts as a single school."""
        if self.user.trust is not None:
            return self.user.trust.size_band
        return "single" if self.user.school is not None else None

    @property
    def size_band_name(self):
        return SIZE_BANDS.get(self.size_band, "")

    @property
    def priority_keys(self):
        """Recommendations and question sets as one set of comparable keys."""
        return {("r", r.id) for r in self.recommendations} | {("q", q.id) for q in self.question_sets}


def pair_key(a_id, b_id):
    """The same key for a pair of members whichever of them asks."""
    low, high = sorted((a_id, b_id))
    return f"{low}:{high}"


class ContactRequest(db.Model):
    """One member asking another to talk. Emails are shown to both only once it is accepted."""
    __tablename__ = "contact_requests"
    __table_args__ = (
        CheckConstraint("status in ('pending', 'accepted', 'declined')", name="status"),
        # One open request per pair, whichever direction: enforced by the database too.
        Index("uq_contact_requests_open_pair", "pair_key", unique=True,
              sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'")),
        Index("ix_contact_requests_sender_created", "sender_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    pair_key: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(String(REQUEST_MESSAGE_MAX))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    sender: Mapped[User] = relationship(foreign_keys=[sender_id])
    recipient: Mapped[User] = relationship(foreign_keys=[recipient_id])

    def involves(self, user):
        return user.id in (self.sender_id, self.recipient_id)

    def other_party(self, user):
        return self.recipient if user.id == self.sender_id else self.sender

    def shows_emails(self):
        """Both emails may be shown, to the two members only, once the request is accepted."""
        return self.status == "accepted"

    @property
    def is_pending(self):
        return self.status == "pending"

    def status_for(self, user):
        """A declined request reads as "Not accepted" and nothing more."""
        if self.status == "pending" and user.id == self.recipient_id:
            return "Waiting for your reply"
        return REQUEST_STATUSES[self.status]


class ContactBlock(db.Model):
    """A member blocks another: no requests either way, and hidden from each other."""
    __tablename__ = "contact_blocks"
    blocker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    blocked_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    blocked: Mapped[User] = relationship(foreign_keys=[blocked_id])


class ContactRequestReport(db.Model):
    """A recipient reports a contact request as abuse, for moderators to look at and act on.

    The message and the sender are copied onto the report, so that the report and its outcome survive
    the sender deleting their account (the sender then reads as a deleted account). A reporter who
    deletes their account takes their report, which is their own words, with them.
    """
    __tablename__ = "contact_request_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("contact_requests.id", ondelete="SET NULL"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    message: Mapped[str] = mapped_column(String(REQUEST_MESSAGE_MAX), default="")
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closing_note: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[ContactRequest | None] = relationship()
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    sender: Mapped[User | None] = relationship(foreign_keys=[sender_id])

    @property
    def is_open(self):
        return self.closed_at is None


# The directory's results and peers show listed profiles (and who blocked whom, per member); contact
# requests and reports are shown only to the two members and the moderators, never cached.
DIRECTORY = scope("directory")
for _table in (DirectoryProfile, profile_recommendations, profile_question_sets, ContactBlock):
    track(_table, {DIRECTORY})
track(ContactRequest)
track(ContactRequestReport)
