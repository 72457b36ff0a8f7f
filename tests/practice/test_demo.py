"""Demo responses: added once to whatever published posts exist, with exact counts."""
from portal.extensions import db
from portal.practice.models import Comment, HelpfulMark, Post
from portal.practice.response_demo import seed_demo
from tests.factories import make_post, make_trust, make_user


def test_demo_does_nothing_without_posts(app):
    make_user()
    make_user()
    assert seed_demo() is False
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_demo_adds_comments_and_marks_with_exact_counts_once(app):
    trust = make_trust()
    people = [make_user(trust=trust) for _ in range(12)]
    outsider_trust_post = make_post(author=make_user(trust=make_trust()), visibility="trust", kind="trial")
    anonymous = make_post(author=people[0], anonymous=True, kind="failure")
    posts = [anonymous, outsider_trust_post] + [make_post(author=people[i], kind=kind) for i, kind in
                                                 enumerate(("trial", "case_study", "prompt", "trial"), start=1)]
    make_post(author=people[5], status="draft", title="Draft stays quiet")
    assert seed_demo() is True
    db.session.expire_all()
    for post in posts:
        post = db.session.get(Post, post.id)
        comments = db.session.scalars(db.select(Comment).where(Comment.post_id == post.id)).all()
        marks = db.session.scalars(db.select(HelpfulMark).where(HelpfulMark.post_id == post.id)).all()
        assert post.comment_count == len(comments) and post.helpful_count == len(marks)
        assert marks or post.id == outsider_trust_post.id
        assert post.author_id not in {mark.user_id for mark in marks}
    # Nobody else is in the other trust, so nobody can see (and respond to) its trust-only post.
    assert db.session.get(Post, outsider_trust_post.id).helpful_count == 0
    assert db.session.get(Post, outsider_trust_post.id).comment_count == 0
    assert db.session.scalar(db.select(db.func.count(Comment.id)).where(
        Comment.post_id == anonymous.id, Comment.author_id == people[0].id)) == 1
    assert db.session.scalar(db.select(db.func.count(Comment.id)).join(Post).where(Post.status != "published")) == 0
    assert seed_demo() is False
