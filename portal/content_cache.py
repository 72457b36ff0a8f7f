"""Caching what many viewers see alike, correct across processes and servers, narrow enough to survive writes.

Every cached page or fragment names the *scopes* it shows (one post, the lists of posts, the directory,
the report's taxonomy ...) and who it may be served to, and its key carries the release (see
_release_fingerprint) and each scope's *version*: a counter in the database that a transaction moves on,
inside that same transaction, when it changes what the scope shows. Features declare which scopes the
rows of each of their tables show (track); the ORM's own record of each write then says which scopes to
move, so a helpful mark on one post moves that post and nothing in the directory, and a sign-in moves
nothing. A request reads the versions before it renders, so it is never served anything rendered before
the last commit, whichever process made it. That makes a per-process cache (SimpleCache, the default) as
correct as a shared one (Redis, in production); the shared one only hits more often. Stale entries are
never deleted: no key asks for them again, and they expire.
"""
import gzip
import hashlib
from collections import namedtuple
from datetime import datetime
from functools import wraps
from pathlib import Path

import brotli
from flask import Response, current_app, g, has_app_context, make_response, render_template, request, session
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import BigInteger, String, bindparam, cast, event, func, inspect, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import cache, db
from portal.htmx import is_fragment_request
from portal.timestamps import UTCDateTime, utcnow

MOVES = "cache_scopes_moved"
_ENCODINGS = ("br", "gzip")
# The headers a view sets that belong to the page itself (never cookies).
_PAGE_HEADERS = ("Content-Type", "HX-Push-Url")
# Who may be served what everybody sees alike (the report's taxonomy, say).
EVERYONE = "everyone"


def only_for(viewer):
    """Who may be served what differs from member to member (their comments' delete buttons, their peers)."""
    return f"member-{viewer.id}"


class CacheScope(db.Model):
    """A scope's version and when it last moved; a scope without a row has never moved (version 0)."""
    __tablename__ = "cache_scopes"
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


# What features declare: the scopes there are, and what a write to each table moves.
Tracker = namedtuple("Tracker", "scopes quiet new")
_SCOPES = {}  # name -> None, in declaration order: the scopes every request may need, read together
_TRACKERS = {}  # table name -> Tracker


def scope(name):
    """Declare a scope shared by every item of its kind ("posts": the lists of posts) and return its name."""
    _SCOPES[name] = None
    return name


def item_scope(family):
    """Declare a family of one-item scopes ("post" -> "post:42") and return a function naming one.

    The family's own scope ("post:*") is shown by every item of it, so a write that cannot say which
    items it changed (a bulk statement) can move them all."""
    everything = scope(f"{family}:*")
    return lambda item_id: f"{family}:{item_id}" if item_id is not None else everything


def _family_of(name):
    family, _, item = name.partition(":")
    return f"{family}:*" if item and item != "*" else None


def track(table, scopes=(), quiet=(), new=None):
    """Declare what a write to the table's rows moves on.

    scopes is a fixed collection of scope names, or scopes(row, changed) -> names for one row, where
    changed is the set of attributes the write changed (None for a new or deleted row, and row is None
    for a bulk statement that does not name its scopes with moving()). quiet attributes are shown by no
    cached part: a write that changes only them moves nothing (a member's sign-in time, say). new, if
    given, is what a new row moves instead (a new account is shown nowhere until it writes something).
    """
    name = getattr(table, "__tablename__", None) or table.name
    _TRACKERS[name] = Tracker(_as_function(scopes), frozenset(quiet), None if new is None else _as_function(new))


def _as_function(scopes):
    return scopes if callable(scopes) else (lambda *_, fixed=frozenset(scopes): fixed)


def every_scope():
    """Every declared scope (each family's own included): moving them all expires everything cached."""
    return tuple(_SCOPES)


def untracked_tables(metadata):
    """Tables no feature has declared: a write to one would move every scope."""
    return sorted(set(metadata.tables) - set(_TRACKERS))


def moving(*scopes):
    """Execution options for a bulk statement that names the scopes it moves (none, for a lock)."""
    return {"moves": frozenset(scopes)}


def touch(*scopes):
    """Move these scopes on when the current transaction commits."""
    db.session.info.setdefault(MOVES, set()).update(scopes)


def init_app(app):
    app.config["CONTENT_RELEASE"] = _release_fingerprint(app)
    track(CacheScope)
    event.listen(db.session, "after_flush", _note_flushed_changes)
    event.listen(db.session, "do_orm_execute", _note_statement_changes)
    event.listen(db.session, "before_commit", _move_scopes_on)
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


def _scopes_written(table_name, row, changed, is_new=False):
    tracker = _TRACKERS.get(table_name)
    if tracker is None:
        return set(_SCOPES)  # nobody said what it shows: assume everything
    if is_new and tracker.new is not None:
        return set(tracker.new(row, None))
    if changed is not None:
        changed = changed - tracker.quiet
        if not changed:
            return set()
    return set(tracker.scopes(row, changed))


def _changed_attributes(instance):
    return {attr.key for attr in inspect(instance).attrs if attr.history.has_changes()}


def _note_flushed_changes(session, _flush_context):
    moves = session.info.setdefault(MOVES, set())
    for instance in session.new:
        moves |= _scopes_written(type(instance).__table__.name, instance, None, is_new=True)
    for instance in session.deleted:
        moves |= _scopes_written(type(instance).__table__.name, instance, None)
    for instance in session.dirty:
        if session.is_modified(instance):
            moves |= _scopes_written(type(instance).__table__.name, instance, _changed_attributes(instance))


def _note_statement_changes(state):
    """Bulk INSERT, UPDATE and DELETE statements (counters, the search index) move scopes too."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    moves = state.session.info.setdefault(MOVES, set())
    named = state.execution_options.get("moves")
    if named is not None:
        moves |= named
        return
    table = getattr(state.statement, "table", None)
    moves |= set(_SCOPES) if table is None else _scopes_written(table.name, None, None)


def _move_scopes_on(session):
    session.flush()
    moves = session.info.pop(MOVES, set())
    if not moves:
        return
    session.execute(_bump_statement(session.get_bind().dialect.name, moves))
    if has_app_context():
        g.pop("cache_versions", None)  # read them again: this request has moved some on


def _bump_statement(dialect, names):
    """Add one to each scope's version, creating the rows of scopes that never moved.

    Rows are written in name order, so two transactions moving overlapping scopes lock them in the
    same order and never deadlock."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    table = CacheScope.__table__
    now = utcnow()
    stmt = insert(table).values([{"name": name, "value": 1, "changed_at": now} for name in sorted(names)])
    return stmt.on_conflict_do_update(index_elements=[table.c.name],
                                      set_={"value": table.c.value + 1, "changed_at": now})


def _forget_changes(session):
    session.info.pop(MOVES, None)


# Reading versions: the declared scopes all at once, one-item scopes as pages name them.

def _known_versions():
    return g.setdefault("cache_versions", {})


def _versions(names):
    """{name: (value, changed_at)} for the names, reading what this request has not read yet in one query."""
    known = _known_versions()
    wanted = {name for name in names if name not in known}
    if wanted:
        if not all(name in known for name in _SCOPES):
            wanted |= set(_SCOPES)
        # Outside the session's transaction: a visitor's cached page needs nothing else from the
        # database, and on PostgreSQL this saves the BEGIN and ROLLBACK round trips around it.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            rows = connection.execute(select(CacheScope.name, CacheScope.value, CacheScope.changed_at)
                                      .where(CacheScope.name.in_(sorted(wanted))))
            found = {name: (value, changed_at) for name, value, changed_at in rows}
        known.update({name: found.get(name, (0, None)) for name in wanted})
    return {name: known[name] for name in names}


def versions_of(*names):
    """{name: version} of the named scopes as this request reads them."""
    return {name: value for name, (value, _) in _versions(names).items()}


def with_versions(stmt):
    """stmt with one more column: every declared scope's version, to read them in a query the request runs anyway.

    Pass versions_parameters() with it, and give the column's value to note_versions()."""
    pair = CacheScope.name + "=" + cast(CacheScope.value, String)
    return stmt.add_columns(select(func.aggregate_strings(pair, ","))
                            .where(CacheScope.name.in_(bindparam("cache_scopes", expanding=True)))
                            .scalar_subquery())


def versions_parameters():
    return {"cache_scopes": list(_SCOPES)}


def note_versions(pairs):
    known = _known_versions()
    known.update({name: (0, None) for name in _SCOPES})
    for pair in filter(None, (pairs or "").split(",")):
        name, _, value = pair.rpartition("=")
        known[name] = (int(value), None)


def item_version(name):
    """A column reading one-item scope's version, for the query that reads the item (see note_item_version)."""
    return select(CacheScope.value).where(CacheScope.name == name).scalar_subquery()


def note_item_version(name, value):
    _known_versions()[name] = (value or 0, None)


def _shown(shows):
    """The scopes named, with the family scope of each one-item scope among them."""
    names = set(shows)
    return sorted(names | {family for family in map(_family_of, names) if family})


def _key(kind, name, shows, seen_by, parts):
    if not seen_by:
        raise ValueError("a cached part must say who may be served it")
    versions = _versions(_shown(shows))
    text = "|".join(map(str, (current_app.config["CONTENT_RELEASE"], name, seen_by,
                              *(f"{scope_name}={value}" for scope_name, (value, _) in versions.items()), *parts)))
    return f"{kind}|{hashlib.sha256(text.encode()).hexdigest()}", versions


def cached(name, compute, *, shows, seen_by, key=()):
    """compute(), shared by every viewer seen_by names until a scope it shows moves on.

    seen_by is who may be served the value: an audience key (everyone who may see the same posts), a
    member's own key for what differs from member to member, or EVERYONE."""
    cache_key, _ = _key("data", name, shows, seen_by, key)
    value = _get(cache_key)
    if value is None:
        value = compute()
        _set(cache_key, value)
    return value


def cached_fragment(name, template, context, *, shows, seen_by, key=()):
    """A template rendered once per viewer group and versions of what it shows; context() runs only to render it."""
    return cached(name, lambda: Markup(render_template(template, **context())), shows=shows, seen_by=seen_by, key=key)


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


def cached_page(shows, varies_by=()):
    """Serve visitors a page rendered once per version of the scopes it shows, and answer 304 to a page they hold.

    shows is the scopes' names, or a function of the view's arguments returning them. varies_by is what else
    the page depends on that no write moves (the day, for what lapses by the day), as functions of nothing.
    Only GET pages for visitors with nothing pending in their session are cached; a page whose rendering
    touched the session (a form's CSRF token) is served but not stored.
    """
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not _cacheable_request():
                return view(*args, **kwargs)
            names = shows(*args, **kwargs) if callable(shows) else shows
            key, versions = _key("page", request.endpoint, names, "public",
                                 (is_fragment_request(), request.full_path, *(part() for part in varies_by)))
            page = _get(key)
            if page is None:
                response = make_response(view(*args, **kwargs))
                if response.status_code != 200 or session.modified:
                    return response
                page = _stored(response)
                _set(key, page)
            return _conditional_response(page, _last_change(versions))
        return wrapper
    return decorator


def _last_change(versions):
    return max((changed_at for _, changed_at in versions.values() if changed_at is not None), default=None)


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
