"""Return addresses from a request only ever lead back into the portal."""
from urllib.parse import quote

import pytest

from tests.conftest import csrf_token_from
from tests.factories import DEFAULT_PASSWORD, make_user

HOSTILE = ["//evil.example/", "/\t/evil.example/", "/\n/evil.example/", "/\\evil.example", "https://evil.example/",
           "/%0d%0aSet-Cookie:x=1"]


@pytest.mark.parametrize("target", HOSTILE)
def test_following_never_returns_to_another_site(client, auth, target):
    auth.login(make_user())
    response = auth.post("/follows/recommendation/r17", {"next": target})
    assert response.status_code == 303
    # An encoded CR/LF is a harmless same-site path; everything else falls back to the thing followed.
    assert response.headers["Location"] in ("/recommendations/r17", "/%0d%0aSet-Cookie:x=1")


@pytest.mark.parametrize("target", HOSTILE)
def test_signing_in_never_returns_to_another_site(client, auth, target):
    user = make_user()
    response = client.post(f"/sign-in?next={quote(target)}", data={
        "email": user.email, "password": DEFAULT_PASSWORD, "csrf_token": csrf_token_from(client, "/sign-in")})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "/%0d%0aSet-Cookie:x=1")
