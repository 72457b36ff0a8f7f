"""Public pages for browsing the report's taxonomy (a recommendation's or question set's own page, with
the practice tagged to it, is practice.evidence_views)."""
from flask import Blueprint, render_template

from portal.content_cache import cached_page
from portal.taxonomy import services

bp = Blueprint("taxonomy", __name__)


@bp.get("/report")
@cached_page
def overview():
    """The report at a glance: themes, question sets, risk questions and phases."""
    return render_template("taxonomy/overview.html", themes=services.themes_with_recommendations(),
                           question_sets=services.question_sets_with_questions(),
                           risk_questions=services.risk_questions(), phases=services.all_phases())


@bp.get("/recommendations")
@cached_page
def recommendations():
    return render_template("taxonomy/recommendations.html", themes=services.themes_with_recommendations())


@bp.get("/question-sets")
@cached_page
def question_sets():
    return render_template("taxonomy/question_sets.html", question_sets=services.question_sets_with_questions())


@bp.get("/risk-questions")
@cached_page
def risk_questions():
    return render_template("taxonomy/risk_questions.html", risk_questions=services.risk_questions())


@bp.get("/phases")
@cached_page
def phases():
    return render_template("taxonomy/phases.html", phases=services.all_phases())
