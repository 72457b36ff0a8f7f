"""Staff accounts and their roles."""
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, Index, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.content_cache import scope, track
from portal.extensions import db
from portal.orgs.models import REGIONS, School, Trust
from portal.taxonomy.models import Phase
from portal.timestamps import UTCDateTime, utcnow

ROLES = {"member": "Member", "moderator": "Moderator", "admin": "Admin"}
# Verified roles in a trust, worn as a badge beside the member's name (as Lobsters' hats are): leads manage the
# trust's membership and see its dashboard; digital champions, named by a lead, are the colleagues to ask.
TRUST_ROLES = {"lead": "Trust lead", "champion": "Digital champion"}

user_phases = Table(
    "user_phases", db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("phase_id", ForeignKey("phases.id"), primary_key=True),
    Index("ix_user_phases_phase_id", "phase_id", "user_id"),  # the directory's phase filter
)


def new_session_token():
    return secrets.token_urlsafe(32)


def normalise_email(email):
    """Emails compare case-insensitively and without surrounding spaces."""
    return (email or "").strip().lower()


def email_domain(email):
    """The part after the @: all a trust lead is shown of an address, and what a staff domain proves."""
    return (email or "").rpartition("@")[2].lower()


class User(UserMixin, db.Model):
    __tablename__ = "users"
    # The directory lists members by name, in a region or anywhere.
    __table_args__ = (Index("ix_users_region_name", "region", "name", "id"), Index("ix_users_name_id", "name", "id"),
                      Index("ix_users_trust_id_status", "trust_id", "trust_status"))  # the leads' queue
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(String(255))  # None: signs in with Microsoft or Google only
    job_title: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20), default="member")
    region: Mapped[str | None] = mapped_column(String(40))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("schools.id"), index=True)
    trust_id: Mapped[int | None] = mapped_column(ForeignKey("trusts.id"), index=True)
    # Flask-Login keeps this, not the id, in the session and remember cookie; rotating it
    # ends every session of the user at once (sign-out, password change, suspension).
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The member's home shows what is new since home_since: the visit before the one at home_seen_at.
    home_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    home_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Moderation: a suspended member cannot sign in (until the end date, if any); a silenced
    # member can read but not post, comment or send contact requests.
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str] = mapped_column(Text, default="")
    silenced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Trust membership is proved, never chosen: trust_id is the trust the member names, and it counts
    # (trust-only posts, trust roles) only once verified by a staff e-mail domain or a lead's approval.
    trust_status: Mapped[str] = mapped_column(String(10), default="none", server_default="none")
    trust_verified_via: Mapped[str | None] = mapped_column(String(10))  # "domain", "approval" or "sign-in"
    trust_status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    trust_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    trust_role: Mapped[str | None] = mapped_column(String(20))
    # A moderator's choice: their own name under the posts they endorse, or (by default) "the moderation team".
    named_on_endorsements: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    school: Mapped[School | None] = relationship()
    trust: Mapped[Trust | None] = relationship()
    trust_decided_by: Mapped["User | None"] = relationship(remote_side=[id], foreign_keys=[trust_decided_by_id])
    phases: Mapped[list[Phase]] = relationship(secondary=user_phases, order_by="Phase.position")

    def get_id(self):
        return self.session_token

    def end_all_sessions(self):
        self.session_token = new_session_token()

    @property
    def is_suspended(self):
        if self.suspended_at is None:
            return False
        return self.suspended_until is None or self.suspended_until > utcnow()

    @property
    def is_active(self):
        return not self.is_suspended

    @property
    def is_verified(self):
        return self.email_verified_at is not None

    @property
    def email_domain(self):
        return email_domain(self.email)

    @property
    def verified_trust_id(self):
        """The trust whose members-only audience admits this member, or None: a confirmed address and a
        verified membership, never a form choice alone."""
        if self.trust_id is None or self.trust_status != "verified" or not self.is_verified:
            return None
        return self.trust_id

    @property
    def is_trust_lead(self):
        return self.trust_role == "lead" and self.verified_trust_id is not None

    @property
    def trust_badge(self):
        """The verified trust role shown beside the member's name, or ""."""
        return TRUST_ROLES.get(self.trust_role, "") if self.verified_trust_id is not None else ""

    @property
    def can_contribute(self):
        """May post, comment and send contact requests: verified, and not silenced or suspended."""
        return self.is_verified and self.silenced_at is None and not self.is_suspended

    @property
    def is_moderator(self):
        return self.role in ("moderator", "admin")

    @property
    def is_admin(self):
        return self.role == "admin"

    @property
    def role_name(self):
        return ROLES.get(self.role, self.role)

    @property
    def region_name(self):
        return REGIONS.get(self.region, "")

    @property
    def organisation_name(self):
        """The school, or the trust, the user works in, for display beside their name."""
        if self.school:
            return self.school.name
        return self.trust.name if self.trust else ""


# Members as others see them: names, roles, trusts and badges on posts, comments and in the directory;
# the details only the directory shows (job title, region, phases, school) apart.
PEOPLE = scope("people")
MEMBER_DETAILS = scope("member-details")
_DETAILS = frozenset({"job_title", "region", "phases", "school_id", "school"})
# Columns no cached part shows: signing in, a new password or a new address moves nothing.
_UNSHOWN = ("password_hash", "session_token", "last_sign_in_at", "home_seen_at", "home_since", "created_at", "email",
            "suspension_reason", "trust_status_changed_at", "trust_decided_by_id", "trust_verified_via", "trust_decided_by")


def _member_scopes(user, changed):
    return {MEMBER_DETAILS} if changed is not None and changed <= _DETAILS else {PEOPLE, MEMBER_DETAILS}


track(User, _member_scopes, quiet=_UNSHOWN, new=())  # a new account is shown nowhere until it writes
track(user_phases, {MEMBER_DETAILS})
