"""Profiles, contact request messages and curators' notes: the writer is warned with the findings in
place and may edit or go ahead; what goes ahead is put in front of moderators, who can mark it checked."""
from portal.directory.models import ContactRequest, DirectoryProfile
from portal.extensions import db
from portal.moderation.models import ModerationAction
from portal.safeguarding.models import PersonalDataFinding
from tests.factories import DEFAULT_PASSWORD, make_collection, make_listed_member, make_post, make_user
from tests.moderation.conftest import HX

PROFILE = {"role_type": "teacher", "setting": "mainstream", "locality": "", "disadvantage_band": "",
           "listed": "y", "open_to_contact": "y"}


def findings(target_type):
    return db.session.scalars(db.select(PersonalDataFinding).where(PersonalDataFinding.target_type == target_type)).all()


def test_profile_with_personal_data_warns_then_saves_anyway_for_moderators(client, auth):
    member = make_user(name="Priya Profile")
    auth.login(member)
    data = {**PROFILE, "happy_to_talk_about": "How Maya in Year 5 used a reading tool"}
    warned = auth.post("/account/directory", data)
    body = warned.get_data(as_text=True)
    assert warned.status_code == 422 and "Maya in Year 5" in body and 'value="save_anyway"' in body
    assert db.session.get(DirectoryProfile, member.id) is None
    assert auth.post("/account/directory", {**data, "action": "save_anyway"}).status_code == 303
    assert [f.passage for f in findings("profile")] == ["Maya in Year 5"]
    auth.logout()
    auth.login(make_user(role="moderator"))
    queue = client.get("/moderation").get_data(as_text=True)
    assert 'id="queue-profile-' in queue and "Priya Profile" in queue
    assert '<mark class="finding">Maya in Year 5<span class="visually-hidden">' in queue


def test_editing_the_profile_clean_deletes_its_findings(auth):
    member = make_user()
    auth.login(member)
    auth.post("/account/directory", {**PROFILE, "happy_to_talk_about": "Call 07912 345678", "action": "save_anyway"})
    assert findings("profile")
    assert auth.post("/account/directory", {**PROFILE, "happy_to_talk_about": "Reading tools"}).status_code == 303
    assert findings("profile") == []


def test_contact_message_with_personal_data_warns_then_sends_anyway(client, auth):
    recipient = make_listed_member(name="Rita Recipient")
    auth.login(make_user())
    data = {"message": "Could we talk about how Maya in Year 5 got on. Call 07912 345678"}
    warned = auth.post(f"/directory/{recipient.id}/contact", data, headers=HX)
    body = warned.get_data(as_text=True)
    assert warned.status_code == 422 and "<html" not in body and "07912 345678" in body and "send_anyway" in body
    assert db.session.scalar(db.select(db.func.count(ContactRequest.id))) == 0
    assert auth.post(f"/directory/{recipient.id}/contact", {**data, "action": "send_anyway"}).status_code == 303
    assert {f.passage for f in findings("contact_request")} == {"Maya in Year 5", "07912 345678"}
    auth.logout()
    auth.login(make_user(role="moderator"))
    assert "To Rita Recipient" in client.get("/moderation").get_data(as_text=True)


def test_curators_note_with_personal_data_warns_then_features_anyway(client, auth, app):
    collection = make_collection(name="Report writing safely")
    post = make_post()
    auth.login(make_user(role="moderator"))
    data = {"collection": str(collection.id), "curator_note": "Maya in Year 5 loved this."}
    warned = auth.post(f"/moderation/posts/{post.id}/feature", data)
    assert warned.status_code == 422 and "Feature anyway" in warned.get_data(as_text=True)
    assert auth.post(f"/moderation/posts/{post.id}/feature", {**data, "action": "feature_anyway"}).status_code == 303
    assert [f.passage for f in findings("featured_post")] == ["Maya in Year 5"]
    assert f'id="queue-featured_post-' in client.get("/moderation").get_data(as_text=True)


def test_moderator_marks_writing_checked_with_htmx_or_without(client, auth):
    member = make_user()
    auth.login(member)
    auth.post("/account/directory", {**PROFILE, "happy_to_talk_about": "Call 07912 345678", "action": "save_anyway"})
    auth.logout()
    auth.login(make_user(role="moderator"))
    response = auth.post(f"/moderation/writing/profile/{member.id}/checked", headers=HX)
    assert response.status_code == 200 and "<html" not in response.get_data(as_text=True)
    assert findings("profile") == []
    assert db.session.scalar(db.select(ModerationAction.action)) == "clear_findings"
    assert auth.post(f"/moderation/writing/profile/{member.id}/checked").status_code == 404
    assert client.post(f"/moderation/writing/profile/{member.id}/checked").status_code == 400


def test_members_cannot_mark_writing_checked(client, auth):
    member = make_user()
    auth.login(member)
    auth.post("/account/directory", {**PROFILE, "happy_to_talk_about": "Call 07912 345678", "action": "save_anyway"})
    assert auth.post(f"/moderation/writing/profile/{member.id}/checked").status_code == 403
    assert findings("profile")


def test_deleting_writing_deletes_its_findings(client, auth):
    member = make_user()
    auth.login(member)
    auth.post("/account/directory", {**PROFILE, "happy_to_talk_about": "Call 07912 345678", "action": "save_anyway"})
    auth.post(f"/directory/{make_listed_member().id}/contact", {"message": "Email jo@home.example", "action": "send_anyway"})
    post = make_post(author=member)
    auth.post(f"/practice/{post.id}/comments", {"comment-body": "Email jo@home.example", "action": "publish_anyway"})
    assert findings("profile") and findings("contact_request") and findings("comment")
    assert auth.post("/account/data/delete", {"posts": "delete", "password": DEFAULT_PASSWORD}).status_code == 303
    assert db.session.scalar(db.select(db.func.count(PersonalDataFinding.id))) == 0
