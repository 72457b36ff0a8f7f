import json
import re
from pathlib import Path

import pytest

from portal.config import ProductionConfig, config_from_env
from tests.factories import make_user

STATIC = Path(__file__).resolve().parents[2] / "static"


def test_every_page_sends_the_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_scripts_or_event_handlers(client, auth):
    auth.login(make_user(role="admin"))
    for path in ["/", "/account", "/account/profile", "/admin/users", "/notifications", "/report"]:
        html = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+=", html), path
        assert "hx-on" not in html, path


def test_signed_in_pages_are_not_stored(client, auth):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    auth.login(make_user())
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert client.get("/account").headers["Cache-Control"] == "no-store"


def test_responses_vary_on_htmx_requests(client):
    assert "HX-Request" in client.get("/").headers["Vary"]


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        config_from_env()
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    assert config_from_env() is ProductionConfig


def test_production_cookies_are_secure():
    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE
    assert ProductionConfig.SESSION_COOKIE_NAME.startswith("__Host-")


def test_vendored_htmx_is_pinned_to_the_2_0_line():
    source = (STATIC / "js" / "htmx.min.js").read_text()
    version = re.search(r'version:"([0-9.]+)"', source).group(1)
    assert version.startswith("2.0."), f"htmx {version}: 2.0.x is required (htmx 4 renames hx-disable)"


def test_htmx_is_configured_safely(client):
    html = client.get("/").get_data(as_text=True)
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html).group(1))
    assert config["allowEval"] is False and config["allowScriptTags"] is False
    assert config["selfRequestsOnly"] is True and config["historyCacheSize"] == 0
    assert config["includeIndicatorStyles"] is False
