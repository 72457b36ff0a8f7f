"""Shared practice: case studies, failures, classroom trials and prompts, tagged to the report."""
from collections import Counter
from datetime import datetime

from sqlalchemy import (Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text, event, func,
                        inspect, select, text, update)
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column, object_session, relationship

from portal.content_cache import item_scope, moving, scope, touch, track
from portal.extensions import db
from portal.orgs.models import REGIONS
from portal.taxonomy.models import Phase, QuestionSet, Recommendation
from portal.timestamps import UTCDateTime, utcnow

KINDS = {
    "case_study": "Case study",
    "failure": "What didn't work",
    "trial": "Classroom trial",
    "prompt": "Prompt",
}
OUTCOMES = {"worked": "Worked", "mixed": "Mixed results", "did_not_work": "Did not work"}
# The staff tasks AI is tried on (the seeds' workload areas): what a prompt in the prompt bank helps with.
TASKS = {
    "planning": "Planning",
    "marking_feedback": "Marking and feedback",
    "report_writing": "Report writing",
    "letters_admin": "Letters and admin",
    "resource_adaptation": "Resource adaptation",
    "other": "Other",
}
VISIBILITIES = {
    "public": "Everyone, including visitors who are not signed in",
    "members": "Signed-in members only",
    "trust": "Members of my trust only",
}
# draft: only the author. pending: held for review (author and moderators). published: live.
# rejected: sent back to the author with a reason. hidden: taken down by moderators or by flags.
STATUSES = ("draft", "pending", "published", "rejected", "hidden")
LABELS = {"endorsed": "Endorsed", "experimental": "Experimental"}
# Every free-text field others read, by the heading the post's page gives it: the safeguarding
# assist checks each one, and a moderator's redaction reaches each one.
TEXT_FIELDS = {
    "title": "Title", "body": "The post", "year_groups": "Year groups", "subjects": "Subjects",
    "trial_question": "The question", "what_was_done": "What was done", "what_happened": "What happened",
    "evidence_notes": "Evidence", "would_change": "What I would change", "prompt_purpose": "What it is for",
    "prompt_text": "The prompt", "prompt_tips": "Tips", "prompt_checking": "Checking the output",
}


def _link_table(name, column, target):
    return Table(
        name, db.metadata,
        Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
        Column(column, ForeignKey(target), primary_key=True, index=True),
    )


post_phases = _link_table("post_phases", "phase_id", "phases.id")
post_recommendations = _link_table("post_recommendations", "recommendation_id", "recommendations.id")
post_question_sets = _link_table("post_question_sets", "question_set_id", "question_sets.id")
post_tools = _link_table("post_tools", "tool_id", "tools.id")


class Tool(db.Model):
    """An AI tool, stored once under a normalised key so "ChatGPT" and "chatgpt" are one tool."""
    __tablename__ = "tools"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(80))


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        CheckConstraint("kind in ('case_study', 'failure', 'trial', 'prompt')", name="kind"),
        CheckConstraint("status in ('draft', 'pending', 'published', 'rejected', 'hidden')", name="status"),
        CheckConstraint("visibility in ('public', 'members', 'trust')", name="visibility"),
        Index("ix_posts_listing", "status", "published_at", "id"),
        Index("ix_posts_helpful", "status", "helpful_count", "id"),
        # Counting and listing what a viewer may see without scanning every post.
        Index("ix_posts_published_visibility", "visibility", "trust_id",
              sqlite_where=text("status = 'published'"), postgresql_where=text("status = 'published'")),
        Index("ix_posts_public_newest", "published_at", "id",
              sqlite_where=text("status = 'published' AND visibility = 'public'"),
              postgresql_where=text("status = 'published' AND visibility = 'public'")),
        # "I tried this too" chains, in order. Only the few posts that replicate another are indexed, which
        # also tells the planner how rare they are (a full index on a mostly-NULL column looked useless).
        Index("ix_posts_replications", "replication_of_id", "published_at", "id",
              sqlite_where=text("replication_of_id IS NOT NULL"), postgresql_where=text("replication_of_id IS NOT NULL")),
        # The prompt bank: published prompts by task, newest first.
        Index("ix_posts_prompt_bank", "task", "published_at", "id",
              sqlite_where=text("kind = 'prompt' AND status = 'published'"),
              postgresql_where=text("kind = 'prompt' AND status = 'published'")),
        # Endorsements due for review, oldest first.
        Index("ix_posts_endorsed_at", "endorsed_at", "id",
              sqlite_where=text("label = 'endorsed'"), postgresql_where=text("label = 'endorsed'")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")  # rendered and sanitised once, on save
    summary: Mapped[str] = mapped_column(String(320), default="")  # plain-text excerpt for lists

    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    # Fixed when the post is saved, e.g. "A primary teacher in the North West": shown instead of the
    # name on anonymous posts, and never recomputed from the author's later profile.
    author_description: Mapped[str] = mapped_column(String(160), default="")
    region: Mapped[str | None] = mapped_column(String(40), index=True)  # the author's, when posted
    visibility: Mapped[str] = mapped_column(String(10), default="public")
    trust_id: Mapped[int | None] = mapped_column(ForeignKey("trusts.id"), index=True)  # for trust-only posts

    status: Mapped[str] = mapped_column(String(10), default="draft", active_history=True)
    label: Mapped[str | None] = mapped_column(String(20))
    # When and by whom the Endorsed label was given or last re-reviewed (moderation.endorsement); it lapses
    # into "due for review" after ENDORSEMENT_REVIEW_MONTHS, and moderators are told once per lapse.
    endorsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    endorsed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    endorsement_lapse_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20), index=True)

    # Classroom trial fields (recommendation 17's small-scale impact studies).
    trial_question: Mapped[str] = mapped_column(Text, default="")
    year_groups: Mapped[str] = mapped_column(String(120), default="")
    subjects: Mapped[str] = mapped_column(String(200), default="")
    class_size: Mapped[int | None] = mapped_column(Integer)
    what_was_done: Mapped[str] = mapped_column(Text, default="")
    what_happened: Mapped[str] = mapped_column(Text, default="")
    evidence_notes: Mapped[str] = mapped_column(Text, default="")
    pupils_involved: Mapped[int | None] = mapped_column(Integer)
    minutes_saved_per_week: Mapped[int | None] = mapped_column(Integer)
    would_change: Mapped[str] = mapped_column(Text, default="")
    # Prompt fields (a prompt bank entry).
    task: Mapped[str | None] = mapped_column(String(30))  # one of TASKS
    prompt_text: Mapped[str] = mapped_column(Text, default="")
    prompt_purpose: Mapped[str] = mapped_column(Text, default="")
    prompt_tips: Mapped[str] = mapped_column(Text, default="")
    prompt_checking: Mapped[str] = mapped_column(Text, default="")

    # Both keep their earlier value when set (active_history) so the "tried it too" counts can move.
    replication_of_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"),
                                                          active_history=True)
    helpful_count: Mapped[int] = mapped_column(Integer, default=0)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)
    tried_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # published tries of it
    # When a trial's author was reminded to add "one term on" (flask practice remind-follow-ups), once.
    follow_up_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author = relationship("User", foreign_keys=[author_id])
    endorsed_by = relationship("User", foreign_keys=[endorsed_by_id])
    phases: Mapped[list[Phase]] = relationship(secondary=post_phases, order_by="Phase.position")
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary=post_recommendations, order_by="Recommendation.position")
    question_sets: Mapped[list[QuestionSet]] = relationship(
        secondary=post_question_sets, order_by="QuestionSet.position")
    tools: Mapped[list[Tool]] = relationship(secondary=post_tools, order_by="Tool.name")
    replication_of: Mapped["Post | None"] = relationship(remote_side=[id])

    @property
    def kind_name(self):
        return KINDS[self.kind]

    def texts(self):
        """{field: text} of every free-text field others read."""
        return {name: getattr(self, name) or "" for name in TEXT_FIELDS}

    @property
    def outcome_name(self):
        return OUTCOMES.get(self.outcome, "")

    @property
    def task_name(self):
        return TASKS.get(self.task, "")

    @property
    def region_name(self):
        return REGIONS.get(self.region, "")

    @property
    def is_live(self):
        return self.status == "published"

    def byline_for(self, viewer):
        """The author's name, or on an anonymous post its description, for every viewer: moderators find
        who wrote it on the moderation pages only, so it never shows on a screen beside the post itself."""
        if self.anonymous or self.author is None:
            return self.author_description
        return self.author.name

    def shows_author_to(self, viewer):
        """True if the viewer may know (and link to) who wrote this post: never beside an anonymous one,
        where even a badge ("Trust lead") would narrow its description."""
        return self.author is not None and not self.anonymous

    def is_editable_by(self, user):
        if user is None or not user.is_authenticated:
            return False
        return user.id == self.author_id or user.is_moderator


class Comment(db.Model):
    """A response on a post. Soft states, so moderators can hide and restore."""
    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("status in ('pending', 'published', 'rejected', 'hidden')", name="status"),
        Index("ix_comments_post_listing", "post_id", "status", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="published")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # readers see "edited"
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # A reply answers one comment that is not itself a reply (one level); it may quote a passage of it.
    # A reply whose comment is deleted stays, as a comment of its own.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="SET NULL"), index=True)
    quote: Mapped[str] = mapped_column(Text, default="", server_default="")

    post: Mapped[Post] = relationship()
    author = relationship("User", foreign_keys=[author_id])

    @property
    def is_by_post_author(self):
        return self.author_id is not None and self.author_id == self.post.author_id

    @property
    def trust_badge(self):
        """The commenter's verified trust role, or "": never on an anonymous post's author's own comments."""
        if self.author is None or (self.is_by_post_author and self.post.anonymous):
            return ""
        return self.author.trust_badge

    def byline_for(self, viewer):
        """The commenter's name; on an anonymous post its author's own comments stay anonymous."""
        if self.is_by_post_author:
            return self.post.byline_for(viewer)
        return self.author.name if self.author else "A former member"


LASTED = {"yes": "Yes, we still do it", "partly": "Partly: we kept some of it", "no": "No, we stopped"}


class FollowUp(db.Model):
    """A trial's author looking back a term or more later ("one term on"): did it last, what changed, and the
    staff time it saves now. Shown on the trial with its date; it is what "followed up after a term" counts."""
    __tablename__ = "post_follow_ups"
    __table_args__ = (CheckConstraint("lasted in ('yes', 'partly', 'no')", name="lasted"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    lasted: Mapped[str] = mapped_column(String(10))
    what_changed: Mapped[str] = mapped_column(Text)
    minutes_saved_per_week: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def lasted_name(self):
        return LASTED[self.lasted]


class HelpfulMark(db.Model):
    """One member found one post helpful (one row per member and post)."""
    __tablename__ = "helpful_marks"
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PostRead(db.Model):
    """When a member last looked at a post and how many comments it had then: what is new to them since."""
    __tablename__ = "post_reads"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True, index=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    comments_seen: Mapped[int] = mapped_column(Integer, default=0)


class SavedPost(db.Model):
    """A post a member saved to read later: their own list, which nobody else sees."""
    __tablename__ = "saved_posts"
    __table_args__ = (Index("ix_saved_posts_member_recent", "user_id", "created_at"),)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# What cached pages show of posts. One post's page shows the post, its comments, and the posts its
# "I tried this too" chain links to; the lists (browse, search, home, evidence, tools in use) show
# listed posts' cards, and on each card its counts (which also order the "most helpful" lists): a
# comment or a helpful mark moves the counts, not the cards.
POSTS = scope("posts")
COUNTS = scope("post-counts")
post_scope = item_scope("post")
_COUNTS = frozenset({"comment_count", "helpful_count", "tried_count", "updated_at"})


def _post_scopes(post, changed):
    if post is None:  # a bulk statement that did not say which posts: all of them
        return {post_scope(None), POSTS, COUNTS}
    scopes = {post_scope(post.id)}
    card_changed = changed is None or bool(changed - _COUNTS)
    if card_changed:  # the posts "I tried this too" links it to show its card
        scopes |= {post_scope(original) for original in _values(post, "replication_of_id") if original}
        scopes |= _replications_of(post)
    if "published" in _values(post, "status"):
        if card_changed:
            scopes.add(POSTS)
        else:
            scopes.add(COUNTS)
    return scopes


def _values(instance, attribute):
    """The attribute's value now and before this flush."""
    history = inspect(instance).attrs[attribute].history
    return {*history.unchanged, *history.added, *history.deleted} or {getattr(instance, attribute, None)}


def _replications_of(post):
    if inspect(post).deleted:
        return {post_scope(None)}  # the database has already unlinked them: move every post's page
    return {post_scope(post_id) for post_id in object_session(post).scalars(
        select(Post.id).where(Post.replication_of_id == post.id))}


# Reminders and notices sent (to a trial's author, to moderators) are shown nowhere.
track(Post, _post_scopes, quiet=("follow_up_reminded_at", "endorsement_lapse_notified_at"))


def _published_try(post, when):
    """The post a try was of, if the post was (when="before") or is (when="after") a published try."""
    state = inspect(post)
    if when == "before" and state.pending:
        return None
    if when == "after" and state.deleted:
        return None
    values = {}
    for attribute in ("replication_of_id", "status"):
        history = state.attrs[attribute].history
        if when == "before":
            values[attribute] = (history.deleted or history.unchanged or history.added or [None])[0]
        else:
            values[attribute] = getattr(post, attribute)
    return values["replication_of_id"] if values["status"] == "published" else None


@event.listens_for(Session, "after_flush")
def _count_tries(session, _context):
    """Keep each post's "tried this too" count equal to its published tries, whatever published, hid,
    moved or deleted one: relative updates, so two tries published at once both count."""
    deltas = Counter()
    for post in (*session.new, *session.dirty, *session.deleted):
        if isinstance(post, Post):
            deltas[_published_try(post, "before")] -= 1
            deltas[_published_try(post, "after")] += 1
    for original_id, delta in deltas.items():
        if original_id is not None and delta:
            session.connection().execute(update(Post.__table__).where(Post.__table__.c.id == original_id)
                                         .values(tried_count=Post.__table__.c.tried_count + delta))
            touch(post_scope(original_id), COUNTS)


def recount_tries(original_ids):
    """Count the published tries of these posts again, after a bulk delete the session could not see."""
    if original_ids:
        Try = aliased(Post)
        tries = (select(func.count()).select_from(Try).where(Try.replication_of_id == Post.id,
                                                           Try.status == "published").scalar_subquery())
        db.session.execute(update(Post).where(Post.id.in_(original_ids)).values(tried_count=tries)
                           .execution_options(synchronize_session=False,
                                              **moving(COUNTS, *map(post_scope, original_ids))))

track(Comment, lambda comment, changed: {post_scope(comment.post_id if comment else None)})


class CommentRevision(db.Model):
    """A comment's text as it was before its author edited it: kept for moderators, shown to nobody else."""
    __tablename__ = "comment_revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# On its trial's page, and in the evidence summaries' "how far the evidence has come".
track(FollowUp, lambda follow_up, changed: {post_scope(follow_up.post_id if follow_up else None), COUNTS})
track(CommentRevision)  # shown on moderators' pages only, which are never cached
track(HelpfulMark)  # a member's own mark; the count it moves is the post's (see responses.services)
track(SavedPost)  # shown only on its member's own pages, which are not cached
track(PostRead)  # a member's own: marked on lists after the cache (practice.reading), never inside it
track(Tool)  # a tool shows in the lists' filter once a listed post names it, which moves the lists
for _link in (post_phases, post_recommendations, post_question_sets, post_tools):
    track(_link, _post_scopes)  # changed through a post (which moves it) or in bulk (seeding)
