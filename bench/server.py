"""The portal as gunicorn serves it, plus the benchmark's framework floor: a fixed page of a given size
answered by the same app (same middleware, hooks, headers and compression), touching no database."""
from flask import Response

from portal import create_app
from portal.config import config_from_env


class BenchConfig(config_from_env()):
    CACHE_STATUS_HEADER = True  # the mixed benchmark's cache hit rate
    # The benchmark's sign-ins and writes all come from one address and a few members; in use they come
    # from many, so the per-address and per-member limits would only turn its load away.
    LOGIN_RATE_LIMIT = "100000 per minute"
    COMMENT_RATE_LIMIT = "100000 per minute"
    HELPFUL_RATE_LIMIT = "100000 per minute"


app = create_app(BenchConfig)


@app.get("/_bench/floor/<int:size>")
def framework_floor(size):
    body = "<!doctype html><title>floor</title><p>" + "Practice Exchange " * (size // 18)
    return Response(body, mimetype="text/html")
