"""Serve a seeded portal under gunicorn and measure its pages with wrk, against the framework floor.

    .venv/bin/python -m bench.run --database-url sqlite:////abs/path/bench.sqlite3 [--duration 10]

Reports, per page, signed out and signed in as a member: requests/s, p50 and p99 latency at
8 concurrent connections, the fraction of the floor's requests/s, response size raw and gzip,
and SQL queries per request. Needs wrk (Debian: apt-get install wrk) and a database seeded by bench.seed.

With --mixed (and --write-rates 0,0.2,1,5), each page is measured once per write rate while members
comment, mark posts helpful and sign in through the site (bench/traffic.py), with the cache's hit rate.
"""
import argparse
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import event, func, select

from bench.traffic import Browser, CacheSampler, Day, form_fields

ROOT = Path(__file__).resolve().parent.parent
MEMBER_EMAIL = "user100@bench.example"
# The mixed mode's writers; other members (from user 211 on) sign in. Users 1 to 20 are moderators.
WRITER_IDS = range(201, 211)
WRITERS = [f"user{i}@bench.example" for i in WRITER_IDS]
FIRST_SIGNER = 211


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--output", help="write the report (Markdown) here as well")
    parser.add_argument("--mixed", action="store_true",
                        help="measure while members write and sign in through the site, at each of --write-rates")
    parser.add_argument("--write-rates", type=_rates, default=[0, 0.2, 1, 5],
                        help="comments and helpful marks per second, comma-separated (default 0,0.2,1,5)")
    parser.add_argument("--sign-in-every", type=float, default=2.0, help="seconds between members' sign-ins")
    return parser.parse_args()


def _rates(text):
    return [float(rate) for rate in text.split(",")]


def pages(sample):
    """(name, path, needs sign-in) for every page the issue names."""
    return [
        ("home", "/", False),
        ("browse, page 1", "/practice", False),
        ("browse, 1,000 posts deep", f"/practice?after={sample['deep_cursor']}", False),
        ("browse by recommendation and phase", "/practice?recommendation=r17&phase=primary", False),
        ("search, common word", "/practice?q=feedback", False),
        ("search, rare word", "/practice?q=zephyrine", False),
        ("post with 50 comments and 20 replies", f"/practice/{sample['busy_post']}", False),
        ("recommendation and evidence", "/recommendations/r17", False),
        ("coverage map", "/coverage", False),
        ("a trust's page", f"/trusts/{sample['trust']}", False),
        ("a trust's coverage map", f"/trusts/{sample['trust']}/coverage", False),
        ("trust dashboard (its lead)", f"/trusts/{sample['trust']}/dashboard", True),
        ("prompt bank", "/practice/prompts", False),
        ("directory, filtered", "/directory?phase=primary&region=london", True),
        ("peers like me", "/directory/peers", True),
    ]


def sample_ids(app):
    """Ids the pages need, read from the seeded database."""
    from portal.extensions import db
    from portal.practice.filters import cursor_for
    from portal.auth.models import User
    from portal.practice.models import Post
    from portal.practice.visibility import listed_for
    from flask_login import AnonymousUserMixin
    with app.app_context():
        visitor = AnonymousUserMixin()
        deep = db.session.scalars(select(Post).where(listed_for(visitor)).order_by(
            Post.published_at.desc(), Post.id.desc()).offset(999).limit(1)).one()
        busy = db.session.scalar(select(Post.id).where(listed_for(visitor)).order_by(Post.comment_count.desc()).limit(1))
        # The posts writers comment on and mark: none of their own, which offer them no helpful button.
        recent = db.session.scalars(select(Post.id).where(listed_for(visitor), Post.author_id.not_in(WRITER_IDS))
                                    .order_by(Post.published_at.desc()).limit(200)).all()
        users = db.session.scalar(select(func.max(User.id)))
        trust = db.session.scalar(select(User.trust_id).where(User.email == MEMBER_EMAIL))
        return {"trust": trust, "deep_cursor": cursor_for("newest", deep), "busy_post": busy, "recent_posts": recent,
                "signers": [f"user{i}@bench.example" for i in range(FIRST_SIGNER, users + 1)]}


@contextmanager
def gunicorn(database_url, workers, port):
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "benchmark-secret-key", "PORTAL_ENV": "development"}
    # The app logs a line per request: send it to a file, never to an unread pipe that would fill and stall.
    (ROOT / "instance").mkdir(exist_ok=True)
    log = open(ROOT / "instance" / "bench-gunicorn.log", "w")
    process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
                                "--log-level", "warning", "bench.server:app"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _wait_for(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def member_cookie(base, password):
    """Sign in as a member through the real form and return the Cookie header value."""
    return Browser(base).sign_in(MEMBER_EMAIL, password).cookie_header()


def sizes(url, cookie):
    """(raw bytes, gzip bytes, status) of one response."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        return len(body), len(gzip.compress(body, compresslevel=6)), response.status


def wrk(url, connections, duration, cookie):
    headers = ["-H", "Accept-Encoding: gzip"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", *headers, url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: _ms(re.search(rf"\s{p}%\s+([\d.]+\w+)", out).group(1)) for p in ("50", "99")}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, latency["50"], latency["99"], int(errors.group(1)) if errors else 0


def _ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def query_counts(app, paths):
    """SQL statements per request for each path, signed out and signed in, counted in-process: just after
    a change (nothing cached can be used) and for the next request (served from the cache)."""
    from portal.extensions import db
    counts = {}
    with app.app_context():
        engine = db.engine
    for signed_in in (False, True):
        client = app.test_client()
        if signed_in:
            sign_in_test_client(client, MEMBER_EMAIL)
        for path in paths:
            client.get(path)  # per-process reference data (the report's taxonomy) is read once, then kept
            _change_something(app)
            counts[(path, signed_in)] = tuple(_statements_for(client, engine, path) for _ in ("changed", "cached"))
    return counts


def sign_in_test_client(client, email):
    """Sign a Flask test client in through the real form, with bench.seed's password."""
    from bench.seed import BENCH_PASSWORD
    fields = form_fields(client.get("/sign-in").get_data(as_text=True), "/sign-in")
    client.post("/sign-in", data={**fields, "email": email, "password": BENCH_PASSWORD})


def _change_something(app):
    """Move every cache scope but the report's taxonomy on, so nothing cached but reference data is used."""
    from portal.content_cache import every_scope, touch
    from portal.extensions import db
    from portal.taxonomy.models import TAXONOMY
    with app.app_context():
        touch(*(scope for scope in every_scope() if scope != TAXONOMY))
        db.session.commit()


def _statements_for(client, engine, path):
    statements = []

    def record(*args):
        statements.append(1)
    event.listen(engine, "before_cursor_execute", record)
    client.get(path)
    event.remove(engine, "before_cursor_execute", record)
    return len(statements)


class Measured(NamedTuple):
    name: str
    path: str
    who: str
    rps: float
    p50: float
    p99: float
    floor: float
    raw: int
    compressed: int
    errors: int
    hit_rate: float | None  # of the cache lookups in sampled responses (the mixed mode only)


def measure(base, cookie, page_list, args, day=None):
    """Each page as a visitor and as a member under wrk, then the floor; a day's traffic runs with the page only."""
    rows = []
    for name, path, needs_member in page_list:
        for signed_in in (False, True):
            if needs_member and not signed_in:
                continue
            reader = cookie if signed_in else None
            raw, compressed, _status = sizes(base + path, reader)
            with traffic(day, base + path, reader) as sampler:
                rps, p50, p99, errors = wrk(base + path, args.connections, args.duration, reader)
            # The floor is measured right after each page, so both meet the machine in the same state.
            bucket = max(1000, round(raw / 5000) * 5000)
            floor = wrk(f"{base}/_bench/floor/{bucket}", args.connections, args.duration, None)[0]
            rows.append(Measured(name, path, "member" if signed_in else "visitor", rps, p50, p99, floor, raw, compressed,
                                 errors, sampler.hit_rate if sampler else None))
            print(f"{name:<38} {rows[-1].who:<8} {rps:8.1f}/s p50 {p50:6.1f} ms p99 {p99:6.1f} ms", flush=True)
    return rows


@contextmanager
def traffic(day, url, cookie):
    """Run the day's writes and sign-ins and a hit-rate sampler of url for the block; yield the sampler."""
    if day is None:
        yield None
        return
    sampler = CacheSampler(url, cookie)
    day.resume()
    sampler.start()
    try:
        yield sampler
    finally:
        day.pause()
        sampler.finish()


def mixed(base, cookie, page_list, sample, args):
    """The pages measured again at each write rate, with sign-ins going on; (rate, rows, writes/s, day) each."""
    from bench.seed import BENCH_PASSWORD
    results = []
    for rate in args.write_rates:
        print(f"== {rate:g} writes/s, a sign-in every {args.sign_in_every:g} s", flush=True)
        started = time.monotonic()
        day = Day(base, BENCH_PASSWORD, WRITERS, sample["signers"], sample["recent_posts"], rate, args.sign_in_every)
        try:
            rows = measure(base, cookie, page_list, args, day)
        finally:
            day.close()
        results.append((rate, rows, day.writes.done / day.active_seconds, day))
        print(f"   {day.writes.done} writes, {day.sign_ins.done} sign-ins in {time.monotonic() - started:.0f}s", flush=True)
    return results


def main():
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    os.environ["DATABASE_URL"] = args.database_url
    from bench.seed import BENCH_PASSWORD
    from bench.server import app
    app.config["RATELIMIT_ENABLED"] = False
    sample = sample_ids(app)
    page_list = pages(sample)
    counts = None if args.mixed else query_counts(app, [path for _, path, _ in page_list])
    with gunicorn(args.database_url, args.workers, free_port()) as base:
        cookie = member_cookie(base, BENCH_PASSWORD)
        if args.mixed:
            results = mixed(base, cookie, page_list, sample, args)
            report = render_mixed(results, args)
            failures = [line for *_, day in results for line in day.writes.failed + day.sign_ins.failed]
        else:
            rows = measure(base, cookie, page_list, args)
            report = render(rows, counts, args)
            failures = []
    print(report)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(report)
    if failures:
        raise SystemExit(f"{len(failures)} writes or sign-ins failed, e.g.: {failures[0]}")
    rows = rows if not args.mixed else [row for _, rate_rows, *_ in results for row in rate_rows]
    if any(row.errors for row in rows):
        raise SystemExit("some requests failed (non-2xx/3xx responses): see the table")


def _heading(args, what):
    dialect = args.database_url.split(":", 1)[0].split("+")[0]
    return (f"{what} on {dialect}, {args.workers} gunicorn workers, {args.connections} connections, "
            f"{args.duration} s per page, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. The floor is a fixed page "
            "of the same size from the same app, measured right after each page.")


def render(rows, counts, args):
    lines = [_heading(args, "Benchmark"), "",
             "| page | as | req/s | p50 ms | p99 ms | floor req/s | of floor | raw KB | gzip KB | "
             "SQL queries (after a change / cached) |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        queries = counts[(row.path, row.who == "member")]
        lines.append(f"| {row.name} | {row.who} | {row.rps:.0f} | {row.p50:.1f} | {row.p99:.1f} | {row.floor:.0f} | "
                     f"{row.rps / row.floor:.0%} | {row.raw / 1024:.1f} | {row.compressed / 1024:.1f} | "
                     f"{queries[0]} / {queries[1]} |")
    return "\n".join(lines + [""])


def render_mixed(results, args):
    lines = [_heading(args, "Mixed benchmark") + f" Beside wrk, {len(WRITERS)} signed-in members post comments and "
             "helpful marks through the forms (each write opens the post's page, posts its form and follows the "
             f"redirect) and another member signs in every {args.sign_in_every:g} s, while a page is measured (not "
             "its floor). Cache hits: hits / lookups of the content cache in responses sampled beside wrk.", "",
             "| page | as | writes/s | req/s | p50 ms | p99 ms | floor req/s | of floor | cache hits |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for rate, rows, achieved, _day in results:
        for row in rows:
            hits = "n/a" if row.hit_rate is None else f"{row.hit_rate:.0%}"
            lines.append(f"| {row.name} | {row.who} | {rate:g} ({achieved:.2f}) | {row.rps:.0f} | {row.p50:.1f} | "
                         f"{row.p99:.1f} | {row.floor:.0f} | {row.rps / row.floor:.0%} | {hits} |")
    lines += ["", "writes/s: the rate asked for (and reached, over the measured seconds)."]
    return "\n".join(lines + [""])


if __name__ == "__main__":
    main()
