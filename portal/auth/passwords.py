"""Password hashing (Argon2id at OWASP's parameters) and the policy new passwords must meet."""
import re
from functools import lru_cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 8
MAX_LENGTH = 256


def _hasher():
    cfg = current_app.config
    return PasswordHasher(time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_COST"],
                          parallelism=cfg["ARGON2_PARALLELISM"])


def hash_password(password):
    return _hasher().hash(password)


def verify_password(password_hash, password):
    """True if the password matches; never raises for a wrong password, a malformed hash or none at all."""
    if not password_hash:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash):
    return _hasher().check_needs_rehash(password_hash)


def _contains_personal_word(password, personal_words):
    squashed = re.sub(r"[^a-z0-9]", "", password.lower())
    for phrase in personal_words:
        parts = re.split(r"[^a-z0-9]+", (phrase or "").lower())
        for word in parts + ["".join(parts)]:
            if len(word) >= 4 and word in squashed:
                return True
    return False


@lru_cache(maxsize=1)
def _common_passwords():
    # Django's list of 20,000 common passwords (BSD licence), those of 8+ characters.
    text = resources.files("portal.auth").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problem(password, *personal_words):
    """Explain why a new password is not acceptable, or return None if it is."""
    if len(password) < MIN_LENGTH:
        return f"Your password must be at least {MIN_LENGTH} characters long."
    if len(password) > MAX_LENGTH:
        return f"Your password must be {MAX_LENGTH} characters or fewer."
    if password.lower() in _common_passwords():
        return "That password is too common and easy to guess. Try a phrase of three or four words."
    if _contains_personal_word(password, personal_words):
        return "Your password must not contain your name or email address."
    return None
