"""/metrics: requests by endpoint and status with latency histograms, the outbox's queued and failed mail,
cache hits and misses; only for a scraper with the configured token, and never a member's data."""
import re

import pytest

from sqlalchemy import update

from portal import create_app
from portal.auth.recovery import queue_verification
from portal.config import TestingConfig
from portal.extensions import db
from portal.outbox.models import OutboxMessage
from tests.factories import make_post, make_user

TOKEN = "a-scraper-token-of-at-least-32-characters"


@pytest.fixture
def scrape(app, client, monkeypatch, real_cache):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)

    def scrape():
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/plain")
        return response.get_data(as_text=True)
    return scrape


def sample(text, name, **labels):
    """The value of one sample, or 0 if it is not there yet."""
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    found = re.search(rf"^{name}{{{re.escape(wanted)}}} ([0-9.e+]+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


def test_it_is_a_404_without_a_token_configured_or_with_a_wrong_one(app, client, monkeypatch):
    assert client.get("/metrics").status_code == 404
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer not-the-token"}).status_code == 404
    assert client.get("/metrics", headers={"Authorization": TOKEN}).status_code == 404


def test_a_short_token_is_refused_at_start_up():
    class ShortToken(TestingConfig):
        METRICS_TOKEN = "too-short"
    with pytest.raises(RuntimeError, match="at least 32 characters"):
        create_app(ShortToken)


def test_requests_are_counted_by_endpoint_and_status_with_latency(client, scrape):
    post = make_post(title="Secret-ish title of a post")
    before = scrape()
    client.get(f"/practice/{post.id}")
    client.get("/practice/999999")
    after = scrape()
    shown = 'portal_http_request_duration_seconds_count'
    assert sample(after, shown, endpoint="practice.show", method="GET", status="200") == \
        sample(before, shown, endpoint="practice.show", method="GET", status="200") + 1
    assert sample(after, shown, endpoint="practice.show", method="GET", status="404") >= 1
    assert 'portal_http_request_duration_seconds_bucket{endpoint="practice.show"' in after
    assert f"/practice/{post.id}" not in after and "Secret-ish" not in after


def test_the_outbox_gauges_count_queued_and_failed_mail(app, scrape):
    with app.test_request_context():
        for n in range(3):
            queue_verification(make_user(email=f"member{n}@school.example"))
    db.session.commit()
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == 1).values(status="failed"))
    db.session.commit()
    text = scrape()
    assert sample(text, "portal_outbox_messages", state="queued") == 2
    assert sample(text, "portal_outbox_messages", state="failed") == 1
    assert "member0@school.example" not in text


def test_cache_hits_and_misses_are_counted(client, scrape):
    before = scrape()
    client.get("/about")
    client.get("/practice")
    client.get("/practice")
    after = scrape()
    assert sample(after, "portal_cache_lookups_total", result="miss") > sample(before, "portal_cache_lookups_total",
                                                                             result="miss")
    assert sample(after, "portal_cache_lookups_total", result="hit") > sample(before, "portal_cache_lookups_total",
                                                                            result="hit")
