"""What a verified sign-in with a school account does: sign in the member it belongs to, link it to an
account whose owner has just proved it with their password, or create a member from its claims; and place
members in the trust their tenant or Workspace domain is mapped to."""
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.auth import membership
from portal.auth.models import User, normalise_email
from portal.auth.services import find_user_by_email
from portal.extensions import db
from portal.oidc.models import OidcIdentity, OidcTrustMapping
from portal.orgs.models import Trust
from portal.timestamps import utcnow

# The session key of a school account waiting to be linked once its owner signs in with their password.
PENDING = "oidc_pending_link"
NAME_MAX = 120


class Refused(Exception):
    """The provider vouched for the account, but the portal cannot sign it in; the message says why."""


class Outcome(NamedTuple):
    user: User
    created: bool = False  # a new account, which should complete its profile
    pending: dict | None = None  # a link waiting for the password owner of user's address


def tenant_of(provider, claims):
    """Microsoft's tenant id, or the Google Workspace domain ("hd"), lower case; None for a personal account."""
    value = claims.get("tid") if provider == "microsoft" else claims.get("hd")
    return str(value).lower() if value else None


def mapped_trust(provider, tenant):
    if not tenant:
        return None
    return db.session.scalar(select(Trust).join(OidcTrustMapping, OidcTrustMapping.trust_id == Trust.id).where(
        OidcTrustMapping.provider == provider, OidcTrustMapping.key == tenant))


def verified_email(provider, claims, tenant):
    """The address the provider vouches for, or None. Google says so (email_verified); Microsoft's e-mail
    claim is an address its tenant's admin may set to anything, so it counts only from a tenant an admin
    mapped to a trust here, or where Microsoft marks its domain as verified by the tenant (xms_edov)."""
    email = claims.get("email")
    if not email:
        return None
    if provider == "google":
        trusted = claims.get("email_verified") is True
    else:
        trusted = claims.get("xms_edov") is True or mapped_trust(provider, tenant) is not None
    return normalise_email(email) if trusted else None


def sign_in(provider, claims):
    """The outcome of a verified sign-in with these ID token claims (raises Refused)."""
    subject, tenant = str(claims["sub"]), tenant_of(provider, claims)
    identity = db.session.scalar(select(OidcIdentity).where(OidcIdentity.provider == provider,
                                                            OidcIdentity.subject == subject))
    if identity is not None:
        identity.last_used_at = utcnow()
        place_in_trust(identity.user, provider, tenant)
        db.session.commit()
        return Outcome(identity.user)
    email = verified_email(provider, claims, tenant)
    if email is None:
        raise Refused("did not confirm an e-mail address for this account, so it cannot be used to sign in here. "
                      "Sign in with your e-mail address and password instead.")
    existing = find_user_by_email(email)
    if existing is not None:
        return Outcome(existing, pending={"provider": provider, "subject": subject, "tenant": tenant,
                                          "email": email})
    return Outcome(_create_member(provider, subject, tenant, email, claims), created=True)


def _create_member(provider, subject, tenant, email, claims):
    """A confirmed member with no password, named as the provider names them, linked to the account."""
    name = " ".join(str(claims.get("name") or email.split("@")[0]).split())[:NAME_MAX]
    user = User(email=email, name=name, password_hash=None, role="member", email_verified_at=utcnow())
    db.session.add(user)
    db.session.add(OidcIdentity(user=user, provider=provider, subject=subject, tenant=tenant, email=email,
                                last_used_at=utcnow()))
    place_in_trust(user, provider, tenant)
    try:
        db.session.commit()
    except IntegrityError:  # the same account signing in twice at once, or its address registered meanwhile
        db.session.rollback()
        raise Refused("could not finish creating your account. Try signing in again.") from None
    return user


def link_pending(user, pending):
    """Link the school account a sign-in left waiting, now that user has signed in with their password;
    returns the identity, or None if the waiting link was for someone else or is already taken."""
    if not pending or normalise_email(pending.get("email", "")) != user.email:
        return None
    if db.session.scalar(select(OidcIdentity).where(OidcIdentity.provider == pending["provider"],
                                                    OidcIdentity.subject == pending["subject"])) is not None:
        return None
    identity = OidcIdentity(user_id=user.id, provider=pending["provider"], subject=pending["subject"],
                            tenant=pending.get("tenant"), email=pending["email"], last_used_at=utcnow())
    db.session.add(identity)
    place_in_trust(user, pending["provider"], pending.get("tenant"))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return identity


def place_in_trust(user, provider, tenant):
    """A member signing in from a mapped tenant works in its trust: verified, unless they are already verified
    in another one (their own choice stands); otherwise their address's staff domain may verify them."""
    trust = mapped_trust(provider, tenant)
    if trust is not None and not (user.trust_status == "verified" and user.trust_id not in (None, trust.id)):
        membership.verify_by_sign_in(user, trust)
    elif user.trust is None:
        domain_trust = membership.trust_for_address(user.email)
        if domain_trust is not None:
            membership.claim_trust(user, db.session.get(Trust, domain_trust))


def identities_of(user):
    return db.session.scalars(select(OidcIdentity).where(OidcIdentity.user_id == user.id)
                              .order_by(OidcIdentity.created_at)).all()


def can_unlink(user, identity):
    """A member keeps at least one way to sign in: a password, or another linked account."""
    return identity.user_id == user.id and (user.password_hash is not None or len(identities_of(user)) > 1)


def unlink(identity):
    db.session.delete(identity)
    db.session.commit()


def mappings():
    return db.session.scalars(select(OidcTrustMapping).order_by(OidcTrustMapping.provider,
                                                                OidcTrustMapping.key)).all()


def add_mapping(provider, key, trust):
    """Map a tenant id or Workspace domain to a trust; False if that key is mapped already."""
    db.session.add(OidcTrustMapping(provider=provider, key=key.strip().lower(), trust_id=trust.id))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def remove_mapping(mapping_id):
    mapping = db.session.get(OidcTrustMapping, mapping_id)
    if mapping is not None:
        db.session.delete(mapping)
        db.session.commit()
    return mapping
