"""A member's own standing page: what moderators and reports did to what they wrote, and their account's limits."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from portal.moderation import standing

bp = Blueprint("standing", __name__, url_prefix="/account/standing")


@bp.get("")
@login_required
def index():
    posts, comments = standing.items_of(current_user)
    return render_template("moderation/standing.html", posts=posts, comments=comments,
                           account=standing.account_of(current_user, posts))
