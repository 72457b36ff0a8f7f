"""The home page and the pages that explain the portal."""
from flask import Blueprint, render_template

from portal.taxonomy.services import themes_with_recommendations

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    return render_template("main/home.html", themes=themes_with_recommendations())


@bp.get("/about")
def about():
    return render_template("main/about.html")


@bp.get("/privacy")
def privacy():
    return render_template("main/privacy.html")
