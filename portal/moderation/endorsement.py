"""Labels on posts: Endorsed (with answers to the report's 7 key risk questions) or Experimental.

An endorsement is kept fresh: it records when and by whom the post was (re-)reviewed, and lapses into
"due for review" ENDORSEMENT_REVIEW_MONTHS later, computed whenever it is read, until a moderator answers
the 7 questions again.
"""
import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.orm import selectinload

from portal.auth.models import User
from portal.content_cache import moving
from portal.extensions import db
from portal.local_time import start_of_uk_day, uk_time, uk_today
from portal.moderation import audit
from portal.moderation.models import EndorsementAnswer
from portal.moderation.services import item_link
from portal.notifications.services import notify
from portal.practice.models import Post, post_scope
from portal.taxonomy.services import risk_questions
from portal.timestamps import utcnow

MODERATION_TEAM = "the moderation team"
DUE_FOR_REVIEW_PATH = "/moderation/due-for-review"  # a site path: notifications are also made from the CLI


class MissingAnswers(Exception):
    """Endorsing needs an answer to every key risk question."""

    def __init__(self, question_ids):
        super().__init__("Answer every key risk question before endorsing.")
        self.question_ids = question_ids


def set_label(moderator, post, label, answers=None):
    """Label a post endorsed or experimental, or remove its label ("" or None); audit and commit.

    answers maps each risk question id to the moderator's answer; required for "endorsed".
    """
    label = label or None
    answers = {qid: (text or "").strip() for qid, text in (answers or {}).items()}
    if label == "endorsed":
        missing = [q.id for q in risk_questions() if not answers.get(q.id)]
        if missing:
            raise MissingAnswers(missing)
    was_endorsed = post.label == "endorsed"
    _replace_answers(moderator, post, answers if label == "endorsed" else {})
    post.label = label
    _record_review(moderator, post, label)
    if label is None:
        audit.record(moderator, "unlabel", "post", post.id)
    elif label == "endorsed" and was_endorsed:
        audit.record(moderator, "label", "post", post.id, label=label, re_review=True)
    else:
        audit.record(moderator, "label", "post", post.id, label=label)
    if label == "endorsed" and not was_endorsed and post.author is not None:
        notify(post.author, "post_endorsed", f'Your post "{post.title}" has been labelled Endorsed by a moderator, '
                                             "after checking it against the 7 key questions to mitigate risks.",
               item_link(post))
    db.session.commit()


def _record_review(moderator, post, label):
    """Endorsing, again or for the first time, dates the review and names its moderator; any other label clears it."""
    endorsed = label == "endorsed"
    post.endorsed_at = utcnow() if endorsed else None
    post.endorsed_by_id = moderator.id if endorsed else None
    post.endorsement_lapse_notified_at = None


def _replace_answers(moderator, post, answers):
    db.session.execute(delete(EndorsementAnswer).where(EndorsementAnswer.post_id == post.id),
                       execution_options=moving(post_scope(post.id)))
    db.session.add_all(EndorsementAnswer(post_id=post.id, risk_question_id=qid, moderator_id=moderator.id,
                                         answer=text) for qid, text in sorted(answers.items()))


def endorsement_checklist(post):
    """The recorded answers for an endorsed post, in the report's question order (empty otherwise)."""
    if post.label != "endorsed":
        return []
    return db.session.scalars(
        select(EndorsementAnswer).options(selectinload(EndorsementAnswer.question),
                                          selectinload(EndorsementAnswer.moderator))
        .where(EndorsementAnswer.post_id == post.id).order_by(EndorsementAnswer.risk_question_id)).all()


def current_answers(post):
    """{question id: answer} already recorded, to pre-fill the form."""
    return {a.risk_question_id: a.answer for a in db.session.scalars(
        select(EndorsementAnswer).where(EndorsementAnswer.post_id == post.id))}


# --- Freshness -----------------------------------------------------------------------------------------

def add_months(day, months):
    """The same day of the month `months` later (or earlier), the month's last day where it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def lapse_cutoff():
    """Endorsements reviewed before this UTC moment are due for review: those of a UK day at least
    ENDORSEMENT_REVIEW_MONTHS before today. Whole days, so a page cached for the day stays right all day."""
    last_fresh_day = add_months(uk_today(), -current_app.config["ENDORSEMENT_REVIEW_MONTHS"])
    return start_of_uk_day(last_fresh_day + timedelta(days=1))


def is_due_for_review(post):
    return post.label == "endorsed" and post.endorsed_at is not None and post.endorsed_at < lapse_cutoff()


@dataclass(frozen=True)
class Freshness:
    """What readers are told of an endorsement: "Endorsed in March 2026 by ...", or that it is due for review."""
    endorsed_at: datetime
    reviewer: str
    due: bool

    @property
    def month(self):
        return f"{uk_time(self.endorsed_at):%B %Y}"


def endorsement_freshness(post):
    """The post's endorsement as readers see it, or None when it is not endorsed (or has no recorded review)."""
    if post.label != "endorsed" or post.endorsed_at is None:
        return None
    return Freshness(post.endorsed_at, reviewer_name(post), is_due_for_review(post))


def reviewer_name(post):
    """The reviewing moderator's name if they chose to show it, else the team's. Never on an anonymous post
    its own author reviewed: their name there would say who wrote it."""
    moderator = post.endorsed_by
    if moderator is None or not moderator.named_on_endorsements:
        return MODERATION_TEAM
    if post.anonymous and post.endorsed_by_id == post.author_id:
        return MODERATION_TEAM
    return moderator.name


def name_on_endorsements(moderator, named):
    """Show the moderator's name (named) or the moderation team's on the posts they endorse; commit."""
    moderator.named_on_endorsements = named
    db.session.commit()


def _lapsed():
    return (Post.label == "endorsed", Post.endorsed_at < lapse_cutoff())


def due_for_review(page):
    """Lapsed endorsements, the longest lapsed first, a page at a time, with their reviewing moderators."""
    stmt = (select(Post).options(selectinload(Post.endorsed_by)).where(*_lapsed())
            .order_by(Post.endorsed_at, Post.id))
    return db.paginate(stmt, page=page, per_page=current_app.config["DUE_FOR_REVIEW_PAGE_SIZE"], error_out=False)


def notify_lapsed_endorsements():
    """Tell every moderator, once, of the endorsements that lapsed since they were last told; commit.

    Returns how many lapsed. Each lapse is marked when told, so running this again tells nobody twice
    (until a re-review starts the endorsement's clock again)."""
    lapsed = db.session.scalars(select(Post.id).where(*_lapsed(), Post.endorsement_lapse_notified_at.is_(None))
                                .order_by(Post.endorsed_at, Post.id).with_for_update()).all()
    if not lapsed:
        return 0
    # The post's own "updated" time stays: nothing its author or readers see has changed.
    db.session.execute(update(Post).where(Post.id.in_(lapsed))
                       .values(endorsement_lapse_notified_at=utcnow(), updated_at=Post.updated_at),
                       execution_options=moving())
    message = (f"{len(lapsed)} endorsement{' is' if len(lapsed) == 1 else 's are'} due for review: answer the 7 key "
               "questions to mitigate risks again, or change the label.")
    for moderator in db.session.scalars(select(User).where(User.role.in_(("moderator", "admin")))):
        if not moderator.is_suspended:
            notify(moderator, "endorsement_due", message, DUE_FOR_REVIEW_PATH)
    db.session.commit()
    return len(lapsed)
