"""Show how PostgreSQL plans every query of the benchmarked pages, and flag sequential scans of big tables.

    .venv/bin/python -m bench.plans --database-url postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench

Each page is requested signed out and signed in, with caching off so every query runs; each statement is
then explained with the parameters it ran with. Exits non-zero if any plan reads the whole posts table.
"""
import argparse
import os
import re
import sys

from sqlalchemy import event

BIG_TABLES = ("posts", "comments", "helpful_marks", "post_search", "post_recommendations", "post_phases",
              "post_question_sets", "post_tools", "users", "directory_profiles", "contact_requests")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--verbose", action="store_true", help="print every plan, not only the flagged ones")
    return parser.parse_args()


def statements_for(app, paths, signed_in):
    """(path, statement, parameters) for every query the pages run."""
    from bench.run import MEMBER_EMAIL
    from bench.seed import BENCH_PASSWORD
    from portal.extensions import db
    client = app.test_client()
    if signed_in:
        page = client.get("/sign-in").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        client.post("/sign-in", data={"csrf_token": token, "email": MEMBER_EMAIL, "password": BENCH_PASSWORD})
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


def sequential_scans(plan):
    return sorted({table for table in BIG_TABLES if re.search(rf"Seq Scan on {table}\b", plan)})


def main():
    args = parse_args()
    if not args.database_url.startswith("postgresql"):
        raise SystemExit("Query plans are checked on PostgreSQL.")
    os.environ["DATABASE_URL"] = args.database_url
    from bench.run import pages, sample_ids
    from bench.server import app
    from portal.extensions import cache, db
    app.config["RATELIMIT_ENABLED"] = False
    cache.init_app(app, config={"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True})
    page_list = pages(sample_ids(app))
    posts_scanned = False
    for signed_in in (False, True):
        paths = [path for _, path, needs_member in page_list if signed_in or not needs_member]
        for path, statement, parameters in statements_for(app, paths, signed_in):
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            with app.app_context():
                plan = "\n".join(row[0] for row in db.session.connection().exec_driver_sql(
                    "EXPLAIN " + statement, parameters))
            scans = sequential_scans(plan)
            posts_scanned |= "posts" in scans
            if scans or args.verbose:
                who = "member" if signed_in else "visitor"
                print(f"== {path} ({who}): sequential scan of {', '.join(scans) or 'nothing big'}")
                print("   " + " ".join(statement.split())[:300])
                print("\n".join("     " + line for line in plan.splitlines()))
    print("No plan reads the whole posts table." if not posts_scanned else "Some plan reads the whole posts table.")
    sys.exit(1 if posts_scanned else 0)


if __name__ == "__main__":
    main()
