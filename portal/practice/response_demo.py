"""Demo comments and helpful marks on whatever published posts exist (run after the practice demo).

Deterministic: each post's responses come from a random generator seeded with its id.
"""
import random
from datetime import timedelta

from sqlalchemy import func, update

from portal.auth.models import User
from portal.extensions import db
from portal.markup import render_markdown
from portal.practice.models import Comment, HelpfulMark, Post
from portal.practice.visibility import can_view
from portal.timestamps import utcnow

COMMENTS = {
    "trial": [
        "Thank you for writing this up so carefully. We are planning something similar with Year 5 after half "
        "term. Did you give pupils the prompts, or did you generate the images together in front of the class?",
        "Really useful to see the numbers alongside the notes. We found the novelty wore off after about three "
        "weeks; it would be interesting to know whether you saw the same.",
        "We tried a version of this across two of our schools and the biggest gain was for pupils who usually "
        "struggle to get started. I'd second the point about **modelling the checking step first**.",
        "Did you need to change anything in your acceptable use policy before starting? Our DSL asked for a short "
        "risk assessment first, which was worth doing.",
        "This is exactly the kind of small-scale study our trust has been asking for. I've shared it with our "
        "teaching and learning group.",
    ],
    "failure": [
        "Thank you for sharing this so honestly: it is far more useful than another success story. We were about "
        "to try something very similar, so you may have saved us a term.",
        "We had the same problem with staff confidence. What helped us was fifteen minutes in every briefing for "
        "a month, rather than one INSET session.",
        "Was the problem the tool itself or the time staff had to learn it? We're trying to work out which to "
        "tackle first.",
        "The point about checking outputs against the policy *before* launch applies to every pilot. Noted for "
        "ours.",
    ],
    "case_study": [
        "This is really helpful. Would you be willing to share the template you used for the parent "
        "consultation? We're at the same stage.",
        "We're a much smaller trust (four schools), so it's useful to see how you phased the roll-out. How long "
        "did the governors' sign-off take?",
        "Good to see the focus on workload. Did you measure the time saved, or was it from the staff survey?",
        "We followed a similar route and found the data protection impact assessment took longer than expected, "
        "so it's worth building that into the timeline.",
    ],
    "prompt": [
        "Used this today for a Year 6 residential letter and it needed only light edits. I added \"use plain "
        "English, reading age 9\", which helped.",
        "Great prompt. A tip from our office team: paste in the key dates as a list first, then ask for the "
        "letter, and it gets them right far more often.",
        "Thank you! I've added this to our trust's prompt bank with a link back here.",
        "Worth reminding everyone not to paste pupil names or addresses in. We put that at the top of our prompt "
        "bank page.",
    ],
}
AUTHOR_REPLIES = {
    "trial": [
        "Thank you! We made the first images together as a class, then pupils chose their own from the second "
        "week. If you try it, please add your own post with \"I tried this too\" so we can compare notes.",
        "Good question. We did see a dip in week four, so next time we'll space the sessions out.",
    ],
    "failure": [
        "Thank you, that's kind. The biggest lesson was to give staff time with the tool before pupils saw it.",
        "We think it was mostly time: the tool was fine once people had used it for a fortnight.",
    ],
    "case_study": [
        "Happy to share what we can. The governors' sign-off took about half a term, mostly waiting for the DPIA.",
        "It was the staff survey, so it's self-reported. We'd like to measure it properly next year.",
    ],
    "prompt": [
        "Thank you, these are really useful tips. I've added them to the prompt in our own bank.",
        "Glad it helped! Do share any changes that work in your setting.",
    ],
}


def seed_demo():
    """Add comments and helpful marks once; return False if there is nothing (or nothing new) to add."""
    if db.session.scalar(db.select(func.count(Comment.id))):
        return False
    posts = db.session.scalars(db.select(Post).where(Post.status == "published").order_by(Post.id)).all()
    people = db.session.scalars(db.select(User).where(User.email_verified_at.is_not(None),
                                                      User.silenced_at.is_(None)).order_by(User.id)).all()
    if not posts or len(people) < 2:
        return False
    for post in posts:
        rng = random.Random(post.id)
        readers = [person for person in people if person.id != post.author_id and can_view(post, person)]
        _add_comments(post, readers, rng)
        _add_helpful_marks(post, readers, rng)
    db.session.flush()
    _recount(posts)
    db.session.commit()
    return True


def _add_comments(post, readers, rng):
    pool = COMMENTS[post.kind]
    # Anonymous posts always get a conversation, so the demo shows their authors replying anonymously.
    commenters = rng.sample(readers, k=min(len(readers), rng.randint(1 if post.anonymous else 0, 3)))
    when = post.published_at or utcnow()
    for commenter, body in zip(commenters, rng.sample(pool, k=len(commenters))):
        when = min(when + timedelta(hours=rng.randint(2, 40)), utcnow())
        db.session.add(_comment(post, commenter.id, body, when))
    # Anonymous authors reply too: the page must show their description, never their name.
    if commenters and post.author_id is not None and (post.anonymous or rng.random() < 0.4):
        when = min(when + timedelta(hours=rng.randint(1, 12)), utcnow())
        db.session.add(_comment(post, post.author_id, rng.choice(AUTHOR_REPLIES[post.kind]), when))


def _comment(post, author_id, body, when):
    return Comment(post_id=post.id, author_id=author_id, body=body, body_html=str(render_markdown(body)),
                   status="published", created_at=when, updated_at=when)


def _add_helpful_marks(post, readers, rng):
    already = set(db.session.scalars(db.select(HelpfulMark.user_id).where(HelpfulMark.post_id == post.id)))
    candidates = [person for person in readers if person.id not in already]
    # Trials and honest failures tend to be the most useful to peers.
    most = 14 if post.kind in ("trial", "failure") else 8
    for person in rng.sample(candidates, k=min(len(candidates), rng.randint(1, most))):
        db.session.add(HelpfulMark(post_id=post.id, user_id=person.id))


def _recount(posts):
    """Set each post's counts from the rows themselves, so they are exact whatever was there before."""
    ids = [post.id for post in posts]
    comments = dict(db.session.execute(db.select(Comment.post_id, func.count(Comment.id)).where(
        Comment.post_id.in_(ids), Comment.status == "published").group_by(Comment.post_id)).all())
    marks = dict(db.session.execute(db.select(HelpfulMark.post_id, func.count()).where(
        HelpfulMark.post_id.in_(ids)).group_by(HelpfulMark.post_id)).all())
    for post_id in ids:
        db.session.execute(update(Post).where(Post.id == post_id).values(
            comment_count=comments.get(post_id, 0), helpful_count=marks.get(post_id, 0)))
