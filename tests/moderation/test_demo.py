"""The moderation demo: collections on existing posts, an endorsed post, a held post, audit rows."""
from portal.extensions import db
from portal.moderation.demo import seed_demo
from portal.moderation.models import Collection, EndorsementAnswer, FeaturedPost, ModerationAction
from portal.practice.models import Post
from portal.safeguarding.models import PersonalDataFinding
from tests.factories import make_post, make_user


def test_demo_features_existing_posts_endorses_one_and_holds_a_new_members_post():
    make_user(role="moderator")
    make_user(name="New Member")
    make_post(title="AI image prompts for story writing")
    make_post(title="Drafting report comments with placeholders")
    assert seed_demo() is True
    assert db.session.scalar(db.select(db.func.count(Collection.id))) == 2
    assert db.session.scalar(db.select(db.func.count(FeaturedPost.id))) == 2
    assert db.session.scalar(db.select(db.func.count(EndorsementAnswer.id))) == 7
    held = db.session.scalar(db.select(Post).where(Post.status == "pending"))
    assert held.author.name == "New Member" and db.session.scalar(db.select(PersonalDataFinding.passage)) == "Ellis (Y2)"
    assert db.session.scalar(db.select(db.func.count(ModerationAction.id))) >= 6
    assert seed_demo() is False


def test_demo_with_no_published_posts_only_adds_the_held_post():
    make_user(role="moderator")
    make_user()
    assert seed_demo() is True
    assert db.session.scalar(db.select(db.func.count(FeaturedPost.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Post.id)).where(Post.status == "pending")) == 1
