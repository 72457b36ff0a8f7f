"""The scheduled jobs, in a process of their own (`flask mail schedule`, `bin/portal scheduler`): the daily
digest of notifications, the weekly digest of new practice, and the moderators' notice of endorsements due
for review (`flask moderation lapse-endorsements`), at UK times set in the configuration.

A digest covers what is new since the member's last one (portal/mail/digests.py), so a job that runs late,
or twice, sends nothing twice; on PostgreSQL a second scheduler started by mistake waits its turn on an
advisory lock and then finds nothing left to send.
"""
import re

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.local_time import UK
from portal.mail import digests
from portal.moderation.endorsement import notify_lapsed_endorsements

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# This portal's advisory locks, one per job.
LOCK_KEYS = {"daily": 7_310_001, "weekly": 7_310_002, "endorsement-lapses": 7_310_003}
# A job missed while the scheduler was down still runs if it starts again within this many seconds.
MISFIRE_GRACE = 6 * 3600


def trigger_for(when):
    """A cron trigger in UK time from "06:15" (every day) or "mon 06:30" (one day a week)."""
    match = re.fullmatch(r"(?:(%s)\s+)?([01]?\d|2[0-3]):([0-5]\d)" % "|".join(DAYS), (when or "").strip().lower())
    if not match:
        raise ValueError(f"{when!r} is not a time like 06:15 or a day and time like mon 06:30.")
    day, hour, minute = match.groups()
    return CronTrigger(day_of_week=day or "*", hour=int(hour), minute=int(minute), timezone=UK)


def run_digest(app, period):
    """Queue one digest run; a database that is away is logged and tried at the next run, never fatal."""
    work = digests.queue_daily if period == "daily" else digests.queue_weekly
    return _run(app, f"{period} digest", work, LOCK_KEYS[period])


def run_endorsement_lapses(app):
    """Tell the moderators of the endorsements newly due for review (each lapse once), as a digest runs."""
    return _run(app, "endorsement lapses", notify_lapsed_endorsements, LOCK_KEYS["endorsement-lapses"])


def _run(app, name, work, lock_key):
    with app.app_context():
        try:
            if db.engine.dialect.name == "postgresql":
                db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key})
            count = work()
            db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
            app.logger.exception("Scheduled %s failed; it runs again at its next time", name)
            return None
        finally:
            db.session.remove()
        app.logger.info("Scheduled %s: %d done", name, count)
        return count


def build_scheduler(app):
    """A scheduler (not yet started) with the daily and weekly digests at their configured times."""
    scheduler = BackgroundScheduler(timezone=UK)
    for period, setting in (("daily", "DIGEST_DAILY_AT"), ("weekly", "DIGEST_WEEKLY_AT")):
        scheduler.add_job(run_digest, trigger_for(app.config[setting]), args=(app, period), id=f"{period}-digest",
                          name=f"{period} digest", coalesce=True, max_instances=1, misfire_grace_time=MISFIRE_GRACE)
    scheduler.add_job(run_endorsement_lapses, trigger_for(app.config["ENDORSEMENT_LAPSES_AT"]), args=(app,),
                      id="endorsement-lapses", name="endorsement lapses", coalesce=True, max_instances=1,
                      misfire_grace_time=MISFIRE_GRACE)
    return scheduler
