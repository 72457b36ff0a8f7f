"""Verified trust membership: a member counts as staff of a trust only when a confirmed address on one
of its staff e-mail domains, or a trust lead's or admin's approval, says so. Nothing here commits.
"""
import re

from sqlalchemy import and_, func, or_, select, update

from portal.auth.models import TRUST_ROLES, User, email_domain
from portal.extensions import db
from portal.orgs.models import Trust, TrustDomain
from portal.timestamps import utcnow

# A host name with at least one dot: letters, digits and hyphens between dots, no wildcards.
DOMAIN = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Anyone can have an address on these: they prove nothing about where someone works.
PUBLIC_MAIL_DOMAINS = frozenset("""
    gmail.com googlemail.com outlook.com outlook.co.uk hotmail.com hotmail.co.uk live.com live.co.uk msn.com
    yahoo.com yahoo.co.uk ymail.com icloud.com me.com mac.com aol.com aol.co.uk btinternet.com btopenworld.com
    sky.com virginmedia.com blueyonder.co.uk talktalk.net tiscali.co.uk ntlworld.com protonmail.com proton.me
    pm.me gmx.com gmx.co.uk mail.com zoho.com fastmail.com hey.com tutanota.com yandex.com example.com
""".split())


class DomainProblem(ValueError):
    """The domain cannot be a trust's staff domain; the message says why."""


def normalise_domain(text):
    """The domain as stored, from what a lead typed ("@Trust.org.uk " -> "trust.org.uk"); raises DomainProblem."""
    domain = (text or "").strip().lower().lstrip("@").rstrip(".")
    if not DOMAIN.match(domain):
        raise DomainProblem("Enter a domain like northern-lights.org.uk, without the name before the @.")
    if domain in PUBLIC_MAIL_DOMAINS:
        raise DomainProblem(f"Anyone can have an address at {domain}, so it cannot prove who works in your trust.")
    return domain


def _covers(domain, address_domain):
    """A trust's domain covers its schools' subdomains too (staff.school.org.uk under school.org.uk)."""
    return address_domain == domain or address_domain.endswith("." + domain)


def trust_for_address(email):
    """The trust whose staff domains cover this address, or None."""
    address_domain = email_domain(email)
    if not address_domain:
        return None
    # Every suffix of the address's domain: the longest match wins, so a school's own domain beats its trust's.
    labels = address_domain.split(".")
    suffixes = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    rows = db.session.execute(select(TrustDomain.domain, TrustDomain.trust_id).where(
        TrustDomain.domain.in_(suffixes))).all()
    return max(rows, key=lambda row: len(row.domain)).trust_id if rows else None


def _set_status(user, status, via=None, decided_by=None):
    user.trust_status = status
    user.trust_verified_via = via if status == "verified" else None
    user.trust_status_changed_at = utcnow()
    user.trust_decided_by_id = decided_by.id if decided_by is not None else None
    if status != "verified":
        user.trust_role = None  # a trust role is held only by a verified member


def claim_trust(user, trust):
    """The member names a trust (registering or editing their profile): a request unless their address proves it."""
    if trust is None:
        user.trust = None
        _set_status(user, "none")
    elif user.trust is not trust or user.trust_status in (None, "none"):
        user.trust = trust
        _set_status(user, "pending")
    recheck(user)


def recheck(user):
    """Verify by domain when a confirmed address proves the named trust; undo a domain proof the address lost."""
    trust = user.trust
    if trust is None or trust.is_requested:
        return
    proved = user.is_verified and trust.id is not None and trust_for_address(user.email) == trust.id
    if proved and user.trust_status != "verified":
        _set_status(user, "verified", via="domain")
    elif not proved and user.trust_status == "verified" and user.trust_verified_via == "domain":
        _set_status(user, "pending")


def verify_by_sign_in(user, trust):
    """The member signed in with a school account from a tenant (or Workspace domain) mapped to this trust."""
    user.trust = trust
    _set_status(user, "verified", via="sign-in")


def decide(user, trust, approve, decided_by):
    """A lead's or admin's answer to a member's request to join trust."""
    if user.trust_id != trust.id or trust.is_requested:
        raise ValueError("the member no longer names this trust")
    _set_status(user, "verified" if approve else "declined", via="approval", decided_by=decided_by)


def remove_member(user, trust, decided_by):
    """A verified member who has left: they keep naming the trust, but no longer count as its staff."""
    if user.trust_id != trust.id:
        raise ValueError("the member does not name this trust")
    _set_status(user, "declined", decided_by=decided_by)


def set_trust_role(user, trust, role):
    """Make a verified member a lead or digital champion of the trust, or neither (role None)."""
    if user.verified_trust_id != trust.id:
        raise ValueError("only a verified member of the trust can hold one of its roles")
    if role is not None and role not in TRUST_ROLES:
        raise ValueError(f"unknown trust role {role!r}")
    user.trust_role = role


def add_domain(trust, text):
    """Publish a staff domain for trust and verify the confirmed members it covers; raises DomainProblem."""
    domain = normalise_domain(text)
    owner = db.session.scalar(select(TrustDomain.trust_id).where(TrustDomain.domain == domain))
    if owner == trust.id:
        raise DomainProblem(f"{domain} is already one of this trust's domains.")
    if owner is not None:
        raise DomainProblem(f"{domain} already belongs to another trust. An admin can move it if it is wrong.")
    if trust.is_requested:
        raise DomainProblem("Approve the trust before adding its domains.")
    db.session.add(TrustDomain(trust=trust, domain=domain))
    db.session.flush()
    db.session.execute(update(User).where(
        User.trust_id == trust.id, User.trust_status != "verified", User.email_verified_at.is_not(None),
        _address_on(domain)).values(trust_status="verified", trust_verified_via="domain",
                                    trust_status_changed_at=utcnow(), trust_decided_by_id=None))
    return domain


def remove_domain(trust, domain_id):
    """Withdraw a domain: members it verified wait for approval again, unless another domain still covers them."""
    domain = db.session.get(TrustDomain, domain_id)
    if domain is None or domain.trust_id != trust.id:
        return None
    db.session.delete(domain)
    db.session.flush()
    affected = db.session.scalars(select(User).where(
        User.trust_id == trust.id, User.trust_verified_via == "domain", _address_on(domain.domain))).all()
    for user in affected:
        recheck(user)
    return domain.domain


def _address_on(domain):
    return or_(User.email.endswith(f"@{domain}", autoescape=True), User.email.endswith(f".{domain}", autoescape=True))


# In SQL, as User.verified_trust_id says in Python: only a confirmed address counts, waiting or verified.
WAITING = and_(User.trust_status == "pending", User.email_verified_at.is_not(None))
VERIFIED = and_(User.trust_status == "verified", User.email_verified_at.is_not(None))


def waiting_for(trust):
    """Members with a confirmed address who name trust and wait for a lead's answer, oldest first."""
    return db.session.scalars(select(User).where(User.trust_id == trust.id, WAITING)
                              .order_by(User.trust_status_changed_at, User.id)).all()


def verified_members(trust):
    return db.session.scalars(select(User).where(User.trust_id == trust.id, VERIFIED).order_by(User.name)).all()


def can_manage(user, trust):
    """Admins manage every trust; a trust lead manages their own."""
    return user.is_authenticated and (user.is_admin or (user.is_trust_lead and user.trust_id == trust.id))


def matching_trust(name):
    """An existing (or already requested) trust with this name, ignoring case, spacing and punctuation."""
    key = _name_key(name)
    if not key:
        return None
    first_word = key.split()[0]
    candidates = db.session.scalars(select(Trust).where(
        func.lower(Trust.name).contains(first_word, autoescape=True))).all()
    return next((trust for trust in candidates if _name_key(trust.name) == key), None)


def _name_key(name):
    return " ".join(re.sub(r"[^a-z0-9]+", " ", (name or "").lower()).split())
