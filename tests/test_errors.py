from sqlalchemy.exc import OperationalError

from portal.extensions import db


def test_404_is_inside_the_site_layout(client):
    response = client.get("/no-such-page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in page and "Skip to main content" in page


def test_htmx_request_gets_an_error_fragment(client):
    response = client.get("/no-such-page", headers={"HX-Request": "true"})
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in page and "<html" not in page


def test_database_outage_gets_a_503_page_without_details(app, client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT secret_column FROM users", {}, Exception("connection refused"))
    monkeypatch.setattr(db.session, "scalars", broken, raising=False)
    monkeypatch.setattr("portal.main.views.themes_with_recommendations", broken)
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "unavailable" in page and "secret_column" not in page and "Traceback" not in page


def test_unexpected_error_gets_a_500_page_without_a_traceback(app, client, monkeypatch):
    def boom():
        raise RuntimeError("internal detail")
    monkeypatch.setattr("portal.main.views.themes_with_recommendations", boom)
    response = client.get("/")
    assert response.status_code == 500
    assert "internal detail" not in response.get_data(as_text=True)
