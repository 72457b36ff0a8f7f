"""What the trust and school pages read: a fixed number of queries however many schools or posts."""
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.auth.models import User
from portal.extensions import db
from portal.orgs.models import REGIONS, SIZE_BANDS, School, Trust

TRUSTS_PER_PAGE = 30


def trusts(region=None, size_band=None, page=1):
    """Approved trusts by name, with their number of schools, filtered by a region one of their schools is in
    and by size; one more than a page, so the caller knows whether there is a next one."""
    schools = (select(func.count(School.id)).where(School.trust_id == Trust.id, School.status == "open")
               .scalar_subquery())
    stmt = select(Trust, schools).where(Trust.status == "approved")
    if region in REGIONS:
        stmt = stmt.where(select(School.id).where(School.trust_id == Trust.id, School.region == region).exists())
    if size_band in SIZE_BANDS:
        stmt = stmt.where(Trust.size_band == size_band)
    return db.session.execute(stmt.order_by(Trust.name, Trust.id).offset((page - 1) * TRUSTS_PER_PAGE)
                              .limit(TRUSTS_PER_PAGE + 1)).all()


def approved_trust(trust_id):
    """An approved trust alone, or None."""
    return db.session.scalar(select(Trust).where(Trust.id == trust_id, Trust.status == "approved"))


def trust_with_staff(trust_id):
    """An approved trust and how many members are its verified staff (a number, never who), or None."""
    staff = (select(func.count(User.id)).where(User.trust_id == Trust.id, User.trust_status == "verified",
                                               User.email_verified_at.is_not(None)).scalar_subquery())
    return db.session.execute(select(Trust, staff).where(Trust.id == trust_id, Trust.status == "approved")).first()


def open_schools(trust_id):
    """The trust's open schools by name, with their phases (joined: one query for both)."""
    return db.session.scalars(select(School).where(School.trust_id == trust_id, School.status == "open")
                              .options(joinedload(School.phases)).order_by(School.name, School.id)).unique().all()


def school(school_id):
    return db.session.scalar(select(School).where(School.id == school_id).options(
        selectinload(School.phases), selectinload(School.trust)))


def school_id_for_urn(urn):
    return db.session.scalar(select(School.id).where(School.urn == urn))
