"""Named reads of posts, each with the eager loads its page needs, so query counts stay fixed."""
from dataclasses import dataclass
from typing import NamedTuple

from flask import current_app
from sqlalchemy import and_, exists, false, func, or_, select, union_all
from sqlalchemy.orm import joinedload, load_only, selectinload

from portal.audiences import audience_key
from portal.auth.models import User
from portal.content_cache import EVERYONE, cached, item_version, note_item_version
from portal.extensions import db
from portal.practice import search, suggestions
from portal.practice.filters import cursor_for
from portal.practice.models import POSTS, TASKS, HelpfulMark, Post, PostRead, SavedPost, Tool, post_scope
from portal.practice.reading import LastLook
from portal.practice.tools import tools_in_use
from portal.practice.visibility import can_view, listed_for, opens_to_members
from portal.taxonomy.models import TAXONOMY, Phase, QuestionSet, Recommendation
from portal.taxonomy.services import all_phases, all_recommendations


@dataclass
class Result:
    post: Post
    snippet: object = None  # highlighted Markup when the list is a search


# Counting every match of a common word over a large portal costs more than the page itself.
COUNT_CAP = 1000
MEMBER_POSTS_LIMIT = 20
# "Best match first" ranks at most this many of the newest matches (see _best_matches_among_newest).
RANKED_MATCHES = 1000


@dataclass
class Page:
    results: list
    total: int  # at most COUNT_CAP + 1: "more than 1,000" beyond that
    next_cursor: str | None
    searched: bool
    suggestion: str | None = None  # "Did you mean": a corrected query, when a search found nothing
    too_common: bool = False  # every word searched for is a stop word ("the", "with"): nothing to match

    @property
    def count_cap(self):
        return COUNT_CAP

    @property
    def total_is_capped(self):
        return self.total > COUNT_CAP


def card_loads():
    return (joinedload(Post.author), selectinload(Post.phases), selectinload(Post.tools),
            selectinload(Post.question_sets), selectinload(Post.recommendations))


def taxonomy():
    """Recommendations, question sets and phases, for forms and filters (a fixed three queries)."""
    question_sets = db.session.scalars(select(QuestionSet).order_by(QuestionSet.position)).all()
    return {"recommendations": all_recommendations(), "question_sets": question_sets, "phases": all_phases()}


def form_choices(tags):
    return {"recommendations": [(r.id, f"{r.label}: {r.title}") for r in tags["recommendations"]],
            "question_sets": [(qs.id, qs.title) for qs in tags["question_sets"]],
            "phases": [(p.id, p.name) for p in tags["phases"]]}


def filter_options(viewer):
    """Choices for the browse filters: the report's tags (cached, they change only on a reload) and tools."""
    return {**_taxonomy_choices(), "tools": [(tool.key, tool.name) for tool in tools_in_use(viewer)]}


def _taxonomy_choices():
    return cached("taxonomy-choices", lambda: form_choices(taxonomy()), shows=(TAXONOMY,), seen_by=EVERYONE)


def _filtered(viewer, form):
    stmt = select(Post).where(listed_for(viewer))
    data = form.data
    if data["kind"]:
        stmt = stmt.where(Post.kind == data["kind"])
    if data["outcome"]:
        stmt = stmt.where(Post.outcome == data["outcome"])
    if data["region"]:
        stmt = stmt.where(Post.region == data["region"])
    if data["recommendation"]:
        stmt = stmt.where(Post.recommendations.any(Recommendation.id == data["recommendation"]))
    if data["question_set"]:
        stmt = stmt.where(Post.question_sets.any(QuestionSet.id == data["question_set"]))
    if data["phase"]:
        stmt = stmt.where(Post.phases.any(Phase.id == data["phase"]))
    if data["tool"]:
        stmt = stmt.where(Post.tools.any(Tool.key == data["tool"]))
    if data["task"]:
        stmt = stmt.where(Post.task == data["task"])
    return stmt


PROMPTS_PER_TASK = 5
PROMPTS_COUNTED = 100  # a task's count stops here ("100+"): counting further would walk every prompt
RELATED_POSTS = 5


class TaskPrompts(NamedTuple):
    task: str | None  # a key of TASKS, or None for prompts shared before tasks were asked for
    name: str
    total: int  # how many prompts the viewer may see for the task, under the filters (up to PROMPTS_COUNTED)
    prompts: list  # the newest PROMPTS_PER_TASK of them

    @property
    def total_text(self):
        return f"{PROMPTS_COUNTED}+" if self.total >= PROMPTS_COUNTED else str(self.total)


def prompt_bank(viewer, form):
    """The prompts the viewer may see, under the form's tool and phase, by task (in TASKS order, then
    those without a task): each task's count (up to PROMPTS_COUNTED) and newest few. Each task is read
    along the prompt bank's index with a LIMIT, so the page never walks every prompt."""
    shown = [listed_for(viewer), Post.kind == "prompt"]
    if form.tool.data:
        shown.append(Post.tools.any(Tool.key == form.tool.data))
    if form.phase.data:
        shown.append(Post.phases.any(Phase.id == form.phase.data))
    newest_first = (Post.published_at.desc(), Post.id.desc())
    tasks = [*TASKS, None]

    def of_task(task, limit):
        return (select(Post.id).where(*shown, Post.task == task if task else Post.task.is_(None))
                .order_by(*newest_first).limit(limit).subquery())

    counts = db.session.execute(select(*(
        select(func.count()).select_from(of_task(task, PROMPTS_COUNTED)).scalar_subquery() for task in tasks))).one()
    newest = union_all(*(select(of_task(task, PROMPTS_PER_TASK).c.id) for task, count in zip(tasks, counts) if count))
    posts = db.session.scalars(select(Post).where(Post.id.in_(newest)).order_by(*newest_first)
                               .options(*card_loads())).all() if any(counts) else []
    by_task = {task: TaskPrompts(task, TASKS.get(task, "Task not given"), count, [])
               for task, count in zip(tasks, counts) if count}
    for post in posts:
        by_task[post.task].prompts.append(post)
    return list(by_task.values())


def _ordered(stmt, order, cursor, rank):
    """Keyset order and position: each page starts strictly after the last post of the one before."""
    key = {"helpful": Post.helpful_count, "relevance": rank}.get(order, Post.published_at)
    if cursor is not None:
        # Best match is the smallest rank; the others are the largest values first.
        beyond = key > cursor[0] if order == "relevance" else key < cursor[0]
        stmt = stmt.where(or_(beyond, and_(key == cursor[0], Post.id < cursor[1])))
    return stmt.order_by(key.asc() if order == "relevance" else key.desc(), Post.id.desc())


def browse(viewer, form):
    """One page of posts the viewer may see, filtered, searched and ordered as the form says."""
    filtered = stmt = _filtered(viewer, form)
    rank = None
    terms = search.search_terms(form.q.data)
    if terms:
        stmt, rank = search.apply_search(stmt, terms)
    total = cached("browse-count", lambda: _capped_count(stmt), shows=(POSTS,), seen_by=audience_key(viewer),
                   key=sorted(form.filter_args().items()))
    order = form.order if terms else ("newest" if form.order == "relevance" else form.order)
    if order == "relevance":
        stmt, rank = _best_matches_among_newest(stmt, terms)
    size = current_app.config["PRACTICE_PAGE_SIZE"]
    cursor = form.cursor() if form.order == order else None
    page = _ordered(stmt.with_only_columns(Post.id, *([rank] if terms else [])), order, cursor, rank)
    page = page.limit(size + 1).subquery()
    rows = _page_rows(page, order, terms)
    results = [Result(row[0], search.highlight(search.snippet(row[2], terms)) if terms else None)
               for row in rows[:size]]
    next_cursor = None
    if len(rows) > size:
        last = rows[size - 1]
        next_cursor = cursor_for(order, last[0], last[1] if terms else None)
    suggestion = None
    if terms and not results and cursor is None:
        suggestion = suggestions.corrected(terms, filtered.with_only_columns(Post.id))
    return Page(results, total, next_cursor, searched=bool(terms), suggestion=suggestion,
                too_common=bool(terms) and not search.query_lexemes(terms))


def _capped_count(stmt):
    return db.session.scalar(select(func.count()).select_from(
        stmt.with_only_columns(Post.id).limit(COUNT_CAP + 1).subquery()))


def _best_matches_among_newest(matched, terms):
    """Rank only the newest RANKED_MATCHES matches: a common word matches tens of thousands of
    posts, and scoring them all costs more than the page. Fewer matches are all ranked."""
    newest = matched.with_only_columns(Post.id).order_by(search.newest_match_first()).limit(RANKED_MATCHES)
    return search.apply_search(select(Post).where(Post.id.in_(newest)), terms)


def _page_rows(page, order, terms):
    """The page's posts with their cards' loads, and for a search their rank and indexed text."""
    stmt = select(Post).join(page, page.c.id == Post.id)
    if terms:
        stmt = search.with_indexed_text(stmt.add_columns(page.c[1]))
    stmt = _ordered(stmt, order, None, page.c[1] if terms else None)
    return db.session.execute(stmt.options(*card_loads())).all()


@dataclass
class PostPage:
    post: Post  # only PAGE_COLUMNS are loaded: complete_with_chain reads the rest if a cache lacks it
    marked: bool  # the viewer marked the post helpful
    saved: bool  # the viewer saved the post for later
    last_look: LastLook | None = None  # when the member last looked at it, if they have


# What a post page reads for every viewer: who may see it and act on it, its counts and title. The
# rest (body, tags, author, replications) is rendered once per audience and cached.
PAGE_COLUMNS = (Post.id, Post.kind, Post.title, Post.author_id, Post.anonymous, Post.author_description,
                Post.status, Post.visibility, Post.trust_id, Post.comment_count, Post.helpful_count,
                Post.replication_of_id)


class MembersOnly(Exception):
    """The post exists and members may read it; this viewer is not a confirmed member."""


def post_for_page(post_id, viewer):
    """The post's page columns, whether the viewer found it helpful and saved it, and when they last
    looked at it, in one light query, or None if the post is missing or not visible to the viewer. The
    query reads the version of the post's cached parts too."""
    marked = _viewers_row(HelpfulMark, viewer)
    saved = _viewers_row(SavedPost, viewer)
    scope = post_scope(post_id)
    stmt = select(Post, marked, saved, item_version(scope)).where(Post.id == post_id)
    if viewer.is_authenticated:
        stmt = stmt.add_columns(PostRead.read_at, PostRead.comments_seen).outerjoin(
            PostRead, and_(PostRead.post_id == Post.id, PostRead.user_id == viewer.id))
    row = db.session.execute(stmt.options(load_only(*PAGE_COLUMNS))).first()
    if row is None:
        return None
    if not can_view(row[0], viewer):
        if opens_to_members(row[0], viewer):
            raise MembersOnly()
        return None
    note_item_version(scope, row[3])
    looked = LastLook(*row[4:]) if len(row) > 4 and row[4] is not None else None
    return PostPage(row[0], bool(row[1]), bool(row[2]), looked)


def _viewers_row(table, viewer):
    """Whether the viewer has a row (a helpful mark, a save) for the post, as a column of its query."""
    if not viewer.is_authenticated:
        return false()
    return exists().where(table.post_id == Post.id, table.user_id == viewer.id)


class Chain(NamedTuple):
    original: Post | None  # the listed post this one tried again
    replications: list  # the listed posts that tried this one again
    related: list  # the listed posts most like this one, outside its chain, the most alike first


def similar_posts(viewer, words, tags, excluding=None):
    """Up to RELATED_POSTS posts the viewer may see, most like the words (a title) and tags (the report's
    recommendations and phases, in words), ranked by the database's full-text engine."""
    stmt, rank = search.apply_similarity(select(Post).where(listed_for(viewer)), words, tags)
    if excluding is not None:
        stmt = stmt.where(Post.id != excluding)
    return db.session.scalars(stmt.order_by(rank, Post.id.desc()).limit(RELATED_POSTS)
                              .options(joinedload(Post.author))).all()


def tag_words(recommendations, phases):
    """The report's tags as words the index holds in each post's tags: recommendations' titles, phases' names."""
    return " ".join([rec.title for rec in recommendations] + [phase.name for phase in phases])


def _most_like(post, viewer):
    """The ids and ranks of the RELATED_POSTS listed posts most like this one, leaving out the post and the
    chain of tries its page already shows."""
    outside_chain = select(Post.id).where(
        listed_for(viewer), Post.id != post.id,
        or_(Post.replication_of_id.is_(None), Post.replication_of_id != post.id))
    if post.replication_of_id is not None:
        outside_chain = outside_chain.where(Post.id != post.replication_of_id)
    # Its recommendations, not its phases: the page shows the first anyway, and reading the second here
    # would cost a query of its own (the phases come with this query's rows).
    stmt, rank = search.apply_similarity(outside_chain, post.title, tag_words(post.recommendations, ()))
    return stmt.add_columns(rank.label("rank")).order_by(rank, Post.id.desc()).limit(RELATED_POSTS).cte("most_like")


def complete_with_chain(post, viewer):
    """Read the rest of a post_for_page post (its author, phases and every column) and, in the same
    query, the posts of its "I tried this too" chain and the posts most like it that the viewer may see
    in a list."""
    most_like = _most_like(post, viewer)
    # One indexed lookup per link, united: an OR of the links makes SQLite walk every published post.
    chain = [select(Post.id).where(Post.id == post.id),
             select(Post.id).where(Post.replication_of_id == post.id, listed_for(viewer)),
             select(most_like.c.id)]
    if post.replication_of_id is not None:
        chain.append(select(Post.id).where(Post.id == post.replication_of_id, listed_for(viewer)))
    rows = db.session.execute(
        select(Post, most_like.c.rank).outerjoin(most_like, most_like.c.id == Post.id)
        .where(Post.id.in_(union_all(*chain)))
        .options(joinedload(Post.author), selectinload(Post.phases))
        .order_by(Post.published_at, Post.id)).all()
    related = sorted((row for row in rows if row.rank is not None), key=lambda row: (row.rank, -row.Post.id))
    return Chain(original=next((other for other, _ in rows if other.id == post.replication_of_id), None),
                 replications=[other for other, _ in rows if other.replication_of_id == post.id],
                 related=[row.Post for row in related])


def posts_by(author):
    """Every post the author wrote, in any status, newest first (for "Your posts")."""
    return db.session.scalars(select(Post).where(Post.author_id == author.id).options(*card_loads())
                              .order_by(Post.updated_at.desc(), Post.id.desc())).all()


PLACE_POSTS_LIMIT = 20


def named_by_staff_of(trust_id):
    """SQL condition: posts the trust's verified staff shared under their name. Only these are ever counted or
    listed for a trust: an anonymous post tied to a trust would narrow down who wrote it."""
    return and_(Post.anonymous.is_(False), Post.author_id.in_(
        select(User.id).where(User.trust_id == trust_id, User.trust_status == "verified")))


def posts_by_staff_of(viewer, trust_id=None, school_id=None):
    """The newest posts the viewer may see that verified staff of a trust (or staff of a school) shared under
    their name: an anonymous post is never tied to a trust or school, whatever the viewer may see."""
    stmt = (select(Post).join(User, User.id == Post.author_id)
            .where(Post.anonymous.is_(False), listed_for(viewer)))
    if trust_id is not None:
        stmt = stmt.where(named_by_staff_of(trust_id))
    if school_id is not None:
        stmt = stmt.where(User.school_id == school_id)
    return db.session.scalars(stmt.options(*card_loads()).order_by(Post.published_at.desc(), Post.id.desc())
                              .limit(PLACE_POSTS_LIMIT)).all()


def named_posts_by(member, viewer):
    """The member's published posts the viewer may see, never the anonymous ones (for their directory page)."""
    return db.session.scalars(
        select(Post).where(Post.author_id == member.id, Post.anonymous.is_(False), listed_for(viewer))
        .order_by(Post.published_at.desc(), Post.id.desc()).limit(MEMBER_POSTS_LIMIT)).all()
