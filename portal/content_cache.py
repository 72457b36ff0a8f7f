"""Caching what many viewers see alike, correct across processes and servers.

Every cached key carries the release (see _release_fingerprint) and the *content version*: a counter
in the database that any transaction changing shared data moves on, inside that same transaction. A request reads the version first, so
it can never be served anything rendered before the last commit, whichever process made it. That
makes a per-process cache (SimpleCache, the default) as correct as a shared one (Redis, in
production); the shared one only hits more often. Stale entries are never deleted: no key asks for
them again, and they expire.
"""
import gzip
import hashlib
from datetime import datetime
from functools import wraps
from itertools import chain
from pathlib import Path

import brotli
from flask import Response, current_app, g, has_app_context, make_response, render_template, request, session
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import BigInteger, event, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import cache, db
from portal.htmx import is_fragment_request
from portal.practice.visibility import audience_key
from portal.timestamps import UTCDateTime, utcnow

CHANGED = "content_changed"
# Tables no cached page shows, written often for reasons of their own (sign-ins, mail, reading
# notifications): changing them must not throw the cache away.
PRIVATE_TABLES = frozenset({"content_version", "notifications", "outbox", "mail_preferences", "digest_marks"})
_ENCODINGS = ("br", "gzip")
# The headers a view sets that belong to the page itself (never cookies).
_PAGE_HEADERS = ("Content-Type", "HX-Push-Url")


class ContentVersion(db.Model):
    """One row: the content version and when it last moved."""
    __tablename__ = "content_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


def init_app(app):
    app.config["CONTENT_RELEASE"] = _release_fingerprint(app)
    event.listen(db.session, "after_flush", _note_flushed_changes)
    event.listen(db.session, "do_orm_execute", _note_statement_changes)
    event.listen(db.session, "before_commit", _move_version_on)
    event.listen(db.session, "after_commit", _forget_changes)
    event.listen(db.session, "after_rollback", _forget_changes)
    app.after_request(_cache_status_header)


def _release_fingerprint(app):
    """A digest of the code and templates: a shared cache (Redis) outlives a deploy, and a new release
    must not serve pages the old one rendered, nor their links to the old release's static files."""
    digest = hashlib.sha256()
    templates = Path(app.root_path, app.template_folder)
    for path in sorted([*Path(app.root_path).rglob("*.py"), *templates.rglob("*.html")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _shared(table_name):
    return table_name not in PRIVATE_TABLES


def _note_flushed_changes(session, _flush_context):
    changed = chain(session.new, session.deleted, (o for o in session.dirty if session.is_modified(o)))
    if any(_shared(type(instance).__table__.name) for instance in changed):
        session.info[CHANGED] = True


def _note_statement_changes(state):
    """Bulk INSERT, UPDATE and DELETE statements (counters, the search index) change content too."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if table is None or _shared(table.name):
            state.session.info[CHANGED] = True


def _move_version_on(session):
    session.flush()
    if session.info.pop(CHANGED, False):
        session.execute(_bump_statement(session.get_bind().dialect.name))
        if has_app_context():
            g.pop("content_version", None)  # read it again: this request has moved it on


def _bump_statement(dialect):
    """Add one to the version, creating its row if a fresh or emptied database lacks it."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    table = ContentVersion.__table__
    now = utcnow()
    stmt = insert(table).values(id=1, value=1, changed_at=now)
    return stmt.on_conflict_do_update(index_elements=[table.c.id],
                                      set_={"value": table.c.value + 1, "changed_at": now})


def _forget_changes(session):
    session.info.pop(CHANGED, None)


def current_version():
    """(value, changed_at) of the content version, read once per request."""
    if "content_version" not in g:
        # Outside the session's transaction: a visitor's cached page needs nothing else from the
        # database, and on PostgreSQL this saves the BEGIN and ROLLBACK round trips around it.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            row = connection.execute(select(ContentVersion.value, ContentVersion.changed_at)
                                     .where(ContentVersion.id == 1)).first()
        note_version(*(row or (None, None)))
    return g.content_version


def with_version(stmt):
    """stmt with the content version added as two columns, to read it in a query the request runs anyway."""
    version = select(ContentVersion).where(ContentVersion.id == 1).subquery()
    return stmt.add_columns(select(version.c.value).scalar_subquery(),
                            select(version.c.changed_at).scalar_subquery())


def note_version(value, changed_at):
    g.content_version = (value or 0, changed_at)


def cached(name, viewer, compute, *key_parts):
    """compute(), shared by every viewer with the same audience until shared content changes."""
    key = "|".join(map(str, ("data", current_app.config["CONTENT_RELEASE"], name, audience_key(viewer),
                             current_version()[0], *key_parts)))
    value = _get(key)
    if value is None:
        value = compute()
        _set(key, value)
    return value


def cached_fragment(name, viewer, template, context, *key_parts):
    """A template rendered once per audience and content version; context() runs only to render it."""
    return cached(name, viewer, lambda: Markup(render_template(template, **context())), *key_parts)


def _get(key):
    """The cached value, or None; a cache that is away (Redis down) only makes pages slower."""
    try:
        value = cache.get(key)
    except Exception:  # the backend's own errors (redis.ConnectionError ...) have no common base
        current_app.logger.warning("Cache unreachable: rendering without it", exc_info=True)
        value = None
    g.cache_lookups = g.get("cache_lookups", 0) + 1
    g.cache_hits = g.get("cache_hits", 0) + (value is not None)
    return value


def _cache_status_header(response):
    """X-Cache-Lookups: hits/lookups of this request, for the benchmark's hit rate, if CACHE_STATUS_HEADER."""
    if current_app.config["CACHE_STATUS_HEADER"]:
        response.headers["X-Cache-Lookups"] = f"{g.get('cache_hits', 0)}/{g.get('cache_lookups', 0)}"
    return response


def _set(key, value):
    try:
        cache.set(key, value)
    except Exception:
        current_app.logger.warning("Cache unreachable: not storing", exc_info=True)


def cached_page(view):
    """Serve visitors a page rendered once per content version, and answer 304 to a page they hold.

    Only GET pages for visitors with nothing pending in their session are cached; a page whose
    rendering touched the session (a form's CSRF token) is served but not stored.
    """
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _cacheable_request():
            return view(*args, **kwargs)
        version, changed_at = current_version()
        release = current_app.config["CONTENT_RELEASE"]
        key = "page|" + hashlib.sha256(
            f"{release}|{version}|{is_fragment_request()}|{request.full_path}".encode()).hexdigest()
        page = _get(key)
        if page is None:
            response = make_response(view(*args, **kwargs))
            if response.status_code != 200 or session.modified:
                return response
            page = _stored(response)
            _set(key, page)
        return _conditional_response(page, changed_at)
    return wrapper


def _cacheable_request():
    return (request.method in ("GET", "HEAD") and not current_user.is_authenticated
            and "_flashes" not in session)


def _stored(response):
    """The page as it is served again: body, its own headers, ETag, and the body compressed once for all."""
    body = response.get_data()
    config = current_app.config
    headers = [(name, response.headers[name]) for name in _PAGE_HEADERS if name in response.headers]
    return {"body": body, "headers": headers, "etag": hashlib.sha256(body).hexdigest()[:32],
            "br": brotli.compress(body, quality=config["COMPRESS_BR_LEVEL"]),
            "gzip": gzip.compress(body, compresslevel=config["COMPRESS_LEVEL"])}


def _conditional_response(page, changed_at):
    encoding = _accepted_encoding()
    response = Response(page[encoding] if encoding else page["body"], headers=page["headers"])
    # Flask-Compress leaves a response that is already encoded alone; its ETags name the encoding too.
    response.set_etag(f"{page['etag']}:{encoding}" if encoding else page["etag"])
    if encoding:
        response.headers["Content-Encoding"] = encoding
    if changed_at is not None:
        response.last_modified = changed_at
    # Browsers and proxies may keep the page but must ask again; a signed-in member sees another page.
    response.cache_control.no_cache = True
    response.vary.update(("Cookie", "HX-Request", "Accept-Encoding"))
    return response.make_conditional(request)


def _accepted_encoding():
    """The first of the app's compression algorithms that the browser accepts and that is stored, or None."""
    for algorithm in current_app.config["COMPRESS_ALGORITHM"]:
        if algorithm in _ENCODINGS and request.accept_encodings[algorithm]:
            return algorithm
    return None
