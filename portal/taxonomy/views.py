"""Public pages for browsing the report's taxonomy."""
from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.content_cache import cached_fragment, cached_page
from portal.extensions import db
from portal.practice.cache_scopes import LISTS
from portal.practice.visibility import audience_key
from portal.practice.evidence import question_set_evidence, recommendation_evidence
from portal.taxonomy import services
from portal.taxonomy.models import TAXONOMY, QuestionSet, Recommendation

# The report's own pages show only the report; a recommendation's or question set's shows its evidence too.
REPORT = (TAXONOMY,)
WITH_EVIDENCE = LISTS

bp = Blueprint("taxonomy", __name__)


@bp.get("/report")
@cached_page(shows=REPORT)
def overview():
    """The report at a glance: themes, question sets, risk questions and phases."""
    return render_template("taxonomy/overview.html", themes=services.themes_with_recommendations(),
                           question_sets=services.question_sets_with_questions(),
                           risk_questions=services.risk_questions(), phases=services.all_phases())


@bp.get("/recommendations")
@cached_page(shows=REPORT)
def recommendations():
    return render_template("taxonomy/recommendations.html", themes=services.themes_with_recommendations())


@bp.get("/recommendations/<rec_id>")
@cached_page(shows=WITH_EVIDENCE)
def recommendation(rec_id):
    rec = db.session.get(Recommendation, rec_id) or abort(404)
    return render_template("taxonomy/recommendation.html", rec=rec, risk_questions=(
        services.risk_questions() if rec.id == "r12" else []),
                           evidence=_evidence_html(recommendation_evidence, rec.id))


@bp.get("/question-sets")
@cached_page(shows=REPORT)
def question_sets():
    return render_template("taxonomy/question_sets.html", question_sets=services.question_sets_with_questions())


@bp.get("/question-sets/<set_id>")
@cached_page(shows=WITH_EVIDENCE)
def question_set(set_id):
    qset = db.session.get(QuestionSet, set_id, options=[selectinload(QuestionSet.questions)]) or abort(404)
    return render_template("taxonomy/question_set.html", qset=qset,
                           evidence=_evidence_html(question_set_evidence, qset.id))


def _evidence_html(summary, key):
    """The evidence summary, rendered once for everyone who may see the same posts."""
    return cached_fragment(f"evidence-{summary.__name__}", "practice/_evidence.html",
                           lambda: {"evidence": summary(key, current_user)},
                           shows=WITH_EVIDENCE, seen_by=audience_key(current_user), key=(key,))


@bp.get("/risk-questions")
@cached_page(shows=REPORT)
def risk_questions():
    return render_template("taxonomy/risk_questions.html", risk_questions=services.risk_questions())


@bp.get("/phases")
@cached_page(shows=REPORT)
def phases():
    return render_template("taxonomy/phases.html", phases=services.all_phases())
