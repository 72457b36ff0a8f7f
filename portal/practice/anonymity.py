"""The description shown instead of an anonymous author's name: general enough to identify no one.

A description names up to three facets of its author, the ones the directory filters members by: role
type, phase and region. Like the rule in official statistics that no published cell counts fewer than a
threshold (k-anonymity), a description must fit at least ANONYMITY_THRESHOLD members, listed in the
directory or not; otherwise it is made coarser (region, then phase, then role left out) until it does.
"""
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from flask import current_app
from sqlalchemy import and_, case, event, func, inspect, select
from sqlalchemy.orm import Session, selectinload

from portal.auth import membership
from portal.auth.models import User, user_phases
# The directory's own role types: a description must use the facets readers can filter members by.
from portal.directory.models import ROLE_TYPES, DirectoryProfile
from portal.extensions import db
from portal.orgs.models import REGIONS
from portal.practice.models import Post

PHASE_WORDS = {"nursery": "nursery", "primary": "primary", "secondary": "secondary", "sixth-form": "sixth form",
               "pupil-referral-unit": "pupil referral unit", "specialist": "special school"}
ROLE_WORDS = {"teacher": "teacher", "support-staff": "teaching assistant", "school-leader": "school leader",
              "trust-leader": "trust leader", "it-data": "member of IT or data staff", "governor": "governor"}
# For members who have not chosen a role type in the directory: the first keyword found in the job title
# names it. Job titles themselves are never shown ("Trust Digital Lead" could identify someone).
ROLE_KEYWORDS = [
    (("governor", "trustee"), "governor"),
    (("ceo", "chief executive", "director", "trust "), "trust-leader"),
    (("headteacher", "head teacher", "principal", "deputy head", "assistant head", "head of"), "school-leader"),
    (("teaching assistant", "learning support", "support staff"), "support-staff"),
    (("network", "data", " it ", " ict ", "technician", "digital"), "it-data"),
    (("senco", "teacher", "lecturer", "tutor"), "teacher"),
]
PHASELESS_ROLES = {"governor", "trust-leader", "it-data"}
FACET_NAMES = ("region", "phase", "role")  # also the order they are left out in


@dataclass(frozen=True)
class Facets:
    """What a description says about its author: a role type, a phase and a region, each may be left out."""
    role: str | None = None
    phase: str | None = None
    region: str | None = None

    def coarser(self):
        """This, then without the region, the phase and the role, in turn (each at most once)."""
        steps = [self, replace(self, region=None), replace(self, region=None, phase=None), Facets()]
        return list(dict.fromkeys(steps))

    def within(self, earlier):
        """Only what this and an earlier description both say: a later change never reveals something new."""
        return Facets(*(mine if mine == theirs else None for mine, theirs in
                        zip((self.role, self.phase, self.region), (earlier.role, earlier.phase, earlier.region))))

    def left_out_of(self, full):
        return [name for name in FACET_NAMES if getattr(full, name) is not None and getattr(self, name) is None]


def describe(facets):
    """E.g. "A primary teacher in the North West"; "A member of staff" when it says nothing."""
    words = f"{PHASE_WORDS.get(facets.phase, '')} {ROLE_WORDS.get(facets.role, 'member of staff')}".strip()
    article = "An" if words[0] in "aeiou" else "A"
    return f"{article} {words}{region_phrase(facets.region)}"


def region_phrase(region):
    name = REGIONS.get(region or "")
    if not name:
        return ""
    return f" in {name}" if name in ("London", "Yorkshire and The Humber") else f" in the {name}"


@cache
def _facets_by_description():
    every = [Facets(role, phase, region) for role in [None, *ROLE_WORDS] for phase in [None, *PHASE_WORDS]
             for region in [None, *REGIONS] if not (phase and role in PHASELESS_ROLES)]
    return {describe(facets): facets for facets in every}


def facets_of(description):
    """What a reader learns from a description, or None for one this module did not write."""
    return _facets_by_description().get(description)


@lru_cache(maxsize=4096)  # counting reads every distinct job title in the portal
def role_type_from_title(job_title):
    title = f" {(job_title or '').casefold()} "
    for keywords, role_type in ROLE_KEYWORDS:
        if any(keyword in title for keyword in keywords):
            return role_type
    return None


def author_facets(author, phases, role_type=None):
    """The author's facets: their directory role type (else one read from the job title), the post's
    first phase (else the author's) and their region."""
    role = role_type if role_type in ROLE_TYPES else role_type_from_title(author.job_title)
    first_phase = (list(phases) or list(author.phases) or [None])[0]
    phase = first_phase.id if first_phase is not None and role not in PHASELESS_ROLES else None
    return Facets(role, phase if phase in PHASE_WORDS else None, author.region if author.region in REGIONS else None)


def _directory_role_type(author):
    if author.id is None:
        return None
    return db.session.scalar(select(DirectoryProfile.role_type).where(DirectoryProfile.user_id == author.id))


def _facet_columns(full):
    """SQL, for each facet the description says: what tells whether a member shares it (as the directory's
    filters would find them). The role comes as the directory role type, or else the job title."""
    columns = {}
    if full.role:
        columns["role"] = DirectoryProfile.role_type
        columns["job_title"] = case((DirectoryProfile.role_type.is_(None), User.job_title))
    if full.phase:
        columns["phase"] = case((user_phases.c.user_id.is_not(None), 1), else_=0)  # joined on this phase only
    if full.region:
        columns["region"] = case((User.region == full.region, 1), else_=0)
    return columns


def count_fitting(full, trust_id=None):
    """How many members fit each coarser description of `full` (a dict by facets), from one grouped count.

    Job titles are read in Python (the same role_type_from_title as the author's), once per distinct title."""
    columns = _facet_columns(full)
    stmt = select(*columns.values(), func.count()).select_from(User).group_by(*columns.values())
    if full.role:
        stmt = stmt.outerjoin(DirectoryProfile, DirectoryProfile.user_id == User.id)
    if full.phase:
        stmt = stmt.outerjoin(user_phases, and_(user_phases.c.user_id == User.id, user_phases.c.phase_id == full.phase))
    if trust_id is not None:  # a trust-only post's readers: the trust's verified members
        stmt = stmt.where(User.trust_id == trust_id, membership.VERIFIED)
    groups = [(_shared_facets(full, dict(zip(columns, row[:-1]))), row[-1]) for row in db.session.execute(stmt)]
    return {candidate: sum(n for shared, n in groups if all(shared[name] for name in FACET_NAMES
                                                             if getattr(candidate, name) is not None))
            for candidate in full.coarser()}


def _shared_facets(full, group):
    role = group.get("role") or role_type_from_title(group.get("job_title"))
    return {"role": full.role is None or role == full.role, "phase": bool(group.get("phase", 1)),
            "region": bool(group.get("region", 1))}


@dataclass(frozen=True)
class Disclosure:
    """The description chosen for an anonymous author, and why anything was left out of it."""
    full: Facets
    shown: Facets
    fitting: int
    threshold: int
    within_trust: bool

    @property
    def description(self):
        return describe(self.shown)

    @property
    def left_out(self):
        return self.shown.left_out_of(self.full)

    @property
    def fits_too_few(self):
        return self.fitting < self.threshold

    def explanation(self):
        """For the author, before they publish: what was left out and why, in a sentence or two."""
        who = "members of your trust" if self.within_trust else "members"
        sentences = []
        if self.left_out:
            names = " and ".join(", ".join(self.left_out).rsplit(", ", 1))
            sentences.append(f"We left out your {names} because fewer than {self.threshold} {who} share "
                             f"{'it' if len(self.left_out) == 1 else 'them'} with you.")
        if self.fits_too_few:
            sentences.append(f"Even so, fewer than {self.threshold} {who} fit this description, so some readers "
                             "may be able to tell it is you.")
        if "phase" in self.left_out:
            sentences.append("The phases you tag the post with are still shown.")
        return " ".join(sentences)


def threshold():
    return current_app.config["ANONYMITY_THRESHOLD"]  # checked at start-up (config.check_threshold)


def choose(full, trust_id=None):
    """The fullest of the coarser facets that fits at least the threshold, counted in one query."""
    counts, k = count_fitting(full, trust_id), threshold()
    shown, fitting = next(((facets, n) for facets, n in counts.items() if n >= k), list(counts.items())[-1])
    return Disclosure(full=full, shown=shown, fitting=fitting, threshold=k, within_trust=trust_id is not None)


def disclose(author, phases, visibility="public", trust_id=None):
    """How an anonymous post by this author will be signed. A trust-only post's readers already know the
    author's trust, so there the description must fit enough members of that trust."""
    full = author_facets(author, phases, _directory_role_type(author))
    return choose(full, trust_id if visibility == "trust" else None)


def recheck_posts_of(author_ids):
    """Run the check again on these authors' anonymous posts after their profile changed: a description
    may only get coarser (keeping what is still true of them), so a change never points back at them."""
    posts = db.session.scalars(select(Post).where(Post.author_id.in_(author_ids), Post.anonymous.is_(True))
                               .options(selectinload(Post.phases), selectinload(Post.author))).all()
    for post in posts:
        earlier = facets_of(post.author_description)
        if earlier is None or post.author is None:
            continue  # not a description this module wrote (e.g. "A former member"): nothing to narrow
        current = author_facets(post.author, post.phases, _directory_role_type(post.author))
        chosen = choose(current.within(earlier), post.trust_id if post.visibility == "trust" else None).shown
        post.author_description, post.region = describe(chosen), chosen.region


PROFILE_FACETS = {User: ("job_title", "region", "phases", "trust_id", "trust", "trust_status"),
                  DirectoryProfile: ("role_type",)}


@event.listens_for(Session, "after_flush")
def _note_changed_authors(session, flush_context):
    """Remember members whose facets changed in this flush, whichever feature changed them."""
    changed = {obj.id if isinstance(obj, User) else obj.user_id for obj in [*session.dirty, *session.new]
               if type(obj) in PROFILE_FACETS and _facets_changed(obj)}
    changed.discard(None)
    if changed:
        session.info.setdefault("anonymity_recheck", set()).update(changed)


def _facets_changed(obj):
    state = inspect(obj)
    if isinstance(obj, User) and state.pending:
        return False  # a new member has no posts yet
    return any(state.attrs[name].history.has_changes() for name in PROFILE_FACETS[type(obj)])


@event.listens_for(Session, "after_flush_postexec")
def _recheck_changed_authors(session, flush_context):
    author_ids = session.info.pop("anonymity_recheck", None)
    if author_ids:
        # The changes are flushed, so the counts see them; what this changes is flushed before commit.
        with session.no_autoflush:
            recheck_posts_of(sorted(author_ids))
