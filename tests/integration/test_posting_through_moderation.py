"""Posting and commenting run through moderation: review for new members, the safeguarding assist,
resubmission, and what a post page shows about labels and decisions."""
from portal.extensions import db
from portal.notifications.models import Notification
from portal.practice.models import Comment, Post
from portal.safeguarding.models import PersonalDataFinding
from tests.factories import make_post, make_user
from tests.practice.conftest import post_form

PUPIL_DETAIL = "Maya in Year 5 was born on 3 May 2016 and her mum's number is 07700 900123."


def only_post_titled(title):
    return db.session.scalar(db.select(Post).where(Post.title == title))


def established(member, app):
    for _ in range(app.config["REVIEW_APPROVED_POSTS_THRESHOLD"]):
        make_post(author=member)
    return member


def test_a_new_members_post_waits_for_a_moderator_then_goes_live(client, auth, app):
    member = make_user()
    auth.login(member)
    response = auth.post("/practice/new/case_study", post_form(title="Our first AI trial"))
    assert response.status_code == 303
    post = only_post_titled("Our first AI trial")
    assert post.status == "pending" and post.published_at is None
    assert "Awaiting review" in client.get(f"/practice/{post.id}").get_data(as_text=True)
    auth.logout()
    assert client.get(f"/practice/{post.id}").status_code == 404

    auth.login(make_user(role="moderator"))
    assert auth.post(f"/moderation/posts/{post.id}/approve").status_code in (200, 303)
    db.session.expire_all()
    post = db.session.get(Post, post.id)
    assert post.status == "published" and post.published_at is not None


def test_an_established_members_post_goes_live_at_once(client, auth, app):
    member = established(make_user(), app)
    auth.login(member)
    auth.post("/practice/new/case_study", post_form(title="Straight to the community"))
    assert only_post_titled("Straight to the community").status == "published"


def test_approving_a_replication_tells_the_original_author(client, auth, app):
    original = make_post(kind="trial", title="Image generators for setting descriptions")
    member = make_user()
    auth.login(member)
    auth.post(f"/practice/new/trial?replicates={original.id}",
              post_form("trial", title="We tried it too", replicates=str(original.id)))
    replication = only_post_titled("We tried it too")
    assert replication.status == "pending" and replication.replication_of_id == original.id
    assert not db.session.scalars(db.select(Notification).where(Notification.kind == "replication")).all()
    auth.logout()
    auth.login(make_user(role="moderator"))
    auth.post(f"/moderation/posts/{replication.id}/approve")
    told = db.session.scalars(db.select(Notification).where(Notification.kind == "replication")).all()
    assert [n.user_id for n in told] == [original.author_id]


def test_personal_data_is_pointed_out_before_publishing_and_nothing_is_saved(client, auth, app):
    auth.login(established(make_user(), app))
    response = auth.post("/practice/new/case_study", post_form(title="Feedback trial", body=PUPIL_DETAIL))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Maya in Year 5" in page and "07700 900123" in page and "Publish anyway" in page
    assert "How to write about pupils without identifying them" in page
    assert only_post_titled("Feedback trial") is None


def test_publishing_anyway_holds_the_post_with_its_findings(client, auth, app):
    auth.login(established(make_user(), app))
    response = auth.post("/practice/new/case_study", post_form(title="Feedback trial", body=PUPIL_DETAIL,
                                                                action="publish_anyway"))
    assert response.status_code == 303
    post = only_post_titled("Feedback trial")
    assert post.status == "pending"
    passages = set(db.session.scalars(db.select(PersonalDataFinding.passage).where(
        PersonalDataFinding.target_id == post.id)))
    assert "Maya in Year 5" in passages
    auth.logout()
    auth.login(make_user(role="moderator"))
    assert "Maya in Year 5" in client.get("/moderation").get_data(as_text=True)


def test_a_draft_is_not_checked_until_it_is_published(client, auth, app):
    auth.login(make_user())
    response = auth.post("/practice/new/case_study", post_form(title="Notes", body=PUPIL_DETAIL, action="draft"))
    assert response.status_code == 303 and only_post_titled("Notes").status == "draft"


def test_editing_a_sent_back_post_resubmits_it(client, auth, app):
    member = established(make_user(), app)
    post = make_post(author=member, status="rejected", title="Sent back once")
    auth.login(member)
    response = auth.post(f"/practice/{post.id}/edit", post_form(title="Sent back once, now fixed"))
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Post, post.id).status == "pending"


def test_the_reason_a_post_was_sent_back_is_shown_to_its_author_only(client, auth, app):
    member = make_user()
    post = make_post(author=member, status="pending", title="Needs more detail")
    auth.login(make_user(role="moderator"))
    auth.post(f"/moderation/posts/{post.id}/reject", {"reason": "needs_detail", "note": "Say which year group."})
    auth.logout()
    auth.login(member)
    page = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "A moderator sent this post back" in page and "Say which year group." in page
    auth.logout()
    auth.login(make_user(role="moderator"))
    assert "Say which year group." not in client.get(f"/practice/{post.id}").get_data(as_text=True)


def test_readers_see_what_a_label_means(client, auth):
    post = make_post(title="Safe report writing", label="experimental")
    page = client.get(f"/practice/{post.id}").get_data(as_text=True)
    assert "Experimental" in page and "may not have been fully vetted" in page


def test_a_comment_with_personal_data_is_pointed_out_then_held_if_posted_anyway(client, auth):
    post = make_post()
    commenter = make_user()
    auth.login(commenter)
    warned = auth.post(f"/practice/{post.id}/comments", {"comment-body": PUPIL_DETAIL})
    assert warned.status_code == 422 and "Maya in Year 5" in warned.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0
    held = auth.post(f"/practice/{post.id}/comments", {"comment-body": PUPIL_DETAIL, "action": "publish_anyway"})
    assert held.status_code == 303
    comment = db.session.scalar(db.select(Comment))
    assert comment.status == "pending"
    db.session.expire_all()
    assert db.session.get(Post, post.id).comment_count == 0
    auth.logout()
    assert "Maya in Year 5" not in client.get(f"/practice/{post.id}").get_data(as_text=True)
