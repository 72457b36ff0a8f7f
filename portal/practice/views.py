"""Browsing and reading shared practice."""
from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.practice.models import Post
from portal.practice.visibility import can_view, listed_for
from portal.responses.services import post_page_context

bp = Blueprint("practice", __name__, url_prefix="/practice")


@bp.get("")
def index():
    posts = db.session.scalars(
        db.select(Post).where(listed_for(current_user)).options(selectinload(Post.author), selectinload(Post.phases))
        .order_by(Post.published_at.desc(), Post.id.desc()).limit(20)).all()
    return render_template("practice/index.html", posts=posts)


@bp.get("/<int:post_id>")
def show(post_id):
    post = db.session.get(Post, post_id) or abort(404)
    if not can_view(post, current_user):
        abort(404)
    return render_template("practice/show.html", post=post, responses=post_page_context(post, current_user))
