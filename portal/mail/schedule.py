"""The scheduled jobs, in a process of their own (`flask mail schedule`, `bin/portal scheduler`): the daily
digest of notifications, the weekly digest of new practice, the reminders to add "one term on" to a
trial and the moderators' notice of endorsements due for review, at UK times set in the configuration.

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
from portal.practice import follow_ups

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# job: (what it does, returning how many it queued or told; the setting with its time; its name in the log)
JOBS = {
    "daily-digest": (lambda: digests.queue_daily(), "DIGEST_DAILY_AT", "daily digest"),
    "weekly-digest": (lambda: digests.queue_weekly(), "DIGEST_WEEKLY_AT", "weekly digest"),
    "follow-up-reminders": (lambda: follow_ups.send_reminders(), "FOLLOW_UP_REMINDERS_AT", "follow-up reminders"),
    "endorsement-lapses": (lambda: notify_lapsed_endorsements(), "ENDORSEMENT_LAPSES_AT", "endorsement lapses"),
}
LOCK_KEYS = {"daily-digest": 7_310_001, "weekly-digest": 7_310_002, "follow-up-reminders": 7_310_003,
             "endorsement-lapses": 7_310_004}  # this portal's advisory locks, one per job
# A job missed while the scheduler was down still runs if it starts again within this many seconds.
MISFIRE_GRACE = 6 * 3600


def trigger_for(when):
    """A cron trigger in UK time from "06:15" (every day) or "mon 06:30" (one day a week)."""
    match = re.fullmatch(r"(?:(%s)\s+)?([01]?\d|2[0-3]):([0-5]\d)" % "|".join(DAYS), (when or "").strip().lower())
    if not match:
        raise ValueError(f"{when!r} is not a time like 06:15 or a day and time like mon 06:30.")
    day, hour, minute = match.groups()
    return CronTrigger(day_of_week=day or "*", hour=int(hour), minute=int(minute), timezone=UK)


def run_job(app, job):
    """Run one job; a database that is away is logged and tried at the next run, never fatal."""
    run, _, name = JOBS[job]
    with app.app_context():
        try:
            if db.engine.dialect.name == "postgresql":
                db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEYS[job]})
            count = run()
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
    """A scheduler (not yet started) with every job at its configured time."""
    scheduler = BackgroundScheduler(timezone=UK)
    for job, (_, setting, name) in JOBS.items():
        scheduler.add_job(run_job, trigger_for(app.config[setting]), args=(app, job), id=job, name=name,
                          coalesce=True, max_instances=1, misfire_grace_time=MISFIRE_GRACE)
    return scheduler
