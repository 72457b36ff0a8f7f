"""Circuit breakers for Redis: after a failure, skip it for a few seconds rather than wait on every call.

A Redis that refuses connections fails at once, but one that stops answering (a host gone from the
network, a firewall dropping packets) costs every call its socket timeout, and a page makes several.
A breaker that has seen a failure says "skip it" until REDIS_RETRY_SECONDS have passed, then lets one
call through to try again: a silent Redis costs each process one timeout per interval, not one per call.
The cache and the rate limiter each reach Redis through a connection pool that asks its own breaker.
"""
import logging
import threading
import time
from functools import wraps

import redis
from flask_caching.backends import RedisCache

log = logging.getLogger("portal.circuit")


class CircuitBreaker:
    """Closed (calls go through) until a failure; then open for `interval` seconds; then one trial call."""

    def __init__(self, name, interval, clock=time.monotonic):
        self.name, self.interval, self._clock = name, interval, clock
        self._retry_at = None  # None while closed
        self._lock = threading.Lock()

    @property
    def is_open(self):
        return self._retry_at is not None

    def allows(self):
        """Whether to call the backend now: always while closed, once per interval while open."""
        if self._retry_at is None:
            return True
        with self._lock:
            now = self._clock()
            if self._retry_at is None or now >= self._retry_at:
                if self._retry_at is not None:
                    # This call is the trial: other threads keep skipping until it has told us the outcome.
                    self._retry_at = now + self.interval
                return True
            return False

    def failed(self, error):
        with self._lock:
            tripped = self._retry_at is None
            self._retry_at = self._clock() + self.interval
        if tripped:
            log.warning("%s unreachable (%s: %s): skipping it for %g s at a time until it answers",
                        self.name, type(error).__name__, error, self.interval)

    def succeeded(self):
        if self._retry_at is None:
            return
        with self._lock:
            recovered = self._retry_at is not None
            self._retry_at = None
        if recovered:
            log.warning("%s reachable again", self.name)


class CircuitOpen(redis.ConnectionError):
    """Raised instead of contacting a Redis whose breaker is open."""


class GuardedConnectionPool(redis.ConnectionPool):
    """A Redis connection pool behind a breaker: while it is open, asking for a connection fails at once."""

    def __init__(self, *, breaker, **kwargs):
        self.breaker = breaker
        super().__init__(**kwargs)

    def get_connection(self, *args, **kwargs):
        if not self.breaker.allows():
            raise CircuitOpen(f"{self.breaker.name} skipped after a failure")
        try:
            return super().get_connection(*args, **kwargs)
        except redis.RedisError as error:  # refused, or no answer to the connect or the health check
            self.breaker.failed(error)
            raise

    def release(self, connection):
        # redis-py disconnects a connection whose command failed (a timeout, a reset) before handing it back.
        if connection.is_connected:
            self.breaker.succeeded()
        else:
            self.breaker.failed(redis.ConnectionError("a command timed out or its connection broke"))
        super().release(connection)


def _answering(miss, method):
    """method, answering `miss` (what an empty cache would) when Redis cannot be reached."""
    @wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (redis.ConnectionError, redis.TimeoutError):
            return miss
    return guarded


class GuardedRedisCache(RedisCache):
    """Flask-Caching's RedisCache through a breaker, behaving as an empty cache while Redis is away.

    Everything that uses the cache (portal/content_cache.py) is then only slower, and nothing
    logs a traceback for each call: the breaker logs the failure and the recovery once.
    """

    @classmethod
    def factory(cls, app, config, args, kwargs):
        breaker = CircuitBreaker("Cache (Redis)", config["REDIS_RETRY_SECONDS"])
        pool = GuardedConnectionPool.from_url(config["CACHE_REDIS_URL"], breaker=breaker, **redis_timeouts(config))
        kwargs.update(host=redis.Redis(connection_pool=pool), key_prefix=config.get("CACHE_KEY_PREFIX"))
        return cls(*args, **kwargs)

    get = _answering(None, RedisCache.get)
    set = _answering(False, RedisCache.set)
    add = _answering(False, RedisCache.add)
    set_many = _answering([], RedisCache.set_many)
    has = _answering(False, RedisCache.has)
    delete = _answering(False, RedisCache.delete)
    delete_many = _answering([], RedisCache.delete_many)
    unlink = _answering(None, RedisCache.unlink)
    clear = _answering(False, RedisCache.clear)
    inc = _answering(None, RedisCache.inc)
    dec = _answering(None, RedisCache.dec)

    def get_many(self, *keys):
        return _answering([None] * len(keys), RedisCache.get_many)(self, *keys)


# What CACHE_TYPE may say for Flask-Caching's RedisCache (configured by CACHE_REDIS_URL).
REDIS_CACHE_TYPES = ("RedisCache", "redis", "flask_caching.backends.RedisCache",
                     "flask_caching.backends.rediscache.RedisCache")


def redis_timeouts(config):
    # Timeouts in a URL's query string win over these (redis-py reads the URL last).
    return {"socket_timeout": config["REDIS_SOCKET_TIMEOUT"], "socket_connect_timeout": config["REDIS_SOCKET_TIMEOUT"]}


def init_app(app):
    """Put the cache's and the rate limiter's Redis behind breakers, with short socket timeouts."""
    config = app.config
    if config["CACHE_TYPE"] in REDIS_CACHE_TYPES and config.get("CACHE_REDIS_URL"):
        config["CACHE_TYPE"] = f"{__name__}.GuardedRedisCache"
    uri = config["RATELIMIT_STORAGE_URI"]
    if uri.startswith(("redis://", "rediss://")):
        # Flask-Limiter already falls back to per-process counts when Redis fails; the breaker stops its
        # health checks (after 0, 2, 4, 8 ... s) from each waiting out a timeout on a silent Redis.
        breaker = CircuitBreaker("Rate limit storage (Redis)", config["REDIS_RETRY_SECONDS"])
        pool = GuardedConnectionPool.from_url(uri, breaker=breaker, **redis_timeouts(config))
        config["RATELIMIT_STORAGE_OPTIONS"] = {**config.get("RATELIMIT_STORAGE_OPTIONS", {}), "connection_pool": pool}
