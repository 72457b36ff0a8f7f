"""Your data: download everything the portal holds about you, or delete your account."""
import json

from flask import Blueprint, Response, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required, logout_user

from portal.account_data import services
from portal.account_data.export import export_for
from portal.account_data.forms import DeleteAccountForm
from portal.security import keeps_input_on_csrf_failure, reauthentication_limit

bp = Blueprint("account_data", __name__, url_prefix="/account/data")


@bp.get("")
@login_required
def index():
    return render_template("account_data/index.html", form=DeleteAccountForm())


@bp.get("/export.json")
@login_required
def export():
    """Download your data as a JSON file."""
    body = json.dumps(export_for(current_user), indent=2, ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="practice-exchange-your-data.json"'})


@bp.post("/delete")
@login_required
@reauthentication_limit
@keeps_input_on_csrf_failure
def delete():
    """Delete your account after you confirm your password; you are signed out everywhere."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if services.password_matches(current_user, form.password.data):
            services.delete_account(current_user._get_current_object(), keep_posts=form.posts.data == "anonymise")
            logout_user()
            session.clear()
            flash("Your account has been deleted. Thank you for sharing your practice.", "success")
            response = redirect(url_for("main.home"), code=303)
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
            return response
        form.password.errors.append("Your password is not right.")
    return render_template("account_data/index.html", form=form), 422
