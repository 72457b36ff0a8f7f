"""Reported contact requests: the list, one report with its sender's record, and moderators' actions."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.htmx import is_fragment_request
from portal.local_time import start_of_uk_day
from portal.moderation import accounts, contact_reports
from portal.moderation.forms import CloseReportForm, SilenceForm, SuspendForm, WarnForm
from portal.moderation.reasons import ACTIONS
from portal.permissions import moderator_required
from portal.security import keeps_input_on_csrf_failure

bp = Blueprint("contact_reports", __name__, url_prefix="/moderation/contact-reports")

# action: (form class, its field prefix, what the moderator is told)
ACTION_FORMS = {
    "warn": (WarnForm, "warn", "The sender has been sent your warning."),
    "silence": (SilenceForm, "silence", "The sender can no longer post, comment or send contact requests."),
    "suspend": (SuspendForm, "suspend", "The sender is suspended and has been signed out everywhere."),
    "close": (CloseReportForm, "close", "The report is closed."),
}


@bp.get("")
@moderator_required
def index():
    """Contact requests members reported as abuse: open reports first, newest first."""
    return render_template("moderation/contact_reports.html", reports=contact_reports.all_reports())


@bp.get("/<int:report_id>")
@moderator_required
def report(report_id):
    return _report_page(_report_or_404(report_id))


def _report_or_404(report_id):
    return contact_reports.report_by_id(report_id) or abort(404)


def _forms(submitted=None):
    forms = {name: form_class(formdata=None, prefix=prefix) for name, (form_class, prefix, _) in ACTION_FORMS.items()}
    forms.update(submitted or {})
    return forms


def _context(report, forms, message=None, ok=True):
    sender = report.sender
    return {"report": report, "forms": forms, "message": message, "ok": ok, "actions": ACTIONS,
            "can_act": sender is not None and accounts.can_moderate_user(current_user, sender),
            "earlier": contact_reports.earlier_reports_about(report), "history": contact_reports.history_of(report)}


def _report_page(report, forms=None, status=200):
    return render_template("moderation/contact_report.html", **_context(report, _forms(forms))), status


@bp.post("/<int:report_id>/<any(warn, silence, suspend, close):report_action>")
@moderator_required
@keeps_input_on_csrf_failure
def act(report_id, report_action):
    """Warn, silence or suspend the sender, or close the report with a note."""
    report, action = _report_or_404(report_id), report_action
    form_class, prefix, done = ACTION_FORMS[action]
    form = form_class(prefix=prefix)
    if not form.validate_on_submit():
        return _answer(report, {action: form}, status=422)
    try:
        _apply(action, report, form)
    except accounts.NotPermitted:
        abort(403)
    except (contact_reports.SenderGone, contact_reports.AlreadyClosed) as problem:
        return _answer(report, {}, str(problem), ok=False, status=409)
    return _answer(report, {}, done)


def _apply(action, report, form):
    if action == "warn":
        contact_reports.warn(current_user, report, form.warning.data)
    elif action == "silence":
        contact_reports.silence(current_user, report, form.reason.data)
    elif action == "suspend":
        until = start_of_uk_day(form.until.data) if form.until.data else None
        contact_reports.suspend(current_user, report, form.reason.data, until)
    else:
        contact_reports.close(current_user, report, form.closing_note.data)


def _answer(report, forms, message=None, ok=True, status=200):
    """The actions panel for HTMX; otherwise the page again (errors) or a redirect back to it."""
    if is_fragment_request():
        return render_template("moderation/_contact_report_actions.html",
                               **_context(report, _forms(forms), message, ok)), status
    if status == 422:
        return _report_page(report, forms, status)
    flash(message, "success" if ok else "error")
    return redirect(url_for("contact_reports.report", report_id=report.id), code=303)
