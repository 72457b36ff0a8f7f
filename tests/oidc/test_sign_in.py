"""Sign-in with Microsoft or Google, against a real OpenID Connect provider running in the test process
(oidc-provider-mock): the portal's own Authlib client does the whole redirect flow, checks state, nonce and
PKCE, and verifies the ID token it gets back. Nothing on the client side is patched."""
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
from oidc_provider_mock import run_server_in_thread
from sqlalchemy import select

from portal.auth.models import User
from portal.extensions import db
from portal.oidc import providers
from portal.oidc.models import OidcIdentity, OidcTrustMapping
from tests.conftest import AuthActions
from tests.factories import make_trust, make_user

TENANT = "0b7f9d1c-4a52-4c7e-9f59-1f2a3b4c5d6e"


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def expiring_provider():
    """A provider whose ID tokens expired ten minutes before they were issued (beyond any clock leeway)."""
    with run_server_in_thread(access_token_max_age=timedelta(minutes=-10)) as server:
        yield f"http://localhost:{server.server_port}"


def offer(app, monkeypatch, name, base, client_id="practice-exchange"):
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # the local provider speaks plain HTTP
    for setting, value in (("CLIENT_ID", client_id), ("CLIENT_SECRET", "a-client-secret"),
                           ("METADATA_URL", f"{base}/.well-known/openid-configuration")):
        monkeypatch.setitem(app.config, f"OIDC_{name.upper()}_{setting}", value)


@pytest.fixture
def microsoft(app, monkeypatch, provider):
    offer(app, monkeypatch, "microsoft", provider)
    return provider


@pytest.fixture
def google(app, monkeypatch, provider):
    offer(app, monkeypatch, "google", provider)
    return provider


def start(client, name):
    response = client.get(f"/sign-in/{name}")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def consent(authorize_url, subject, claims, base):
    """The member signs in at the provider: it sends the browser back to the portal's callback."""
    assert requests.put(f"{base}/users/{subject}", json=claims, timeout=5).status_code == 204
    answer = requests.post(authorize_url, data={"sub": subject}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def callback(client, url):
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in_with(client, name, subject, claims, base):
    return callback(client, consent(start(client, name), subject, claims, base))


def page_after(client, response):
    return client.get(response.headers["Location"]).get_data(as_text=True)


def signed_in_user(client):
    page = client.get("/account").get_data(as_text=True)
    return page if "Edit your profile" in page else None


def test_the_buttons_show_only_for_configured_providers(app, client, monkeypatch, provider):
    assert "Sign in with" not in client.get("/sign-in").get_data(as_text=True)
    assert client.get("/sign-in/google").status_code == 404
    offer(app, monkeypatch, "google", provider)
    page = client.get("/sign-in").get_data(as_text=True)
    assert "Sign in with Google" in page and "Sign in with Microsoft" not in page
    assert "Sign in with Google" in client.get("/register").get_data(as_text=True)


def test_the_request_carries_state_nonce_and_pkce(client, google):
    query = dict(part.split("=", 1) for part in urlsplit(start(client, "google")).query.split("&"))
    assert query["code_challenge_method"] == "S256" and query["code_challenge"]
    assert query["state"] and query["nonce"] and query["scope"] == "openid+email+profile"


def test_a_first_sign_in_creates_a_confirmed_member_without_a_password(client, google):
    response = sign_in_with(client, "google", "g-1001", {"email": "Asha.Khan@school.example", "email_verified": True,
                                                         "name": "Asha Khan"}, google)
    assert response.status_code == 303 and response.headers["Location"].endswith("/account/profile")
    user = db.session.scalars(select(User).where(User.email == "asha.khan@school.example")).one()
    assert user.name == "Asha Khan" and user.is_verified and user.password_hash is None
    assert "Welcome, Asha Khan" in page_after(client, response)
    identity = db.session.scalars(select(OidcIdentity)).one()
    assert (identity.user_id, identity.provider, identity.subject) == (user.id, "google", "g-1001")


def test_a_later_sign_in_with_the_same_subject_is_the_same_account(app, client, google):
    claims = {"email": "asha.khan@school.example", "email_verified": True, "name": "Asha Khan"}
    sign_in_with(client, "google", "g-1001", claims, google)
    AuthActions(client).logout()
    response = sign_in_with(client, "google", "g-1001", {**claims, "email": "changed@school.example"}, google)
    assert response.status_code == 303 and response.headers["Location"].endswith("/")
    assert "Signed in as Asha Khan with Google" in page_after(client, response)
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 1


def test_an_existing_account_is_linked_only_after_its_password(app, client, google):
    owner = make_user(name="Sam Patel", email="sam.patel@school.example")
    response = sign_in_with(client, "google", "g-2002", {"email": "sam.patel@school.example", "email_verified": True},
                            google)
    assert response.headers["Location"].endswith("/sign-in")
    assert "Sign in with its password once" in page_after(client, response)
    assert signed_in_user(client) is None and db.session.scalars(select(OidcIdentity)).all() == []
    assert AuthActions(client).login(owner).status_code == 302
    identity = db.session.scalars(select(OidcIdentity)).one()
    assert identity.user_id == owner.id
    AuthActions(client).logout()
    assert "Signed in as Sam Patel with Google" in page_after(
        client, sign_in_with(client, "google", "g-2002", {"email": "sam.patel@school.example",
                                                          "email_verified": True}, google))


def test_a_waiting_link_is_never_made_by_someone_elses_password(app, client, google):
    make_user(email="sam.patel@school.example")
    intruder = make_user(email="someone.else@school.example")
    sign_in_with(client, "google", "g-2002", {"email": "sam.patel@school.example", "email_verified": True}, google)
    AuthActions(client).login(intruder)
    assert db.session.scalars(select(OidcIdentity)).all() == []


def test_an_address_the_provider_does_not_vouch_for_is_refused(client, google, microsoft):
    response = sign_in_with(client, "google", "g-3003", {"email": "x@school.example", "email_verified": False}, google)
    assert "did not confirm an e-mail address" in page_after(client, response)
    response = sign_in_with(client, "microsoft", "m-3003", {"email": "x@school.example", "tid": TENANT}, microsoft)
    assert "did not confirm an e-mail address" in page_after(client, response)
    assert db.session.scalars(select(User)).all() == [] and signed_in_user(client) is None


def test_a_mapped_tenant_places_the_member_in_its_trust_as_verified(client, microsoft):
    trust = make_trust(name="Northern Lights Learning Trust")
    db.session.add(OidcTrustMapping(provider="microsoft", key=TENANT, trust_id=trust.id))
    db.session.commit()
    sign_in_with(client, "microsoft", "m-4004", {"email": "lee@nllt.example", "tid": TENANT.upper(),
                                                 "name": "Lee Brown"}, microsoft)
    user = db.session.scalars(select(User)).one()
    assert (user.trust_id, user.trust_status, user.trust_verified_via) == (trust.id, "verified", "sign-in")


def test_a_token_for_another_client_is_refused(app, client, monkeypatch, provider):
    """A real ID token from the provider, issued to another app: the portal's verification must refuse it."""
    offer(app, monkeypatch, "google", provider, client_id="another-app")
    authorize_url = start(client, "google")
    code_url = consent(authorize_url, "g-5005", {"email": "a@school.example", "email_verified": True}, provider)
    # The portal now expects its own client id: the token the provider issues is for "another-app".
    monkeypatch.setitem(app.config, "OIDC_GOOGLE_CLIENT_ID", "practice-exchange")
    with app.test_request_context():
        providers.client("google")
    response = callback(client, code_url)
    assert response.status_code == 303 and "could not be completed" in page_after(client, response)
    assert signed_in_user(client) is None


def test_an_expired_token_is_refused(app, client, monkeypatch, expiring_provider):
    offer(app, monkeypatch, "google", expiring_provider)
    response = sign_in_with(client, "google", "g-6006", {"email": "a@school.example", "email_verified": True},
                            expiring_provider)
    assert "could not be completed" in page_after(client, response)
    assert db.session.scalars(select(User)).all() == []


def test_a_replayed_callback_is_refused(client, google):
    url = consent(start(client, "google"), "g-7007", {"email": "a@school.example", "email_verified": True}, google)
    assert callback(client, url).status_code == 303
    AuthActions(client).logout()
    response = callback(client, url)
    assert "could not be completed" in page_after(client, response) and signed_in_user(client) is None


def test_a_cancelled_sign_in_says_so_and_stays_signed_out(client, google):
    authorize_url = start(client, "google")
    answer = requests.post(authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=5)
    response = callback(client, answer.headers["Location"])
    assert "Sign-in with Google was cancelled" in page_after(client, response) and signed_in_user(client) is None


def test_a_provider_that_is_down_gets_a_clear_message_not_a_500(app, client, monkeypatch):
    offer(app, monkeypatch, "microsoft", "http://127.0.0.1:9")  # nothing listens on the discard port
    response = client.get("/sign-in/microsoft")
    assert response.status_code == 303
    assert "Microsoft is not answering" in page_after(client, response)


def test_a_suspended_member_cannot_sign_in_with_a_school_account(client, google):
    sign_in_with(client, "google", "g-8008", {"email": "a@school.example", "email_verified": True}, google)
    AuthActions(client).logout()
    user = db.session.scalars(select(User)).one()
    user.suspended_at = db.func.now()
    db.session.commit()
    response = sign_in_with(client, "google", "g-8008", {"email": "a@school.example", "email_verified": True}, google)
    assert "Your account is suspended" in page_after(client, response) and signed_in_user(client) is None


def test_signing_out_ends_a_school_sign_in_session_like_any_other(app, client, google):
    sign_in_with(client, "google", "g-9009", {"email": "a@school.example", "email_verified": True}, google)
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert signed_in_user(other)
    AuthActions(client).logout()
    assert signed_in_user(other) is None


def test_linked_accounts_are_listed_exported_and_removed_but_never_the_last_way_in(app, client, google):
    sign_in_with(client, "google", "g-1010", {"email": "a@school.example", "email_verified": True}, google)
    assert "Google (a@school.example)" in client.get("/account/sign-in").get_data(as_text=True)
    export = client.get("/account/data/export.json").get_json()
    assert export["sign_in_accounts"][0]["provider"] == "google"
    identity = db.session.scalars(select(OidcIdentity)).one()
    actions = AuthActions(client)
    response = actions.post(f"/account/sign-in/{identity.id}/remove")
    assert "your only way to sign in" in page_after(client, response)
    assert db.session.get(OidcIdentity, identity.id) is not None
    someone = make_user()
    other = app.test_client()
    AuthActions(other).login(someone)
    assert AuthActions(other).post(f"/account/sign-in/{identity.id}/remove").status_code == 404
