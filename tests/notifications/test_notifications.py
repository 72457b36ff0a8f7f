from portal.extensions import db
from portal.notifications.models import Notification
from portal.notifications.services import notify
from tests.conftest import csrf_token_from
from tests.factories import make_user


def give(user, message="Your post was approved", link="/"):
    note = notify(user, "post_approved", message, link)
    db.session.commit()
    return note


def test_member_sees_their_notifications_and_unread_count(client, auth):
    user = make_user()
    give(user, "Your post was approved")
    give(make_user(), "Someone else's news")
    auth.login(user)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Your post was approved" in page and "Someone else" not in page
    badge = client.get("/notifications/badge", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert ">1<" in badge and "<html" not in badge


def test_marking_read_with_htmx_returns_the_updated_item(client, auth):
    user = make_user()
    note = give(user)
    auth.login(user)
    token = csrf_token_from(client, "/notifications")
    response = client.post(f"/notifications/{note.id}/read", headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 200
    assert f'id="notification-{note.id}"' in response.get_data(as_text=True)
    assert "Mark as read" not in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Notification, note.id).read_at is not None


def test_marking_read_without_javascript_redirects_back(client, auth):
    user = make_user()
    note = give(user)
    auth.login(user)
    response = auth.post(f"/notifications/{note.id}/read")
    assert response.status_code == 303 and response.headers["Location"] == "/notifications"


def test_member_cannot_mark_someone_elses_notification(client, auth):
    note = give(make_user())
    auth.login(make_user())
    assert auth.post(f"/notifications/{note.id}/read").status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, note.id).read_at is None


def test_mark_all_read(client, auth):
    user = make_user()
    give(user)
    give(user)
    auth.login(user)
    auth.post("/notifications/read-all")
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(Notification.read_at.is_(None))) == 0
