"""Reads of trusts and schools for forms and pages."""
from portal.extensions import db
from portal.orgs.models import Trust


def trusts_by_name():
    return db.session.scalars(db.select(Trust).order_by(Trust.name)).all()
