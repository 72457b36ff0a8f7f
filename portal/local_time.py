"""UK time: the one place a stored UTC moment becomes what a person in England reads, and back.

Timestamps are stored in UTC (portal/timestamps.py). Everything shown (pages, e-mails, feeds) and every
day a person types (a date filter, "suspended until") is in Europe/London, with summer time.
"""
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import event

UK = ZoneInfo("Europe/London")  # the tzdata package supplies it where the system has no time zone data


def uk_time(moment):
    """The same moment on the UK's clock (aware, with +00:00 or +01:00)."""
    return moment.astimezone(UK)


def format_date(moment):
    """"2 June 2026": the UK calendar day of a moment (a date stays as it is)."""
    if not moment:
        return ""
    day = uk_time(moment) if isinstance(moment, datetime) else moment
    return f"{day.day} {day:%B %Y}"


def format_datetime(moment):
    """"2 June 2026 at 00:30", on the UK's clock."""
    if not moment:
        return ""
    local = uk_time(moment)
    return f"{format_date(local)} at {local:%H:%M}"


def uk_now():
    """Now, on the UK's clock: the one clock today's date is read from (tests move it to another day)."""
    return datetime.now(UK)


def uk_today():
    return uk_now().date()


def start_of_uk_day(day):
    """The UTC moment a UK calendar day begins (23:00 the evening before, in summer)."""
    return datetime.combine(day, time(), UK).astimezone(timezone.utc)


def uk_day_range(first, last):
    """[start, end) in UTC covering the UK days first to last, either end open when None."""
    start = start_of_uk_day(first) if first else None
    end = start_of_uk_day(last + timedelta(days=1)) if last else None
    return start, end


def uk_month_key(stored):
    """"2026-06" for a UTC timestamp as SQLite stores it ("2026-05-31 23:30:00.000000")."""
    if stored is None:
        return None
    return uk_time(datetime.fromisoformat(stored).replace(tzinfo=timezone.utc)).strftime("%Y-%m")


def init_engine(engine):
    """Give SQLite the UK month that PostgreSQL computes with timezone('Europe/London', ...)."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def add_uk_month(dbapi_connection, _record):
        dbapi_connection.create_function("uk_month", 1, uk_month_key, deterministic=True)
