"""Register, sign in and out, and look after your own account."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from portal.auth import services
from portal.auth.forms import ChangePasswordForm, ProfileForm, RegistrationForm, SignInForm
from portal.auth.sessions import is_safe_next
from portal.extensions import limiter
from portal.orgs.services import trusts_by_name
from portal.register_import.services import school_picker
from portal.security import keeps_input_on_csrf_failure, log_security_event
from portal.taxonomy.services import phase_choices

bp = Blueprint("auth", __name__)


def _with_org_choices(form):
    form.set_organisation_choices(trusts_by_name(), phase_choices())
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
    """Create a member account and sign the new member in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = _with_org_choices(RegistrationForm())
    if not _finding_school() and form.validate_on_submit():
        try:
            user = services.register_user(form)
        except services.EmailTaken:
            # Say so plainly: registration is rate limited, and hiding it would strand real users.
            form.email.errors.append("An account already uses this email address. Sign in, or use another.")
        else:
            _start_session(user, remember=False)
            flash("Welcome to Practice Exchange. Your account is ready.", "success")
            return redirect(url_for("main.home"))
    return _render_profile_form("auth/register.html", form)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
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
            _start_session(user, remember=form.remember.data)
            flash(f"Signed in as {user.name}.", "success")
            return redirect(next_url if is_safe_next(next_url) else url_for("main.home"))
        failed = True
        log_security_event("sign-in failed", email_domain=(form.email.data or "").rpartition("@")[2])
    status = 422 if (failed or form.errors) else 200
    return render_template("auth/login.html", form=form, failed=failed, next_url=next_url), status


def _start_session(user, remember):
    # A fresh session on sign-in, so nothing planted before it survives (session fixation).
    session.clear()
    login_user(user, remember=remember)
    session.permanent = True


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
            _start_session(user, remember=False)
            flash("Your password has been changed. You have been signed out on other devices.", "success")
            return redirect(url_for("auth.account"), code=303)
    return render_template("auth/password.html", form=form), 422 if form.errors else 200
