"""The schema's foreign keys hold on both databases: SQLite enforces them on every connection too."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.moderation.models import FeaturedPost
from portal.practice.models import Comment, HelpfulMark, Post
from portal.practice.services import delete_post
from tests.factories import make_collection, make_comment, make_featured, make_helpful_mark, make_post, make_user


def count(model, *where):
    return db.session.scalar(db.select(db.func.count()).select_from(model).where(*where))


def test_every_new_connection_enforces_foreign_keys(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL always enforces them")
    db.engine.dispose()  # a connection made now, not one the pool kept
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_row_pointing_at_nothing_is_refused():
    db.session.add(Comment(post_id=987654, body="Orphan", body_html="<p>Orphan</p>"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert count(Comment) == 0


def test_deleting_a_post_cascades_through_the_schema():
    author = make_user()
    post = make_post(author=author)
    kept = make_post(author=author, title="Another post")
    replication = make_post(replication_of_id=post.id, title="We tried it too")
    make_comment(post)
    make_comment(kept)
    make_helpful_mark(post)
    make_featured(make_collection(), post)

    delete_post(post, author)

    assert count(Comment, Comment.post_id == post.id) == 0
    assert count(HelpfulMark, HelpfulMark.post_id == post.id) == 0
    assert count(FeaturedPost) == 0
    assert count(Comment) == 1  # the other post's comment is untouched
    assert db.session.get(Post, replication.id).replication_of_id is None
    if db.engine.dialect.name == "sqlite":
        assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
