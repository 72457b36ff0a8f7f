"""Download your data: everything the portal holds about you, and nothing private about others."""
import json

import pytest

from portal.extensions import db
from portal.notifications.services import notify
from portal.practice.models import Comment, HelpfulMark
from tests.factories import (make_block, make_contact_request, make_directory_profile, make_listed_member,
                             make_post, make_school, make_user)


def export(client):
    response = client.get("/account/data/export.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.mimetype == "application/json" and response.headers["Cache-Control"] == "no-store"
    return json.loads(response.get_data(as_text=True))


def test_export_needs_sign_in(client):
    assert client.get("/account/data/export.json").status_code == 302
    assert client.get("/account/data").status_code == 302


def test_export_holds_profile_posts_comments_marks_requests_blocks_and_notifications(client, auth):
    me = make_user(name="Amira Hassan", email="amira@northern.example", school=make_school("Harbour View"))
    make_directory_profile(me, happy_to_talk_about="Image generators", recommendation_ids=["r17"])
    draft = make_post(author=me, title="My draft", status="draft")
    other_post = make_post(title="Someone else's post")
    db.session.add(Comment(post_id=other_post.id, author_id=me.id, body="Great idea", body_html="<p>Great idea</p>"))
    db.session.add(HelpfulMark(post_id=other_post.id, user_id=me.id))
    accepted_with = make_listed_member(name="Accepted Alex", email="alex@accepted.example")
    pending_with = make_listed_member(name="Pending Pam", email="pam@pending.example")
    declined_by = make_listed_member(name="Declining Dee", email="dee@declined.example")
    make_contact_request(me, accepted_with, status="accepted")
    make_contact_request(pending_with, me)
    make_contact_request(me, declined_by, status="declined")
    make_block(me, make_user(name="Blocked Bo", email="bo@blocked.example"))
    notify(me, "comment", "Someone commented on your post")
    db.session.commit()
    auth.login(me)
    data = export(client)
    assert data["account"]["email"] == "amira@northern.example" and data["account"]["school"] == "Harbour View"
    assert data["directory_profile"]["happy_to_talk_about"] == "Image generators"
    assert data["directory_profile"]["recommendations"] == ["Recommendation 17"]
    assert [p["title"] for p in data["posts"]] == ["My draft"] and data["posts"][0]["status"] == "draft"
    assert data["comments"][0]["body"] == "Great idea"
    assert data["helpful_marks"][0]["post_id"] == other_post.id
    assert data["blocked_members"][0]["member"] == "Blocked Bo"
    assert data["notifications"][0]["message"] == "Someone commented on your post"
    requests = {r["other_member"]: r for r in data["contact_requests"]}
    assert requests["Accepted Alex"]["other_member_email"] == "alex@accepted.example"
    assert "other_member_email" not in requests["Pending Pam"] and "other_member_email" not in requests["Declining Dee"]
    assert requests["Declining Dee"]["status"] == "Not accepted"
    text = json.dumps(data)
    for private in ("pam@pending.example", "dee@declined.example", "bo@blocked.example", "password"):
        assert private not in text
    assert draft.id == data["posts"][0]["id"]


def test_your_data_page_offers_download_and_delete(client, auth):
    auth.login(make_user())
    page = client.get("/account/data").get_data(as_text=True)
    assert 'href="/account/data/export.json"' in page and "Delete my account" in page


@pytest.mark.parametrize("who_blocks", ["me", "them"])
def test_export_hides_an_accepted_contacts_email_after_a_block_as_the_request_page_does(client, auth, who_blocks):
    me = make_listed_member(email="amira@northern.example")
    them = make_listed_member(email="alex@accepted.example")
    request = make_contact_request(me, them, status="accepted")
    make_block(*((me, them) if who_blocks == "me" else (them, me)))
    auth.login(me)
    assert "alex@accepted.example" not in client.get(f"/contact-requests/{request.id}").get_data(as_text=True)
    entry = export(client)["contact_requests"][0]
    assert entry["status"] and "other_member_email" not in entry
    assert "alex@accepted.example" not in client.get("/account/data/export.json").get_data(as_text=True)
