"""The scheduled jobs: the digests at their UK times from the configuration, each run sending only what is
new, a database that is away logged rather than fatal, and `bin/portal scheduler` started and stopped as
the container does."""
import os
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from portal.extensions import db
from portal.local_time import UK
from portal.mail import digests, schedule
from tests.factories import make_follow, make_post, make_user, outbox_rows

ROOT = Path(__file__).resolve().parents[2]


def test_times_are_read_as_uk_times_every_day_or_one_day_a_week():
    summer = datetime(2027, 6, 1, 12, 0, tzinfo=UK)
    assert schedule.trigger_for("06:15").get_next_fire_time(None, summer) == datetime(2027, 6, 2, 6, 15, tzinfo=UK)
    monday = schedule.trigger_for("Mon 06:30").get_next_fire_time(None, summer)
    assert (monday.weekday(), monday.hour, monday.minute, monday.utcoffset().seconds) == (0, 6, 30, 3600)


@pytest.mark.parametrize("bad", ["", "6", "25:00", "06:61", "someday 06:30", "06:30 mon"])
def test_a_time_that_is_not_one_is_refused_with_what_to_write(bad):
    with pytest.raises(ValueError, match="like 06:15"):
        schedule.trigger_for(bad)


def test_the_scheduler_has_every_job_at_its_configured_time(app, monkeypatch):
    monkeypatch.setitem(app.config, "DIGEST_DAILY_AT", "07:00")
    monkeypatch.setitem(app.config, "DIGEST_WEEKLY_AT", "fri 16:45")
    monkeypatch.setitem(app.config, "FOLLOW_UP_REMINDERS_AT", "08:10")
    monkeypatch.setitem(app.config, "ENDORSEMENT_LAPSES_AT", "05:30")
    jobs = {job.id: str(job.trigger) for job in schedule.build_scheduler(app).get_jobs()}
    assert jobs == {"daily-digest": "cron[day_of_week='*', hour='7', minute='0']",
                    "weekly-digest": "cron[day_of_week='fri', hour='16', minute='45']",
                    "follow-up-reminders": "cron[day_of_week='*', hour='8', minute='10']",
                    "endorsement-lapses": "cron[day_of_week='*', hour='5', minute='30']"}


def test_a_run_tells_the_moderators_of_lapsed_endorsements_once(app):
    moderator = make_user(role="moderator")
    post = make_post(label="endorsed", endorsed_by=moderator)
    post.endorsed_at = datetime(2020, 1, 1, tzinfo=UK)
    db.session.commit()
    assert schedule.run_job(app, "endorsement-lapses") == 1
    assert schedule.run_job(app, "endorsement-lapses") == 0


def test_a_run_queues_the_digest_and_a_second_run_sends_nothing_twice(app):
    follower = make_user(name="Fern Follower")
    make_follow(follower, "recommendation", "r17")
    make_post(title="New feedback trial", recommendation_ids=("r17",))
    db.session.commit()
    assert schedule.run_job(app, "weekly-digest") == 1
    assert schedule.run_job(app, "weekly-digest") == 0
    assert len([m for m in outbox_rows(user_id=follower.id) if "New practice" in m.subject]) == 1


def test_a_database_that_is_away_is_logged_and_the_next_run_goes_ahead(app, monkeypatch, caplog):
    def away(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))
    monkeypatch.setattr(digests, "queue_daily", away)
    assert schedule.run_job(app, "daily-digest") is None
    assert "Scheduled daily digest failed" in caplog.text
    monkeypatch.undo()
    assert schedule.run_job(app, "daily-digest") == 0


def test_bin_portal_scheduler_starts_lists_its_jobs_and_stops_on_sigterm(tmp_path):
    env = {**os.environ, "PORTAL_PYTHON": sys.executable, "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}",
           "PORTAL_ENV": "development", "DIGEST_WEEKLY_AT": "sun 18:00"}
    subprocess.run([ROOT / "bin" / "portal", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    process = subprocess.Popen([ROOT / "bin" / "portal", "scheduler"], cwd=ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        printed = ""
        while "weekly digest:" not in printed and process.poll() is None:
            printed += process.stdout.readline()
        assert "daily digest: cron[day_of_week='*', hour='6', minute='15']" in printed
        assert "weekly digest: cron[day_of_week='sun', hour='18', minute='0']" in printed
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
