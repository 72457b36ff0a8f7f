"""Held posts, the review queue, and approving, sending back, hiding and restoring posts and comments."""
import pytest

from portal.extensions import db
from portal.moderation import services
from portal.moderation.models import ModerationAction
from portal.notifications.models import Notification
from portal.practice import publication
from portal.safeguarding.findings import record_findings
from portal.safeguarding.models import PersonalDataFinding
from tests.conftest import csrf_token_from
from tests.factories import make_comment, make_flag, make_post, make_user
from tests.moderation.conftest import HX


def notifications_of(user):
    return db.session.scalars(db.select(Notification).where(Notification.user_id == user.id)).all()


def test_new_members_posts_are_held_until_they_have_enough_published_posts(app):
    member = make_user()
    draft = make_post(author=member, status="draft")
    assert publication.needs_review(member) and publication.status_on_publish(draft) == "pending"
    for _ in range(app.config["REVIEW_APPROVED_POSTS_THRESHOLD"]):
        make_post(author=member, status="published")
    assert not publication.needs_review(member) and publication.status_on_publish(draft) == "published"


def test_moderators_and_admins_are_never_held():
    assert not publication.needs_review(make_user(role="moderator"))
    assert not publication.needs_review(make_user(role="admin"))


def test_recorded_findings_name_the_field_they_were_found_in():
    post = make_post(status="draft", body="Maya in Year 5 wrote this")
    record_findings("post", post.id, post.texts())
    publication.hold_for_review(post)
    db.session.commit()
    assert post.status == "pending"
    rows = db.session.scalars(db.select(PersonalDataFinding)).all()
    assert [(r.target_type, r.target_id, r.field, r.passage) for r in rows] == [
        ("post", post.id, "body", "Maya in Year 5")]


def test_queue_shows_held_posts_comments_and_findings(client, as_moderator):
    post = make_post(status="pending", title="Image prompts for Year 3 writing", body="Ellis (Y2) loved it")
    record_findings("post", post.id, post.texts())
    db.session.commit()
    make_comment(status="pending", body="A held comment about marking")
    page = client.get("/moderation").get_data(as_text=True)
    assert "Image prompts for Year 3 writing" in page and "A held comment about marking" in page
    assert "Ellis (Y2)" in page


def test_moderator_can_approve_a_held_post_and_the_author_is_told(client, auth, as_moderator):
    author = make_user()
    post = make_post(author=author, status="pending", title="Feedback with AI")
    response = auth.post(f"/moderation/posts/{post.id}/approve?from=queue")
    assert response.status_code == 303 and response.headers["Location"].endswith("/moderation")
    db.session.refresh(post)
    assert post.status == "published" and post.published_at is not None
    assert [n.kind for n in notifications_of(author)] == ["post_approved"]


def test_approving_from_the_queue_with_htmx_swaps_the_item_in_place(client, as_moderator):
    post = make_post(status="pending")
    token = csrf_token_from(client, "/moderation")
    response = client.post(f"/moderation/posts/{post.id}/approve?from=queue", headers={**HX, "X-CSRFToken": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert f'id="queue-post-{post.id}"' in page and "has been approved" in page


def test_reject_needs_a_preset_reason_and_keeps_what_was_typed(client, auth, as_moderator):
    post = make_post(status="pending")
    response = auth.post(f"/moderation/posts/{post.id}/reject", {"note": "Nearly there"})
    assert response.status_code == 422
    assert "Choose the reason it is being sent back." in response.get_data(as_text=True)
    assert "Nearly there" in response.get_data(as_text=True)
    response = auth.post(f"/moderation/posts/{post.id}/reject", {"reason": "other"})
    assert response.status_code == 422 and "Explain the reason" in response.get_data(as_text=True)
    db.session.refresh(post)
    assert post.status == "pending"


def test_rejection_reason_reaches_only_the_author(client, auth, as_moderator):
    author = make_user()
    post = make_post(author=author, status="pending", title="Reports with AI")
    auth.post(f"/moderation/posts/{post.id}/reject", {"reason": "personal_data", "note": "Please remove the first name."})
    db.session.refresh(post)
    assert post.status == "rejected"
    message = notifications_of(author)[0]
    assert message.kind == "post_rejected"
    assert "identifies a pupil" in message.message and "Please remove the first name." in message.message
    rejection = services.rejection_for(post)
    assert rejection["anchor"] == "pupils-never-identifiable" and rejection["note"] == "Please remove the first name."


def test_rejection_notice_partial_is_shown_to_the_author_only(app, moderator):
    from flask import render_template_string
    from flask_login import login_user
    author, other = make_user(), make_user()
    post = make_post(author=author, status="pending")
    services.decide(moderator, post, "reject", "needs_detail", "Say which year group.")
    template = '{% include "moderation/_rejection_notice.html" %}'
    for viewer, shown in ((author, True), (other, False)):
        with app.test_request_context("/"):
            login_user(viewer)
            html = render_template_string(template, post=post)
        assert ("Say which year group." in html) is shown


def test_a_rejected_post_can_be_resubmitted_after_editing(moderator):
    post = make_post(status="pending")
    services.decide(moderator, post, "reject", "needs_detail")
    publication.resubmit(post)
    db.session.commit()
    assert post.status == "pending"


def test_resubmitting_a_post_that_was_not_sent_back_is_refused():
    post = make_post(status="published")
    with pytest.raises(ValueError):
        publication.resubmit(post)


def test_hide_and_restore_a_post_tell_the_author(client, auth, as_moderator):
    author = make_user()
    post = make_post(author=author, status="published")
    assert auth.post(f"/moderation/posts/{post.id}/hide", {"hide_reason": "unkind"}).status_code == 303
    db.session.refresh(post)
    assert post.status == "hidden"
    assert auth.post(f"/moderation/posts/{post.id}/restore").status_code == 303
    db.session.refresh(post)
    assert post.status == "published"
    assert [n.kind for n in notifications_of(author)] == ["post_hidden", "post_restored"]
    hide = db.session.scalar(db.select(ModerationAction).where(ModerationAction.action == "hide"))
    assert hide.reason == "unkind" and "unkind or unsafe" in notifications_of(author)[0].message


def test_an_action_that_does_not_apply_is_refused_clearly(client, auth, as_moderator):
    post = make_post(status="published")
    response = auth.post(f"/moderation/posts/{post.id}/restore", follow_redirects=True)
    assert "cannot be restored" in response.get_data(as_text=True)
    token = csrf_token_from(client, "/moderation")
    response = client.post(f"/moderation/posts/{post.id}/restore", headers={**HX, "X-CSRFToken": token})
    assert response.status_code == 409 and "<html" not in response.get_data(as_text=True)


def test_moderating_comments_keeps_the_posts_comment_count_right(client, auth, as_moderator):
    post = make_post()
    held = make_comment(post=post, status="pending", author=make_user())
    auth.post(f"/moderation/comments/{held.id}/approve")
    db.session.refresh(post)
    db.session.refresh(held)
    assert held.status == "published" and post.comment_count == 1
    auth.post(f"/moderation/comments/{held.id}/hide")
    db.session.refresh(post)
    assert post.comment_count == 0
    auth.post(f"/moderation/comments/{held.id}/reject", {"reason": "unkind"})
    db.session.refresh(held)
    assert held.status == "rejected"
    assert notifications_of(held.author)[-1].kind == "post_rejected"


def test_edit_tags_replaces_the_posts_tags(client, auth, as_moderator):
    post = make_post(phase_ids=("primary",), recommendation_ids=("r17",))
    page = client.get(f"/moderation/posts/{post.id}/tags").get_data(as_text=True)
    assert 'value="primary" checked' in page or 'checked id="phases-' in page or "checked" in page
    response = auth.post(f"/moderation/posts/{post.id}/tags", {"phases": ["secondary", "sixth-form"],
                                                              "recommendations": ["r12"], "question_sets": []})
    assert response.status_code == 303
    db.session.refresh(post)
    assert [p.id for p in post.phases] == ["secondary", "sixth-form"]
    assert [r.id for r in post.recommendations] == ["r12"]
    row = db.session.scalar(db.select(ModerationAction).where(ModerationAction.action == "edit_tags"))
    assert row.details["before"]["phases"] == ["primary"] and row.details["after"]["recommendations"] == ["r12"]


def test_edit_tags_refuses_unknown_tags(client, auth, as_moderator):
    post = make_post()
    response = auth.post(f"/moderation/posts/{post.id}/tags", {"phases": ["university"]})
    assert response.status_code == 422


def test_held_rejected_and_hidden_posts_never_reach_other_readers(client, auth):
    author = make_user()
    for status in ("pending", "rejected", "hidden"):
        make_post(author=author, status=status, title=f"Secret {status} post")
    make_post(author=author, kind="failure", status="hidden", title="Secret failure")
    auth.login(make_user())
    for path in ("/", "/practice"):
        page = client.get(path).get_data(as_text=True)
        assert "Secret" not in page


def test_a_comment_published_despite_warnings_is_held_with_its_findings(client, auth, as_moderator):
    comment = make_comment(body="Call me on 07912 345678")
    record_findings("comment", comment.id, {"body": comment.body})
    publication.hold_for_review(comment)
    db.session.commit()
    assert comment.status == "pending"
    page = client.get("/moderation").get_data(as_text=True)
    assert f'id="queue-comment-{comment.id}"' in page and "A phone number" in page and "07912 345678" in page


def test_keeping_a_reported_comment_that_was_never_hidden_says_it_was_kept(client, auth, as_moderator):
    author = make_user()
    post = make_post(title="Exit tickets with AI")
    comment = make_comment(post=post, author=author)
    make_flag(comment)
    response = auth.post(f"/moderation/comments/{comment.id}/approve")
    assert response.status_code == 303
    assert "The comment has been kept." in client.get(response.headers["Location"]).get_data(as_text=True)
    (notice,) = notifications_of(author)
    assert "approved" not in notice.message
    assert notice.message.startswith('Someone reported your comment on "Exit tickets with AI" to the moderators.')
    assert "kept it as it is" in notice.message
    db.session.refresh(comment)
    assert comment.status == "published"


def test_approving_a_held_comment_still_says_approved(client, auth, as_moderator):
    author = make_user()
    comment = make_comment(author=author, status="pending")
    auth.post(f"/moderation/comments/{comment.id}/approve")
    (notice,) = notifications_of(author)
    assert "has been approved" in notice.message
