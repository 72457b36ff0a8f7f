import json
import logging

from sqlalchemy.exc import OperationalError

from portal.extensions import db


def test_health_check_reports_a_reachable_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok", "database": "ok"}


def test_health_check_answers_503_when_the_database_is_away(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))
    monkeypatch.setattr(db.session, "execute", broken, raising=False)
    assert client.get("/healthz").status_code == 503


def test_each_request_is_logged_once_with_a_request_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        response = client.get("/about", headers={"X-Request-ID": "abc123"})
    assert response.headers["X-Request-ID"] == "abc123"
    entries = [json.loads(r.getMessage()) for r in caplog.records if r.name == "portal.requests"]
    assert entries == [{**entries[0], "request_id": "abc123", "method": "GET", "path": "/about", "status": 200}]


def test_a_forged_request_id_is_replaced(client):
    response = client.get("/about", headers={"X-Request-ID": "evil;rm -rf"})
    assert response.headers["X-Request-ID"] != "evil;rm -rf" and len(response.headers["X-Request-ID"]) == 32


def test_health_check_answers_503_to_a_signed_in_browser_when_the_database_is_away(client, auth, monkeypatch):
    from tests.factories import make_user
    make_user(email="ops@school.example", password="correct horse battery staple")
    assert auth.login("ops@school.example", "correct horse battery staple").status_code == 302

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))
    monkeypatch.setattr(db.session, "execute", broken, raising=False)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["database"] == "unreachable"
