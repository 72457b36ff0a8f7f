"""Register, sign in and out, and look after your own account."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user

from portal.auth import recovery, services
from portal.auth.forms import (ChangeEmailForm, ChangePasswordForm, ForgotPasswordForm, ProfileForm,
                               RegistrationForm, ResetPasswordForm, SignInForm)
from portal.auth.models import normalise_email
from portal.auth.sessions import is_safe_next, start_session
from portal.events import password_sign_in
from portal.extensions import limiter
from portal.orgs.services import trusts_by_name
from portal.register_import.services import school_picker
from portal.security import keeps_input_on_csrf_failure, log_security_event, per_member, reauthentication_limit
from portal.taxonomy.services import phase_choices
from portal.tokens import BadToken

bp = Blueprint("auth", __name__)


def _with_org_choices(form):
    named = current_user.trust_id if current_user.is_authenticated else None
    form.set_organisation_choices(trusts_by_name(including=named), phase_choices())
    return form


def _finding_school():
    """The no-JavaScript school search: the form came back to show schools matching its search box."""
    return request.method == "POST" and "find_school" in request.form


def _render_profile_form(template, form):
    picker = school_picker(form.school.data, request.form.get("q", "") if request.method == "POST" else "")
    return render_template(template, form=form, picker=picker), 422 if form.errors else 200


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
@keeps_input_on_csrf_failure
def register():
    """Create a member account and send the link that confirms its e-mail address."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = _with_org_choices(RegistrationForm())
    if not _finding_school() and form.validate_on_submit():
        # A taken address gets an e-mail to its owner, and this page answers exactly as for a new
        # account, so registration never tells anyone whether an address has an account.
        services.register_user(form)
        return redirect(url_for("auth.check_email"), code=303)
    return _render_profile_form("auth/register.html", form)


@bp.get("/register/check-email")
def check_email():
    return render_template("auth/check_email.html")


def _submitted_email():
    # Limits are counted per route, so one key serves sign-in and password reset alike.
    return "email:" + normalise_email(request.form.get("email") or "")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
# Per account too, whatever the address: password guessing spread over many IPs. Only failures count.
@limiter.limit(lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"], methods=["POST"], key_func=_submitted_email,
               deduct_when=lambda response: response.status_code == 422)
@keeps_input_on_csrf_failure
def login():
    """Sign in with email and password."""
    next_url = request.args.get("next")
    if current_user.is_authenticated:
        return redirect(next_url if is_safe_next(next_url) else url_for("main.home"))
    form = SignInForm()
    failed = False
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None and not user.is_active:
            # Only someone who knows the password learns that the account is suspended.
            return render_template("auth/login.html", form=form, failed=False, next_url=next_url,
                                   suspended=user), 403
        if user is not None:
            earlier = dict(session)
            start_session(user, remember=form.remember.data)
            flash(f"Signed in as {user.name}.", "success")
            password_sign_in.send(user, earlier_session=earlier)
            return redirect(next_url if is_safe_next(next_url) else url_for("main.home"))
        failed = True
        log_security_event("sign-in failed", email_domain=(form.email.data or "").rpartition("@")[2])
    status = 422 if (failed or form.errors) else 200
    return render_template("auth/login.html", form=form, failed=failed, next_url=next_url), status


@bp.post("/sign-out")
@login_required
def logout():
    """Sign out, ending every session of this account (other devices and remember-me too)."""
    services.sign_out_everywhere(current_user)
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    response = redirect(url_for("main.home"), code=303)
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html")


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
@keeps_input_on_csrf_failure
def edit_profile():
    form = _with_org_choices(ProfileForm(obj=current_user) if request.method == "GET" else ProfileForm())
    if request.method == "GET":
        form.trust.data = str(current_user.trust_id or "")
        form.school.data = str(current_user.school_id or "")
        form.phases.data = [p.id for p in current_user.phases]
    if not _finding_school() and form.validate_on_submit():
        services.update_profile(current_user, form)
        flash("Your profile has been updated.", "success")
        return redirect(url_for("auth.account"), code=303)
    return _render_profile_form("auth/profile.html", form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@reauthentication_limit
@keeps_input_on_csrf_failure
def change_password():
    form = ChangePasswordForm(current_user)
    if form.validate_on_submit():
        if services.authenticate(current_user.email, form.current_password.data) is None:
            form.current_password.errors.append("Your current password is not right.")
        else:
            user = current_user._get_current_object()
            services.change_password(user, form.new_password.data)
            # Keep this device signed in under the new session token; every other one is signed out.
            start_session(user, remember=False)
            flash("Your password has been changed. You have been signed out on other devices.", "success")
            return redirect(url_for("auth.account"), code=303)
    return render_template("auth/password.html", form=form), 422 if form.errors else 200


def _link_problem():
    """The one answer for a link that is tampered with, expired, for another purpose or already used."""
    return render_template("auth/link_problem.html"), 400


@bp.get("/verify-email/<token>")
def verify_email(token):
    """Confirm the address from the e-mailed link (it does not sign anyone in)."""
    try:
        recovery.verify_email(token)
    except BadToken:
        return _link_problem()
    return render_template("auth/email_verified.html")


@bp.post("/account/verify/resend")
@login_required
@limiter.limit(lambda: current_app.config["MAIL_RESEND_RATE_LIMIT"], key_func=per_member)
def resend_verification():
    recovery.resend_verification(current_user)
    flash(f"We have sent a new link to {current_user.email}. It works for 7 days.", "success")
    return redirect(url_for("auth.account"), code=303)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["FORGOT_PASSWORD_RATE_LIMIT"], methods=["POST"])
# Per address too, whoever asks: nobody's inbox can be flooded with reset links from many IPs.
@limiter.limit(lambda: current_app.config["FORGOT_PASSWORD_ADDRESS_RATE_LIMIT"], methods=["POST"],
               key_func=_submitted_email)
@keeps_input_on_csrf_failure
def forgot_password():
    """Send a reset link; the answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        recovery.request_password_reset(services.find_user_by_email(form.email.data))
        return render_template("auth/reset_sent.html")
    return render_template("auth/forgot_password.html", form=form), 422 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@keeps_input_on_csrf_failure
def reset_password(token):
    try:
        user = recovery.user_for_reset(token)
    except BadToken:
        return _link_problem()
    form = ResetPasswordForm(user)
    if form.validate_on_submit():
        recovery.reset_password(user, form.new_password.data)
        logout_user()
        session.clear()
        flash("Your password has been reset and you have been signed out everywhere. Sign in with it now.", "success")
        return redirect(url_for("auth.login"), code=303)
    return render_template("auth/reset_password.html", form=form, token=token), 422 if form.errors else 200


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["EMAIL_CHANGE_RATE_LIMIT"], methods=["POST"], key_func=per_member)
@keeps_input_on_csrf_failure
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        if services.authenticate(current_user.email, form.current_password.data) is None:
            form.current_password.errors.append("Your password is not right.")
        else:
            recovery.request_email_change(current_user, form.new_email.data)
            flash(f"We have sent a link to {form.new_email.data}. Open it to finish the change.", "success")
            return redirect(url_for("auth.account"), code=303)
    return render_template("auth/change_email.html", form=form), 422 if form.errors else 200


@bp.get("/account/email/confirm/<token>")
def confirm_email_change(token):
    try:
        recovery.confirm_email_change(token)
    except BadToken:
        return _link_problem()
    except recovery.EmailInUse:
        return render_template("auth/email_in_use.html"), 409
    return render_template("auth/email_changed.html")
