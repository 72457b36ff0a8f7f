"""flask moderation lapse-endorsements: tell the moderators, once, of each endorsement that is due for review."""
import click
from flask.cli import AppGroup

from portal.moderation.endorsement import notify_lapsed_endorsements

moderation_group = AppGroup("moderation", help="Moderators' scheduled work.")


@moderation_group.command("lapse-endorsements")
def lapse_endorsements_command():
    """Notify every moderator of the endorsements that lapsed since the last run (safe to run again)."""
    count = notify_lapsed_endorsements()
    click.echo(f"{count} endorsement{' has' if count == 1 else 's have'} lapsed since the last run; "
               + ("the moderators have been told." if count else "nobody was told anything."))
