"""Named reads of the taxonomy, each with the eager loads its pages need."""
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.taxonomy.models import Phase, QuestionSet, Recommendation, RiskQuestion, Theme


def themes_with_recommendations():
    return db.session.scalars(
        db.select(Theme).options(selectinload(Theme.recommendations)).order_by(Theme.position)).all()


def question_sets_with_questions():
    return db.session.scalars(
        db.select(QuestionSet).options(selectinload(QuestionSet.questions)).order_by(QuestionSet.position)).all()


def all_recommendations():
    return db.session.scalars(
        db.select(Recommendation).order_by(Recommendation.position)).all()


def all_phases():
    return db.session.scalars(db.select(Phase).order_by(Phase.position)).all()


def risk_questions():
    return db.session.scalars(db.select(RiskQuestion).order_by(RiskQuestion.id)).all()


def phase_choices():
    return [(p.id, p.name) for p in all_phases()]
