import re

import pytest

from portal.extensions import db
from portal.notifications.services import notify
from tests.conftest import csrf_token_from
from tests.factories import make_user


def write_endpoints(app):
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}):
            yield method, rule


def concrete_path(rule):
    # <any(post, comment):kind> takes its first option; every other converter takes 1.
    path = re.sub(r"<any\(\s*([a-z_]+)[^)]*\):[a-z_]+>", r"\1", rule.rule)
    return re.sub(r"<(?:[a-z]+:)?[a-z_]+>", "1", path)


def test_every_write_endpoint_refuses_a_request_without_a_csrf_token(app, client, auth):
    auth.login(make_user(role="admin"))
    checked = 0
    for method, rule in write_endpoints(app):
        for headers in ({}, {"HX-Request": "true"}, {"HX-Request": "true", "X-CSRFToken": "forged"}):
            response = client.open(concrete_path(rule), method=method, data={"anything": "x"}, headers=headers)
            assert response.status_code == 400, f"{method} {rule.rule} {headers} answered {response.status_code}"
        checked += 1
    assert checked >= 6


def test_an_htmx_request_with_the_token_header_is_accepted(client, auth):
    user = make_user()
    note = notify(user, "comment", "Hello")
    db.session.commit()
    auth.login(user)
    token = csrf_token_from(client, "/notifications")
    refused = client.post(f"/notifications/{note.id}/read", headers={"HX-Request": "true"})
    assert refused.status_code == 400
    accepted = client.post(f"/notifications/{note.id}/read",
                           headers={"HX-Request": "true", "X-CSRFToken": token})
    assert accepted.status_code == 200


def test_a_stale_token_re_renders_the_form_with_what_was_typed(client):
    response = client.post("/register", data={"csrf_token": "stale-token", "name": "Leah Morgan",
                                              "email": "leah@school.example", "job_title": "Teaching assistant",
                                              "region": "south-west", "phases": ["primary"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your form had expired" in page
    assert 'value="Leah Morgan"' in page and 'value="leah@school.example"' in page
    assert 'value="south-west" selected' in page or 'selected value="south-west"' in page


def test_a_stale_token_on_an_action_gets_a_clear_400_page(client, auth):
    auth.login(make_user())
    response = client.post("/notifications/read-all", data={"csrf_token": "stale"})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/sign-in", "/register"])
def test_forms_carry_a_csrf_token(client, path):
    assert 'name="csrf_token"' in client.get(path).get_data(as_text=True)


def test_the_one_csrf_exempt_endpoint_only_turns_off_an_email_with_a_valid_token(app, client):
    from portal import tokens
    from portal.mail import services
    exempt = [rule.endpoint for rule in app.url_map.iter_rules()
              if getattr(app.view_functions[rule.endpoint], "csrf_exempt", False) or
              f"{app.view_functions[rule.endpoint].__module__}.{rule.endpoint.split('.')[-1]}"
              in app.extensions["csrf"]._exempt_views]
    assert exempt == ["mail.unsubscribe"]
    user = make_user()
    before = services.preferences_for(user)
    assert client.post("/unsubscribe/forged-token").status_code == 400
    assert client.post(f"/unsubscribe/{tokens.make_token(tokens.RESET_PASSWORD, {'uid': user.id})}").status_code == 400
    db.session.expire_all()
    assert services.preferences_for(user) == before
