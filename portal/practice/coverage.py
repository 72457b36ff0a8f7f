"""The coverage map: how many posts a viewer may see for each of the report's recommendations and question sets,
in each phase, so the gaps ("no practice yet") stand out.

Every count is the viewer's: listed_for(viewer), as every other count. A trust's map counts only what its verified
staff shared under their name (an anonymous post is never tied to a trust), and to anyone outside that trust a
count below the small-number threshold reads "fewer than 3".
"""
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import and_, func, literal, select, union_all

from portal.extensions import db
from portal.practice.models import Post, post_phases, post_question_sets, post_recommendations
from portal.practice.queries import named_by_staff_of
from portal.practice.visibility import listed_for

ALL_PHASES = "all"  # a row's total: its posts in any phase, or tagged to none


@dataclass(frozen=True)
class Count:
    """A cell: the number of posts, or None where it is too small to show to this viewer."""
    value: int | None
    threshold: int

    @property
    def is_empty(self):
        return self.value == 0

    def __str__(self):
        return f"fewer than {self.threshold}" if self.value is None else str(self.value)


@dataclass(frozen=True)
class Row:
    tag: object  # a Recommendation or QuestionSet
    cells: list  # (phase, Count), in the phases' order
    total: Count

    @property
    def gaps(self):
        return sum(1 for _, count in self.cells if count.is_empty)


@dataclass(frozen=True)
class CoverageMap:
    phases: list
    themes: list  # (theme, [Row]) in the report's order
    question_sets: list  # [Row]
    trust: object  # the trust whose staff's practice is counted, or None for the whole portal
    rounded: bool  # whether small counts are shown as "fewer than N"

    @property
    def rows(self):
        return [row for _, rows in self.themes for row in rows]

    @property
    def empty_cells(self):
        return sum(row.gaps for row in self.rows) + sum(row.gaps for row in self.question_sets)


def coverage_map(viewer, tags, themes, trust=None):
    """The map for the whole portal, or for one trust's staff; tags from practice.queries.taxonomy()."""
    counts = _counts(viewer, trust)
    rounded = trust is not None and viewer_outside(viewer, trust)
    threshold = current_app.config["SMALL_NUMBER_THRESHOLD"]

    def row(kind, tag):
        def count(phase_id):
            value = counts.get((kind, tag.id, phase_id), 0)
            return Count(None if rounded and 0 < value < threshold else value, threshold)
        return Row(tag, [(phase, count(phase.id)) for phase in tags["phases"]], count(ALL_PHASES))

    return CoverageMap(phases=tags["phases"],
                       themes=[(theme, [row("r", rec) for rec in theme.recommendations]) for theme in themes],
                       question_sets=[row("q", qset) for qset in tags["question_sets"]],
                       trust=trust, rounded=rounded)


def viewer_outside(viewer, trust):
    """Whether the viewer is someone the trust's small numbers are rounded for: anyone but its verified staff."""
    return not (viewer.is_authenticated and viewer.verified_trust_id == trust.id)


def _counts(viewer, trust):
    """{(kind, tag id, phase id or ALL_PHASES): posts}, for every cell and row total, in one grouped query."""
    shown = listed_for(viewer)
    if trust is not None:
        shown = and_(shown, named_by_staff_of(trust.id))

    def grouped(kind, link, key, by_phase):
        phase = post_phases.c.phase_id if by_phase else literal(ALL_PHASES)
        stmt = (select(literal(kind).label("kind"), key.label("tag"), phase.label("phase"),
                       func.count(func.distinct(Post.id)).label("posts"))
                .select_from(link).join(Post, Post.id == link.c.post_id))
        if by_phase:
            stmt = stmt.join(post_phases, post_phases.c.post_id == Post.id)
        return stmt.where(shown).group_by(key, *([phase] if by_phase else []))

    rec_key, set_key = post_recommendations.c.recommendation_id, post_question_sets.c.question_set_id
    query = union_all(grouped("r", post_recommendations, rec_key, True),
                      grouped("r", post_recommendations, rec_key, False),
                      grouped("q", post_question_sets, set_key, True),
                      grouped("q", post_question_sets, set_key, False))
    return {(kind, tag, phase): posts for kind, tag, phase, posts in db.session.execute(query)}


def csv_header(coverage):
    return ["Part of the report", "Group", "Recommendation or question set", *(phase.name for phase in coverage.phases),
            "All phases"]


def csv_rows(coverage):
    """The same numbers as the table, one row a recommendation or question set."""
    for theme, rows in coverage.themes:
        for row in rows:
            yield ["Recommendation", theme.title, f"{row.tag.label}: {row.tag.title}", *_figures(row)]
    for row in coverage.question_sets:
        yield ["Question set", "Strategic" if row.tag.is_strategic else "Operational", row.tag.title, *_figures(row)]


def _figures(row):
    return [*(str(count) for _, count in row.cells), str(row.total)]
