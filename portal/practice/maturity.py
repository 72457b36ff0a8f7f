"""How far a post's evidence has come, in four steps a teacher recognises: one report; tried again ("I tried
this too") in another school; tried again in another trust; followed up after a term.

The steps are not a ladder (a trial can be followed up before anyone tries it again): each is reached or not.
Only tries the viewer may see count, so the steps never reveal a trust-only post to someone outside the trust.
Schools and trusts are the members' own: a school they named, a trust whose membership is verified.
"""
from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import aliased

from portal.auth.models import User
from portal.extensions import db
from portal.practice.models import FollowUp, Post
from portal.practice.visibility import listed_for

# (step, what readers see, the legend's explanation)
STEPS = (
    ("one_report", "One report", "Shared by one member, from one school."),
    ("another_school", "Tried again in another school",
     "Someone in a different school tried it too and shared how it went (“I tried this too”)."),
    ("another_trust", "Tried again in another trust", "Someone in a different trust tried it too."),
    ("followed_up", "Followed up after a term", "The author said, a term later, whether it lasted."),
)


@dataclass(frozen=True)
class Maturity:
    reached: frozenset

    @property
    def steps(self):
        """(step, name, explanation, reached) for the legend, in order."""
        return [(step, name, explanation, step in self.reached) for step, name, explanation in STEPS]


def of_post(post, tries, followed_up):
    """The post's steps, from the tries of it the viewer may see (with their authors loaded)."""
    author = post.author
    reached = {"one_report"}
    for other in tries:
        if author is None or other.author is None or other.author_id == author.id:
            continue
        if other.author.school_id and author.school_id and other.author.school_id != author.school_id:
            reached.add("another_school")
        theirs, ours = other.author.verified_trust_id, author.verified_trust_id
        if theirs and ours and theirs != ours:
            reached.add("another_trust")
    if followed_up:
        reached.add("followed_up")
    return Maturity(frozenset(reached))


def counts(shown, viewer):
    """{step: how many of the posts `shown` reached it}, in one query."""
    author, tried, try_by = aliased(User), aliased(Post), aliased(User)

    def tried_where(condition):
        return exists().where(tried.replication_of_id == Post.id, listed_for(viewer, tried),
                              try_by.id == tried.author_id, try_by.id != author.id, condition)
    verified = and_(try_by.trust_status == "verified", try_by.email_verified_at.is_not(None),
                    author.trust_status == "verified", author.email_verified_at.is_not(None))
    steps = {
        "one_report": func.count(Post.id),
        "another_school": _count_where(tried_where(and_(
            try_by.school_id.is_not(None), author.school_id.is_not(None), try_by.school_id != author.school_id))),
        "another_trust": _count_where(tried_where(and_(
            verified, try_by.trust_id.is_not(None), author.trust_id.is_not(None), try_by.trust_id != author.trust_id))),
        "followed_up": _count_where(exists().where(FollowUp.post_id == Post.id)),
    }
    row = db.session.execute(select(*(value.label(step) for step, value in steps.items()))
                             .select_from(Post).outerjoin(author, author.id == Post.author_id).where(shown)).one()
    return dict(row._mapping)


def _count_where(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
