"""A member's linked school accounts, and which trust a Microsoft tenant or a Google Workspace domain is."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.content_cache import track
from portal.extensions import db
from portal.timestamps import UTCDateTime, utcnow

PROVIDER_NAMES = {"microsoft": "Microsoft", "google": "Google"}


class OidcIdentity(db.Model):
    """One provider account (its stable subject) that signs in as a member."""
    __tablename__ = "oidc_identities"
    __table_args__ = (UniqueConstraint("provider", "subject", name="uq_oidc_identities_provider_subject"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(255))
    tenant: Mapped[str | None] = mapped_column(String(255))  # Microsoft's tid, or Google's hd
    email: Mapped[str] = mapped_column(String(254), default="")  # as the provider said at linking
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User")

    @property
    def provider_name(self):
        return PROVIDER_NAMES.get(self.provider, self.provider)


class OidcTrustMapping(db.Model):
    """An admin's word that everyone signing in from this tenant (or Workspace domain) works in this trust."""
    __tablename__ = "oidc_trust_mappings"
    __table_args__ = (UniqueConstraint("provider", "key", name="uq_oidc_trust_mappings_provider_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(255))  # a tenant id (lower case) or a domain
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    trust = relationship("Trust")


track(OidcIdentity)  # shown only on its member's own account page, which is not cached
track(OidcTrustMapping)  # shown only on an admin's page
