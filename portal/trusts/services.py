"""What trust leads and admins do: answer membership requests, publish domains, settle requested trusts."""
from flask import url_for
from sqlalchemy import func, select, update

from portal.auth import membership
from portal.auth.models import User
from portal.extensions import db
from portal.notifications.services import notify
from portal.orgs.models import School, Trust


def trust_members_to_answer(trust):
    """Everything the management page shows, read once."""
    return {"waiting": membership.waiting_for(trust), "members": membership.verified_members(trust)}


def answer_request(trust, user, approve, decided_by):
    membership.decide(user, trust, approve, decided_by)
    if approve:
        message = f"You are now a verified member of {trust.name}: you can read and share its trust-only practice."
    else:
        message = (f"A lead of {trust.name} could not confirm that you work there. If you do, ask them, or use "
                   "your staff e-mail address.")
    notify(user, "trust_membership", message, link=url_for("auth.account"))
    db.session.commit()


def remove_member(trust, user, decided_by):
    membership.remove_member(user, trust, decided_by)
    db.session.commit()


def set_trust_role(trust, user, role):
    membership.set_trust_role(user, trust, role)
    db.session.commit()


def add_domain(trust, text):
    """Raises membership.DomainProblem with a message for the form."""
    domain = membership.add_domain(trust, text)
    db.session.commit()
    return domain


def remove_domain(trust, domain_id):
    domain = membership.remove_domain(trust, domain_id)
    db.session.commit()
    return domain


def requested_trusts():
    """Names typed at registration, with the members who gave them, oldest first."""
    trusts = db.session.scalars(select(Trust).where(Trust.status == "requested").order_by(Trust.created_at)).all()
    people = db.session.scalars(select(User).where(User.trust_id.in_([t.id for t in trusts])).order_by(User.name))
    by_trust = {}
    for person in people:
        by_trust.setdefault(person.trust_id, []).append(person)
    return [(trust, by_trust.get(trust.id, [])) for trust in trusts]


def approved_trusts_with_waiting_counts():
    waiting = (select(User.trust_id, func.count(User.id).label("n"))
               .where(membership.WAITING)
               .group_by(User.trust_id).subquery())
    return db.session.execute(select(Trust, func.coalesce(waiting.c.n, 0))
                              .outerjoin(waiting, waiting.c.trust_id == Trust.id)
                              .where(Trust.status == "approved").order_by(Trust.name)).all()


def approve_trust(trust, domain_text):
    """Add a requested trust to the list; a domain given with it verifies the members it covers."""
    trust.status = "approved"
    db.session.flush()
    if domain_text:
        membership.add_domain(trust, domain_text)
    _tell_members(trust, f"{trust.name} has been added to Practice Exchange.")
    db.session.commit()


def merge_trust(source, target):
    """A requested trust that is really an existing one: its people and schools join the existing one."""
    members = db.session.scalars(select(User).where(User.trust_id == source.id)).all()
    for member in members:
        membership.claim_trust(member, target)
    db.session.execute(update(School).where(School.trust_id == source.id).values(trust_id=target.id))
    _tell_members(target, f"The trust you named is {target.name}, which was already on Practice Exchange.",
                  members)
    db.session.delete(source)
    db.session.commit()


def decline_trust(trust):
    """Not a trust or school group: its members name none, and its schools belong to none."""
    members = db.session.scalars(select(User).where(User.trust_id == trust.id)).all()
    for member in members:
        membership.claim_trust(member, None)
    db.session.execute(update(School).where(School.trust_id == trust.id).values(trust_id=None))
    _tell_members(trust, f"“{trust.name}” was not added as a trust. You can name your trust again on your "
                         "profile.", members)
    db.session.delete(trust)
    db.session.commit()


def _tell_members(trust, message, members=None):
    for member in members if members is not None else db.session.scalars(
            select(User).where(User.trust_id == trust.id)).all():
        notify(member, "trust_membership", message, link=url_for("auth.account"))
