"""The directory walk: no combination of the directory's filters narrows an anonymous description below the threshold.

A reader who sees "A primary teacher in the North West" can set the directory's role, phase and region filters to
what it says. Every such combination must leave at least ANONYMITY_THRESHOLD members (listed or not) it fits, in the
demo and in a generated portal of 10,000 members. Members are counted here in Python, independently of the SQL in
portal/practice/anonymity.py, and the directory's own results are checked to be among them.
"""
import itertools
import random
from collections import Counter

from sqlalchemy import insert, select

from portal.auth.models import User, user_phases
from portal.demo import seed_demo
from portal.directory.models import DirectoryProfile, ROLE_TYPES
from portal.directory.services import search_directory
from portal.extensions import db
from portal.orgs.models import REGIONS, Trust
from portal.practice.anonymity import Facets, PHASE_WORDS, facets_of, role_type_from_title
from portal.practice.models import Post
from portal.practice.services import stamp_author_context
from portal.timestamps import utcnow
from tests.factories import _hashed, make_user, phases

FILTERS = ("role_type", "phase", "region")


def member_contexts(trust_id=None):
    """Each member's (role type, phases, region) as a reader of the directory would see them."""
    roles = dict(db.session.execute(select(DirectoryProfile.user_id, DirectoryProfile.role_type)).all())
    member_phases = {}
    for user_id, phase_id in db.session.execute(select(user_phases.c.user_id, user_phases.c.phase_id)):
        member_phases.setdefault(user_id, set()).add(phase_id)
    users = select(User).execution_options(populate_existing=True)
    # A trust-only post's readers are the trust's verified members: only they know the trust.
    return {user.id: (roles.get(user.id) or role_type_from_title(user.job_title), member_phases.get(user.id, set()),
                      user.region)
            for user in db.session.scalars(users) if trust_id is None or user.verified_trust_id == trust_id}


def fitting_counts(contexts):
    """How many members each (role type, phase, region) combination of filters finds, None meaning "any"."""
    counts = Counter()
    for role, member_phases, region in contexts.values():
        for combination in itertools.product((None, role), (None, *member_phases), (None, region)):
            counts[combination] += 1
    return counts


def combinations_within(facets):
    """Every combination of the directory's filters set only to what the description says."""
    said = (facets.role, facets.phase, facets.region)
    return {tuple(value if keep else None for value, keep in zip(said, mask))
            for mask in itertools.product((False, True), repeat=3)}


def walk(app, posts, viewer):
    """Assert no filter combination leaves fewer than the threshold; return how many combinations were walked."""
    threshold, walked = app.config["ANONYMITY_THRESHOLD"], 0
    counts_by_scope = {}
    problems = []
    for post in posts:
        facets = facets_of(post.author_description)
        assert facets is not None, post.author_description
        scope = post.trust_id if post.visibility == "trust" else None
        if scope not in counts_by_scope:
            counts_by_scope[scope] = fitting_counts(member_contexts(scope))
        for combination in combinations_within(facets):
            walked += 1
            if counts_by_scope[scope][combination] < threshold:
                problems.append(f"{post.author_description!r} ({post.visibility}): {combination} fits "
                                f"{counts_by_scope[scope][combination]}")
            if scope is None:
                _directory_agrees(viewer, combination, counts_by_scope[None][combination])
    assert not problems, "\n".join(problems)
    return walked


def _directory_agrees(viewer, combination, fitting):
    """The directory's own filters find only members this walk counts: the facets mean the same to both."""
    filters = {name: value for name, value in zip(FILTERS, combination) if value}
    assert search_directory(viewer, filters).total <= fitting, filters


def anonymous_posts():
    return db.session.scalars(select(Post).where(Post.anonymous.is_(True), Post.status == "published")).all()


def test_no_directory_filter_narrows_a_demo_description_below_the_threshold(app):
    seed_demo()
    posts = anonymous_posts()
    assert len(posts) >= 3 and any(p.visibility == "trust" for p in posts)
    assert walk(app, posts, make_user(role="admin")) >= 3


def test_no_directory_filter_narrows_a_description_below_the_threshold_among_10000_members(app):
    rng = random.Random(13)
    trusts = bulk_portal(rng, members=10_000)
    authors = db.session.scalars(select(User).order_by(User.id).limit(10_000)).all()
    # Everyone in the rarest contexts, and a spread of the rest.
    rare = [u for u in authors if u.region == "north-east" and u.job_title == "Head of Nursery"]
    chosen = rare + rng.sample(authors, 40)
    for author in chosen:
        post = Post(kind="failure", title="A lesson that flopped", author=author, anonymous=True, status="published",
                    visibility=rng.choice(["public", "members", "trust"]) if author.trust_id else "public",
                    phases=list(author.phases[:1]))
        stamp_author_context(post, author)
        db.session.add(post)
    db.session.commit()
    posts = anonymous_posts()
    assert len(posts) == len(chosen) and rare and any(p.trust_id and p.visibility == "trust" for p in posts)
    descriptions = Counter(post.author_description for post in posts)
    assert any(" in " in description for description in descriptions), descriptions  # not all made coarse
    assert walk(app, posts, make_user(role="admin")) >= len(posts)
    assert trusts


JOB_TITLES = [("Class Teacher", 30), ("Year 3 Teacher", 10), ("Teaching Assistant", 12), ("Headteacher", 6),
              ("Deputy Headteacher", 5), ("Trust CEO", 1), ("Data Manager", 3), ("Governor", 3), ("Bursar", 2),
              ("Nursery Manager", 1), ("", 2)]
RARE = {"job_title": "Head of Nursery", "region": "north-east"}  # a school leader with almost no one like them
REGION_WEIGHTS = {"north-east": 1, "london": 12, "south-east": 10, "north-west": 9, "yorkshire-and-the-humber": 7,
                  "east-midlands": 6, "west-midlands": 7, "east-of-england": 8, "south-west": 6}


def bulk_portal(rng, members):
    """Members with skewed contexts (some very rare), written with bulk inserts; about half have a profile."""
    trusts = [Trust(name=f"Walk Trust {n}", size_band="6-10") for n in range(40)]
    db.session.add_all(trusts)
    db.session.flush()
    trust_ids = [t.id for t in trusts] + [None] * 10
    titles, title_weights = zip(*JOB_TITLES)
    regions, region_weights = zip(*REGION_WEIGHTS.items())
    password = _hashed("walk-password-not-used")
    users = [{"email": f"walker{n}@walk.example", "name": f"Walker {n}", "password_hash": password,
              "job_title": rng.choices(titles, title_weights)[0], "region": rng.choices(regions, region_weights)[0],
              "trust_id": rng.choice(trust_ids), "session_token": f"walk-token-{n}", "role": "member",
              "email_verified_at": utcnow(), "trust_status": rng.choice(["verified", "verified", "pending"])}
             for n in range(members)]
    for user in users[-3:]:
        user.update(RARE)
    db.session.execute(insert(User), users)
    ids = db.session.scalars(select(User.id).where(User.email.like("walker%")).order_by(User.id)).all()
    phase_ids = list(PHASE_WORDS)
    db.session.execute(insert(user_phases), [
        {"user_id": user_id, "phase_id": phase_id} for user_id in ids
        for phase_id in rng.sample(phase_ids, rng.choice([0, 1, 1, 1, 2]))])
    # Most say in the directory what their job title says; some choose another role type.
    db.session.execute(insert(DirectoryProfile), [
        {"user_id": user_id, "role_type": rng.choice(list(ROLE_TYPES)) if rng.random() < 0.1
         else role_type_from_title(user["job_title"]) or "support-staff",
         "listed": rng.random() < 0.7, "open_to_contact": True, "happy_to_talk_about": ""}
        for user_id, user in zip(ids, users) if rng.random() < 0.5])
    db.session.commit()
    db.session.expire_all()
    return trusts


def test_the_walk_finds_a_description_that_fits_too_few(app):
    """The walk is only worth something if it fails for a description that says too much."""
    author = make_user(job_title="Teacher", region="north-east", phase_ids=("nursery",))
    post = Post(kind="failure", title="Too telling", author=author, anonymous=True, status="published",
                visibility="public", author_description="A nursery teacher in the North East", phases=phases())
    db.session.add(post)
    db.session.commit()
    try:
        walk(app, [post], author)
    except AssertionError as failure:
        assert "fits 1" in str(failure)
    else:
        raise AssertionError("the walk let a description of one member through")
    assert Facets("teacher", "nursery", "north-east") == facets_of(post.author_description)
    assert REGIONS["north-east"] in post.author_description
