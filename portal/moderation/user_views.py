"""Moderating members (suspend, silence, private notes) and the audit log."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.auth.models import User
from portal.auth.services import search_users
from portal.extensions import db
from portal.htmx import render_page_or_fragment
from portal.local_time import start_of_uk_day
from portal.moderation import accounts, audit
from portal.moderation.forms import ActionForm, LogFilterForm, NoteForm, SilenceForm, SuspendForm
from portal.moderation.models import TARGET_TYPES
from portal.moderation.reasons import ACTIONS, rejection_reason_label
from portal.params import page_number, whole_number
from portal.permissions import moderator_required
from portal.security import keeps_input_on_csrf_failure

bp = Blueprint("moderation_users", __name__, url_prefix="/moderation")


@bp.get("/users")
@moderator_required
def users():
    """Find a member to moderate."""
    query = (request.args.get("q") or "").strip()[:100]
    page = page_number()
    return render_template("moderation/users.html", pagination=search_users(query, page), query=query)


@bp.get("/users/<int:user_id>")
@moderator_required
def user(user_id):
    member = db.session.get(User, user_id) or abort(404)
    return _user_page(member)


def _user_page(member, suspend_form=None, silence_form=None, note_form=None, status=200):
    return render_template(
        "moderation/user.html", member=member, can_act=accounts.can_moderate_user(current_user, member),
        notes=accounts.notes_for(member), history=audit.actions_on("user", member.id),
        suspend_form=suspend_form or SuspendForm(formdata=None), silence_form=silence_form or SilenceForm(formdata=None),
        note_form=note_form or NoteForm(formdata=None), action_form=ActionForm(formdata=None),
        actions=ACTIONS), status


def _member_to_act_on(user_id):
    member = db.session.get(User, user_id) or abort(404)
    if not accounts.can_moderate_user(current_user, member):
        abort(403)
    return member


def _back_to(member, message):
    flash(message, "success")
    return redirect(url_for("moderation_users.user", user_id=member.id), code=303)


@bp.post("/users/<int:user_id>/suspend")
@moderator_required
@keeps_input_on_csrf_failure
def suspend(user_id):
    member = _member_to_act_on(user_id)
    form = SuspendForm()
    if not form.validate_on_submit():
        return _user_page(member, suspend_form=form, status=422)
    until = start_of_uk_day(form.until.data) if form.until.data else None
    accounts.suspend(current_user, member, form.reason.data, until)
    return _back_to(member, f"{member.name} is suspended and has been signed out everywhere.")


@bp.post("/users/<int:user_id>/unsuspend")
@moderator_required
def unsuspend(user_id):
    member = _member_to_act_on(user_id)
    accounts.unsuspend(current_user, member)
    return _back_to(member, f"{member.name}'s suspension has been lifted.")


@bp.post("/users/<int:user_id>/silence")
@moderator_required
@keeps_input_on_csrf_failure
def silence(user_id):
    member = _member_to_act_on(user_id)
    form = SilenceForm()
    if not form.validate_on_submit():
        return _user_page(member, silence_form=form, status=422)
    accounts.silence(current_user, member, form.reason.data or "")
    return _back_to(member, f"{member.name} can still read, but can no longer post, comment or send requests.")


@bp.post("/users/<int:user_id>/unsilence")
@moderator_required
def unsilence(user_id):
    member = _member_to_act_on(user_id)
    accounts.unsilence(current_user, member)
    return _back_to(member, f"{member.name} can post and comment again.")


@bp.post("/users/<int:user_id>/notes")
@moderator_required
@keeps_input_on_csrf_failure
def add_note(user_id):
    member = _member_to_act_on(user_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _user_page(member, note_form=form, status=422)
    accounts.add_note(current_user, member, form.body.data)
    return _back_to(member, "Your note has been added.")


@bp.get("/log")
@moderator_required
def log():
    """Every moderation action, newest first, filtered by action, moderator, item and dates."""
    form = LogFilterForm(request.args).set_moderators(audit.moderators())
    if request.args and not form.validate():
        abort(400, "Check the filters: dates are written as YYYY-MM-DD.")
    filters = audit.LogFilters(action=form.action.data or "", moderator_id=whole_number(form.moderator.data) or None,
                               target_type=form.target_type.data or "", date_from=form.date_from.data,
                               date_to=form.date_to.data)
    pagination = audit.log_page(filters, page_number())
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_page_or_fragment("moderation/log.html", "moderation/_log_results.html", form=form,
                                   pagination=pagination, query=query, actions=ACTIONS, target_types=TARGET_TYPES,
                                   reason_label=rejection_reason_label)
