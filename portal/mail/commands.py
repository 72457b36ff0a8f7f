"""flask mail send / digest / schedule: the outbox worker, the digests, and the process that schedules them."""
import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.mail import digests, schedule
from portal.outbox.transports import transport_for
from portal.outbox.worker import send_due

mail_group = AppGroup("mail", help="Send queued e-mail and build digests.")


@mail_group.command("send")
@click.option("--loop", is_flag=True, help="Keep running, sending new mail as it arrives.")
@click.option("--interval", default=30, show_default=True, help="Seconds to sleep between passes with --loop.")
def send_command(loop, interval):
    """Send every e-mail that is due, retrying failures later with backoff."""
    transport = transport_for(current_app)
    if not loop:
        sent, failed = send_due(transport)
        click.echo(f"Sent {sent} e-mail(s); {failed} will be retried or have failed.")
        return
    stopping = _stop_requested()
    while True:
        _loop_pass(transport)
        if stopping.wait(interval):
            return


def _loop_pass(transport):
    """One pass of the loop. A database that is away or restarting ends the pass, not the worker: it tries
    again after the interval (rows it had claimed come back to any worker when their lease ends)."""
    try:
        sent, failed = send_due(transport)
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("Mail worker: the database did not answer; trying again", exc_info=True)
        click.echo("The database did not answer; trying again shortly.", err=True)
        return
    if sent or failed:  # a quiet pass says nothing, so the console beside a server stays readable
        click.echo(f"Sent {sent} e-mail(s); {failed} will be retried or have failed.")


def _stop_requested():
    """An event set by Ctrl+C or SIGTERM: the pass under way finishes (no message is left half sent), then the loop ends."""
    stopping = threading.Event()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signal_number, lambda *_: stopping.set())
    return stopping


@mail_group.command("schedule")
def schedule_command():
    """Run the scheduled jobs (the daily and weekly digests) until Ctrl+C or SIGTERM: one such process per portal."""
    scheduler = schedule.build_scheduler(current_app._get_current_object())
    stopping = _stop_requested()
    scheduler.start()
    for job in scheduler.get_jobs():
        click.echo(f"{job.name}: {job.trigger}, next at {job.next_run_time:%Y-%m-%d %H:%M %Z}")
    stopping.wait()
    scheduler.shutdown()  # a digest being queued finishes first


@mail_group.command("digest")
@click.option("--daily", "period", flag_value="daily", help="Notifications members chose to get once a day.")
@click.option("--weekly", "period", flag_value="weekly", help="New practice in what members follow.")
def digest_command(period):
    """Queue the daily or weekly digest for every member with something new (run from cron)."""
    if period is None:
        raise click.UsageError("Choose --daily or --weekly.")
    count = digests.queue_daily() if period == "daily" else digests.queue_weekly()
    click.echo(f"Queued {count} {period} digest(s). Run `flask mail send` to deliver them.")
