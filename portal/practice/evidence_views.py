"""The report's recommendations, question sets and phases with the practice tagged to each: their pages, and the
indexes of recommendations and phases with how many posts each has."""
from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from portal.audiences import audience_key
from portal.content_cache import cached, cached_fragment, cached_page
from portal.extensions import db
from portal.downloads import csv_response
from portal.practice import coverage
from portal.practice.cache_scopes import LISTS, TITLES
from portal.practice.queries import taxonomy
from portal.practice.evidence import (listed_counts, phase_evidence, question_set_evidence,
                                      recommendation_evidence)
from portal.practice.models import post_phases, post_recommendations
from portal.taxonomy.models import TAXONOMY, Phase, QuestionSet, Recommendation
from portal.taxonomy.services import all_phases, risk_questions, themes_with_recommendations

# A recommendation's, question set's or phase's page shows its text and the lists of posts tagged to it;
# the indexes show the report's own text and how many posts each item has.
WITH_EVIDENCE = LISTS
INDEX = (TAXONOMY, *LISTS)

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


@bp.get("/phases/<phase_id>")
@cached_page(shows=WITH_EVIDENCE)
def phase(phase_id):
    phase = db.session.get(Phase, phase_id) or abort(404)
    return render_template("practice/phase.html", phase=phase, evidence=_evidence_html(phase_evidence, phase.id))


@bp.get("/recommendations")
@cached_page(shows=INDEX)
def recommendations():
    counts = _counts("recommendations", post_recommendations, post_recommendations.c.recommendation_id)
    return render_template("practice/recommendations.html", themes=themes_with_recommendations(), counts=counts)


@bp.get("/phases")
@cached_page(shows=INDEX)
def phases():
    counts = _counts("phases", post_phases, post_phases.c.phase_id)
    return render_template("practice/phases.html", phases=all_phases(), counts=counts)


@bp.get("/coverage")
def coverage_map():
    """The report's recommendations and question sets by phase: how much practice each has, and where none."""
    return render_template("practice/coverage.html", trust=None, rounded=False, table=coverage_table(current_user),
                           my_trust=current_user.is_authenticated and current_user.verified_trust_id)


@bp.get("/coverage.csv")
def coverage_csv():
    found = coverage.coverage_map(current_user, taxonomy(), themes_with_recommendations())
    return csv_response(coverage.csv_header(found), coverage.csv_rows(found), "practice-coverage.csv")


def coverage_table(viewer, trust=None):
    """The map's tables, rendered once for everyone who may see the same posts (and, for a trust's map, for
    its staff apart from everyone else, who see small numbers rounded)."""
    def context():
        return {"coverage": coverage.coverage_map(viewer, taxonomy(), themes_with_recommendations(), trust)}
    outside = trust is not None and coverage.viewer_outside(viewer, trust)
    # Posts' tags, audiences and authors' trusts, never their comment or helpful counts: a comment moves nothing.
    return cached_fragment("coverage-map", "practice/_coverage_table.html", context, shows=TITLES,
                           seen_by=audience_key(viewer), key=(trust.id if trust else 0, outside))


def _counts(name, link_table, key_column):
    """How many posts the viewer may see under each tag, shared by everyone who sees the same posts."""
    return cached(f"post-counts-{name}", lambda: listed_counts(link_table, key_column, current_user),
                  shows=WITH_EVIDENCE, seen_by=audience_key(current_user))


def _evidence_html(summary, key):
    """The evidence summary, rendered once for everyone who may see the same posts."""
    return cached_fragment(f"evidence-{summary.__name__}", "practice/_evidence.html",
                           lambda: {"evidence": summary(key, current_user)},
                           shows=WITH_EVIDENCE, seen_by=audience_key(current_user), key=(key,))
