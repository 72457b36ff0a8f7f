"""Review: the queue, and moderators' decisions on posts and comments (practice.publication holds them)."""
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.moderation import audit
from portal.moderation.models import Flag, ModerationAction
from portal.moderation.reasons import rejection_guideline_anchor, rejection_reason_label
from portal.moderation.writing_review import writing_with_findings
from portal.notifications.services import notify
from portal.practice.models import Comment, CommentRevision, Post
from portal.practice.publication import go_live
from portal.safeguarding.findings import findings_by_target
from portal.taxonomy.models import Phase, QuestionSet, Recommendation
from portal.timestamps import utcnow

QUEUE_LIMIT = 100

# action: (states it applies to, the state it leaves, the author's notification kind)
DECISIONS = {
    "approve": ({"pending", "published", "rejected"}, "published", "post_approved"),
    "reject": ({"pending", "published", "hidden"}, "rejected", "post_rejected"),
    "hide": ({"pending", "published"}, "hidden", "post_hidden"),
    "restore": ({"hidden"}, "published", "post_restored"),
}


class NotApplicable(Exception):
    """The action does not apply to the item in its current state."""


def target_type_of(item):
    return "post" if isinstance(item, Post) else "comment"


def rejection_for(post):
    """The latest reason a post was sent back, for its author only: reason, note and guideline anchor."""
    row = db.session.scalar(select(ModerationAction).where(
        ModerationAction.target_type == "post", ModerationAction.target_id == post.id,
        ModerationAction.action == "reject").order_by(ModerationAction.id.desc()).limit(1))
    if row is None or post.status != "rejected":
        return None
    return {"reason": rejection_reason_label(row.reason), "note": (row.details or {}).get("note", ""),
            "anchor": rejection_guideline_anchor(row.reason), "at": row.created_at}


# --- Decisions ---------------------------------------------------------------------------------------

def decide(moderator, item, action, reason="", note=""):
    """Approve, reject, hide or restore a post or comment; audit, tell the author, commit.

    Returns what happened, in words for the moderator: approving an item that was already up keeps it.
    """
    allowed_from, new_status, kind = DECISIONS[action]
    if item.status not in allowed_from:
        raise NotApplicable(f"This item is {item.status}, so it cannot be {action}d.")
    kept = action == "approve" and item.status == "published"
    details = {"from": item.status, "to": new_status, **({"note": note} if note else {})}
    apply_status(item, new_status)
    audit.record(moderator, action, target_type_of(item), item.id, reason, **details)
    resolve_flags(item)
    message = _kept_message(item) if kept else _decision_message(item, action, reason, note)
    _tell_author(item, kind, message)
    db.session.commit()
    return "kept" if kept else DONE[action]


DONE = {"approve": "approved", "restore": "restored", "hide": "hidden", "reject": "sent back to its author"}


def apply_status(item, status):
    """Move a post or comment to a status, keeping publication dates and the post's comment count right."""
    if status == "published" and isinstance(item, Post):
        go_live(item)
    else:
        item.status = status
    if isinstance(item, Comment):
        db.session.flush()
        item.post.comment_count = db.session.scalar(select(func.count(Comment.id)).where(
            Comment.post_id == item.post_id, Comment.status == "published"))


def resolve_flags(item):
    """Close the open flags on an item: a moderator has now decided on it."""
    db.session.execute(update(Flag).where(Flag.target_type == target_type_of(item), Flag.target_id == item.id,
                                          Flag.resolved_at.is_(None)).values(resolved_at=utcnow()))


def _decision_message(item, action, reason, note):
    what = f'Your post "{item.title}"' if isinstance(item, Post) else f'Your comment on "{item.post.title}"'
    if action == "approve":
        return f"{what} has been approved and can now be seen by others."
    if action == "restore":
        return f"{what} has been restored and can be seen again."
    if action == "hide":
        return f"{what} has been hidden by a moderator" + (f": {rejection_reason_label(reason)}." if reason else ".")
    message = f"{what} was sent back: {rejection_reason_label(reason)}."
    message += f" The moderator adds: {note}" if note else ""
    return message + " You can edit it and submit it again."


def _kept_message(item):
    """A reported item a moderator left up: the author hears that nothing changed, not that it was "approved"."""
    what = f'your post "{item.title}"' if isinstance(item, Post) else f'your comment on "{item.post.title}"'
    return (f"Someone reported {what} to the moderators. A moderator has read it and kept it as it is: "
            "it stays up, and there is nothing you need to do.")


def item_link(item):
    """The stored link in a notification: a site path, built without a request (actions also run from the CLI)."""
    if isinstance(item, Post):
        return f"/practice/{item.id}"
    return f"/practice/{item.post_id}#comment-{item.id}"


def _tell_author(item, kind, message):
    if item.author is not None:
        notify(item.author, kind, message, item_link(item))


def edit_tags(moderator, post, phase_ids, recommendation_ids, question_set_ids):
    """Replace a post's phases, recommendations and question sets; audit the change."""
    before = _tag_ids(post)
    post.phases = db.session.scalars(select(Phase).where(Phase.id.in_(phase_ids))).all()
    post.recommendations = db.session.scalars(select(Recommendation).where(
        Recommendation.id.in_(recommendation_ids))).all()
    post.question_sets = db.session.scalars(select(QuestionSet).where(QuestionSet.id.in_(question_set_ids))).all()
    audit.record(moderator, "edit_tags", "post", post.id, before=before, after=_tag_ids(post))
    db.session.commit()


def _tag_ids(post):
    return {"phases": [p.id for p in post.phases], "recommendations": [r.id for r in post.recommendations],
            "question_sets": [q.id for q in post.question_sets]}


# --- The queue ---------------------------------------------------------------------------------------

@dataclass
class FlaggedItem:
    target_type: str
    item: object
    reasons: Counter
    notes: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.reasons.values())


@dataclass
class ReviewQueue:
    held_posts: list
    held_comments: list
    flagged: list
    findings: dict
    other_writing: list = field(default_factory=list)

    def findings_for(self, target_type, item):
        return self.findings.get((target_type, item.id), [])

    @property
    def is_empty(self):
        return not (self.held_posts or self.held_comments or self.flagged or self.other_writing)


def review_queue():
    """Held posts and comments, flagged items with their reasons and counts, and held items' findings."""
    held_posts = db.session.scalars(select(Post).options(selectinload(Post.author)).where(Post.status == "pending")
                                    .order_by(Post.updated_at, Post.id).limit(QUEUE_LIMIT)).all()
    held_comments = db.session.scalars(
        select(Comment).options(selectinload(Comment.author), selectinload(Comment.post))
        .where(Comment.status == "pending").order_by(Comment.created_at, Comment.id).limit(QUEUE_LIMIT)).all()
    flagged = _flagged_items()
    return ReviewQueue(held_posts, held_comments, flagged, _findings_for(held_posts, held_comments, flagged),
                       writing_with_findings(QUEUE_LIMIT))


def _flagged_items():
    flags = db.session.scalars(select(Flag).where(Flag.resolved_at.is_(None)).order_by(Flag.created_at)).all()
    post_ids = {f.target_id for f in flags if f.target_type == "post"}
    comment_ids = {f.target_id for f in flags if f.target_type == "comment"}
    items = {("post", p.id): p for p in db.session.scalars(
        select(Post).options(selectinload(Post.author)).where(Post.id.in_(post_ids)))}
    items.update({("comment", c.id): c for c in db.session.scalars(
        select(Comment).options(selectinload(Comment.author), selectinload(Comment.post))
        .where(Comment.id.in_(comment_ids)))})
    grouped = {}
    for flag in flags:
        item = items.get((flag.target_type, flag.target_id))
        if item is None:
            continue
        entry = grouped.setdefault((flag.target_type, flag.target_id), FlaggedItem(flag.target_type, item, Counter()))
        entry.reasons[flag.reason] += 1
        if flag.details:
            entry.notes.append(flag.details)
    return sorted(grouped.values(), key=lambda entry: -entry.total)[:QUEUE_LIMIT]


def _findings_for(held_posts, held_comments, flagged):
    keys = {("post", p.id) for p in held_posts} | {("comment", c.id) for c in held_comments}
    keys |= {(entry.target_type, entry.item.id) for entry in flagged}
    return findings_by_target(keys)


def open_flags_on(target_type, target_id):
    return db.session.scalars(select(Flag).where(Flag.target_type == target_type, Flag.target_id == target_id,
                                                 Flag.resolved_at.is_(None)).order_by(Flag.created_at)).all()


def post_for_review(post_id):
    return db.session.scalar(select(Post).options(
        selectinload(Post.author), selectinload(Post.phases), selectinload(Post.recommendations),
        selectinload(Post.question_sets)).where(Post.id == post_id))


def revisions_of(comment):
    """The comment's earlier texts, newest first, for moderators only."""
    return db.session.scalars(select(CommentRevision).where(CommentRevision.comment_id == comment.id)
                              .order_by(CommentRevision.replaced_at.desc(), CommentRevision.id.desc())).all()


def comment_for_review(comment_id):
    return db.session.scalar(select(Comment).options(selectinload(Comment.author), selectinload(Comment.post))
                             .where(Comment.id == comment_id))
