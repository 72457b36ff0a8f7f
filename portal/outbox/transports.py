"""Where the worker hands finished messages: an SMTP server, a folder of .eml files, or the console."""
import os
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime
from urllib.parse import urlsplit

import click
from flask import current_app

from portal.extensions import mail
from portal.local_time import uk_time
from portal.timestamps import utcnow

# RFC 2369 and RFC 8058: mail clients read these as written, `<https://...>` in plain ASCII. Folded the
# usual way, a long URL would be RFC 2047-encoded (`=?utf-8?q?=3Chttps...`) and one-click unsubscribe lost.
VERBATIM_HEADERS = frozenset({"list-unsubscribe", "list-unsubscribe-post"})
# Python 3.11's folder can split an encoded word mid-character (`=?utf-8?q?art=E2=` and a new word), which
# strict readers reject and others show garbled; email.header.Header splits at character boundaries.
ENCODED_HEADERS = frozenset({"subject"})


class MailPolicy(EmailPolicy):
    """The SMTP policy, except that URL headers go out verbatim on one line and a subject's RFC 2047 words are whole."""

    def _written(self, name, value):
        """The header as it goes out, or None to leave it to the standard folder."""
        text, key = str(value), name.lower()
        if key in VERBATIM_HEADERS and text.isascii() and len(name) + len(text) + 2 <= 998:
            return f"{name}: {text}{self.linesep}"
        if key in ENCODED_HEADERS and not text.isascii() and not self.utf8:
            encoded = Header(text, "utf-8", maxlinelen=self.max_line_length, header_name=name)
            return f"{name}: {encoded.encode(linesep=self.linesep)}{self.linesep}"
        return None

    def fold(self, name, value):
        return self._written(name, value) or super().fold(name, value)

    def fold_binary(self, name, value):
        written = self._written(name, value)
        return written.encode("ascii") if written else super().fold_binary(name, value)


MAIL_POLICY = MailPolicy(linesep="\r\n", raise_on_defect=True)


def build_message(row):
    """The message for an outbox row: plain text and HTML, a Message-ID fixed by the row so retries match."""
    # RFC 6531: an address that is not ASCII goes out as UTF-8, to a server that offers SMTPUTF8.
    message = EmailMessage(policy=MAIL_POLICY if row.to_address.isascii() else MAIL_POLICY.clone(utf8=True))
    message["Subject"] = row.subject
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = row.to_address
    message["Date"] = format_datetime(uk_time(utcnow()))
    domain = urlsplit(current_app.config["PORTAL_BASE_URL"]).hostname or "localhost"
    message["Message-ID"] = f"<outbox-{row.id}@{domain}>"
    for name, value in (row.headers or {}).items():
        message[name] = value
    message.set_content(row.text_body)
    if row.html_body:
        message.add_alternative(row.html_body, subtype="html")
    return message


def message_name(message):
    """"outbox-12" for "<outbox-12@host>": the message's file name in a folder."""
    return message["Message-ID"].strip("<>").split("@")[0]


class SmtpTransport:
    """Through the SMTP server Flask-Mail is configured for (MAIL_SERVER, MAIL_PORT, TLS, login)."""

    def send(self, message):
        with mail.connect() as connection:
            if connection.host is not None:  # None when MAIL_SUPPRESS_SEND (tests) opens no connection
                connection.host.send_message(message)  # asks for SMTPUTF8 itself when an address needs it


class FolderTransport:
    """Development and tests: each message becomes <folder>/outbox-<id>.eml, the bytes an SMTP server would get."""

    def __init__(self, folder):
        self.folder = folder

    def send(self, message):
        os.makedirs(self.folder, exist_ok=True)
        with open(os.path.join(self.folder, f"{message_name(message)}.eml"), "wb") as handle:
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
