"""Test data builders: plain functions with keyword traits."""
import itertools
from functools import lru_cache

from portal.auth.models import User
from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.orgs.models import School, Trust
from portal.taxonomy.models import Phase

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
              region="north-west", phase_ids=("primary",), job_title="Teacher", **fields):
    n = next(_sequence)
    user = User(name=name or f"Test Person {n}", email=email or f"person{n}@school.example", role=role,
                password_hash=_hashed(password), school=school, trust=trust or (school.trust if school else None),
                region=region, phases=phases(*phase_ids), job_title=job_title, **fields)
    db.session.add(user)
    db.session.commit()
    return user
