"""Pages opened from an e-mailed link carry someone's account in their address: never kept in a cache."""
import pytest

from portal import tokens
from tests.factories import make_user


@pytest.fixture
def links(app):
    from portal.auth.recovery import _reset_fingerprint
    user = make_user()
    reset = tokens.make_token(tokens.RESET_PASSWORD, {"uid": user.id, "fp": _reset_fingerprint(user)})
    return {
        "reset": f"/reset-password/{reset}",
        "unsubscribe": f"/unsubscribe/{tokens.make_token(tokens.UNSUBSCRIBE, {'uid': user.id, 'kind': 'digest'})}",
        "bad": "/verify-email/not-a-token",
    }


@pytest.mark.parametrize("name", ["reset", "unsubscribe", "bad"])
def test_pages_opened_from_an_emailed_link_are_not_stored_even_signed_out(client, links, name):
    response = client.get(links[name])
    assert response.status_code in (200, 400)
    assert response.headers.get("Cache-Control") == "no-store"


def test_public_pages_signed_out_may_still_be_cached(client):
    assert "no-store" not in client.get("/practice").headers.get("Cache-Control", "")


def test_signing_out_is_not_stored_and_clears_the_browser(client, auth):
    auth.login(make_user())
    response = auth.logout()
    assert response.headers["Cache-Control"] == "no-store"
    assert "storage" in response.headers["Clear-Site-Data"]
