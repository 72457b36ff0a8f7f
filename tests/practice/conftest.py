"""Practice test helpers: an empty search index per test, and form data for each kind of post."""
import pytest
from sqlalchemy import text

from portal.extensions import db


@pytest.fixture(autouse=True)
def _empty_search_index(app):
    """The conftest clears model tables; the full-text table is not a model, so clear it here."""
    yield
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM post_search"))


@pytest.fixture(autouse=True)
def _publish_without_review(app, monkeypatch):
    """These tests are about posting itself; holding new members' posts is tested in tests/moderation."""
    monkeypatch.setitem(app.config, "REVIEW_APPROVED_POSTS_THRESHOLD", 0)


def post_form(kind="case_study", **overrides):
    """Valid form data for a post of the given kind."""
    data = {"title": "Image generators in Year 4 writing", "body": "We tried it in **three** lessons.",
            "phases": ["primary"], "recommendations": ["r17"], "tools": "An image generator",
            "visibility": "public", "action": "publish"}
    data.update({
        "failure": {"body": "## What we tried\nA chatbot for parents.\n## What went wrong\nWrong answers."},
        "trial": {"trial_question": "Does drawing pupils' descriptions sharpen their vocabulary?",
                  "what_was_done": "Pupils described a setting; the tool drew it.", "what_happened": "Richer adjectives.",
                  "outcome": "worked", "class_size": "28", "minutes_saved_per_week": "15", "task": "planning",
                  "body": ""},
        "prompt": {"prompt_text": "Write a letter to parents of [year group] about [trip].",
                   "prompt_purpose": "A first draft of a trip letter.", "prompt_checking": "Check dates and costs.",
                   "task": "letters_admin"},
    }.get(kind, {}))
    data.update(overrides)
    return data


def dated_post(published_at, **traits):
    """make_post, published at a given moment."""
    from tests.factories import make_post
    post = make_post(**traits)
    post.published_at = published_at
    db.session.commit()
    return post
