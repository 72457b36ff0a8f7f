"""A member's directory page offers to follow them for the weekly digest."""
from tests.factories import make_listed_member, make_user


def test_a_listed_members_page_offers_to_follow_them(client, auth):
    member = make_listed_member(name="Rachel Green")
    auth.login(make_user())
    page = client.get(f"/directory/{member.id}").get_data(as_text=True)
    assert f'action="/follows/member/{member.id}"' in page
    assert auth.post(f"/follows/member/{member.id}").status_code in (200, 303)
    assert f'action="/follows/member/{member.id}/unfollow"' in client.get(f"/directory/{member.id}").get_data(as_text=True)


def test_your_own_directory_page_has_no_follow_button(client, auth):
    member = make_listed_member()
    auth.login(member)
    assert "/follows/member/" not in client.get(f"/directory/{member.id}").get_data(as_text=True)


def test_export_includes_email_settings_follows_and_emails(client, auth):
    from portal.extensions import db
    from portal.notifications.services import notify
    from tests.factories import make_follow
    member = make_user()
    make_follow(member, target_type="recommendation", target_id="r17")
    notify(member, "post_approved", "Your post is live")
    db.session.commit()
    auth.login(member)
    export = client.get("/account/data/export.json").get_json()
    assert export["follows"][0]["id"] == "r17"
    assert [e["category"] for e in export["emails"]] == ["post_approved"]
    assert "email_preferences" in export


def test_deleting_an_account_forgets_its_emails_and_others_follows_of_it(client, auth):
    from portal.extensions import db
    from portal.mail.models import Follow
    from portal.outbox.models import OutboxMessage
    from portal.notifications.services import notify
    from tests.factories import DEFAULT_PASSWORD, make_follow
    member = make_listed_member()
    make_follow(make_user(), target_type="member", target_id=str(member.id))
    notify(member, "post_approved", "Your post is live")
    db.session.commit()
    auth.login(member)
    response = auth.post("/account/data/delete", {"password": DEFAULT_PASSWORD, "posts": "delete"})
    assert response.status_code == 303
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Follow.id))) == 0
