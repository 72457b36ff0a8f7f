"""Contact requests: send, answer, block, report; your inbox and blocked list (moderators' reports: moderation)."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.directory import contact, services
from portal.directory.forms import ContactRequestForm, ReportRequestForm
from portal.directory.views import member_page_context
from portal.extensions import limiter
from portal.form_fields import ActionForm
from portal.htmx import is_fragment_request, render_page_or_fragment
from portal.safeguarding.findings import flattened, scan
from portal.security import keeps_input_on_csrf_failure, per_member

bp = Blueprint("contact", __name__)

BOXES = {"received": "Received", "sent": "Sent"}


@bp.post("/directory/<int:user_id>/contact")
@login_required
@limiter.limit(lambda: current_app.config["CONTACT_REQUEST_RATE_LIMIT"], key_func=per_member)
@keeps_input_on_csrf_failure
def send(user_id):
    """Send a listed member a contact request with a short message."""
    if user_id == current_user.id:
        abort(400, "You cannot send a contact request to yourself.")
    profile = services.visible_profile(current_user, user_id) or abort(404)
    form = ContactRequestForm()
    refusal, findings = None, []
    if form.validate_on_submit():
        findings = flattened(scan({"message": form.message.data}))
        if not findings or request.form.get("action") == "send_anyway":
            findings = []
            try:
                return _sent(profile, contact.send_request(current_user, profile.user, form.message.data))
            except contact.ContactRefused as refused:
                refusal = str(refused)
    context = member_page_context(profile, contact_form=form)
    context["refusal"] = refusal or context["refusal"]
    context["findings"] = findings
    return render_page_or_fragment("directory/member.html", "directory/_contact_panel.html", **context), 422


def _sent(profile, sent):
    if is_fragment_request():
        return render_template("directory/_contact_panel.html", **member_page_context(profile), just_sent=sent)
    flash(f"Your request has been sent to {profile.user.name}.", "success")
    return redirect(url_for("contact.show", request_id=sent.id), code=303)


@bp.get("/contact-requests")
@login_required
def inbox():
    """Contact requests you received or sent."""
    box = request.args.get("box", "received")
    if box not in BOXES:
        abort(404)
    return render_page_or_fragment("directory/contact_inbox.html", "directory/_contact_inbox_list.html", box=box, boxes=BOXES,
                                   requests=contact.inbox(current_user, box))


def _request_or_404(request_id):
    return contact.request_for(current_user, request_id) or abort(404)


@bp.get("/contact-requests/<int:request_id>")
@login_required
def show(request_id):
    """One request; once accepted, both members see each other's email address here, and only here.

    A block by either member hides the addresses again.
    """
    contact_request = _request_or_404(request_id)
    other = contact_request.other_party(current_user)
    blocked_between = contact.is_blocked_between(current_user, other)
    return render_template("directory/contact_show.html", contact_request=contact_request, other=other,
                           show_emails=contact_request.shows_emails() and not blocked_between,
                           blocked=contact.has_blocked(current_user, other), action_form=ActionForm(),
                           report_form=ReportRequestForm())


def _answer(request_id, accept):
    contact_request = _request_or_404(request_id)
    if not ActionForm().validate_on_submit() or not contact.respond(current_user, contact_request, accept):
        abort(400, "This request cannot be answered now.")
    flash("You accepted the request. You can now see each other's email address below." if accept
          else "You declined the request. They will see it as not accepted.", "success")
    return redirect(url_for("contact.show", request_id=request_id), code=303)


@bp.post("/contact-requests/<int:request_id>/accept")
@login_required
def accept(request_id):
    return _answer(request_id, accept=True)


@bp.post("/contact-requests/<int:request_id>/decline")
@login_required
def decline(request_id):
    return _answer(request_id, accept=False)


@bp.post("/contact-requests/<int:request_id>/block")
@login_required
def block(request_id):
    """Block the other member of a request (and close it if it is still open)."""
    contact_request = _request_or_404(request_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    contact.block(current_user, contact_request.other_party(current_user))
    flash(f"You have blocked {contact_request.other_party(current_user).name}.", "success")
    return redirect(url_for("contact.blocked"), code=303)


@bp.route("/contact-requests/<int:request_id>/report", methods=["GET", "POST"])
@login_required
@keeps_input_on_csrf_failure
def report(request_id):
    """Report a request you received as abuse; moderators see it in their list."""
    contact_request = _request_or_404(request_id)
    if contact_request.recipient_id != current_user.id:
        abort(404)
    form = ReportRequestForm()
    if form.validate_on_submit():
        contact.report(current_user, contact_request, form.reason.data)
        flash("Thank you. The moderators will look at this request. You can also block the sender.", "success")
        return redirect(url_for("contact.show", request_id=request_id), code=303)
    status = 422 if form.errors else 200
    return render_template("directory/contact_report.html", contact_request=contact_request, form=form), status


@bp.get("/account/blocked")
@login_required
def blocked():
    """Members you have blocked, each with an unblock button."""
    return render_template("directory/contact_blocked.html", blocks=contact.blocked_members(current_user),
                           action_form=ActionForm())


@bp.post("/account/blocked/<int:user_id>/unblock")
@login_required
def unblock(user_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    contact.unblock(current_user, user_id)
    flash("Unblocked. You can find and contact each other again.", "success")
    return redirect(url_for("contact.blocked"), code=303)

