"""Reads of trusts and schools for forms and pages."""
from sqlalchemy import or_

from portal.extensions import db
from portal.orgs.models import Trust


def trusts_by_name(including=None):
    """Approved trusts to choose from, and the one the member already names even while it is only requested."""
    return db.session.scalars(db.select(Trust).where(or_(Trust.status == "approved", Trust.id == including))
                              .order_by(Trust.name)).all()
