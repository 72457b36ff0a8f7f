"""Microsoft and Google as OpenID Connect providers, through Authlib's Flask client.

A provider is offered only when its client id and secret are configured (OIDC_MICROSOFT_CLIENT_ID, ...).
Authlib keeps the state, the nonce and the PKCE verifier in the session, checks the state and nonce on the
way back, and verifies the ID token's signature (against the provider's published keys), audience and
expiry; the issuer is checked here, Microsoft's with the token's own tenant in it.
"""
from authlib.integrations.flask_client import OAuth
from flask import current_app

PROVIDERS = {
    "microsoft": {"name": "Microsoft",
                  "metadata": "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration"},
    "google": {"name": "Google", "metadata": "https://accounts.google.com/.well-known/openid-configuration"},
}
SCOPE = "openid email profile"
EXTENSION = "authlib.integrations.flask_client"


def _setting(provider, name):
    return current_app.config.get(f"OIDC_{provider.upper()}_{name}")


def configured():
    """The providers this portal offers, in the order the sign-in page shows them."""
    return [key for key in PROVIDERS if _setting(key, "CLIENT_ID") and _setting(key, "CLIENT_SECRET")]


def name_of(provider):
    return PROVIDERS[provider]["name"]


def client(provider):
    """The provider's Authlib client for this app, made on first use from the configuration (and again if
    the configuration changed)."""
    oauth = current_app.extensions[EXTENSION]
    settings = {"client_id": _setting(provider, "CLIENT_ID"), "client_secret": _setting(provider, "CLIENT_SECRET"),
                "server_metadata_url": _setting(provider, "METADATA_URL") or PROVIDERS[provider]["metadata"].format(
                    tenant=_setting(provider, "TENANT") or "organizations"),
                "client_kwargs": {"scope": SCOPE, "code_challenge_method": "S256",
                                  "default_timeout": current_app.config["OIDC_TIMEOUT"]}}
    if oauth._registry.get(provider, (None, None))[1] != settings:
        oauth._clients.pop(provider, None)
        oauth.register(provider, **settings)
    return oauth.create_client(provider)


def issuer_check(provider):
    """Authlib's claims options: the ID token's issuer is the provider's own (with the token's tenant, for
    Microsoft's organisations and common endpoints, whose published issuer reads .../{tenantid}/v2.0)."""
    issuer = client(provider).load_server_metadata()["issuer"]

    def valid(claims, value):
        return value == issuer.replace("{tenantid}", str(claims.get("tid", "")))
    return {"iss": {"essential": True, "validate": valid}}


def init_app(app):
    OAuth(app)  # one registry of clients per app, kept in app.extensions
