"""A backup restores: the README's pg_dump / pg_restore commands, run on a database seeded with the demo,
give a fresh database that the portal (started as the container starts it) serves as it was."""
import subprocess
import sys

from sqlalchemy import create_engine, make_url, text

from tests.scaleout.conftest import fresh_postgres_database, migrate
from tests.scaleout.servers import ROOT, Browser, app_environment, portal_command

TABLES = ("users", "posts", "comments", "helpful_marks", "directory_profiles", "contact_requests", "trusts")


def libpq(url):
    """The URL as pg_dump and pg_restore take it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def counts(url):
    engine = create_engine(url)
    with engine.connect() as conn:
        found = {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() for table in TABLES}
        title = conn.execute(text("SELECT id, title FROM posts WHERE status = 'published' AND visibility = 'public' "
                                  "AND NOT anonymous ORDER BY id LIMIT 1")).one()
    engine.dispose()
    return found, title


def test_a_dump_of_a_seeded_database_restores_into_a_fresh_one_that_the_portal_serves(
        postgres_url, start_server, tmp_path):
    dump = tmp_path / "portal.dump"
    with fresh_postgres_database(postgres_url) as original_url, fresh_postgres_database(postgres_url) as restored_url:
        original, restored = (url.render_as_string(hide_password=False) for url in (original_url, restored_url))
        migrate(original, tmp_path)
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "seed-demo"], cwd=ROOT, check=True,
                       env=app_environment(original, "memory://", tmp_path), capture_output=True)
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", libpq(original)], check=True)
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={libpq(restored)}", str(dump)],
                       check=True)
        before, (post_id, title) = counts(original)
        after, _ = counts(restored)
        assert after == before and before["posts"] > 10 and before["users"] > 10

        server = start_server(restored, "memory://", "restored")
        browser = Browser()
        assert browser.get(server, "/healthz").json()["database"] == "ok"
        page = browser.get(server, f"/practice/{post_id}")
        assert page.status == 200 and title.replace("'", "&#39;") in page.text
        portal_command("migrate", env=app_environment(restored, "memory://", tmp_path))  # nothing left to do
