"""Public pages for browsing the report's taxonomy."""
from flask import Blueprint, render_template

from portal.content_cache import cached_page
from portal.taxonomy import services
from portal.taxonomy.models import TAXONOMY

# The report's own pages show only the report (the indexes of recommendations and phases, which count
# their posts, and each one's page with its evidence, are practice.evidence_views).
REPORT = (TAXONOMY,)

bp = Blueprint("taxonomy", __name__)


@bp.get("/report")
@cached_page(shows=REPORT)
def overview():
    """The report at a glance: themes, question sets, risk questions and phases."""
    return render_template("taxonomy/overview.html", themes=services.themes_with_recommendations(),
                           question_sets=services.question_sets_with_questions(),
                           risk_questions=services.risk_questions(), phases=services.all_phases())


@bp.get("/question-sets")
@cached_page(shows=REPORT)
def question_sets():
    return render_template("taxonomy/question_sets.html", question_sets=services.question_sets_with_questions())


@bp.get("/risk-questions")
@cached_page(shows=REPORT)
def risk_questions():
    return render_template("taxonomy/risk_questions.html", risk_questions=services.risk_questions())
