"""Static files served from memory: content-hashed URLs cached for a year, compressed once per process.

Static files are few and small (CSS, JS, an icon) and do not change while a process runs, so
each is read, hashed and compressed once; a deploy starts new processes.
"""
import gzip
import hashlib
import mimetypes
import os
from functools import lru_cache

import brotli
from flask import abort, make_response, request
from werkzeug.security import safe_join

ONE_YEAR = 31_536_000
COMPRESSIBLE = ("text/", "application/javascript", "image/svg+xml")


def init_app(app):
    @lru_cache(maxsize=64)
    def load(filename):
        path = safe_join(app.static_folder, filename)
        if path is None or not os.path.isfile(path):
            return None
        with open(path, "rb") as handle:
            content = handle.read()
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        variants = {"identity": content}
        if mimetype.startswith(COMPRESSIBLE):
            variants["br"] = brotli.compress(content, quality=11)
            variants["gzip"] = gzip.compress(content, compresslevel=9, mtime=0)
        return hashlib.sha256(content).hexdigest()[:12], mimetype, variants

    @app.url_defaults
    def add_content_hash(endpoint, values):
        if endpoint == "static" and "filename" in values and "v" not in values:
            asset = load(values["filename"])
            if asset:
                values["v"] = asset[0]

    def serve_static(filename):
        asset = load(filename) or abort(404)
        digest, mimetype, variants = asset
        encoding = _best_encoding(variants)
        response = make_response(variants[encoding])
        response.mimetype = mimetype
        response.set_etag(f"{digest}-{encoding}")
        response.vary.add("Accept-Encoding")
        if encoding != "identity":
            response.headers["Content-Encoding"] = encoding
        if request.args.get("v") == digest:
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        else:
            response.cache_control.no_cache = True
        return response.make_conditional(request)

    app.view_functions["static"] = serve_static


def _best_encoding(variants):
    accepted = request.accept_encodings
    for encoding in ("br", "gzip"):
        if encoding in variants and accepted[encoding]:
            return encoding
    return "identity"
