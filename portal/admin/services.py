"""Administration of accounts: changing a member's role."""
from sqlalchemy import func, select

from portal.auth.models import User
from portal.extensions import db


class LastAdmin(Exception):
    """The change would leave the portal without an admin."""


def change_role(user, role):
    """Give user a new role; the portal always keeps at least one admin."""
    if user.role == "admin" and role != "admin":
        admins = db.session.scalar(select(func.count(User.id)).where(User.role == "admin"))
        if admins <= 1:
            raise LastAdmin()
    user.role = role
    db.session.commit()
