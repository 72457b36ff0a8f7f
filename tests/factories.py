"""Test data builders: plain functions with keyword traits."""
import itertools
from functools import lru_cache

from portal.auth.models import User
from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.orgs.models import School, Trust
from portal.taxonomy.models import Phase
from portal.timestamps import utcnow

DEFAULT_PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)


@lru_cache(maxsize=8)
def _hashed(password):
    return hash_password(password)


def phases(*ids):
    return db.session.scalars(db.select(Phase).where(Phase.id.in_(ids))).all()


def make_trust(name=None, size_band="2-5", **fields):
    trust = Trust(name=name or f"Test Trust {next(_sequence)}", size_band=size_band, **fields)
    db.session.add(trust)
    db.session.commit()
    return trust


def make_school(name=None, trust=None, region="north-west", phase_ids=("primary",), **fields):
    school = School(name=name or f"Test School {next(_sequence)}", trust=trust, region=region,
                    phases=phases(*phase_ids), **fields)
    db.session.add(school)
    db.session.commit()
    return school


def make_user(role="member", name=None, email=None, password=DEFAULT_PASSWORD, school=None, trust=None,
              region="north-west", phase_ids=("primary",), job_title="Teacher", verified=True, **fields):
    n = next(_sequence)
    user = User(name=name or f"Test Person {n}", email=email or f"person{n}@school.example", role=role,
                password_hash=_hashed(password), school=school, trust=trust or (school.trust if school else None),
                region=region, phases=phases(*phase_ids), job_title=job_title,
                email_verified_at=utcnow() if verified else None, **fields)
    db.session.add(user)
    db.session.commit()
    return user


def make_post(author=None, kind="case_study", title=None, body="What we tried, and what happened.", status="published",
              visibility="public", anonymous=False, phase_ids=("primary",), recommendation_ids=("r17",), **fields):
    """A post written directly to the database (the practice services render Markdown on real saves)."""
    from portal.markup import plain_text, render_markdown
    from portal.practice.models import Post
    from portal.taxonomy.models import Recommendation
    author = author or make_user()
    post = Post(kind=kind, title=title or f"Test post {next(_sequence)}", body=body, body_html=str(render_markdown(body)),
                summary=plain_text(body, 300), author=author, anonymous=anonymous,
                author_description=fields.pop("author_description", "A primary teacher in the North West"),
                region=author.region, visibility=visibility, trust_id=author.trust_id, status=status,
                published_at=utcnow() if status == "published" else None, phases=phases(*phase_ids),
                recommendations=db.session.scalars(db.select(Recommendation).where(
                    Recommendation.id.in_(recommendation_ids))).all(), **fields)
    db.session.add(post)
    db.session.commit()
    return post


def make_directory_profile(user=None, listed=True, open_to_contact=True, role_type="teacher", setting="mainstream",
                           recommendation_ids=(), question_set_ids=(), happy_to_talk_about="", **fields):
    """A member's directory profile (listed and open to contact unless told otherwise)."""
    from portal.directory.models import DirectoryProfile
    from portal.taxonomy.models import QuestionSet, Recommendation
    user = user or make_user()
    profile = DirectoryProfile(
        user_id=user.id, listed=listed, open_to_contact=open_to_contact, role_type=role_type, setting=setting,
        happy_to_talk_about=happy_to_talk_about,
        recommendations=db.session.scalars(db.select(Recommendation).where(
            Recommendation.id.in_(recommendation_ids))).all(),
        question_sets=db.session.scalars(db.select(QuestionSet).where(QuestionSet.id.in_(question_set_ids))).all(),
        **fields)
    db.session.add(profile)
    db.session.commit()
    return profile


def make_listed_member(listed=True, open_to_contact=True, profile=None, **user_traits):
    """A member with a directory profile; profile= passes traits to make_directory_profile."""
    user = make_user(**user_traits)
    make_directory_profile(user, listed=listed, open_to_contact=open_to_contact, **(profile or {}))
    return user


def make_contact_request(sender, recipient, status="pending", message="Could we compare notes on AI marking?",
                         **fields):
    from portal.directory.models import ContactRequest, pair_key
    request = ContactRequest(sender_id=sender.id, recipient_id=recipient.id, pair_key=pair_key(sender.id, recipient.id),
                             message=message, status=status,
                             responded_at=None if status == "pending" else utcnow(), **fields)
    db.session.add(request)
    db.session.commit()
    return request


def make_block(blocker, blocked):
    from portal.directory.models import ContactBlock
    block = ContactBlock(blocker_id=blocker.id, blocked_id=blocked.id)
    db.session.add(block)
    db.session.commit()
    return block
