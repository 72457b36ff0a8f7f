"""Where the worker hands finished messages: SMTP through Flask-Mail, a folder of .eml files, or the console."""
import os
from urllib.parse import urlsplit

import click
from flask import current_app
from flask_mail import Message

from portal.extensions import mail


def build_message(row):
    """A Flask-Mail message from an outbox row, with a Message-ID fixed by the row so retries match."""
    message = Message(subject=row.subject, recipients=[row.to_address], body=row.text_body,
                      html=row.html_body or None, sender=current_app.config["MAIL_DEFAULT_SENDER"],
                      extra_headers=dict(row.headers or {}))
    domain = urlsplit(current_app.config["PORTAL_BASE_URL"]).hostname or "localhost"
    message.msgId = f"<outbox-{row.id}@{domain}>"
    return message


class SmtpTransport:
    def send(self, message):
        mail.send(message)


class FolderTransport:
    """Development and tests: each message becomes instance/mail/<Message-ID>.eml."""

    def __init__(self, folder):
        self.folder = folder

    def send(self, message):
        os.makedirs(self.folder, exist_ok=True)
        name = message.msgId.strip("<>").split("@")[0]
        with open(os.path.join(self.folder, f"{name}.eml"), "wb") as handle:
            handle.write(message.as_bytes())


class ConsoleTransport:
    def send(self, message):
        click.echo(message.as_string())


def transport_for(app):
    backend = app.config["MAIL_BACKEND"]
    if backend == "smtp":
        return SmtpTransport()
    if backend == "console":
        return ConsoleTransport()
    if backend == "folder":
        return FolderTransport(app.config["MAIL_FOLDER"] or os.path.join(app.instance_path, "mail"))
    raise RuntimeError(f"Unknown MAIL_BACKEND {backend!r}: use smtp, folder or console.")
