"""E-mail settings, one-click unsubscribe, and following things for the weekly digest."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.auth.sessions import is_safe_next
from portal.extensions import csrf, limiter
from portal.htmx import is_fragment_request
from portal.mail import follows as follow_service
from portal.mail import services
from portal.mail.forms import chosen, preferences_form
from portal.security import keeps_input_on_csrf_failure
from portal.tokens import BadToken

bp = Blueprint("mail", __name__)


@bp.app_context_processor
def follow_helpers():
    return {"followed_ids": lambda target_type: follow_service.followed_ids(current_user, target_type)}


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
@keeps_input_on_csrf_failure
def preferences():
    """Choose, per kind of notification, whether it comes by e-mail now, in a daily digest, or not at all."""
    form = preferences_form(services.preferences_for(current_user),
                            request.form if request.method == "POST" else None)
    if form.validate_on_submit():
        services.save_preferences(current_user, chosen(form))
        flash("Your e-mail settings have been saved.", "success")
        return redirect(url_for("mail.preferences"), code=303)
    return render_template("mail/preferences.html", form=form), 422 if form.errors else 200


# RFC 8058 one-click unsubscribe: mail providers POST to this URL from their own servers, with no
# session and no CSRF token, so CSRF protection is off for this one endpoint on purpose. The signed
# token in the URL (for one member and one kind, made with the secret key) is the protection, and
# the worst a forged request could do is turn off an e-mail.
@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token):
    try:
        user, topic = services.read_unsubscribe_token(token)
    except BadToken:
        return render_template("mail/unsubscribe_problem.html"), 400
    if request.method == "POST":
        services.unsubscribe(user, topic)
        return render_template("mail/unsubscribed.html", topic=services.topic_name(topic))
    return render_template("mail/unsubscribe.html", topic=services.topic_name(topic), token=token)


def _follow_response(target_type, target_id, target, following):
    if is_fragment_request():
        return render_template("mail/_follow_button.html", target_type=target_type, target_id=target_id,
                               following=following, label=follow_service.label_for(target_type, target),
                               is_fragment=True)
    flash(("You are following " if following else "You no longer follow ")
          + follow_service.label_for(target_type, target) + ".", "success")
    return redirect(_back_to(target_type, target), code=303)


def _back_to(target_type, target):
    """Return to the page the button was on when it is ours, else the thing followed."""
    back = request.form.get("next", "")
    if is_safe_next(back):
        return back
    return follow_service.url_for_target(target_type, target)


@bp.post("/follows/<target_type>/<target_id>")
@login_required
@limiter.limit(lambda: current_app.config["FOLLOW_RATE_LIMIT"])
def follow(target_type, target_id):
    try:
        target = follow_service.follow(current_user, target_type, target_id)
    except follow_service.UnknownTarget:
        abort(404)
    return _follow_response(target_type, target_id, target, True)


@bp.post("/follows/<target_type>/<target_id>/unfollow")
@login_required
def unfollow(target_type, target_id):
    try:
        target = follow_service.unfollow(current_user, target_type, target_id)
    except follow_service.UnknownTarget:
        abort(404)
    return _follow_response(target_type, target_id, target, False)


@bp.get("/account/follows")
@login_required
def follows():
    return render_template("mail/follows.html", follows=follow_service.follows_for(current_user),
                           label_for=follow_service.label_for, url_for_target=follow_service.url_for_target)
