"""The portal as gunicorn serves it, plus the benchmark's framework floor: a fixed page of a given size
answered by the same app (same middleware, hooks, headers and compression), touching no database."""
from flask import Response

from portal import create_app

app = create_app()


@app.get("/_bench/floor/<int:size>")
def framework_floor(size):
    body = "<!doctype html><title>floor</title><p>" + "Practice Exchange " * (size // 18)
    return Response(body, mimetype="text/html")
