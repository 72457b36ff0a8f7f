"""Labels on posts: Endorsed (with answers to the report's 7 key risk questions) or Experimental."""
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from portal.content_cache import moving
from portal.extensions import db
from portal.moderation import audit
from portal.moderation.models import EndorsementAnswer
from portal.moderation.services import item_link
from portal.notifications.services import notify
from portal.practice.models import post_scope
from portal.taxonomy.services import risk_questions


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
    if label is None:
        audit.record(moderator, "unlabel", "post", post.id)
    else:
        audit.record(moderator, "label", "post", post.id, label=label)
    if label == "endorsed" and not was_endorsed and post.author is not None:
        notify(post.author, "post_endorsed", f'Your post "{post.title}" has been labelled Endorsed by a moderator, '
                                             "after checking it against the 7 key questions to mitigate risks.",
               item_link(post))
    db.session.commit()


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
