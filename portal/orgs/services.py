"""Reads of trusts and schools for forms and pages."""
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.orgs.models import School, Trust


def trusts_by_name():
    return db.session.scalars(db.select(Trust).order_by(Trust.name)).all()


def schools_by_name():
    return db.session.scalars(db.select(School).options(selectinload(School.phases)).order_by(School.name)).all()
