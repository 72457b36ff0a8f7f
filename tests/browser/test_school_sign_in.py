"""A teacher signs in with their school account in a real browser: the portal's button, the provider's own
page (a real OpenID Connect provider running locally), and back, signed in, to complete their profile."""
import re

import pytest
from oidc_provider_mock import run_server_in_thread
import requests
from playwright.sync_api import expect


@pytest.fixture
def google(app, monkeypatch):
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the local provider speaks plain HTTP
    with run_server_in_thread() as server:
        base = f"http://localhost:{server.server_port}"
        for setting, value in (("CLIENT_ID", "practice-exchange"), ("CLIENT_SECRET", "a-client-secret"),
                               ("METADATA_URL", f"{base}/.well-known/openid-configuration")):
            monkeypatch.setitem(app.config, f"OIDC_GOOGLE_{setting}", value)
        yield base


@pytest.fixture
def page(page):
    """The provider's own page styles itself from a CDN, which this machine cannot reach: serve it nothing."""
    page.route(re.compile(r"^https://"), lambda route: route.fulfill(status=200, body="", content_type="text/css"))
    return page


def test_a_teacher_signs_in_with_their_school_google_account(page, google):
    claims = {"email": "ruth.simmons@fenland.example", "email_verified": True, "name": "Ruth Simmons"}
    assert requests.put(f"{google}/users/ruth-1", json=claims, timeout=5).status_code == 204
    page.goto("/sign-in")
    page.get_by_role("link", name="Sign in with Google").click()
    page.get_by_placeholder("sub").fill("ruth-1")
    page.get_by_role("button", name="Authorize").click()
    expect(page).to_have_url(re.compile(r"/account/profile$"))
    expect(page.get_by_text("Welcome, Ruth Simmons")).to_be_visible()


def test_cancelling_at_the_provider_comes_back_signed_out_with_a_plain_message(page, google):
    page.goto("/sign-in")
    page.get_by_role("link", name="Sign in with Google").click()
    page.get_by_role("button", name="Deny").click()
    expect(page).to_have_url(re.compile(r"/sign-in$"))
    expect(page.get_by_role("alert")).to_contain_text("Sign-in with Google was cancelled")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
