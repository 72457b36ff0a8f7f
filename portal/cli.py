"""flask commands: load-taxonomy, seed-demo, create-admin, and the mail and moderation groups."""
import click
from flask.cli import with_appcontext

from portal.auth.models import User, normalise_email
from portal.auth.passwords import hash_password, password_problem
from portal.extensions import db
from portal.timestamps import utcnow


def init_app(app):
    app.cli.add_command(load_taxonomy_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_admin_command)
    from portal.mail.commands import mail_group
    app.cli.add_command(mail_group)
    from portal.moderation.commands import moderation_group
    app.cli.add_command(moderation_group)


@click.command("load-taxonomy")
@with_appcontext
def load_taxonomy_command():
    """Load or refresh the 2024 report's taxonomy (safe to run again)."""
    from portal.taxonomy.loader import load_taxonomy
    count = load_taxonomy()
    click.echo(f"Taxonomy loaded: {count} records.")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load realistic demo trusts, schools and people (does nothing if they are already there)."""
    from portal.demo import seed_demo
    created = seed_demo()
    click.echo("Demo data loaded." if created else "Demo data already present; nothing to do.")


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", default="", help="Needed only when creating a new account.")
@click.password_option(help="Needed only when creating a new account.", prompt_required=False)
@with_appcontext
def create_admin_command(email, name, password):
    """Create an admin account, or promote the existing account with this email."""
    user = db.session.scalar(db.select(User).where(User.email == normalise_email(email)))
    if user is not None:
        user.role = "admin"
        db.session.commit()
        click.echo(f"{user.email} is now an admin.")
        return
    name = name or click.prompt("Name")
    password = password or click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, name, email.split("@")[0])
    if problem:
        raise click.ClickException(problem)
    db.session.add(User(email=normalise_email(email), name=name, password_hash=hash_password(password),
                        role="admin", email_verified_at=utcnow()))
    db.session.commit()
    click.echo(f"Created admin {normalise_email(email)}.")
