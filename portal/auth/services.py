"""Account operations: registration, authentication, profile and password changes, finding members."""
from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.auth import membership, recovery
from portal.auth.forms import NOT_LISTED
from portal.auth.models import User, normalise_email
from portal.auth.passwords import hash_password, needs_rehash, verify_password
from portal.extensions import db
from portal.orgs.models import School, Trust
from portal.taxonomy.models import Phase
from portal.timestamps import utcnow

USERS_PAGE_SIZE = 50


def find_user_by_email(email):
    return db.session.scalar(db.select(User).where(User.email == normalise_email(email)))


def register_user(form):
    """Create an unverified member and queue the confirmation e-mail; return the user.

    If the address is taken, e-mail its owner instead and return None: the page must answer the
    same either way, so nobody learns from it who has an account (SECURITY.md).
    """
    password_hash = hash_password(form.password.data)  # hashed for taken addresses too: same timing
    existing = find_user_by_email(form.email.data)
    if existing is not None:
        recovery.queue_registration_attempt(existing)
        db.session.commit()
        return None
    user = User(email=normalise_email(form.email.data), password_hash=password_hash, role="member")
    _apply_profile(user, form)
    db.session.add(user)
    try:
        db.session.flush()  # the confirmation link needs the new member's id
        recovery.queue_verification(user)
        db.session.commit()
    except IntegrityError:  # registered a moment ago by a parallel request
        db.session.rollback()
        return None
    return user


def update_profile(user, form):
    _apply_profile(user, form)
    db.session.commit()


def _apply_profile(user, form):
    user.name = form.name.data.strip()
    user.job_title = (form.job_title.data or "").strip()
    user.region = form.region.data
    user.phases = db.session.scalars(db.select(Phase).where(Phase.id.in_(form.phases.data or []))).all()
    trust = _chosen_trust(form)
    user.school = _chosen_school(form, user, trust)
    if trust is None and user.school is not None:
        trust = user.school.trust
    # Naming a trust is a request to be counted as its staff, never membership itself.
    membership.claim_trust(user, trust)


def _chosen_trust(form):
    if form.trust.data == NOT_LISTED:
        name = form.new_trust_name.data.strip()
        # A name someone already gave joins that trust (or its request) instead of making a copy.
        trust = membership.matching_trust(name)
        if trust is None:
            trust = Trust(name=name, size_band=form.new_trust_size.data, status="requested")
            db.session.add(trust)
        return trust
    return db.session.get(Trust, int(form.trust.data)) if form.trust.data else None


def _chosen_school(form, user, trust):
    if form.school.data == NOT_LISTED:
        school = School(name=form.new_school_name.data.strip(), region=user.region, trust=trust,
                        phases=list(user.phases))
        db.session.add(school)
        return school
    return db.session.get(School, int(form.school.data)) if form.school.data else None


def authenticate(email, password):
    """Return the user for these credentials, or None, taking the same time for unknown emails."""
    user = find_user_by_email(email)
    if user is None or user.password_hash is None:  # no account, or one that signs in with Microsoft or Google
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    db.session.commit()
    return user


def _dummy_hash():
    cached = current_app.extensions.get("portal_dummy_hash")
    if cached is None:
        cached = current_app.extensions["portal_dummy_hash"] = hash_password("not-a-real-password")
    return cached


def change_password(user, new_password):
    """Set a new password and end every other session of the user."""
    user.password_hash = hash_password(new_password)
    user.end_all_sessions()
    db.session.commit()


def sign_out_everywhere(user):
    user.end_all_sessions()
    db.session.commit()


def search_users(query, page=1):
    """Members whose name or address contains the query, a page at a time, for admins and moderators."""
    stmt = select(User).options(selectinload(User.school), selectinload(User.trust)).order_by(User.name, User.id)
    if query:
        # autoescape: "_" and "%" in the query are characters to find, not wildcards.
        stmt = stmt.where(or_(User.name.icontains(query, autoescape=True),
                              User.email.icontains(query, autoescape=True)))
    return db.paginate(stmt, page=page, per_page=USERS_PAGE_SIZE, error_out=False)
