"""Suspending, silencing and noting members; moderators cannot act on admins or themselves."""
from datetime import timedelta

from portal.extensions import db
from portal.moderation.models import ModeratorNote
from portal.timestamps import utcnow
from tests.conftest import AuthActions
from tests.factories import DEFAULT_PASSWORD, make_user


def test_suspending_ends_every_session_and_refuses_sign_in_with_the_reason(app, client, auth, as_moderator):
    member = make_user(email="member@school.example")
    member_client = app.test_client()
    AuthActions(member_client).login(member)
    assert member_client.get("/account").status_code == 200
    until = (utcnow() + timedelta(days=7)).date()
    response = auth.post(f"/moderation/users/{member.id}/suspend", {"reason": "Shared pupil photographs",
                                                                   "until": until.isoformat()})
    assert response.status_code == 303
    assert member_client.get("/account").status_code == 302  # the session has ended
    response = AuthActions(member_client).login(member)
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "Your account is suspended until" in page
    assert "Shared pupil photographs" in page


def test_a_wrong_password_reveals_nothing_about_a_suspension(app, client, moderator):
    member = make_user(suspended_at=utcnow(), suspension_reason="Spam")
    response = AuthActions(app.test_client()).login(member, password="not the right password")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "suspended" not in page and "Spam" not in page


def test_suspension_needs_a_reason_and_a_future_end_date(client, auth, as_moderator):
    member = make_user()
    response = auth.post(f"/moderation/users/{member.id}/suspend", {"reason": ""})
    assert response.status_code == 422 and "Give the reason" in response.get_data(as_text=True)
    response = auth.post(f"/moderation/users/{member.id}/suspend", {"reason": "Spam", "until": "2001-01-01"})
    assert response.status_code == 422 and "must be in the future" in response.get_data(as_text=True)
    response = auth.post(f"/moderation/users/{member.id}/suspend", {"reason": "Spam", "until": "next week"})
    assert response.status_code == 422
    db.session.refresh(member)
    assert not member.is_suspended


def test_lifting_a_suspension_lets_the_member_sign_in(app, client, auth, as_moderator):
    member = make_user(suspended_at=utcnow(), suspension_reason="Spam")
    assert auth.post(f"/moderation/users/{member.id}/unsuspend").status_code == 303
    db.session.refresh(member)
    assert not member.is_suspended
    response = AuthActions(app.test_client()).login(member, DEFAULT_PASSWORD)
    assert response.status_code == 302


def test_silencing_stops_contributing_but_not_reading(client, auth, as_moderator):
    member = make_user()
    assert auth.post(f"/moderation/users/{member.id}/silence", {"reason": "Repeated advertising"}).status_code == 303
    db.session.refresh(member)
    assert member.silenced_at is not None and not member.can_contribute and member.is_active
    assert auth.post(f"/moderation/users/{member.id}/unsilence").status_code == 303
    db.session.refresh(member)
    assert member.can_contribute


def test_private_notes_are_seen_only_by_moderators(client, auth, as_moderator):
    member = make_user()
    assert auth.post(f"/moderation/users/{member.id}/notes", {"body": "Spoke to their head of school."}).status_code == 303
    assert auth.post(f"/moderation/users/{member.id}/notes", {"body": ""}).status_code == 422
    assert "Spoke to their head of school." in client.get(f"/moderation/users/{member.id}").get_data(as_text=True)
    auth.logout()
    auth.login(member)
    assert client.get(f"/moderation/users/{member.id}").status_code == 403
    assert "Spoke to their head" not in client.get("/account").get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ModeratorNote.id))) == 1


def test_moderators_cannot_act_on_admins_or_themselves(client, auth, as_moderator):
    admin = make_user(role="admin")
    for target in (admin, as_moderator):
        for action, data in (("suspend", {"reason": "x"}), ("unsuspend", {}), ("silence", {}), ("unsilence", {}),
                             ("notes", {"body": "x"})):
            assert auth.post(f"/moderation/users/{target.id}/{action}", data).status_code == 403, action
    db.session.refresh(admin)
    assert not admin.is_suspended and admin.silenced_at is None
    page = client.get(f"/moderation/users/{admin.id}").get_data(as_text=True)
    assert "Admins cannot be suspended" in page and "Suspend " + admin.name not in page


def test_moderators_cannot_change_roles(client, auth, as_moderator):
    member = make_user()
    assert auth.post(f"/admin/users/{member.id}/role", {"role": "admin"}).status_code == 403
    db.session.refresh(member)
    assert member.role == "member"


def test_members_list_finds_people_by_name(client, as_moderator):
    make_user(name="Rachel Green")
    make_user(name="Owen Price")
    page = client.get("/moderation/users?q=rach").get_data(as_text=True)
    assert "Rachel Green" in page and "Owen Price" not in page


def test_the_suspend_and_silence_reasons_each_have_their_own_label(client, as_moderator):
    from tests.html_checks import duplicate_ids, labels_without_their_control
    page = client.get(f"/moderation/users/{make_user().id}").get_data(as_text=True)
    assert '<label class="label" for="silence-reason">Reason (optional)</label>' in page
    assert 'for="suspend-reason"' in page and 'id="suspend-reason"' in page and 'id="silence-reason"' in page
    assert duplicate_ids(page) == [] and labels_without_their_control(page) == []
