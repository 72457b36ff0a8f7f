"""A trust's own management page (its leads and admins) and the admins' list of trusts and requested trusts."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.auth import membership
from portal.auth.models import User
from portal.extensions import db, limiter
from portal.form_fields import ActionForm
from portal.orgs.models import Trust
from portal.permissions import admin_required
from portal.security import keeps_input_on_csrf_failure, per_member
from portal.trusts import services
from portal.trusts.forms import ApproveTrustForm, DomainForm, MergeTrustForm

bp = Blueprint("trusts", __name__)

manage_limit = limiter.shared_limit(lambda: current_app.config["TRUST_MANAGE_RATE_LIMIT"], scope="trust-manage",
                                    methods=["POST"], key_func=per_member)


def _managed_trust(trust_id):
    """The trust, if the signed-in member leads it or is an admin; others learn nothing from the answer."""
    trust = db.session.get(Trust, trust_id)
    if trust is None or not membership.can_manage(current_user, trust):
        abort(404)
    return trust


def _acting_on(trust_id, user_id):
    """The managed trust and someone who names it, for a button that changes where they stand."""
    trust = _managed_trust(trust_id)
    _valid_or_400(ActionForm())
    user = db.session.get(User, user_id)
    if user is None or user.trust_id != trust.id:
        abort(404)
    return trust, user


def _back(trust, message):
    flash(message, "success")
    return redirect(url_for("trusts.manage", trust_id=trust.id), code=303)


def _valid_or_400(form):
    if not form.validate_on_submit():
        abort(400)


@bp.get("/trusts/<int:trust_id>/manage")
@login_required
def manage(trust_id):
    """Domains, people waiting for an answer, and verified members with their roles."""
    return _manage_page(_managed_trust(trust_id), DomainForm(formdata=None))


def _manage_page(trust, domain_form, status=200):
    return render_template("trusts/manage.html", trust=trust, domain_form=domain_form, action_form=ActionForm(),
                           role_changes=_role_changes, **services.trust_members_to_answer(trust)), status


def _role_changes(person):
    """The buttons beside a verified member: (role to give, label)."""
    return {"lead": [("member", "Stop being a lead")],
            "champion": [("lead", "Make a trust lead"), ("member", "Stop being a champion")]}.get(
        person.trust_role, [("lead", "Make a trust lead"), ("champion", "Make a digital champion")])


@bp.post("/trusts/<int:trust_id>/domains")
@login_required
@manage_limit
@keeps_input_on_csrf_failure
def add_domain(trust_id):
    trust = _managed_trust(trust_id)
    form = DomainForm()
    if form.validate_on_submit():
        try:
            domain = services.add_domain(trust, form.domain.data)
        except membership.DomainProblem as problem:
            db.session.rollback()
            form.domain.errors.append(str(problem))
        else:
            return _back(trust, f"Staff with a confirmed address at {domain} are now verified members.")
    return _manage_page(trust, form, status=422)


@bp.post("/trusts/<int:trust_id>/domains/<int:domain_id>/remove")
@login_required
@manage_limit
def remove_domain(trust_id, domain_id):
    trust = _managed_trust(trust_id)
    _valid_or_400(ActionForm())
    domain = services.remove_domain(trust, domain_id) or abort(404)
    return _back(trust, f"{domain} no longer proves membership. People it verified wait for a lead's answer.")


@bp.post("/trusts/<int:trust_id>/requests/<int:user_id>/<any(approve, decline):answer>")
@login_required
@manage_limit
def answer_request(trust_id, user_id, answer):
    trust, user = _acting_on(trust_id, user_id)
    if user.trust_status != "pending":
        return _back(trust, f"{user.name} has already had an answer.")
    services.answer_request(trust, user, answer == "approve", decided_by=current_user)
    return _back(trust, f"{user.name} is now a verified member." if answer == "approve"
                 else f"{user.name} was not confirmed. They have been told.")


@bp.post("/trusts/<int:trust_id>/members/<int:user_id>/remove")
@login_required
@manage_limit
def remove_member(trust_id, user_id):
    trust, user = _acting_on(trust_id, user_id)
    if user.id == current_user.id:
        return _back(trust, "You cannot remove yourself. Ask another lead or an admin.")
    services.remove_member(trust, user, decided_by=current_user)
    return _back(trust, f"{user.name} is no longer a verified member.")


@bp.post("/trusts/<int:trust_id>/members/<int:user_id>/role/<any(lead, champion, member):role>")
@login_required
@manage_limit
def change_role(trust_id, user_id, role):
    """Make a verified member a trust lead or a digital champion, or a member again."""
    trust, user = _acting_on(trust_id, user_id)
    if user.verified_trust_id != trust.id:
        abort(404)
    if user.id == current_user.id:
        return _back(trust, "You cannot change your own role. Ask another lead or an admin.")
    was = user.trust_badge
    services.set_trust_role(trust, user, None if role == "member" else role)
    if role == "member":
        return _back(trust, f"{user.name} is no longer a {was[0].lower() + was[1:]}." if was
                     else f"{user.name} is a member.")
    return _back(trust, f"{user.name} is now a {user.trust_badge[0].lower() + user.trust_badge[1:]}.")


@bp.get("/admin/trusts")
@admin_required
def admin_list():
    """Requested trusts to settle, then every trust with how many people wait for an answer."""
    return _admin_page()


def _admin_page(submitted=None, status=200):
    """The admins' page; `submitted` is a form that failed, shown with its errors in place of a blank one."""
    requested, trusts = services.requested_trusts(), services.approved_trusts_with_waiting_counts()
    forms = {}
    for trust, _ in requested:
        # One pair of forms per requested trust, prefixed so every field has its own id and name.
        approve, merge = ApproveTrustForm(formdata=None, prefix=f"t{trust.id}"), _merge_form(trust, trusts)
        forms[trust.id] = (approve, merge)
    if submitted is not None:
        trust_id, form = submitted
        approve, merge = forms[trust_id]
        forms[trust_id] = (form, merge) if isinstance(form, ApproveTrustForm) else (approve, form)
    return render_template("trusts/admin.html", requested=requested, trusts=trusts, forms=forms), status


def _merge_form(trust, trusts, submitted=False):
    form = MergeTrustForm(prefix=f"t{trust.id}", **({} if submitted else {"formdata": None}))
    form.target.choices = [(str(other.id), other.name) for other, _ in trusts]
    return form


def _requested_trust(trust_id):
    trust = db.session.get(Trust, trust_id)
    if trust is None or not trust.is_requested:
        abort(404)
    return trust


@bp.post("/admin/trusts/<int:trust_id>/approve")
@admin_required
def approve_trust(trust_id):
    trust = _requested_trust(trust_id)
    form = ApproveTrustForm(prefix=f"t{trust.id}")
    if form.validate_on_submit():
        try:
            services.approve_trust(trust, (form.domain.data or "").strip())
        except membership.DomainProblem as problem:
            db.session.rollback()
            form.domain.errors.append(str(problem))
        else:
            flash(f"{trust.name} is now on the list of trusts.", "success")
            return redirect(url_for("trusts.admin_list"), code=303)
    return _admin_page(submitted=(trust.id, form), status=422)


@bp.post("/admin/trusts/<int:trust_id>/merge")
@admin_required
def merge_trust(trust_id):
    trust = _requested_trust(trust_id)
    form = _merge_form(trust, services.approved_trusts_with_waiting_counts(), submitted=True)
    if not form.validate_on_submit():
        return _admin_page(submitted=(trust.id, form), status=422)
    target = db.session.get(Trust, int(form.target.data))
    services.merge_trust(trust, target)
    flash(f"Merged into {target.name}.", "success")
    return redirect(url_for("trusts.admin_list"), code=303)


@bp.post("/admin/trusts/<int:trust_id>/decline")
@admin_required
def decline_trust(trust_id):
    trust = _requested_trust(trust_id)
    _valid_or_400(ActionForm())
    name = trust.name
    services.decline_trust(trust)
    flash(f"“{name}” was declined. The people who named it have been told.", "success")
    return redirect(url_for("trusts.admin_list"), code=303)
