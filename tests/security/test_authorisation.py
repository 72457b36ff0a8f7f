"""Every POST route, tried as the wrong member, as a signed-out visitor and with ids that do not exist."""
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.orgs.models import TrustDomain
from tests.conftest import AuthActions
from tests.factories import (make_collection, make_comment, make_contact_request, make_featured, make_listed_member,
                             make_post, make_school, make_trust, make_user)

# Self-service actions any signed-in member may take on their own account or on public things.
SELF_SERVICE = {
    "auth.login", "auth.register", "auth.logout", "auth.forgot_password", "auth.reset_password",
    "auth.resend_verification", "auth.change_email", "auth.change_password", "auth.edit_profile",
    "account_data.delete", "directory.edit_profile", "directory.block", "contact.send", "mail.preferences",
    "mail.follow", "mail.unfollow", "mail.unsubscribe", "notifications.mark_all_read", "practice.new",
    "responses.add_comment", "responses.reply", "responses.helpful", "responses.save", "community.flag", "contact.unblock",
}
# Moderators may edit or remove any post or comment (practice/models.py Post.can_edit).
MODERATOR_WORK = {"moderation", "moderation_users", "curation", "contact_reports", "practice.edit", "practice.delete",
                  "responses.delete_comment"}
FORM = {"body": "x", "title": "x", "role": "admin", "note": "x", "reason": "other", "details": "x", "name": "x",
        "label": "x", "status": "published", "author_id": "1", "user_id": "1", "collection_id": "1",
        "direction": "up", "confirm": "y", "days": "7", "message": "x"}


@pytest.fixture
def world(app):
    owner = make_listed_member(name="Owner Person")
    other = make_listed_member(name="Other Person")
    admin = make_user(role="admin", name="Admin Person")
    post = make_post(author=owner)
    comment = make_comment(post, author=owner)
    request = make_contact_request(other, owner)
    featured = make_featured(make_collection(), post)
    from portal.directory.models import ContactRequestReport
    report = ContactRequestReport(request_id=request.id, reporter_id=owner.id, sender_id=other.id,
                                  message=request.message, reason="Spam")
    db.session.add(report)
    school = make_school()
    trust = make_trust()
    domain = TrustDomain(trust=trust, domain="owner-trust.example")
    db.session.add(domain)
    from portal.notifications.services import notify
    note = notify(owner, "comment", "Hello", "/")
    from portal.oidc.models import OidcIdentity, OidcTrustMapping
    identity = OidcIdentity(user=owner, provider="google", subject="owner-1", email=owner.email)
    mapping = OidcTrustMapping(provider="google", key="owner-trust.example", trust=trust)
    db.session.add_all([identity, mapping])
    db.session.commit()
    ids = {"post_id": post.id, "comment_id": comment.id, "request_id": request.id, "user_id": admin.id,
           "notification_id": note.id, "collection_id": featured.collection_id, "featured_id": featured.id,
           "school_id": school.id, "target_id": post.id, "target_type": "post", "kind": "case_study",
           "action": "hide", "token": "x", "trust_id": trust.id, "domain_id": domain.id, "answer": "approve",
           "role": "lead", "report_id": report.id, "report_action": "warn", "writing_type": "profile",
           "provider": "google", "identity_id": identity.id, "mapping_id": mapping.id}
    return {"owner": owner, "other": other, "admin": admin, "ids": ids}


def snapshot():
    """Every row of every table, as plain tuples."""
    db.session.expire_all()
    rows = {}
    for table in db.metadata.sorted_tables:
        rows[table.name] = sorted(map(repr, db.session.execute(select(table)).all()))
    return rows


def post_routes(app, ids, missing=False):
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "POST" not in (rule.methods or ()) or rule.endpoint in SELF_SERVICE:
                continue
            args = {name: (999999 if missing and isinstance(ids[name], int) else ids[name]) for name in rule.arguments}
            yield rule.endpoint, app.url_for(rule.endpoint, **args)


def signed_in(app, user):
    client = app.test_client()
    actions = AuthActions(client)
    actions.login(user)
    client.get("/")  # their first visit home is recorded now, not in the middle of a snapshot
    return actions


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_a_member_or_moderator_cannot_act_on_other_peoples_things_or_admin_routes(app, world, role):
    intruder = make_user(role=role)
    actions = signed_in(app, intruder)
    before = snapshot()
    for endpoint, path in post_routes(app, world["ids"]):
        if role == "moderator" and {endpoint, endpoint.split(".")[0]} & MODERATOR_WORK:
            continue  # their own job; the admin-target checks are below
        for headers in ({}, {"HX-Request": "true"}):
            response = actions.post(path, FORM, headers=headers)
            assert response.status_code in (403, 404), f"{path} answered {response.status_code}"
    assert snapshot() == before


def test_signed_out_posts_go_to_sign_in_and_change_nothing(app, world):
    client = app.test_client()
    token_page = AuthActions(client)
    before = snapshot()
    for endpoint, path in post_routes(app, world["ids"]):
        full = token_page.post(path, FORM)
        assert full.status_code == 302 and "/sign-in" in full.headers["Location"], path
        fragment = token_page.post(path, FORM, headers={"HX-Request": "true"})
        assert fragment.status_code == 401 and "/sign-in" in fragment.headers["HX-Redirect"], path
    assert snapshot() == before


def test_unknown_ids_answer_404_even_for_an_admin(app, world):
    actions = signed_in(app, world["admin"])
    before = snapshot()
    for endpoint, path in post_routes(app, world["ids"], missing=True):
        if "999999" not in path:
            continue  # only routes that take an id
        response = actions.post(path, FORM)
        assert response.status_code == 404, f"{path} answered {response.status_code}"
    assert snapshot() == before


@pytest.mark.parametrize("action", ["silence", "suspend", "notes"])
def test_a_moderator_cannot_act_on_an_admin(app, world, action):
    actions = signed_in(app, make_user(role="moderator"))
    before = snapshot()
    response = actions.post(f"/moderation/users/{world['admin'].id}/{action}", FORM)
    assert response.status_code in (403, 404)
    assert snapshot() == before
