"""Prometheus metrics at /metrics: requests by endpoint and status with latency histograms
(prometheus-flask-exporter), the outbox's queued and failed mail, and cache hits and misses.

Labels name endpoints, never paths, so no id or search term a member typed reaches a metric. The page
answers only a scraper that sends `Authorization: Bearer <METRICS_TOKEN>`; without a token configured, or
with a wrong one, it is a 404 like any unknown page. Under gunicorn, set PROMETHEUS_MULTIPROC_DIR (bin/portal
does) so every worker's counts are added up whichever worker answers the scrape.
"""
import hmac
import os

from flask import abort, current_app, g, request
from prometheus_client import CollectorRegistry, Counter, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_flask_exporter import PrometheusMetrics
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db, limiter
from portal.outbox.models import OutboxMessage

MIN_TOKEN_CHARS = 32
# The portal's own counters, kept once per process (each app instance registers the exporter's anew).
PORTAL_REGISTRY = CollectorRegistry()
CACHE_LOOKUPS = Counter("portal_cache_lookups", "Cached pages and fragments looked up, by result",
                        ["result"], registry=PORTAL_REGISTRY)
OUTBOX_STATES = {"queued": ("pending", "sending"), "failed": ("failed",)}


class OutboxCollector:
    """The outbox's queued and failed messages, read from the database when Prometheus scrapes."""

    def collect(self):
        gauge = GaugeMetricFamily("portal_outbox_messages", "E-mails in the outbox, by state", labels=["state"])
        try:
            counts = dict(db.session.execute(select(OutboxMessage.status, func.count())
                                             .group_by(OutboxMessage.status)).all())
        except SQLAlchemyError:
            db.session.rollback()
            return  # a database that is away leaves the gauge out; /healthz says why
        for state, statuses in OUTBOX_STATES.items():
            gauge.add_metric([state], sum(counts.get(status, 0) for status in statuses))
        yield gauge


def init_app(app):
    token = app.config.get("METRICS_TOKEN") or ""
    if token and len(token) < MIN_TOKEN_CHARS:
        raise RuntimeError(f"METRICS_TOKEN must be at least {MIN_TOKEN_CHARS} characters.")
    exporter = PrometheusMetrics(app=None, path=None, group_by="endpoint", defaults_prefix="portal",
                                 registry=CollectorRegistry(), excluded_paths=["^/static/", "^/metrics$"])
    exporter.init_app(app)
    app.teardown_request(_count_cache_lookups)

    @app.get("/metrics")
    @limiter.exempt
    def metrics():
        if not _authorised(current_app.config.get("METRICS_TOKEN") or ""):
            abort(404)
        return _exposition(exporter.registry), 200, {"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"}


def _count_cache_lookups(_error):
    """Add the request's cache lookups (content_cache counts them in g) to the process's counters."""
    lookups, hits = g.get("cache_lookups", 0), g.get("cache_hits", 0)
    if hits:
        CACHE_LOOKUPS.labels(result="hit").inc(hits)
    if lookups - hits:
        CACHE_LOOKUPS.labels(result="miss").inc(lookups - hits)


def _authorised(token):
    sent = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


def _exposition(app_registry):
    """Every worker's counts (from the multiprocess directory), or this process's, then the outbox."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        combined = CollectorRegistry()
        multiprocess.MultiProcessCollector(combined)
        parts = [combined]
    else:
        parts = [app_registry, PORTAL_REGISTRY]
    outbox = CollectorRegistry()
    outbox.register(OutboxCollector())
    return b"".join(generate_latest(registry) for registry in [*parts, outbox])
