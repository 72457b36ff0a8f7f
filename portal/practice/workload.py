"""Staff time saved (or lost) per week, as leaders and governors read it: by task, by recommendation and by
school term, as medians and ranges with the number of reports behind each, never as sums one post can inflate.

A report is a case study's or trial's "minutes saved per week" (negative for time lost) with the task it was on.
"""
import statistics
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from portal.extensions import db
from portal.practice.models import TASKS, Post, post_recommendations

REPORTING_KINDS = ("case_study", "trial")
# England's school year as three terms by the month a report was published: Autumn (September to December),
# Spring (January to March) and Summer (April to August, the summer holiday counted with the term before it).
_SEASONS = {**dict.fromkeys((9, 10, 11, 12), "Autumn"), **dict.fromkeys((1, 2, 3), "Spring"),
            **dict.fromkeys((4, 5, 6, 7, 8), "Summer")}
_SEASON_ORDER = {"Autumn": 0, "Spring": 1, "Summer": 2}


@dataclass(frozen=True, order=True)
class Term:
    school_year: int  # the year its September falls in: 2025 for 2025 to 2026
    position: int
    season: str

    @property
    def name(self):
        year = self.school_year if self.season == "Autumn" else self.school_year + 1
        return f"{self.season} term {year}"

    @property
    def key(self):
        return f"{self.school_year}-{self.season.lower()}"


def term_of(moment: datetime):
    season = _SEASONS[moment.month]
    school_year = moment.year if moment.month >= 9 else moment.year - 1
    return Term(school_year, _SEASON_ORDER[season], season)


@dataclass(frozen=True)
class Figure:
    """What the reports on one task, recommendation or term say: how many, the median and the range."""
    reports: int
    median: float
    lowest: int
    highest: int


def figure(values):
    values = list(values)
    if not values:
        return None
    return Figure(reports=len(values), median=statistics.median(values), lowest=min(values), highest=max(values))


def minutes_a_week(minutes):
    """40 -> "40 minutes a week saved"; -30 -> "30 minutes a week lost"; 0 -> "no time saved or lost"."""
    if minutes == 0:
        return "no time saved or lost"
    amount = abs(minutes)
    return f"{amount:g} {'minute' if amount == 1 else 'minutes'} a week {'saved' if minutes > 0 else 'lost'}"


@dataclass(frozen=True)
class Report:
    post_id: int
    published_at: datetime
    task: str | None
    minutes: int
    recommendation_ids: frozenset


def reports(shown):
    """Every report among the posts `shown` (an SQL condition) with its recommendations, in one query."""
    rows = db.session.execute(
        select(Post.id, Post.published_at, Post.task, Post.minutes_saved_per_week,
               post_recommendations.c.recommendation_id)
        .outerjoin(post_recommendations, post_recommendations.c.post_id == Post.id)
        .where(shown, Post.kind.in_(REPORTING_KINDS), Post.minutes_saved_per_week.is_not(None))).all()
    found = {}
    for post_id, published_at, task, minutes, rec_id in rows:
        earlier = found.get(post_id)
        recs = (earlier.recommendation_ids if earlier else frozenset()) | ({rec_id} if rec_id else set())
        found[post_id] = Report(post_id, published_at, task, minutes, recs)
    return sorted(found.values(), key=lambda report: (report.published_at, report.post_id))


def by_task(found):
    """[(task id, task name, Figure)] for every task with a report, in the tasks' order."""
    figures = [(task, name, figure(r.minutes for r in found if r.task == task)) for task, name in TASKS.items()]
    return [row for row in figures if row[2] is not None]


def by_recommendation(found, recommendations):
    """[(recommendation, Figure)] for every recommendation with a report, in the report's order."""
    figures = [(rec, figure(r.minutes for r in found if rec.id in r.recommendation_ids)) for rec in recommendations]
    return [row for row in figures if row[1] is not None]


def by_term(found):
    """[(Term, [reports])], the latest term first."""
    terms = {}
    for report in found:
        terms.setdefault(term_of(report.published_at), []).append(report)
    return sorted(terms.items(), reverse=True)


@dataclass(frozen=True)
class TermFigures:
    term: Term
    by_task: list  # (task name, Figure)
    by_recommendation: list  # (recommendation label, Figure)


@dataclass(frozen=True)
class Dashboard:
    overall: Figure | None
    by_task: list
    by_recommendation: list
    terms: list  # TermFigures, the latest first


def dashboard(shown, recommendations):
    """A trust's staff time, over all terms and term by term, from the reports among the posts `shown`."""
    found = reports(shown)

    def named(rows):
        return [(f"{rec.label}: {rec.title}", fig) for rec, fig in rows]

    def tasks(rows):
        return [(name, fig) for _, name, fig in rows]
    return Dashboard(
        overall=figure(r.minutes for r in found), by_task=tasks(by_task(found)),
        by_recommendation=named(by_recommendation(found, recommendations)),
        terms=[TermFigures(term, tasks(by_task(in_term)), named(by_recommendation(in_term, recommendations)))
               for term, in_term in by_term(found)])


def csv_rows(board):
    """Term, grouping, name and the figure's numbers: all terms first, then each term, the latest first."""
    sections = [("All terms", board.by_task, board.by_recommendation)]
    sections += [(figures.term.name, figures.by_task, figures.by_recommendation) for figures in board.terms]
    for term_name, tasks, recommendations in sections:
        for grouping, rows in (("Task", tasks), ("Recommendation", recommendations)):
            for name, fig in rows:
                yield [term_name, grouping, name, fig.reports, _whole_if_it_is(fig.median), fig.lowest, fig.highest]


def _whole_if_it_is(number):
    """45.0 -> 45 (a median of two reports may be a half, 37.5), kept a number so the CSV never quotes it."""
    return int(number) if number == int(number) else number


CSV_HEADER = ["Term", "Grouped by", "Task or recommendation", "Reports", "Median minutes a week",
              "Lowest", "Highest"]
