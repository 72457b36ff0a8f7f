"""Administration of accounts: finding users and changing their role."""
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.extensions import db

PAGE_SIZE = 50


class LastAdmin(Exception):
    """The change would leave the portal without an admin."""


def search_users(query, page=1):
    stmt = select(User).options(selectinload(User.school), selectinload(User.trust)).order_by(User.name, User.id)
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(or_(func.lower(User.name).like(like), User.email.like(like)))
    return db.paginate(stmt, page=page, per_page=PAGE_SIZE, error_out=False)


def change_role(user, role):
    """Give user a new role; the portal always keeps at least one admin."""
    if user.role == "admin" and role != "admin":
        admins = db.session.scalar(select(func.count(User.id)).where(User.role == "admin"))
        if admins <= 1:
            raise LastAdmin()
    user.role = role
    db.session.commit()
