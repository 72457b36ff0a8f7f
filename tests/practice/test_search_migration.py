"""Migration 0014 turns an index of 0003's kind into lexemes and words, keeping every post findable."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from portal.extensions import db
from tests.factories import make_post
from tests.practice.test_search_matching import found


def test_upgrading_reindexes_the_old_rows_as_lexemes_and_words(app, client):
    post = make_post(title="Universities visit", body="Sixth formers visited the universities.")
    row = {"id": post.id, "title": post.title, "body": post.body, "tags": "Classroom trial"}
    db.session.remove()
    downgrade(revision="0013")
    key = "post_id" if db.engine.dialect.name == "postgresql" else "rowid"
    with db.engine.begin() as conn:
        conn.execute(text(f"INSERT INTO post_search ({key}, title, content, tags) VALUES (:id, :title, :body, :tags)"),
                     row)
    upgrade()
    titles, marked, _ = found(client, "university")
    assert titles == {"Universities visit"} and marked == {"universities"}
    assert found(client, "trials")[0] == {"Universities visit"}  # its tags, stemmed
    words = set(db.session.scalars(text("SELECT word FROM post_search_words")).all())
    assert words == {"universities", "visit", "sixth", "formers", "visited", "classroom", "trial"}
