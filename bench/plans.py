"""Show how the database plans every query of the benchmarked pages, and fail on a scan of a big table.

    .venv/bin/python -m bench.plans --database-url postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench
    .venv/bin/python -m bench.plans --database-url sqlite:////abs/path/bench.sqlite3

Each page is requested signed out and signed in, with caching off so every query runs; each statement is
then planned with the parameters it ran with (PostgreSQL's EXPLAIN, SQLite's EXPLAIN QUERY PLAN). Scans of
big tables are printed; the run exits non-zero, naming the page, the statement and the plan line, if one
reads the whole posts table: a PostgreSQL "Seq Scan on posts", a SQLite "SCAN posts", or, in a statement
that no LIMIT stops after a page's rows, a SQLite walk along an index ("SCAN posts USING INDEX ix",
"SEARCH posts USING INDEX ix (status=?)") that matches a large share of the table by its statistics.
"""
import argparse
import os
import re
import sys
from typing import NamedTuple

from sqlalchemy import event

BIG_TABLES = ("posts", "comments", "helpful_marks", "post_search", "post_recommendations", "post_phases",
              "post_question_sets", "post_tools", "users", "directory_profiles", "contact_requests")
# Scans that fail the run; the others are printed for a reader to judge ("peers like me" scores every member).
FAILING_TABLES = ("posts",)
# Pages whose purpose is a count over every post a reader may see, so reading them all is the work itself:
# their scans are printed, never failed. Each is cached until a post changes (see practice.evidence_views).
COUNTS_EVERYTHING = {"/coverage": "the coverage map counts every post by recommendation and phase"}
# An index lookup that matches at least this share of its table's rows (by SQLite's statistics) walks
# the table, as a scan does, unless a LIMIT stops it after a page.
WALK_SHARE = 0.1
# A plan line reading a table: "SCAN posts", "SCAN posts USING INDEX ix", "SEARCH posts_1 USING INDEX ix (status=?)".
_SQLITE_READ = re.compile(r"(SCAN|SEARCH) (\w+?)(?:_\d+)?(?: USING (?:COVERING )?INDEX (\w+)(?: \((.*)\))?)?(?: LEFT-JOIN)?")


class Scan(NamedTuple):
    table: str
    line: str  # the plan line that reads it


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--verbose", action="store_true", help="print every plan, not only the flagged ones")
    return parser.parse_args()


def statements_for(app, paths, signed_in):
    """(path, statement, parameters) for every query the pages run."""
    from bench.run import MEMBER_EMAIL, sign_in_test_client
    from portal.extensions import db
    client = app.test_client()
    if signed_in:
        sign_in_test_client(client, MEMBER_EMAIL)
    with app.app_context():
        engine = db.engine
    seen = []
    for path in paths:
        def record(conn, cursor, statement, parameters, context, executemany):
            seen.append((path, statement, parameters))
        event.listen(engine, "before_cursor_execute", record)
        client.get(path)
        event.remove(engine, "before_cursor_execute", record)
    return seen


def postgresql_plan(connection, statement, parameters):
    """The plan's text and the big tables it reads sequentially."""
    plan = "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters))
    scans = [Scan(table, line.strip()) for line in plan.splitlines()
             for table in BIG_TABLES if re.search(rf"Seq Scan on {table}\b", line)]
    return plan, scans


def sqlite_plan(connection, statement, parameters):
    """The plan's text and the big tables it reads whole: a SCAN without an index, and, in a statement
    without a LIMIT, a SCAN in an index's order or an index SEARCH that matches a large share of the table."""
    lines = [row[3] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
    bounded = re.search(r"\bLIMIT\b", statement, re.IGNORECASE) is not None
    scans = []
    for line in lines:
        read = _SQLITE_READ.fullmatch(line)
        if read is None or read.group(2) not in BIG_TABLES:
            continue
        kind, table, index, constraint = read.groups()
        if kind == "SCAN" and index is None:
            scans.append(Scan(table, line))
        elif index is not None and not bounded and _matched_share(connection, table, index, constraint) >= WALK_SHARE:
            scans.append(Scan(table, line))
    return "\n".join(lines), scans


def _matched_share(connection, table, index, constraint):
    """The share of the table's rows one lookup of the index matches, from sqlite_stat1 ("rows avg1 avg2 ...":
    the index's rows, then the average rows per value of its first column, of its first two, and so on)."""
    stat = connection.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE tbl = ? AND idx = ?", (table, index)).scalar()
    if stat is None:
        return 0.0  # a table never analysed: bench.seed always runs ANALYZE
    counts = [int(n) for n in stat.split() if n.isdigit()]
    rows = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 1
    equalities = len(re.findall(r"\w+=\?", constraint or ""))
    return counts[min(equalities, len(counts) - 1)] / rows


def main():
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    from bench.run import pages, sample_ids
    from bench.server import app
    from portal.extensions import cache, db
    app.config["RATELIMIT_ENABLED"] = False
    cache.init_app(app, config={"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True})
    page_list = pages(sample_ids(app))
    failures = []
    for signed_in in (False, True):
        who = "member" if signed_in else "visitor"
        paths = [path for _, path, needs_member in page_list if signed_in or not needs_member]
        for path, statement, parameters in statements_for(app, paths, signed_in):
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            with app.app_context():
                connection = db.session.connection()
                explain = postgresql_plan if connection.dialect.name == "postgresql" else sqlite_plan
                plan, scans = explain(connection, statement, parameters)
            if scans or args.verbose:
                print(f"== {path} ({who}): scan of {', '.join(scan.table for scan in scans) or 'nothing big'}")
                print("   " + _one_line(statement)[:300])
                print("\n".join("     " + line for line in plan.splitlines()))
            if path in COUNTS_EVERYTHING:
                if scans:
                    print(f"   (expected: {COUNTS_EVERYTHING[path]})")
                continue
            failures += [(path, who, statement, scan) for scan in scans if scan.table in FAILING_TABLES]
    report("Failing", failures)
    print("Some plan reads the whole posts table." if failures else "No plan reads the whole posts table.")
    sys.exit(1 if failures else 0)


def _without_columns(statement):
    """The statement on one line with its first list of columns left out, so its FROM and WHERE show."""
    return re.sub(r"^SELECT .*? FROM ", "SELECT ... FROM ", _one_line(statement), count=1)


def _one_line(statement):
    return " ".join(statement.split())


def report(heading, failures):
    """Each plan line that reads the whole posts table, with its page and statement."""
    if failures:
        print(f"\n{heading}: {len(failures)} plan(s) read the whole posts table")
    for path, who, statement, scan in failures:
        print(f"- {path} ({who}): {scan.line}\n    in: {_without_columns(statement)[:400]}")


if __name__ == "__main__":
    main()
