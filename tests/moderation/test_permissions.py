"""Every moderation page and action: members get 403, visitors go to sign in, unknown ids are 404."""
import re

import pytest

from portal.directory.models import ContactRequestReport
from portal.extensions import db
from tests.factories import (make_collection, make_comment, make_contact_request, make_featured, make_listed_member,
                             make_post, make_user)
from tests.moderation.conftest import HX

MODERATION_BLUEPRINTS = ("moderation", "moderation_users", "curation", "contact_reports")


def moderation_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in MODERATION_BLUEPRINTS:
            for method in sorted((rule.methods or set()) & {"GET", "POST"}):
                yield method, rule


def path_for(rule, ids):
    path = re.sub(r"<any\(([a-z_]+)[^)]*\):[a-z_]+>", r"\1", rule.rule)
    return re.sub(r"<int:([a-z_]+)>", lambda m: str(ids[m.group(1)]), path)


@pytest.fixture
def ids():
    post = make_post()
    collection = make_collection()
    request = make_contact_request(make_user(), make_listed_member())
    report = ContactRequestReport(request_id=request.id, reporter_id=request.recipient_id, sender_id=request.sender_id,
                                  message=request.message, reason="Spam")
    db.session.add(report)
    db.session.commit()
    return {"post_id": post.id, "report_id": report.id, "target_id": report.sender_id, "comment_id": make_comment(post=post).id, "user_id": make_user().id,
            "collection_id": collection.id, "featured_id": make_featured(collection, make_post()).id}


def test_members_get_403_on_every_moderation_page_and_action(app, client, auth, ids):
    auth.login(make_user())
    checked = 0
    for method, rule in moderation_routes(app):
        path = path_for(rule, ids)
        response = auth.post(path, {}) if method == "POST" else client.get(path)
        assert response.status_code == 403, f"{method} {path} answered {response.status_code}"
        checked += 1
    assert checked >= 20


def test_signed_out_visitors_are_sent_to_sign_in(app, client, ids):
    for method, rule in moderation_routes(app):
        if method != "GET":
            continue
        path = path_for(rule, ids)
        response = client.get(path)
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"], path
        htmx = client.get(path, headers=HX)
        assert htmx.status_code == 401 and "/sign-in" in htmx.headers["HX-Redirect"], path


def test_signed_out_actions_are_refused(app, client, ids):
    from tests.conftest import csrf_token_from
    token = csrf_token_from(client, "/")
    for method, rule in moderation_routes(app):
        if method == "POST":
            response = client.post(path_for(rule, ids), data={"csrf_token": token})
            assert response.status_code == 302 and "/sign-in" in response.headers["Location"], rule.rule


def test_unknown_ids_are_404_for_moderators(app, client, auth, ids):
    auth.login(make_user(role="moderator"))
    missing = {key: 999999 for key in ids}
    for method, rule in moderation_routes(app):
        if "<" not in rule.rule:
            continue
        path = path_for(rule, missing)
        response = auth.post(path, {}) if method == "POST" else client.get(path)
        assert response.status_code == 404, f"{method} {path} answered {response.status_code}"


def test_moderators_and_admins_can_open_every_moderation_page(app, client, auth, ids):
    for role in ("moderator", "admin"):
        auth.login(make_user(role=role))
        for method, rule in moderation_routes(app):
            if method == "GET":
                path = path_for(rule, ids)
                assert client.get(path).status_code == 200, f"{role} {path}"
        auth.logout()


def test_moderation_link_shows_in_the_header_for_moderators_only(client, auth):
    auth.login(make_user())
    assert 'href="/moderation"' not in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.login(make_user(role="moderator"))
    assert 'href="/moderation">Moderation</a>' in client.get("/").get_data(as_text=True)


def test_queue_runs_the_same_number_of_queries_for_3_and_30_items(client, auth, count_queries):
    from tests.factories import make_flag
    auth.login(make_user(role="moderator"))
    counts = []
    for size in (3, 27):
        for _ in range(size):
            make_post(status="pending", author=make_user())
            make_comment(status="pending")
            make_flag(make_post())
            make_flag(make_comment())
        with count_queries() as statements:
            assert client.get("/moderation").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("path", ["/moderation", "/moderation/log"])
def test_list_pages_answer_htmx_with_a_fragment(client, auth, path):
    auth.login(make_user(role="moderator"))
    assert "<html" not in client.get(path, headers=HX).get_data(as_text=True)
    assert "<html" in client.get(path).get_data(as_text=True)


def test_public_pages_are_open_to_everyone(client):
    guidelines = client.get("/guidelines").get_data(as_text=True)
    for anchor in ("pupils-never-identifiable", "about-ai-in-education", "useful-detail", "no-advertising",
                   "kind-and-safe", "labels", "no-pupil-data-in-prompts", "anonymity", "psychological-safety"):
        assert f'id="{anchor}"' in guidelines
    assert client.get("/transparency").status_code == 200
