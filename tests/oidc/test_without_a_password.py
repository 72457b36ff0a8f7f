"""A member who signs in only with a school account has no password: password sign-in fails plainly for
them, their account page offers to set one, and the e-mailed reset link sets it."""
from portal.extensions import db
from portal.oidc.models import OidcIdentity
from tests.auth.test_recovery import _ask_for_reset, _reset
from tests.factories import make_user

NEW_PASSWORD = "new lantern orchard kettle"


def passwordless_member():
    user = make_user(email="ruth@fenland.example", name="Ruth Simmons")
    user.password_hash = None
    db.session.add(OidcIdentity(user=user, provider="google", subject="ruth-1", email=user.email))
    db.session.commit()
    return user


def test_password_sign_in_fails_plainly_and_the_reset_link_sets_a_password(client, auth):
    user = passwordless_member()
    assert auth.login(user, password="anything at all").status_code == 422
    assert _reset(client, _ask_for_reset(client, user.email), NEW_PASSWORD).status_code == 303
    assert auth.login(user, password=NEW_PASSWORD).status_code == 302


def test_the_account_pages_offer_to_set_a_password_instead_of_asking_for_one(client, auth):
    user = passwordless_member()
    _reset(client, _ask_for_reset(client, user.email), NEW_PASSWORD)
    auth.login(user, password=NEW_PASSWORD)
    user = db.session.get(type(user), user.id)
    user.password_hash = None
    db.session.commit()
    account = client.get("/account").get_data(as_text=True)
    assert "Set a password" in account and "Change your password" not in account
    assert "You sign in with a school account and have no password" in client.get("/account/data").get_data(
        as_text=True)
