"""The audit log: one row per moderation action, written in the action's own transaction."""
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.extensions import db
from portal.local_time import uk_day_range
from portal.moderation.models import ModerationAction
from portal.moderation.reasons import ACTIONS


def record(moderator, action, target_type, target_id, reason="", **details):
    """Add an audit row to the current transaction (moderator None for automatic actions)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown moderation action {action!r}")
    row = ModerationAction(moderator_id=moderator.id if moderator is not None else None, action=action,
                           target_type=target_type, target_id=target_id, reason=reason or "", details=details)
    db.session.add(row)
    return row


@dataclass
class LogFilters:
    action: str = ""
    moderator_id: int | None = None
    target_type: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _filtered(stmt, filters):
    if filters.action:
        stmt = stmt.where(ModerationAction.action == filters.action)
    if filters.moderator_id:
        stmt = stmt.where(ModerationAction.moderator_id == filters.moderator_id)
    if filters.target_type:
        stmt = stmt.where(ModerationAction.target_type == filters.target_type)
    start, end = uk_day_range(filters.date_from, filters.date_to)  # the days a moderator typed are UK days
    if start:
        stmt = stmt.where(ModerationAction.created_at >= start)
    if end:
        stmt = stmt.where(ModerationAction.created_at < end)
    return stmt


def log_page(filters, page=1):
    """One page of the audit log, newest first, with the moderators loaded."""
    stmt = _filtered(select(ModerationAction).options(selectinload(ModerationAction.moderator)), filters)
    stmt = stmt.order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
    return db.paginate(stmt, page=page, per_page=current_app.config["MODERATION_LOG_PAGE_SIZE"], error_out=False)


def moderators():
    """Everyone who may moderate, for the log's filter."""
    return db.session.scalars(select(User).where(User.role.in_(("moderator", "admin"))).order_by(User.name)).all()


def actions_on(target_type, target_id):
    """The history of one item, newest first."""
    return db.session.scalars(
        select(ModerationAction).options(selectinload(ModerationAction.moderator))
        .where(ModerationAction.target_type == target_type, ModerationAction.target_id == target_id)
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())).all()


def _month(column):
    """The UK month of a timestamp: an action at 23:30 UTC on 31 May, in summer, counts for June."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("Europe/London", column), "YYYY-MM")
    return func.uk_month(column)  # portal/local_time.py registers it on every SQLite connection


def monthly_counts():
    """{"2026-11": {"approve": 4, ...}, ...} newest month first: kinds and numbers, nothing else."""
    month = _month(ModerationAction.created_at).label("month")
    rows = db.session.execute(select(month, ModerationAction.action, func.count(ModerationAction.id))
                              .group_by(month, ModerationAction.action).order_by(month.desc())).all()
    counts = {}
    for month_key, action, count in rows:
        counts.setdefault(month_key, {})[action] = count
    return counts


def month_name(month_key):
    return datetime.strptime(month_key, "%Y-%m").strftime("%B %Y")
