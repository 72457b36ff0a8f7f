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


def make_follow(user, target_type="recommendation", target_id="r17"):
    from portal.mail.models import Follow
    follow = Follow(user_id=user.id, target_type=target_type, target_id=str(target_id))
    db.session.add(follow)
    db.session.commit()
    return follow


def outbox_rows(**filters):
    """Every e-mail in the outbox (optionally only those matching column=value filters), oldest first."""
    from portal.mail.models import OutboxMessage
    query = db.select(OutboxMessage).filter_by(**filters).order_by(OutboxMessage.id)
    db.session.expire_all()
    return db.session.scalars(query).all()
