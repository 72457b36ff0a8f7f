"""Managing collections of featured practice and their order."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.extensions import db
from portal.moderation import curation
from portal.moderation.forms import ActionForm, CollectionForm, MoveForm
from portal.moderation.models import Collection, FeaturedPost
from portal.permissions import moderator_required
from portal.security import keeps_input_on_csrf_failure

bp = Blueprint("curation", __name__, url_prefix="/moderation/collections")


def _page(form=None, status=200):
    return render_template("moderation/collections.html", collections=curation.collections_with_featured(),
                           form=form or CollectionForm(formdata=None), action_form=ActionForm(formdata=None)), status


@bp.get("")
@moderator_required
def index():
    """Collections with their featured posts, in the order the home page shows them."""
    return _page()


@bp.post("")
@moderator_required
@keeps_input_on_csrf_failure
def create():
    form = CollectionForm()
    if form.validate_on_submit():
        try:
            collection = curation.create_collection(current_user, form.name.data, form.description.data)
        except curation.CurationError as problem:
            form.name.errors.append(str(problem))
        else:
            flash(f"The collection “{collection.name}” has been created. Feature posts in it from their review page.",
                  "success")
            return redirect(url_for("curation.index"), code=303)
    return _page(form, 422)


@bp.post("/<int:collection_id>/delete")
@moderator_required
def delete(collection_id):
    collection = db.session.get(Collection, collection_id) or abort(404)
    curation.delete_collection(current_user, collection)
    flash(f"The collection “{collection.name}” has been deleted.", "success")
    return redirect(url_for("curation.index"), code=303)


@bp.post("/featured/<int:featured_id>/move")
@moderator_required
def move(featured_id):
    featured = db.session.get(FeaturedPost, featured_id) or abort(404)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400, "Choose to move the post up or down.")
    try:
        curation.move(current_user, featured, form.direction.data)
    except curation.CurationError as problem:
        flash(str(problem), "error")
    return redirect(url_for("curation.index", _anchor=f"featured-{featured.id}"), code=303)


@bp.post("/featured/<int:featured_id>/remove")
@moderator_required
def remove(featured_id):
    featured = db.session.get(FeaturedPost, featured_id) or abort(404)
    curation.unfeature(current_user, featured)
    flash("The post is no longer featured in that collection.", "success")
    return redirect(url_for("curation.index"), code=303)
