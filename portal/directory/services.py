"""Directory profiles and the directory's reads: who is listed, who may see whom, search and filters."""
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from portal.auth.models import User, user_phases
from portal.directory.models import ContactBlock, DirectoryProfile, profile_question_sets, profile_recommendations
from portal.extensions import db
from portal.orgs.models import SIZE_BANDS, School, Trust
from portal.practice.models import Post
from portal.practice.visibility import listed_for
from portal.taxonomy.models import QuestionSet, Recommendation
from portal.timestamps import utcnow

PAGE_SIZE = 20
MEMBER_POSTS_LIMIT = 20


def profile_for(user):
    """The user's directory profile, or an unsaved new one (profiles are created when first saved)."""
    profile = db.session.get(DirectoryProfile, user.id)
    if profile is not None:
        return profile
    return DirectoryProfile(user=user, listed=False, open_to_contact=True, happy_to_talk_about="",
                            setting=suggested_setting(user.school), locality=suggested_locality(user.school))


def suggested_setting(school):
    """A first guess at the setting from the register's establishment type (the member confirms it)."""
    kind = (school.establishment_type if school else "").lower()
    for words, setting in (("special", "special"), ("pupil referral", "alternative-provision"),
                           ("alternative provision", "alternative-provision"), ("independent", "independent")):
        if words in kind:
            return setting
    return "mainstream" if kind else None


def suggested_locality(school):
    """Urban or rural from the register's classification, when the school has one."""
    classification = (school.urban_rural if school else "").lower()
    return "rural" if "rural" in classification else ("urban" if "urban" in classification else None)


def save_profile(user, form):
    """Save the user's directory profile from a valid form."""
    profile = db.session.get(DirectoryProfile, user.id) or DirectoryProfile(user_id=user.id)
    profile.role_type = form.role_type.data
    profile.setting = form.setting.data
    profile.locality = form.locality.data or None
    profile.disadvantage_band = form.disadvantage_band.data or None
    profile.happy_to_talk_about = (form.happy_to_talk_about.data or "").strip()
    profile.listed = bool(form.listed.data)
    profile.open_to_contact = bool(form.open_to_contact.data)
    profile.recommendations = db.session.scalars(
        select(Recommendation).where(Recommendation.id.in_(form.recommendations.data or []))).all()
    profile.question_sets = db.session.scalars(
        select(QuestionSet).where(QuestionSet.id.in_(form.question_sets.data or []))).all()
    db.session.add(profile)
    db.session.commit()
    return profile


def _active_user():
    """SQL condition: the account is not suspended (suspended members drop out of the directory)."""
    return or_(User.suspended_at.is_(None),
               and_(User.suspended_until.is_not(None), User.suspended_until <= utcnow()))


def not_blocked_with(viewer):
    """SQL condition: neither the viewer nor the member has blocked the other."""
    blocked_by_viewer = select(ContactBlock.blocked_id).where(ContactBlock.blocker_id == viewer.id)
    blocking_viewer = select(ContactBlock.blocker_id).where(ContactBlock.blocked_id == viewer.id)
    return and_(User.id.not_in(blocked_by_viewer), User.id.not_in(blocking_viewer))


def visible_to(viewer):
    """SQL condition on DirectoryProfile joined to User: members this viewer may find in the directory."""
    return and_(DirectoryProfile.listed.is_(True), _active_user(), not_blocked_with(viewer))


def _with_context():
    """Eager loads for showing a member's context, so lists run a fixed number of queries."""
    user = selectinload(DirectoryProfile.user)
    return (user.selectinload(User.school), user.selectinload(User.trust), user.selectinload(User.phases),
            selectinload(DirectoryProfile.recommendations).selectinload(Recommendation.theme),
            selectinload(DirectoryProfile.question_sets))


def _escaped_like(text):
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search_condition(text):
    like = _escaped_like(text)
    columns = (User.name, School.name, Trust.name, DirectoryProfile.happy_to_talk_about)
    return or_(*(func.lower(column).like(like, escape="\\") for column in columns))


def _size_band_condition(band):
    if band == "single":
        return or_(Trust.size_band == "single", and_(User.trust_id.is_(None), User.school_id.is_not(None)))
    return Trust.size_band == band


def nearby_size_bands(band):
    """The band itself and the bands either side of it, which the peer ranking also scores."""
    bands = list(SIZE_BANDS)
    position = bands.index(band)
    return bands[max(position - 1, 0):position + 2]


def _priority_condition(priority):
    kind, _, key = priority.partition(":")
    table, column = ((profile_recommendations, "recommendation_id") if kind == "r"
                     else (profile_question_sets, "question_set_id"))
    return exists().where(table.c.user_id == DirectoryProfile.user_id, table.c[column] == key)


def _filter_conditions(filters):
    conditions = []
    if filters.get("q"):
        conditions.append(_search_condition(filters["q"]))
    if filters.get("phase"):
        conditions.append(exists().where(user_phases.c.user_id == User.id, user_phases.c.phase_id == filters["phase"]))
    for name, column in (("region", User.region), ("role_type", DirectoryProfile.role_type),
                         ("setting", DirectoryProfile.setting)):
        if filters.get(name):
            conditions.append(column == filters[name])
    if filters.get("size_band"):
        conditions.append(_size_band_condition(filters["size_band"]))
    if filters.get("priority"):
        conditions.append(_priority_condition(filters["priority"]))
    return conditions


def _listed_members(viewer):
    return (select(DirectoryProfile).join(User, User.id == DirectoryProfile.user_id)
            .outerjoin(School, School.id == User.school_id).outerjoin(Trust, Trust.id == User.trust_id)
            .where(visible_to(viewer)))


def search_directory(viewer, filters, page=1):
    """A page of listed members the viewer may see, matching the filters, by name."""
    stmt = (_listed_members(viewer).where(*_filter_conditions(filters)).options(*_with_context())
            .order_by(User.name, User.id))
    return db.paginate(stmt, page=page, per_page=PAGE_SIZE, error_out=False)


def visible_profile(viewer, user_id):
    """The listed member's profile if the viewer may open it (the viewer's own always), else None."""
    if user_id == viewer.id:
        return db.session.scalar(select(DirectoryProfile).where(DirectoryProfile.user_id == user_id)
                                 .options(*_with_context()))
    return db.session.scalar(_listed_members(viewer).where(DirectoryProfile.user_id == user_id)
                             .options(*_with_context()))


def named_posts_by(member, viewer):
    """The member's published posts the viewer may see, never the anonymous ones."""
    return db.session.scalars(
        select(Post).where(Post.author_id == member.id, Post.anonymous.is_(False), listed_for(viewer))
        .order_by(Post.published_at.desc(), Post.id.desc()).limit(MEMBER_POSTS_LIMIT)).all()


def peer_candidates(viewer, profile, limit):
    """Listed members other than the viewer who share at least one thing the ranking scores."""
    shared = [User.region == viewer.region] if viewer.region else []
    phase_ids = [p.id for p in viewer.phases]
    if phase_ids:
        shared.append(exists().where(user_phases.c.user_id == User.id, user_phases.c.phase_id.in_(phase_ids)))
    if profile.setting:
        shared.append(DirectoryProfile.setting == profile.setting)
    if profile.size_band:
        shared.extend(_size_band_condition(band) for band in nearby_size_bands(profile.size_band))
    shared.extend(_shared_priority_conditions(profile))
    if not shared:
        return []
    stmt = (_listed_members(viewer).where(User.id != viewer.id, or_(*shared)).options(*_with_context())
            .order_by(DirectoryProfile.updated_at.desc(), User.id).limit(limit))
    return db.session.scalars(stmt).all()


def _shared_priority_conditions(profile):
    conditions = []
    if profile.recommendations:
        conditions.append(_priority_exists(profile_recommendations, "recommendation_id",
                                           [r.id for r in profile.recommendations]))
    if profile.question_sets:
        conditions.append(_priority_exists(profile_question_sets, "question_set_id",
                                           [q.id for q in profile.question_sets]))
    return conditions


def _priority_exists(table, column, ids):
    return exists().where(table.c.user_id == DirectoryProfile.user_id, table.c[column].in_(ids))


def viewer_profile_with_context(viewer):
    """The viewer's own profile with its priorities loaded, for ranking peers."""
    profile = db.session.scalar(select(DirectoryProfile).where(DirectoryProfile.user_id == viewer.id)
                                .options(*_with_context()))
    return profile if profile is not None else profile_for(viewer)
