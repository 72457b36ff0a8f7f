"""Signed, expiring links in e-mails: one salt per purpose, so a token for one job opens no other."""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

VERIFY_EMAIL = "verify-email"
RESET_PASSWORD = "reset-password"
CHANGE_EMAIL = "change-email"
UNSUBSCRIBE = "unsubscribe"

MAX_AGE = {
    VERIFY_EMAIL: 7 * 24 * 3600,
    RESET_PASSWORD: 3600,
    CHANGE_EMAIL: 24 * 3600,
    UNSUBSCRIBE: None,  # an unsubscribe link in an old e-mail must keep working
}


class BadToken(Exception):
    """The link is tampered with, expired, for another purpose, or already used."""


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"portal-mail-{purpose}")


def make_token(purpose, payload):
    return _serializer(purpose).dumps(payload)


def read_token(purpose, token, max_age=None):
    """Return the payload, or raise BadToken; max_age overrides the purpose's lifetime (for tests)."""
    try:
        return _serializer(purpose).loads(token, max_age=max_age or MAX_AGE[purpose])
    except (SignatureExpired, BadSignature) as error:
        raise BadToken() from error


def fingerprint(*values):
    """A short digest of secrets that change on use (password hash, session token).

    Token payloads are signed, not encrypted: they carry this digest, never the values.
    """
    return hashlib.sha256("\x00".join(value or "" for value in values).encode()).hexdigest()[:20]
