"""Evidence summaries for a recommendation, question set or phase: what has been shared, and what came of it.

Every count uses listed_for(viewer), so nobody learns about posts they could not open.
"""
from dataclasses import dataclass

from sqlalchemy import and_, func
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.practice.models import KINDS, OUTCOMES, Post, post_phases, post_question_sets, post_recommendations
from portal.practice.visibility import listed_for
from portal.practice import maturity, workload
from portal.practice.charts import bar_chart, range_chart
from portal.taxonomy.models import Phase

LATEST_POSTS = 10
OUTCOME_TONES = {"worked": "worked", "mixed": "mixed", "did_not_work": "did-not-work"}


@dataclass(frozen=True)
class Evidence:
    subject: str  # "this recommendation"
    browse_args: dict  # the /practice filter that lists every post counted here
    posts: list
    by_kind: object
    by_phase: object
    outcomes: object
    time: object  # workload.Figure of every report of staff time, or None
    time_by_task: list  # (task name, Figure)
    time_chart: object
    maturity: dict  # {step: posts that reached it}

    @property
    def total(self):
        return self.by_kind.total


def recommendation_evidence(rec_id, viewer):
    tagged = Post.id.in_(db.select(post_recommendations.c.post_id)
                         .where(post_recommendations.c.recommendation_id == rec_id))
    return evidence_summary(tagged, viewer, "this recommendation", {"recommendation": rec_id})


def question_set_evidence(set_id, viewer):
    tagged = Post.id.in_(db.select(post_question_sets.c.post_id)
                         .where(post_question_sets.c.question_set_id == set_id))
    return evidence_summary(tagged, viewer, "this question set", {"question_set": set_id})


def phase_evidence(phase_id, viewer):
    tagged = Post.id.in_(db.select(post_phases.c.post_id).where(post_phases.c.phase_id == phase_id))
    return evidence_summary(tagged, viewer, "this phase", {"phase": phase_id})


def listed_counts(link_table, key_column, viewer):
    """{tag id: posts the viewer may see tagged with it}, for an index of recommendations or phases, in one query."""
    rows = db.session.execute(db.select(key_column, func.count(Post.id)).join(Post, Post.id == link_table.c.post_id)
                              .where(listed_for(viewer)).group_by(key_column)).all()
    return {key: count for key, count in rows}


def evidence_summary(tagged, viewer, subject, browse_args):
    """Counts, outcomes, staff time saved by task and the latest posts, in a fixed number of queries."""
    shown = and_(listed_for(viewer), tagged)
    reports = workload.reports(shown)
    time_by_task = [(name, figure) for _, name, figure in workload.by_task(reports)]
    by_kind_and_outcome = counts_by_kind_and_outcome(shown)
    return Evidence(subject=subject, browse_args=browse_args, posts=latest_posts(shown),
                    by_kind=bar_chart("chart-kinds", "Posts by kind", "Kind", kind_counts(by_kind_and_outcome)),
                    by_phase=bar_chart("chart-phases", "Posts by phase", "Phase", phase_counts(shown)),
                    outcomes=bar_chart("chart-outcomes", "Classroom trial outcomes", "Outcome",
                                       outcome_counts(by_kind_and_outcome),
                                       tones=OUTCOME_TONES, unit="trials"),
                    maturity=maturity.counts(shown, viewer),
                    time=workload.figure(r.minutes for r in reports), time_by_task=time_by_task,
                    time_chart=range_chart("chart-time", "Staff time saved per week, by task", "Task", time_by_task))


def latest_posts(shown, limit=LATEST_POSTS):
    return db.session.scalars(
        db.select(Post).where(shown).options(joinedload(Post.author), selectinload(Post.phases))
        .order_by(Post.published_at.desc(), Post.id.desc()).limit(limit)).all()


def counts_by_kind_and_outcome(shown):
    """{(kind, outcome): posts}: one pass gives both the kinds chart and the trials' outcomes."""
    rows = db.session.execute(db.select(Post.kind, Post.outcome, func.count(Post.id)).where(shown)
                              .group_by(Post.kind, Post.outcome)).all()
    return {(kind, outcome): count for kind, outcome, count in rows}


def kind_counts(by_kind_and_outcome):
    """Every kind, zeros included, so failures always stand beside successes."""
    totals = {}
    for (kind, _), count in by_kind_and_outcome.items():
        totals[kind] = totals.get(kind, 0) + count
    return [(kind, label, totals.get(kind, 0)) for kind, label in KINDS.items()]


def phase_counts(shown):
    counted = (db.select(post_phases.c.phase_id, func.count(Post.id).label("n"))
               .join(Post, Post.id == post_phases.c.post_id).where(shown)
               .group_by(post_phases.c.phase_id).subquery())
    rows = db.session.execute(
        db.select(Phase.id, Phase.name, func.coalesce(counted.c.n, 0))
        .outerjoin(counted, counted.c.phase_id == Phase.id).order_by(Phase.position)).all()
    return [tuple(row) for row in rows]


def outcome_counts(by_kind_and_outcome):
    return [(outcome, label, by_kind_and_outcome.get(("trial", outcome), 0)) for outcome, label in OUTCOMES.items()]
