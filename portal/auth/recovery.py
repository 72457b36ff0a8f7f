"""Account e-mails: confirming an address, resetting a forgotten password, changing the address.

Every link is signed for one purpose and carries something that changes once it is used, so it
works once: the address still unverified, the password hash and session token, the old address.
"""
from sqlalchemy.exc import IntegrityError

from portal import tokens
from portal.absolute_urls import absolute_url
from portal.auth import membership
from portal.auth.models import User, normalise_email
from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.outbox.queue import ACCOUNT, queue_email
from portal.timestamps import utcnow


def queue_verification(user):
    """Queue the "confirm your address" e-mail (the caller commits)."""
    token = tokens.make_token(tokens.VERIFY_EMAIL, {"uid": user.id, "email": user.email})
    queue_email(user.email, "Confirm your e-mail address", "verify_email", category=ACCOUNT, user=user,
                reason="You are getting this because this address was used to create an account.",
                name=user.name, link=absolute_url("auth.verify_email", token=token))


def queue_registration_attempt(user):
    """Tell an existing member someone tried to register with their address (instead of saying so on screen)."""
    queue_email(user.email, "Someone tried to create an account with your address", "register_attempt",
                category=ACCOUNT, user=user, name=user.name,
                reason="You are getting this because an account already uses this address.",
                sign_in_url=absolute_url("auth.login"), reset_url=absolute_url("auth.forgot_password"))


def verify_email(token, max_age=None):
    """Mark the address confirmed; return the user, or raise BadToken (also once it is used)."""
    payload = tokens.read_token(tokens.VERIFY_EMAIL, token, max_age)
    user = db.session.get(User, payload.get("uid"))
    if user is None or user.email != payload.get("email") or user.is_verified:
        raise tokens.BadToken()
    user.email_verified_at = utcnow()
    membership.recheck(user)
    db.session.commit()
    return user


def resend_verification(user):
    if not user.is_verified:
        queue_verification(user)
        db.session.commit()


def _reset_fingerprint(user):
    return tokens.fingerprint(user.password_hash, user.session_token)


def request_password_reset(user):
    """Queue a reset link for a known member; for an unknown address, do the same signing work and send nothing."""
    if user is None:
        tokens.make_token(tokens.RESET_PASSWORD, {"uid": 0, "fp": tokens.fingerprint("unknown", "address")})
        return
    token = tokens.make_token(tokens.RESET_PASSWORD, {"uid": user.id, "fp": _reset_fingerprint(user)})
    queue_email(user.email, "Reset your password", "reset_password", category=ACCOUNT, user=user, name=user.name,
                reason="You are getting this because someone asked to reset the password for this address.",
                link=absolute_url("auth.reset_password", token=token))
    db.session.commit()


def user_for_reset(token, max_age=None):
    """The member a reset link is for, or raise BadToken (expired, tampered, or used already)."""
    payload = tokens.read_token(tokens.RESET_PASSWORD, token, max_age)
    user = db.session.get(User, payload.get("uid") or 0)
    if user is None or payload.get("fp") != _reset_fingerprint(user):
        raise tokens.BadToken()
    return user


def reset_password(user, new_password):
    """Set the new password and end every session; opening the e-mailed link also proves the address."""
    user.password_hash = hash_password(new_password)
    user.end_all_sessions()
    user.email_verified_at = user.email_verified_at or utcnow()
    membership.recheck(user)
    db.session.commit()


def request_email_change(user, new_email):
    """Send a confirmation link to the new address; nothing changes until it is opened."""
    new_email = normalise_email(new_email)
    token = tokens.make_token(tokens.CHANGE_EMAIL, {"uid": user.id, "old": user.email, "new": new_email})
    queue_email(new_email, "Confirm your new e-mail address", "change_email", category=ACCOUNT, user=user,
                name=user.name, link=absolute_url("auth.confirm_email_change", token=token),
                reason="You are getting this because someone asked to use this address for their account.")
    db.session.commit()


class EmailInUse(Exception):
    """The new address belongs to another account."""


def confirm_email_change(token, max_age=None):
    """Apply the change and tell the old address; raise BadToken or EmailInUse."""
    payload = tokens.read_token(tokens.CHANGE_EMAIL, token, max_age)
    user = db.session.get(User, payload.get("uid") or 0)
    if user is None or user.email != payload.get("old"):
        raise tokens.BadToken()
    if db.session.scalar(db.select(User.id).where(User.email == payload["new"])) is not None:
        raise EmailInUse()
    old_email, user.email = user.email, payload["new"]
    user.email_verified_at = utcnow()
    membership.recheck(user)  # a new address may prove the trust, or lose the proof the old one gave
    queue_email(old_email, "Your e-mail address was changed", "email_changed", category=ACCOUNT, user=user,
                name=user.name, reset_url=absolute_url("auth.forgot_password"),
                reason="You are getting this because this was the address of your account until now.")
    try:
        db.session.commit()
    except IntegrityError:  # taken by a registration a moment ago
        db.session.rollback()
        raise EmailInUse()
    return user
