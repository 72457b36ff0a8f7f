"""Admin pages: people and their roles."""
from flask import Blueprint, abort, flash, redirect, request, url_for

from portal.admin import services
from portal.admin.forms import ChangeRoleForm, UserSearchForm
from portal.auth.models import ROLES, User
from portal.auth.services import search_users
from portal.extensions import db
from portal.htmx import render_page_or_fragment
from portal.params import page_number
from portal.permissions import admin_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@admin_required
def users():
    """List and search accounts, with a role control for each."""
    form = UserSearchForm(request.args)
    query = form.q.data.strip() if form.validate() and form.q.data else ""
    page = page_number()
    return render_page_or_fragment("admin/users.html", "admin/_user_results.html", form=form,
                                   pagination=search_users(query, max(page, 1)), query=query,
                                   roles=ROLES)


@bp.post("/users/<int:user_id>/role")
@admin_required
def change_role(user_id):
    user = db.session.get(User, user_id) or abort(404)
    form = ChangeRoleForm()
    if not form.validate_on_submit():
        abort(400, "Choose one of the roles listed.")
    try:
        services.change_role(user, form.role.data)
    except services.LastAdmin:
        flash("The portal needs at least one admin. Make someone else an admin first.", "error")
    else:
        flash(f"{user.name} is now a {user.role_name.lower()}.", "success")
    return redirect(url_for("admin.users", q=request.args.get("q", "")), code=303)
