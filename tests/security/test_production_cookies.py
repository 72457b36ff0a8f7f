"""The cookies production really sets, read from the Set-Cookie headers of a sign-in with remember-me."""
from portal import create_app
from portal.config import ProductionConfig
from portal.extensions import db
from tests.conftest import AuthActions, IsolatedClient
from tests.factories import make_user


def test_production_sign_in_sets_host_prefixed_secure_http_only_lax_cookies(app):
    class Production(ProductionConfig):
        SECRET_KEY = "a-production-like-secret"
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        MAIL_BACKEND = "console"

    production = create_app(Production)
    production.test_client_class = IsolatedClient
    try:
        response = _remembered_sign_in(production, make_user())
    finally:
        with production.app_context():
            db.engine.dispose()  # its own connection pool, or it outlives the test session
    assert response.status_code == 302
    cookies = {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}
    assert set(cookies) == {"__Host-session", "__Host-remember"}
    for header in cookies.values():
        attributes = {part.strip().split("=")[0].lower() for part in header.split(";")[1:]}
        assert {"secure", "httponly", "path"} <= attributes and "domain" not in attributes, header
        assert "SameSite=Lax" in header and "Path=/;" in header + ";", header


def _remembered_sign_in(app, user):
    client = app.test_client()
    client.environ_base.update({"wsgi.url_scheme": "https", "HTTP_REFERER": "https://localhost/sign-in"})
    return AuthActions(client).login(user, remember=True)
