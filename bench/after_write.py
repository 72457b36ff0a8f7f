"""What each benchmarked page costs just after a write, measured in-process with Flask's test client.

    .venv/bin/python -m bench.after_write --database-url sqlite:////abs/path/bench.sqlite3 [--repeats 5]

Before each timing a member comments on, or marks helpful, one of the newest posts through the post's own
form (as bench.run --mixed does over HTTP); then the page is requested once, as a visitor or as a member,
with the app's own cache. Reports the median milliseconds per page over the repeats.
"""
import argparse
import os
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output", help="write the report (Markdown) here as well")
    return parser.parse_args()


class Writer:
    """A signed-in member's test client making one write at a time on the newest posts."""

    def __init__(self, app, email, posts):
        from bench.run import sign_in_test_client
        self.client, self.posts, self.turn = app.test_client(), posts, 0
        sign_in_test_client(self.client, email)

    def write(self):
        from bench.traffic import write_for
        post_id = self.posts[self.turn % len(self.posts)]
        action, data = write_for(self.client.get(f"/practice/{post_id}").get_data(as_text=True), post_id, self.turn)
        status = self.client.post(action, data=data).status_code
        if not 200 <= status < 400:
            raise SystemExit(f"the write {action} answered {status}")
        self.turn += 1


def timings(app, page_list, sample, repeats):
    """{(page name, as): [ms after a write, per repeat]}."""
    from bench.run import MEMBER_EMAIL, WRITERS, sign_in_test_client
    readers = {"visitor": app.test_client(), "member": app.test_client()}
    sign_in_test_client(readers["member"], MEMBER_EMAIL)
    writer = Writer(app, WRITERS[0], sample["recent_posts"])
    visits = [(name, path, who) for name, path, needs_member in page_list
              for who in ("visitor", "member") if who == "member" or not needs_member]
    for _name, path, who in visits:
        readers[who].get(path)  # per-process reference data (the report's taxonomy) is read once, then kept
    results = {(name, who): [] for name, _path, who in visits}
    for _ in range(repeats):
        for name, path, who in visits:
            writer.write()
            started = time.perf_counter()
            status = readers[who].get(path).status_code
            results[(name, who)].append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise SystemExit(f"{path} as a {who} answered {status}")
    return results


def render(results, args):
    dialect = args.database_url.split(":", 1)[0].split("+")[0]
    lines = [f"Just after a write, on {dialect}, in-process, median of {args.repeats}, "
             f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC.", "",
             "| page | as | ms after a write (median) | slowest |", "| --- | --- | ---: | ---: |"]
    lines += [f"| {name} | {who} | {statistics.median(ms):.1f} | {max(ms):.1f} |" for (name, who), ms in results.items()]
    return "\n".join(lines + [""])


def main():
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    from bench.run import pages, sample_ids
    from bench.server import app
    app.config["RATELIMIT_ENABLED"] = False
    sample = sample_ids(app)
    report = render(timings(app, pages(sample), sample, args.repeats), args)
    print(report)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(report)


if __name__ == "__main__":
    main()
