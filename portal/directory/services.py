"""Directory profiles and the directory's reads: who is listed, who may see whom, search, filters and peers."""
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from portal.auth.models import MEMBER_DETAILS, PEOPLE, User, user_phases
from portal.content_cache import EVERYONE, cached
from portal.directory import matching
from portal.directory.models import DIRECTORY, ContactBlock, DirectoryProfile, profile_question_sets, profile_recommendations
from portal.extensions import db
from portal.orgs.models import ORGS, School, Trust
from portal.safeguarding.findings import record_findings
from portal.taxonomy.models import TAXONOMY, Phase, QuestionSet, Recommendation
from portal.timestamps import utcnow

PAGE_SIZE = 20
# The directory's results and peers: listed profiles, the members and their schools, their priorities.
DIRECTORY_PAGES = (DIRECTORY, PEOPLE, MEMBER_DETAILS, ORGS, TAXONOMY)


def profile_for(user):
    """The user's directory profile, or an unsaved new one (profiles are created when first saved)."""
    return db.session.get(DirectoryProfile, user.id) or _new_profile(user)


def _new_profile(user):
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
    record_findings("profile", user.id, profile_texts(profile.happy_to_talk_about))
    db.session.commit()
    return profile


def profile_texts(happy_to_talk_about):
    """The profile's free text other members read, for the safeguarding assist."""
    return {"happy_to_talk_about": (happy_to_talk_about or "").strip()}


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


def _member_profiles():
    """Profiles with each member, school and trust joined in and loaded from the joins; phases in one more query."""
    user = contains_eager(DirectoryProfile.user)
    return (select(DirectoryProfile).join(User, User.id == DirectoryProfile.user_id)
            .outerjoin(School, School.id == User.school_id).outerjoin(Trust, Trust.id == User.trust_id)
            .options(user.contains_eager(User.school), user.contains_eager(User.trust), user.selectinload(User.phases)))


def _priorities():
    """The profile's recommendations (each with its theme, always joined) and question sets."""
    return selectinload(DirectoryProfile.recommendations), selectinload(DirectoryProfile.question_sets)


def filter_taxonomy():
    """The phases and priorities the directory filters by, as plain rows (cached: they change only on a reload)."""
    return cached("directory-filters", _filter_rows, shows=(TAXONOMY,), seen_by=EVERYONE)


def _filter_rows():
    def rows(stmt):
        return [tuple(row) for row in db.session.execute(stmt)]
    return {"phases": rows(select(Phase.id, Phase.name).order_by(Phase.position)),
            "recommendations": rows(select(Recommendation.id, Recommendation.number, Recommendation.title)
                                    .order_by(Recommendation.position)),
            "question_sets": rows(select(QuestionSet.id, QuestionSet.title).order_by(QuestionSet.position))}


def _search_condition(text):
    """The text typed, found in a name, job title, school, trust or what the member is happy to talk about."""
    columns = (User.name, User.job_title, School.name, Trust.name, DirectoryProfile.happy_to_talk_about)
    return or_(*(column.icontains(text, autoescape=True) for column in columns))


def _size_band_condition(band):
    if band == "single":
        return or_(Trust.size_band == "single", and_(User.trust_id.is_(None), User.school_id.is_not(None)))
    return Trust.size_band == band


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
    return _member_profiles().where(visible_to(viewer))


def search_directory(viewer, filters, page=1):
    """A page of listed members the viewer may see, matching the filters, by name."""
    stmt = _listed_members(viewer).where(*_filter_conditions(filters)).order_by(User.name, User.id)
    return db.paginate(stmt, page=page, per_page=PAGE_SIZE, error_out=False)


def visible_profile(viewer, user_id):
    """The listed member's profile if the viewer may open it (the viewer's own always), else None."""
    profiles = _member_profiles() if user_id == viewer.id else _listed_members(viewer)
    return db.session.scalar(profiles.where(DirectoryProfile.user_id == user_id).options(*_priorities()))


def viewer_profile_for_peers(viewer):
    """The viewer's profile (or an unsaved new one) with their school, trust and phases, for ranking peers."""
    # Joined one after the other: joinedload nests the phases join, which SQLite answers by reading
    # every member's phases.
    user, profile = db.session.execute(
        select(User, DirectoryProfile).outerjoin(DirectoryProfile, DirectoryProfile.user_id == User.id)
        .outerjoin(School, School.id == User.school_id).outerjoin(Trust, Trust.id == User.trust_id)
        .outerjoin(user_phases, user_phases.c.user_id == User.id).outerjoin(Phase, Phase.id == user_phases.c.phase_id)
        .where(User.id == viewer.id).order_by(Phase.position)
        .options(contains_eager(User.school), contains_eager(User.trust), contains_eager(User.phases))).unique().one()
    return profile or _new_profile(user)


def ranked_peers(viewer, viewer_profile, other_trusts_only=False):
    """The listed members who best match the viewer (see matching), best first, with their context loaded;
    other_trusts_only leaves out the members of the viewer's own trust."""
    ranked_ids = _best_matching_ids(viewer, viewer_profile, other_trusts_only)
    # The viewer's saved profile comes again with the peers, so its priorities (which the reasons
    # compare) load in the same queries as theirs.
    profiles = db.session.scalars(
        _member_profiles().where(DirectoryProfile.user_id.in_([*ranked_ids, viewer.id])).options(*_priorities())).all()
    by_id = {profile.user_id: profile for profile in profiles}
    return [by_id[user_id] for user_id in ranked_ids]


def _best_matching_ids(viewer, viewer_profile, other_trusts_only):
    candidates = (select(DirectoryProfile.user_id, DirectoryProfile.updated_at)
                  .join(User, User.id == DirectoryProfile.user_id).outerjoin(Trust, Trust.id == User.trust_id)
                  .where(visible_to(viewer), User.id != viewer.id))
    if other_trusts_only and viewer.trust_id is not None:
        candidates = candidates.where(or_(User.trust_id.is_(None), User.trust_id != viewer.trust_id))
    # Points worked out once per member, then kept to MIN_POINTS in a WHERE: a leader's fellow leaders sort
    # first whatever their points, so those short of the minimum cannot be left for after the LIMIT.
    scored = matching.with_points(candidates, viewer_profile).subquery("scored")
    return db.session.scalars(
        select(scored.c.user_id).where(scored.c.points >= matching.MIN_POINTS)
        .order_by(scored.c.ranks_first.desc(), scored.c.points.desc(), scored.c.updated_at.desc(), scored.c.user_id)
        .limit(matching.RESULTS_LIMIT)).all()
