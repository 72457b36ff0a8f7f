"""Pages every reader can use: the posting guidelines, transparency, flags and endorsement checklists."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request
from flask_login import current_user, login_required

from portal.content_cache import cached_page
from portal.extensions import db, limiter
from portal.htmx import is_fragment_request, render_page_or_fragment
from portal.local_time import uk_today
from portal.moderation import audit, endorsement, flags
from portal.moderation.forms import FlagForm
from portal.moderation.models import TRANSPARENCY
from portal.moderation.reasons import ACTIONS, FLAG_REASONS, LABEL_MEANINGS, REJECTION_REASONS
from portal.moderation.services import item_link
from portal.practice.cache_scopes import post_page
from portal.practice.models import Post
from portal.practice.visibility import can_view
from portal.security import keeps_input_on_csrf_failure, per_member

bp = Blueprint("community", __name__)


@bp.get("/guidelines")
def guidelines():
    return render_template("moderation/guidelines.html", rejection_reasons=REJECTION_REASONS,
                           meanings=LABEL_MEANINGS, flag_reasons=FLAG_REASONS)


@bp.get("/transparency")
@cached_page(shows=(TRANSPARENCY,))
def transparency():
    """How many moderation actions of each kind were taken each month; no names, titles or ids."""
    return render_template("moderation/transparency.html", counts=audit.monthly_counts(), actions=ACTIONS,
                           month_name=audit.month_name)


@bp.route("/flag/<any(post, comment):target_type>/<int:target_id>", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["FLAG_RATE_LIMIT"], methods=["POST"],
               key_func=per_member)
@keeps_input_on_csrf_failure
def flag(target_type, target_id):
    """Report a post or comment to the moderators, once per member and item."""
    item = flags.flaggable(target_type, target_id, current_user) or abort(404)
    form = FlagForm()
    already = flags.has_flagged(item, current_user)
    if not already and form.validate_on_submit():
        try:
            flags.flag(item, current_user, form.reason.data, form.details.data)
        except flags.AlreadyFlagged:
            already = True
        else:
            return _flagged(item, target_type)
    status = 409 if already and request.method == "POST" else 422 if form.errors else 200
    return render_page_or_fragment("moderation/flag.html", "moderation/_flag_form.html", item=item,
                                   target_type=target_type, form=form, already=already), status


def _flagged(item, target_type):
    message = f"Thank you. A moderator will look at this {target_type}."
    if is_fragment_request():
        return render_template("moderation/_flag_done.html", item=item, target_type=target_type, message=message)
    flash(message, "success")
    return redirect(item_link(item), code=303)


@bp.get("/practice/<int:post_id>/endorsement")
@cached_page(shows=post_page, varies_by=(uk_today,))  # the endorsement lapses by the day
def endorsement_page(post_id):
    """What a label means and, for an endorsed post, the moderators' answers to the 7 key risk questions."""
    post = db.session.get(Post, post_id) or abort(404)
    if not can_view(post, current_user):
        abort(404)
    return render_template("moderation/endorsement.html", post=post,
                           checklist=endorsement.endorsement_checklist(post))
