"""Following a recommendation, a question set, a phase or a member, for the weekly digest."""
from flask import url_for
from sqlalchemy.exc import IntegrityError

from portal.auth.models import User
from portal.directory.services import visible_profile
from portal.extensions import db
from portal.mail.models import FOLLOW_TARGETS, Follow
from portal.params import whole_number
from portal.taxonomy.models import Phase, QuestionSet, Recommendation

MODELS = {"recommendation": Recommendation, "question_set": QuestionSet, "phase": Phase, "member": User}


class UnknownTarget(Exception):
    """Nothing of that type with that id can be followed."""


def find_target(target_type, target_id, follower=None):
    """The thing to follow, or raise UnknownTarget (members cannot follow themselves)."""
    model = MODELS.get(target_type)
    if model is None:
        raise UnknownTarget()
    key = target_id
    if target_type == "member":
        key = whole_number(target_id)
        if key is None or (follower is not None and key == follower.id):
            raise UnknownTarget()
    target = db.session.get(model, key)
    if target is None or (target_type == "member" and not _may_follow_member(follower, target)):
        raise UnknownTarget()
    return target


def _may_follow_member(follower, member):
    # Only members listed in the directory for this follower (or already followed, to let go of them):
    # otherwise the "You are following ..." answer would name anyone by id, unlisted members too.
    if member.is_suspended:
        return False
    return follower is None or visible_profile(follower, member.id) is not None or \
        _existing(follower, "member", member.id) is not None


def label_for(target_type, target):
    if target_type == "recommendation":
        return f"{target.label}: {target.title}"
    if target_type == "member":
        return target.name
    return target.name if target_type == "phase" else target.title


def url_for_target(target_type, target):
    if target_type == "recommendation":
        return url_for("evidence.recommendation", rec_id=target.id)
    if target_type == "question_set":
        return url_for("evidence.question_set", set_id=target.id)
    if target_type == "phase":
        return url_for("evidence.phase", phase_id=target.id)
    return url_for("mail.follows")


def _existing(user, target_type, target_id):
    return db.session.scalar(db.select(Follow).where(
        Follow.user_id == user.id, Follow.target_type == target_type, Follow.target_id == str(target_id)))


def follow(user, target_type, target_id):
    """Follow the target (doing nothing if already followed); raise UnknownTarget if there is none."""
    target = find_target(target_type, target_id, follower=user)
    if _existing(user, target_type, target_id) is None:
        db.session.add(Follow(user_id=user.id, target_type=target_type, target_id=str(target_id)))
        try:
            db.session.commit()
        except IntegrityError:  # a double click raced us to it: the follow exists, which is what was asked
            db.session.rollback()
    return target


def unfollow(user, target_type, target_id):
    target = find_target(target_type, target_id, follower=user)
    existing = _existing(user, target_type, target_id)
    if existing is not None:
        db.session.delete(existing)
        db.session.commit()
    return target


def followed_ids(user, target_type):
    """The ids of one type of thing the member follows, as strings (one query, for pages of buttons)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(db.session.scalars(db.select(Follow.target_id).where(
        Follow.user_id == user.id, Follow.target_type == target_type)))


def follows_for(user):
    """The member's follows as (type, target) pairs, in a fixed number of queries whatever their number."""
    rows = db.session.scalars(db.select(Follow).where(Follow.user_id == user.id).order_by(Follow.created_at)).all()
    targets = {}
    for target_type in FOLLOW_TARGETS:
        ids = [int(r.target_id) if target_type == "member" else r.target_id
               for r in rows if r.target_type == target_type]
        if ids:
            model = MODELS[target_type]
            query = db.select(model).where(model.id.in_(ids))
            targets[target_type] = {str(t.id): t for t in db.session.scalars(query)}
    return [(r.target_type, targets[r.target_type][r.target_id]) for r in rows
            if r.target_id in targets.get(r.target_type, {})]
