"""Serve a seeded portal under gunicorn and measure its pages with wrk, against the framework floor.

    .venv/bin/python -m bench.run --database-url sqlite:////abs/path/bench.sqlite3 [--duration 10]

Reports, per page, signed out and signed in as a member: requests/s, p50 and p99 latency at
8 concurrent connections, the fraction of the floor's requests/s, response size raw and gzip,
and SQL queries per request. Needs wrk (Debian: apt-get install wrk) and a database seeded by bench.seed.
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
import urllib.parse
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timezone
from http.cookiejar import CookieJar
from pathlib import Path

from sqlalchemy import event, select

ROOT = Path(__file__).resolve().parent.parent
MEMBER_EMAIL = "user100@bench.example"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--output", help="write the report (Markdown) here as well")
    return parser.parse_args()


def pages(sample):
    """(name, path, needs sign-in) for every page the issue names."""
    return [
        ("home", "/", False),
        ("browse, page 1", "/practice", False),
        ("browse, 1,000 posts deep", f"/practice?after={sample['deep_cursor']}", False),
        ("browse by recommendation and phase", "/practice?recommendation=r17&phase=primary", False),
        ("search, common word", "/practice?q=feedback", False),
        ("search, rare word", "/practice?q=zephyrine", False),
        ("post with 50 comments", f"/practice/{sample['busy_post']}", False),
        ("recommendation and evidence", "/recommendations/r17", False),
        ("directory, filtered", "/directory?phase=primary&region=london", True),
        ("peers like me", "/directory/peers", True),
    ]


def sample_ids(app):
    """Ids the pages need, read from the seeded database."""
    from portal.extensions import db
    from portal.practice.filters import cursor_for
    from portal.practice.models import Post
    from portal.practice.visibility import listed_for
    from flask_login import AnonymousUserMixin
    with app.app_context():
        visitor = AnonymousUserMixin()
        deep = db.session.scalars(select(Post).where(listed_for(visitor)).order_by(
            Post.published_at.desc(), Post.id.desc()).offset(999).limit(1)).one()
        busy = db.session.scalar(select(Post.id).where(listed_for(visitor)).order_by(Post.comment_count.desc()).limit(1))
        return {"deep_cursor": cursor_for("newest", deep), "busy_post": busy}


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
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/sign-in").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": MEMBER_EMAIL, "password": password}).encode()
    opener.open(f"{base}/sign-in", data=data)
    return "; ".join(f"{c.name}={c.value}" for c in jar)


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


def query_counts(app, paths, password):
    """SQL statements per request for each path, signed out and signed in, counted in-process: just after
    a change (nothing cached can be used) and for the next request (served from the cache)."""
    from portal.extensions import db
    counts = {}
    with app.app_context():
        engine = db.engine
    for signed_in in (False, True):
        client = app.test_client()
        if signed_in:
            page = client.get("/sign-in").get_data(as_text=True)
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
            client.post("/sign-in", data={"csrf_token": token, "email": MEMBER_EMAIL, "password": password})
        for path in paths:
            client.get(path)  # per-process reference data (the report's taxonomy) is read once, then kept
            _change_something(app)
            counts[(path, signed_in)] = tuple(_statements_for(client, engine, path) for _ in ("changed", "cached"))
    return counts


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
    counts = query_counts(app, [path for _, path, _ in page_list], BENCH_PASSWORD)
    rows = []
    with gunicorn(args.database_url, args.workers, free_port()) as base:
        cookie = member_cookie(base, BENCH_PASSWORD)
        for name, path, needs_member in page_list:
            for signed_in in (False, True):
                if needs_member and not signed_in:
                    continue
                who = cookie if signed_in else None
                raw, compressed, status = sizes(base + path, who)
                rps, p50, p99, errors = wrk(base + path, args.connections, args.duration, who)
                # The floor is measured right after each page, so both meet the machine in the same state.
                bucket = max(1000, round(raw / 5000) * 5000)
                floor = wrk(f"{base}/_bench/floor/{bucket}", args.connections, args.duration, None)[0]
                rows.append((name, "member" if signed_in else "visitor", rps, p50, p99, floor, raw,
                             compressed, counts[(path, signed_in)], status, errors))
                print(f"{name:<38} {rows[-1][1]:<8} {rps:8.1f}/s p50 {p50:6.1f} ms p99 {p99:6.1f} ms", flush=True)
    report = render(rows, args)
    print(report)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(report)
    if any(row[10] for row in rows):
        raise SystemExit("some requests failed (non-2xx/3xx responses): see the table")


def render(rows, args):
    dialect = args.database_url.split(":", 1)[0].split("+")[0]
    lines = [f"Benchmark on {dialect}, {args.workers} gunicorn workers, {args.connections} connections, "
             f"{args.duration} s per page, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC. The floor is a fixed page "
             "of the same size from the same app, measured right after each page.", "",
             "| page | as | req/s | p50 ms | p99 ms | floor req/s | of floor | raw KB | gzip KB | "
             "SQL queries (after a change / cached) |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, who, rps, p50, p99, floor, raw, compressed, queries, _status, _errors in rows:
        lines.append(f"| {name} | {who} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {floor:.0f} | {rps / floor:.0%} | "
                     f"{raw / 1024:.1f} | {compressed / 1024:.1f} | {queries[0]} / {queries[1]} |")
    return "\n".join(lines + [""])


if __name__ == "__main__":
    main()
