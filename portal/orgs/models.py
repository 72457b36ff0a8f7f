"""Trusts (and other school groups) and schools, first-class records users belong to."""
from datetime import datetime

from sqlalchemy import Column, Float, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.content_cache import scope, track
from portal.extensions import db
from portal.timestamps import utcnow, UTCDateTime

REGIONS = {
    "north-east": "North East",
    "north-west": "North West",
    "yorkshire-and-the-humber": "Yorkshire and The Humber",
    "east-midlands": "East Midlands",
    "west-midlands": "West Midlands",
    "east-of-england": "East of England",
    "london": "London",
    "south-east": "South East",
    "south-west": "South West",
}

SIZE_BANDS = {
    "single": "Single school",
    "2-5": "2 to 5 schools",
    "6-10": "6 to 10 schools",
    "11-20": "11 to 20 schools",
    "21-50": "21 to 50 schools",
    "51+": "51 or more schools",
}


def size_band_for(school_count):
    """The size band a trust with this many schools falls in."""
    for limit, band in ((1, "single"), (5, "2-5"), (10, "6-10"), (20, "11-20"), (50, "21-50")):
        if school_count <= limit:
            return band
    return "51+"


school_phases = Table(
    "school_phases", db.metadata,
    Column("school_id", ForeignKey("schools.id", ondelete="CASCADE"), primary_key=True),
    Column("phase_id", ForeignKey("phases.id"), primary_key=True),
)


class Trust(db.Model):
    """A multi-academy trust or other group of schools."""
    __tablename__ = "trusts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    size_band: Mapped[str] = mapped_column(String(10), default="2-5")
    # The register's "Trusts (code)", when the trust came from or was matched to it.
    gias_code: Mapped[str | None] = mapped_column(String(20), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A name typed at registration is "requested" until an admin approves, merges or declines it;
    # nobody can be a verified member of a requested trust.
    status: Mapped[str] = mapped_column(String(10), default="approved", server_default="approved")
    schools: Mapped[list["School"]] = relationship(back_populates="trust", order_by="School.name")
    domains: Mapped[list["TrustDomain"]] = relationship(back_populates="trust", order_by="TrustDomain.domain",
                                                        cascade="all, delete-orphan")

    @property
    def size_label(self):
        return SIZE_BANDS.get(self.size_band, self.size_band)

    @property
    def is_requested(self):
        return self.status == "requested"


class TrustDomain(db.Model):
    """A staff e-mail domain a trust publishes: a confirmed address on it proves membership."""
    __tablename__ = "trust_domains"
    id: Mapped[int] = mapped_column(primary_key=True)
    trust_id: Mapped[int] = mapped_column(ForeignKey("trusts.id", ondelete="CASCADE"), index=True)
    # One domain belongs to one trust: otherwise an address would prove two memberships.
    domain: Mapped[str] = mapped_column(String(253), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    trust: Mapped[Trust] = relationship(back_populates="domains")


class School(db.Model):
    __tablename__ = "schools"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    urn: Mapped[int | None] = mapped_column(unique=True)
    region: Mapped[str | None] = mapped_column(String(40))
    trust_id: Mapped[int | None] = mapped_column(ForeignKey("trusts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # From the register (GIAS) when imported; blank for schools members named themselves.
    town: Mapped[str] = mapped_column(String(100), default="", server_default="")
    la_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    establishment_type: Mapped[str] = mapped_column(String(120), default="", server_default="")
    number_of_pupils: Mapped[int | None] = mapped_column()
    percentage_fsm: Mapped[float | None] = mapped_column(Float)
    urban_rural: Mapped[str] = mapped_column(String(120), default="", server_default="")
    postcode: Mapped[str] = mapped_column(String(10), default="", server_default="")
    status: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    # Set when an admin corrects the phases; later imports then leave them alone.
    phases_corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    trust: Mapped[Trust | None] = relationship(back_populates="schools")
    phases: Mapped[list["Phase"]] = relationship(secondary=school_phases, order_by="Phase.position")

    @property
    def region_name(self):
        return REGIONS.get(self.region, "")

    @property
    def place(self):
        """Where the school is, for telling same-named schools apart: town, else local authority."""
        return self.town or self.la_name


# Schools and trusts are shown by name beside members (badges, the directory); staff domains nowhere cached.
ORGS = scope("orgs")
track(Trust, {ORGS})
track(School, {ORGS})
track(school_phases, {ORGS})
track(TrustDomain)
