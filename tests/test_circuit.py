"""The circuit breaker in front of Redis: a backend that failed is skipped for a while, tried again once,
and used again as soon as it answers; both the page cache and the rate limiter's Redis go through one."""
import logging
import socket
import threading

import pytest
import redis
from flask import Flask

from portal import circuit
from portal.circuit import CircuitBreaker, CircuitOpen, GuardedConnectionPool, GuardedRedisCache
from portal.config import Config


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def breaker(clock):
    return CircuitBreaker("Test Redis", 5, clock=clock)


def test_a_closed_breaker_lets_every_call_through(breaker):
    assert all(breaker.allows() for _ in range(3)) and not breaker.is_open


def test_a_failure_opens_the_breaker_and_calls_are_skipped_for_the_interval(breaker, clock):
    breaker.failed(TimeoutError("no answer"))
    assert breaker.is_open and not breaker.allows()
    clock.now += 4.9
    assert not breaker.allows()


def test_after_the_interval_one_trial_call_goes_through_and_the_others_still_skip(breaker, clock):
    breaker.failed(TimeoutError("no answer"))
    clock.now += 5
    assert breaker.allows()
    assert not breaker.allows(), "a second caller waits for the trial's outcome"


def test_a_failed_trial_keeps_the_breaker_open_for_another_interval(breaker, clock):
    breaker.failed(TimeoutError("no answer"))
    clock.now += 5
    assert breaker.allows()
    breaker.failed(TimeoutError("still no answer"))
    clock.now += 4
    assert not breaker.allows()
    clock.now += 1
    assert breaker.allows()


def test_a_successful_trial_closes_the_breaker(breaker, clock):
    breaker.failed(TimeoutError("no answer"))
    clock.now += 5
    assert breaker.allows()
    breaker.succeeded()
    assert not breaker.is_open and breaker.allows() and breaker.allows()


def test_the_trip_and_the_recovery_are_logged_once_each(breaker, clock, caplog):
    with caplog.at_level(logging.INFO, logger="portal.circuit"):
        for _ in range(3):
            breaker.failed(TimeoutError("no answer"))
            clock.now += 5
            breaker.allows()
        for _ in range(3):
            breaker.succeeded()
    messages = [record.getMessage() for record in caplog.records if record.name == "portal.circuit"]
    assert len(messages) == 2
    assert messages[0].startswith("Test Redis unreachable (TimeoutError: no answer)")
    assert messages[1] == "Test Redis reachable again"


@pytest.fixture
def silent_server():
    """A port that accepts connections and never answers, like a Redis host behind a black hole."""
    listener = socket.create_server(("127.0.0.1", 0))
    yield listener.getsockname()[1]
    listener.close()


def test_a_guarded_pool_waits_once_for_a_silent_redis_then_fails_at_once(silent_server, breaker):
    pool = GuardedConnectionPool.from_url(f"redis://127.0.0.1:{silent_server}/0", breaker=breaker,
                                          socket_timeout=0.2, socket_connect_timeout=0.2)
    client = redis.Redis(connection_pool=pool)
    with pytest.raises(redis.TimeoutError):
        client.get("key")
    assert breaker.is_open
    with pytest.raises(CircuitOpen):
        client.get("key")


def test_a_guarded_pool_opens_on_a_refused_connection(breaker):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    client = redis.Redis(connection_pool=GuardedConnectionPool.from_url(f"redis://127.0.0.1:{port}/0",
                                                                        breaker=breaker))
    with pytest.raises(redis.ConnectionError) as refused:
        client.ping()
    assert not isinstance(refused.value, CircuitOpen) and breaker.is_open
    with pytest.raises(CircuitOpen):
        client.ping()


class SilentServer:
    """A port that accepts connections and never answers, counting the connections made to it."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.accepted.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self):
        for sock in self.accepted:
            sock.close()
        self.listener.close()


@pytest.fixture
def counting_silent_server():
    server = SilentServer()
    yield server
    server.close()


def guarded_cache(port, retry_seconds=5):
    config = {"CACHE_REDIS_URL": f"redis://127.0.0.1:{port}/1", "REDIS_RETRY_SECONDS": retry_seconds,
              "REDIS_SOCKET_TIMEOUT": 0.2}
    return GuardedRedisCache.factory(None, config, [], {"default_timeout": 300})


def test_the_cache_behaves_as_empty_and_waits_on_a_silent_redis_once(counting_silent_server, caplog):
    backend = guarded_cache(counting_silent_server.port)
    with caplog.at_level(logging.WARNING, logger="portal.circuit"):
        assert backend.get("page") is None
        assert backend.set("page", "<html>") is False
        assert backend.get_many("a", "b") == [None, None]
        assert backend.has("page") is False
    assert len(counting_silent_server.accepted) == 1, "after the first timeout Redis is skipped"
    assert [r.getMessage().startswith("Cache (Redis) unreachable") for r in caplog.records] == [True]


def test_the_cache_tries_a_silent_redis_again_after_the_interval(counting_silent_server):
    backend = guarded_cache(counting_silent_server.port, retry_seconds=0)
    assert backend.get("page") is None
    assert backend.get("page") is None
    assert len(counting_silent_server.accepted) == 2


def test_redis_urls_put_the_cache_and_the_rate_limiter_behind_breakers():
    app = Flask("breakers")
    app.config.from_object(Config)
    app.config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL="redis://127.0.0.1:6379/1",
                      RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0?socket_timeout=0.5")
    circuit.init_app(app)
    assert app.config["CACHE_TYPE"] == "portal.circuit.GuardedRedisCache"
    pool = app.config["RATELIMIT_STORAGE_OPTIONS"]["connection_pool"]
    assert isinstance(pool, GuardedConnectionPool) and pool.breaker.interval == Config.REDIS_RETRY_SECONDS
    # The URL's own timeout wins; the app's default fills in the rest.
    assert pool.connection_kwargs["socket_timeout"] == 0.5
    assert pool.connection_kwargs["socket_connect_timeout"] == Config.REDIS_SOCKET_TIMEOUT


def test_in_memory_storage_and_cache_are_left_as_they_are():
    app = Flask("in-memory")
    app.config.from_object(Config)
    circuit.init_app(app)
    assert app.config["CACHE_TYPE"] == "SimpleCache" and "RATELIMIT_STORAGE_OPTIONS" not in app.config
