"""What moderators review: every field of every kind as readers see it, the findings marked in place,
findings that follow every edit, and redacting a passage before approving."""
import re

import pytest

from portal.extensions import db
from portal.moderation.models import ModerationAction
from portal.notifications.services import notify
from portal.practice import search
from portal.practice.models import Comment, Post
from portal.safeguarding.findings import record_findings
from portal.safeguarding.models import PersonalDataFinding
from tests.factories import make_comment, make_flag, make_post, make_user
from tests.moderation.conftest import HX
from tests.practice.conftest import post_form

NAME_AND_POSTCODE = "Maya in Year 5 lives at M1 1AE."

KIND_FIELDS = {
    "case_study": {"body": "We tried it in three lessons.", "subjects": "English"},
    "failure": {"body": "## What went wrong\nThe chatbot gave wrong answers."},
    "trial": {"trial_question": "Does drawing descriptions sharpen vocabulary?", "what_was_done": "Pupils described it.",
              "what_happened": "Richer adjectives.", "evidence_notes": "Word counts rose.",
              "would_change": "Shorter sessions.", "minutes_saved_per_week": 15, "class_size": 28, "pupils_involved": 12,
              "year_groups": "Year 4", "subjects": "English", "outcome": "worked"},
    "prompt": {"prompt_text": "Write a letter to parents about [trip].", "prompt_purpose": "A first draft of a trip letter.",
               "prompt_tips": "Give it the dates.", "prompt_checking": "Check dates and costs."},
}


def findings_of(target_type, item):
    return db.session.scalars(db.select(PersonalDataFinding).where(
        PersonalDataFinding.target_type == target_type, PersonalDataFinding.target_id == item.id)).all()


def held(post):
    record_findings("post", post.id, post.texts())
    db.session.commit()
    return post


@pytest.mark.parametrize("kind", KIND_FIELDS)
def test_review_page_shows_every_field_of_each_kind_as_readers_see_it(client, as_moderator, kind):
    post = make_post(kind=kind, status="pending", **KIND_FIELDS[kind])
    page = client.get(f"/moderation/posts/{post.id}").get_data(as_text=True)
    for name, value in KIND_FIELDS[kind].items():
        shown = {"outcome": "Worked", "body": str(value).split("\n")[-1]}.get(name, str(value))
        assert shown in page, name
    if kind == "trial":
        assert "15 minutes a week" in page and "The question" in page and "What I would change" in page
    if kind == "prompt":
        assert '<pre class="prompt-text" data-copy-label="Copy prompt">' in page and "Checking the output" in page


@pytest.mark.parametrize("kind, field", [("trial", "trial_question"), ("trial", "what_happened"),
                                         ("prompt", "prompt_text"), ("prompt", "prompt_purpose"),
                                         ("case_study", "body"), ("failure", "title")])
def test_findings_are_marked_in_place_with_a_label_for_screen_readers(client, as_moderator, kind, field):
    fields = {**KIND_FIELDS[kind], field: NAME_AND_POSTCODE}
    post = held(make_post(kind=kind, status="pending", **fields))
    page = client.get(f"/moderation/posts/{post.id}").get_data(as_text=True)
    assert {f.field for f in findings_of("post", post)} == {field}
    assert re.search(r'<mark class="finding">Maya in Year 5<span class="visually-hidden"> \(possible personal data: '
                     r'A pupil(&#39;|\')s name\)</span></mark>', page)
    assert '<mark class="finding">M1 1AE<span class="visually-hidden"> (possible personal data: A postcode)' in page


def test_readers_page_never_carries_the_marks(client, auth):
    post = held(make_post(body=NAME_AND_POSTCODE))
    auth.login(make_user(role="moderator"))
    assert 'class="finding"' not in client.get(f"/practice/{post.id}").get_data(as_text=True)


def test_a_held_comments_findings_are_marked_in_place(client, as_moderator):
    comment = make_comment(status="pending", body="Call **Maya** on 07912 345678")
    record_findings("comment", comment.id, {"body": comment.body})
    db.session.commit()
    page = client.get(f"/moderation/comments/{comment.id}").get_data(as_text=True)
    assert '<mark class="finding">07912 345678<span class="visually-hidden">' in page


def test_findings_the_author_removes_are_deleted_not_kept(client, auth, app):
    """Sent back for a pupil's name and postcode; the author takes them out and resubmits."""
    author = make_user()
    auth.login(author)
    data = post_form("trial", title="Word mats", trial_question=NAME_AND_POSTCODE, action="publish_anyway")
    assert auth.post("/practice/new/trial", data).status_code == 303
    post = db.session.scalar(db.select(Post).where(Post.title == "Word mats"))
    assert post.status == "pending" and {f.passage for f in findings_of("post", post)} == {"Maya in Year 5", "M1 1AE"}
    post.status = "rejected"
    db.session.commit()
    cleaned = {**data, "trial_question": "Does a word mat help a Year 5 pupil?", "action": "publish"}
    assert auth.post(f"/practice/{post.id}/edit", cleaned).status_code == 303
    assert findings_of("post", post) == []
    auth.logout()
    auth.login(make_user(role="moderator"))
    page = client.get(f"/moderation/posts/{post.id}").get_data(as_text=True)
    assert "M1 1AE" not in page and "Maya" not in page
    assert "M1 1AE" not in client.get("/moderation").get_data(as_text=True)


@pytest.mark.parametrize("field", ["trial_question", "what_was_done", "evidence_notes", "would_change", "title"])
def test_the_assist_checks_every_structured_field_of_a_trial(auth, field):
    auth.login(make_user())
    response = auth.post("/practice/new/trial", post_form("trial", **{field: "Ask Maya's mum on 07912 345678"}))
    assert response.status_code == 422 and "07912 345678" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Post.id))) == 0


@pytest.mark.parametrize("field", ["prompt_text", "prompt_purpose", "prompt_tips", "prompt_checking"])
def test_the_assist_checks_every_field_of_a_prompt(auth, field):
    auth.login(make_user())
    response = auth.post("/practice/new/prompt", post_form("prompt", **{field: "Email jo.bloggs@home.example"}))
    assert response.status_code == 422 and "jo.bloggs@home.example" in response.get_data(as_text=True)


def test_saving_a_draft_recomputes_the_findings(auth):
    author = make_user()
    auth.login(author)
    auth.post("/practice/new/case_study", post_form(title="Draft", body="Email jo@home.example", action="draft"))
    post = db.session.scalar(db.select(Post).where(Post.title == "Draft"))
    assert [f.passage for f in findings_of("post", post)] == ["jo@home.example"]
    auth.post(f"/practice/{post.id}/edit", post_form(title="Draft", body="No address now", action="draft"))
    assert findings_of("post", post) == []


# --- Redaction -----------------------------------------------------------------------------------

def redact(auth, item, passage, reason="A pupil's name", target="posts", headers=None):
    return auth.post(f"/moderation/{target}/{item.id}/redact", {"passage": passage, "redact_reason": reason},
                     headers=headers)


def test_moderator_redacts_a_passage_everywhere_it_is_kept(client, auth, as_moderator):
    author = make_user()
    post = make_post(author=author, kind="trial", status="pending", title="Maya in Year 5 and word mats",
                     trial_question="Did Maya in Year 5 improve?", what_happened="Yes.", body="**Maya in Year 5** wrote more.")
    held(post)
    db.session.execute(db.text("DELETE FROM post_search"))  # not a model table: earlier tests' rows stay
    search.index_post(post)
    make_flag(post, reason="personal_data", details="It names Maya in Year 5")
    notify(author, "post_rejected", f'Your post "{post.title}" was sent back.', f"/practice/{post.id}")
    db.session.commit()
    assert "Maya in Year 5" in db.session.execute(db.text("SELECT subject, text_body FROM outbox")).one()[0]
    response = redact(auth, post, "Maya in Year 5", reason="Names a pupil (Maya in Year 5)")
    assert response.status_code == 303
    db.session.expire_all()
    post = db.session.get(Post, post.id)
    removed = "[removed by a moderator]"
    assert post.title == f"{removed} and word mats" and post.trial_question == f"Did {removed} improve?"
    assert removed in post.body_html and "Maya" not in post.body_html and "Maya" not in post.summary
    assert findings_of("post", post) == []
    everything = " ".join(str(row) for row in db.session.execute(db.text(
        "SELECT * FROM moderation_actions")).all())
    everything += " ".join(str(row) for row in db.session.execute(db.text("SELECT * FROM flags")).all())
    everything += " ".join(str(row) for row in db.session.execute(db.text("SELECT * FROM notifications")).all())
    everything += " ".join(str(row) for row in db.session.execute(db.text(
        "SELECT subject, text_body, html_body FROM outbox")).all())
    everything += " ".join(str(row) for row in db.session.execute(db.text(
        "SELECT content FROM post_search")).all())
    assert "Maya" not in everything and removed in everything
    index = " ".join(str(row) for row in db.session.execute(db.text(
        "SELECT title_terms, content_terms, tag_terms FROM post_search")).all())
    index += " ".join(db.session.scalars(db.text(
        "SELECT word FROM post_search_words UNION ALL SELECT word FROM post_search_vocabulary")).all())
    assert "maya" not in index and "mat" in index  # lexemes, lower-cased
    row = db.session.scalar(db.select(ModerationAction).where(ModerationAction.action == "redact"))
    assert row.reason == f"Names a pupil ({removed})" and row.details["fields"] == ["title", "body", "trial_question"]
    page = client.get(f"/moderation/posts/{post.id}").get_data(as_text=True)
    assert "Maya" not in page and removed in page and "Passage removed" in page


def test_redacting_text_that_is_not_there_changes_nothing_and_says_so(client, auth, as_moderator):
    post = make_post(status="pending", body="Nothing to remove here.")
    response = redact(auth, post, "Maya")
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "That passage is not in the item" in body and "There is a problem" in body
    db.session.refresh(post)
    assert post.body == "Nothing to remove here."
    assert db.session.scalar(db.select(db.func.count(ModerationAction.id))) == 0


@pytest.mark.parametrize("reason", ["", "   "])
def test_redaction_needs_a_reason(client, auth, as_moderator, reason):
    post = make_post(status="pending", body="Maya wrote this.")
    response = redact(auth, post, "Maya", reason=reason)
    assert response.status_code == 422 and "Give the reason for removing the passage." in response.get_data(as_text=True)
    db.session.refresh(post)
    assert post.body == "Maya wrote this."


def test_redaction_with_htmx_swaps_the_content_and_without_a_token_is_refused(client, auth, as_moderator):
    comment = make_comment(status="pending", body="Call me on 07912 345678 please")
    response = redact(auth, comment, "07912 345678", target="comments", headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'id="review-content"' in body
    assert "[removed by a moderator]" in body and "07912" not in body
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).body == "Call me on [removed by a moderator] please"
    refused = client.post(f"/moderation/comments/{comment.id}/redact", data={"passage": "please", "redact_reason": "x"})
    assert refused.status_code in (400, 422)
    assert db.session.get(Comment, comment.id).body.endswith("please")


def test_bad_redaction_with_htmx_answers_the_fragment_with_its_errors(auth, as_moderator):
    post = make_post(status="pending")
    response = redact(auth, post, "not there", headers=HX)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "<html" not in body and "That passage is not in the item" in body


# A visitor gets the sign-in page that keeps what they typed (tests/security/test_stale_forms.py).
@pytest.mark.parametrize("role, status", [("member", 403), (None, 401)])
def test_only_moderators_can_redact(client, auth, role, status):
    post = make_post(status="pending", body="Maya wrote this.")
    if role:
        auth.login(make_user(role=role))
    assert redact(auth, post, "Maya").status_code == status
    db.session.refresh(post)
    assert post.body == "Maya wrote this."


def test_marking_never_breaks_a_tag_or_lets_text_become_markup():
    from portal.moderation.marking import mark_html, mark_text
    marks = [("Maya", "A pupil's name")]
    html = '<p><a href="/x" title="Maya > b">Maya</a> &lt;script&gt;Maya</p>'
    marked = str(mark_html(html, marks))
    assert marked.startswith('<p><a href="/x" title="Maya > b"><mark class="finding">Maya<span')
    assert "<script" not in marked and "&lt;script&gt;" in marked
    assert str(mark_text('<b onclick="x">Maya</b>', marks)).startswith("&lt;b onclick=&#34;x&#34;&gt;<mark")
