"""Endorsed needs answers to the 7 key risk questions, which readers can see; each label shows its meaning."""
from portal.extensions import db
from portal.moderation.models import EndorsementAnswer
from portal.notifications.models import Notification
from portal.taxonomy.services import risk_questions
from tests.factories import make_post, make_user


def answers(text="Checked against our DPIA."):
    return {f"answer_{q.id}": f"{text} ({q.id})" for q in risk_questions()}


def test_endorsing_without_every_answer_is_refused_with_the_answers_kept(client, auth, as_moderator):
    post = make_post()
    partial = answers()
    partial.pop(f"answer_{risk_questions()[-1].id}")
    response = auth.post(f"/moderation/posts/{post.id}/label", {"label": "endorsed", **partial})
    page = response.get_data(as_text=True)
    last = risk_questions()[-1]
    assert response.status_code == 422
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert summary.count("<li>") == 1  # only the question left unanswered
    assert f'<a href="#answer_{last.id}">Answer question 7 to endorse the post: “{last.text}”</a>' in summary
    assert "Checked against our DPIA. (1)" in page


def test_each_missing_answer_is_named_in_the_summary(client, auth, as_moderator):
    post = make_post()
    response = auth.post(f"/moderation/posts/{post.id}/label", {"label": "endorsed"})
    summary = response.get_data(as_text=True).split('class="error-summary"')[1].split("</div>")[0]
    for number, question in enumerate(risk_questions(), start=1):
        assert f'href="#answer_{question.id}">Answer question {number} to endorse the post:' in summary
    assert summary.count("Answer question") == 7
    db.session.refresh(post)
    assert post.label is None and db.session.scalar(db.select(db.func.count(EndorsementAnswer.id))) == 0


def test_endorsing_records_seven_answers_by_the_moderator_and_tells_the_author(client, auth, as_moderator):
    author = make_user()
    post = make_post(author=author)
    response = auth.post(f"/moderation/posts/{post.id}/label", {"label": "endorsed", **answers()})
    assert response.status_code == 303
    db.session.refresh(post)
    rows = db.session.scalars(db.select(EndorsementAnswer)).all()
    assert post.label == "endorsed" and len(rows) == 7
    assert {r.moderator_id for r in rows} == {as_moderator.id}
    assert db.session.scalar(db.select(Notification.kind).where(Notification.user_id == author.id)) == "post_endorsed"


def test_readers_see_the_checklist_and_the_labels_meaning_without_the_moderators_name(client, auth, as_moderator):
    post = make_post(title="Image generators for writing")
    auth.post(f"/moderation/posts/{post.id}/label", {"label": "endorsed", **answers("Parents were told by letter")})
    auth.logout()
    page = client.get(f"/practice/{post.id}/endorsement").get_data(as_text=True)
    assert "Endorsed" in page and "scrutinised for safeguarding and cybersecurity" in page
    assert "Parents were told by letter" in page and risk_questions()[0].text in page
    assert as_moderator.name not in page


def test_the_checklist_page_follows_the_posts_visibility(client):
    post = make_post(visibility="members")
    assert client.get(f"/practice/{post.id}/endorsement").status_code == 404
    assert client.get("/practice/999999/endorsement").status_code == 404


def test_experimental_needs_no_answers_and_removing_a_label_clears_the_checklist(client, auth, as_moderator):
    post = make_post()
    auth.post(f"/moderation/posts/{post.id}/label", {"label": "endorsed", **answers()})
    assert auth.post(f"/moderation/posts/{post.id}/label", {"label": "experimental"}).status_code == 303
    db.session.refresh(post)
    assert post.label == "experimental" and db.session.scalar(db.select(db.func.count(EndorsementAnswer.id))) == 0
    page = client.get(f"/practice/{post.id}/endorsement").get_data(as_text=True)
    assert "may not have been fully vetted" in page
    auth.post(f"/moderation/posts/{post.id}/label", {"label": ""})
    db.session.refresh(post)
    assert post.label is None


def test_label_form_is_prefilled_with_the_recorded_answers(client, auth, as_moderator):
    post = make_post()
    auth.post(f"/moderation/posts/{post.id}/label", {"label": "endorsed", **answers("Reviewed by the DPO")})
    page = client.get(f"/moderation/posts/{post.id}/label").get_data(as_text=True)
    assert "Reviewed by the DPO (3)" in page and 'value="endorsed"' in page


def test_unknown_label_is_refused(client, auth, as_moderator):
    post = make_post()
    assert auth.post(f"/moderation/posts/{post.id}/label", {"label": "gold"}).status_code == 422
