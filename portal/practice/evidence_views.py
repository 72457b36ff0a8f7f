"""A recommendation's and a question set's page: the report's text with the practice tagged to it."""
from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.audiences import audience_key
from portal.content_cache import cached_fragment, cached_page
from portal.extensions import db
from portal.practice.cache_scopes import LISTS
from portal.practice.evidence import question_set_evidence, recommendation_evidence
from portal.taxonomy.models import QuestionSet, Recommendation
from portal.taxonomy.services import risk_questions

# A recommendation's or question set's page shows its text and the lists of posts tagged to it.
WITH_EVIDENCE = LISTS

bp = Blueprint("evidence", __name__)


@bp.get("/recommendations/<rec_id>")
@cached_page(shows=WITH_EVIDENCE)
def recommendation(rec_id):
    rec = db.session.get(Recommendation, rec_id) or abort(404)
    return render_template("practice/recommendation.html", rec=rec, risk_questions=(
        risk_questions() if rec.id == "r12" else []),
                           evidence=_evidence_html(recommendation_evidence, rec.id))


@bp.get("/question-sets/<set_id>")
@cached_page(shows=WITH_EVIDENCE)
def question_set(set_id):
    qset = db.session.get(QuestionSet, set_id, options=[selectinload(QuestionSet.questions)]) or abort(404)
    return render_template("practice/question_set.html", qset=qset,
                           evidence=_evidence_html(question_set_evidence, qset.id))


def _evidence_html(summary, key):
    """The evidence summary, rendered once for everyone who may see the same posts."""
    return cached_fragment(f"evidence-{summary.__name__}", "practice/_evidence.html",
                           lambda: {"evidence": summary(key, current_user)},
                           shows=WITH_EVIDENCE, seen_by=audience_key(current_user), key=(key,))
