"""Sign in with Microsoft or Google; the member's linked accounts; an admin's tenant-to-trust mappings."""
from authlib.common.errors import AuthlibBaseError
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from joserfc.errors import JoseError
from requests import RequestException

from portal.auth.sessions import start_session
from portal.events import password_sign_in
from portal.extensions import db, limiter
from portal.form_fields import choice_list
from portal.oidc import providers, services
from portal.oidc.forms import MappingForm
from portal.oidc.models import PROVIDER_NAMES, OidcIdentity
from portal.orgs.models import Trust
from portal.orgs.services import trusts_by_name
from portal.permissions import role_required
from portal.security import log_security_event

bp = Blueprint("oidc", __name__)
sign_in_limit = limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])


@bp.app_template_global()
def sign_in_providers():
    """(id, name) of each provider offered on the sign-in and register pages; none unless configured."""
    return [(provider, providers.name_of(provider)) for provider in providers.configured()]


def _offered(provider):
    if provider not in providers.configured():
        abort(404)
    return providers.name_of(provider)


def _refused(message, status_event):
    """Back to the sign-in page, signed out, with a plain reason."""
    log_security_event("school sign-in refused", reason=status_event)
    flash(message, "error")
    return redirect(url_for("auth.login"), code=303)


@bp.get("/sign-in/<provider>")
@sign_in_limit
def start(provider):
    """Send the browser to the provider. A link, not a form: the page's CSP allows forms to post only here,
    and a browser holds a form's redirect to another site to that. Starting is harmless to force on
    someone; the state checked on the way back is what stops a forged sign-in."""
    name = _offered(provider)
    try:
        return providers.client(provider).authorize_redirect(url_for("oidc.callback", provider=provider,
                                                                     _external=True))
    except RequestException:
        return _refused(f"{name} is not answering at the moment. Try again in a few minutes, or sign in with "
                        "your e-mail address and password.", "provider unreachable")


@bp.get("/sign-in/<provider>/callback")
@sign_in_limit
def callback(provider):
    """Where the provider sends the browser back: verify what it says, then sign in, link or create."""
    name = _offered(provider)
    if request.args.get("error"):
        cancelled = request.args["error"] in ("access_denied", "consent_required", "interaction_required")
        return _refused(f"Sign-in with {name} was cancelled, so you are not signed in." if cancelled else
                        f"{name} could not sign you in ({request.args['error'][:60]}).", "provider error")
    try:
        token = providers.client(provider).authorize_access_token(claims_options=providers.issuer_check(provider))
    except RequestException:
        current_app.logger.warning("%s did not answer the sign-in's token request", name, exc_info=True)
        return _refused(f"{name} is not answering at the moment. Try again in a few minutes, or sign in with "
                        "your e-mail address and password.", "provider unreachable")
    except (AuthlibBaseError, JoseError):  # a stale or replayed state, a token that does not verify
        current_app.logger.info("%s sign-in refused", name, exc_info=True)
        return _refused(f"Sign-in with {name} could not be completed, so you are not signed in. Please start "
                        "again from this page.", "verification failed")
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        return _refused(f"Sign-in with {name} could not be completed, so you are not signed in.", "no id token")
    try:
        outcome = services.sign_in(provider, claims)
    except services.Refused as refusal:
        return _refused(f"{name} {refusal}", "refused")
    return _signed_in(outcome, name)


def _signed_in(outcome, name):
    if outcome.pending is not None:
        session.clear()
        session[services.PENDING] = outcome.pending
        flash(f"You already have an account with {outcome.pending['email']}. Sign in with its password once to "
              f"link your {name} account; after that you can use either.", "info")
        return redirect(url_for("auth.login"), code=303)
    user = outcome.user
    if not user.is_active:
        return _refused("Your account is suspended, so you cannot sign in. If you think this is a mistake, "
                        "contact a moderator through your school or trust.", "suspended")
    start_session(user)
    if outcome.created:
        flash(f"Welcome, {user.name}. Your account is ready: tell colleagues your role, region and phase so "
              "they can find practice like theirs.", "success")
        return redirect(url_for("auth.edit_profile"), code=303)
    flash(f"Signed in as {user.name} with {name}.", "success")
    return redirect(url_for("main.home"), code=303)


@password_sign_in.connect
def _link_after_password(user, earlier_session, **_):
    """The member proved they own the address by its password: link the school account that waited."""
    identity = services.link_pending(user, earlier_session.get(services.PENDING))
    if identity is not None:
        flash(f"Your {identity.provider_name} account is now linked: next time you can sign in with it.", "success")


@bp.route("/account/sign-in", methods=["GET"])
@login_required
def accounts():
    """The member's linked school accounts, and the way to remove one."""
    user = current_user._get_current_object()
    identities = services.identities_of(user)
    return render_template("oidc/accounts.html", identities=identities, can_unlink=services.can_unlink,
                           user=user, offered=sign_in_providers())


@bp.post("/account/sign-in/<int:identity_id>/remove")
@login_required
def remove(identity_id):
    identity = db.session.get(OidcIdentity, identity_id)
    if identity is None or identity.user_id != current_user.id:
        abort(404)
    if not services.can_unlink(current_user, identity):
        flash(f"Your {identity.provider_name} account is your only way to sign in: set a password first "
              "(“Forgotten your password?” on the sign-in page sends a link), then remove it.", "error")
        return redirect(url_for("oidc.accounts"), code=303)
    services.unlink(identity)
    flash(f"Your {identity.provider_name} account no longer signs in here.", "success")
    return redirect(url_for("oidc.accounts"), code=303)


@bp.route("/admin/sign-in", methods=["GET", "POST"])
@role_required("admin")
def mappings():
    """Which trust everyone signing in from a Microsoft tenant or a Google Workspace domain works in."""
    form = MappingForm()
    form.trust_id.choices = choice_list((trust.id, trust.name) for trust in trusts_by_name())
    if form.validate_on_submit():
        trust = db.session.get(Trust, form.trust_id.data)
        if services.add_mapping(form.provider.data, form.key.data, trust):
            flash(f"Everyone signing in with {PROVIDER_NAMES[form.provider.data]} from {form.key.data.strip()} "
                  f"is now placed in {trust.name}.", "success")
            return redirect(url_for("oidc.mappings"), code=303)
        form.key.errors.append("That tenant or domain is mapped to a trust already: remove it first.")
    return render_template("oidc/mappings.html", form=form, mappings=services.mappings(),
                           names=PROVIDER_NAMES), 422 if form.errors else 200


@bp.post("/admin/sign-in/<int:mapping_id>/remove")
@role_required("admin")
def remove_mapping(mapping_id):
    mapping = services.remove_mapping(mapping_id) or abort(404)
    flash(f"{mapping.key} is no longer mapped to a trust.", "success")
    return redirect(url_for("oidc.mappings"), code=303)
