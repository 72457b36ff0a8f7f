"""Adding "one term on" to a classroom trial: its author only, a term after it was shared."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.extensions import db, limiter
from portal.practice import follow_ups
from portal.practice.forms import FollowUpForm
from portal.practice.models import Post
from portal.practice.visibility import can_view
from portal.safeguarding.findings import flattened, scan
from portal.security import keeps_input_on_csrf_failure, per_member

bp = Blueprint("follow_ups", __name__)


@bp.route("/practice/<int:post_id>/follow-up", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["PRACTICE_POST_RATE_LIMIT"], methods=["POST"], key_func=per_member)
@keeps_input_on_csrf_failure
def add(post_id):
    post = db.session.get(Post, post_id)
    if post is None or not can_view(post, current_user):
        abort(404)
    try:
        follow_ups.check_can_follow_up(post, current_user)
    except follow_ups.Refused as refusal:
        return render_template("practice/follow_up_refused.html", post=post, reason=str(refusal)), refusal.status
    form = FollowUpForm()
    findings = []
    if form.validate_on_submit():
        # A follow-up with likely personal data is not published at all: it is short, and easy to reword.
        findings = flattened(scan({"what_changed": form.what_changed.data}))
        if not findings:
            follow_ups.add_follow_up(post, current_user, form.lasted.data, form.what_changed.data,
                                     form.minutes_saved_per_week.data)
            flash("Thank you: how it went one term on is on your trial now.", "success")
            return redirect(url_for("practice.show", post_id=post.id, _anchor="follow-ups"), code=303)
    status = 422 if form.errors or findings else 200
    return render_template("practice/follow_up.html", post=post, form=form, findings=findings), status
