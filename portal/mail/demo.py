"""Demo follows, so the weekly digest and /account/follows have something to show (followed through the
same service as the Follow buttons, so only what a member may follow is followed)."""
from portal.auth.models import User
from portal.extensions import db
from portal.mail.follows import follow

# (follower's e-mail local part, what they follow, its id or the followed member's local part)
FOLLOWS = [
    ("amira.hassan", "recommendation", "r17"),
    ("amira.hassan", "phase", "primary"),
    ("amira.hassan", "member", "hannah.cole"),
    ("sam.patel", "recommendation", "r12"),
    ("sam.patel", "question_set", "governance-safeguarding"),
    ("fatima.begum", "phase", "primary"),
    ("fatima.begum", "recommendation", "r20"),
    ("joe.bennett", "phase", "sixth-form"),
    ("lucy.farrow", "phase", "specialist"),
    ("tom.okafor", "member", "amira.hassan"),
]


def seed_demo():
    """Add the demo follows (the demo people are already verified, so digests reach them)."""
    people = {u.email.split("@")[0]: u for u in db.session.scalars(db.select(User))}
    for follower, target_type, target in FOLLOWS:
        if follower not in people:
            continue
        follow(people[follower], target_type, str(people[target].id) if target_type == "member" else target)
