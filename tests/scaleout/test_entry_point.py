"""bin/portal, the container's entry point, as the scale-out tests start it: `migrate` builds a database,
`web` serves it with metrics summed over all of its workers, and `healthcheck` answers for it."""
import http.client
import os
import subprocess
import sys
import time

from tests.scaleout.conftest import migrate
from tests.scaleout.servers import ROOT, Browser

TOKEN = "entry-point-test-metrics-token-0123456789"


def test_migrate_web_and_healthcheck_work_together(start_server, tmp_path):
    url = "sqlite:///" + str(tmp_path / "portal.sqlite3")
    migrate(url, tmp_path)
    server = start_server(url, "memory://", "entry", METRICS_TOKEN=TOKEN, GUNICORN_WORKERS="2")
    browser = Browser()
    assert browser.get(server, "/healthz").json() == {"status": "ok", "database": "ok"}
    env = {**os.environ, "PORTAL_PYTHON": sys.executable, "GUNICORN_BIND": server.base}
    assert subprocess.run([ROOT / "bin" / "portal", "healthcheck"], env=env).returncode == 0

    for _ in range(6):  # spread over both workers
        assert browser.get(server, "/about").status == 200
    time.sleep(0.2)
    totals = []
    for _ in range(4):  # whichever worker answers the scrape reports every worker's requests
        connection = http.client.HTTPConnection(server.base, timeout=10)
        connection.request("GET", "/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        text = connection.getresponse().read().decode()
        connection.close()
        line = next(line for line in text.splitlines()
                    if line.startswith('portal_http_request_duration_seconds_count{endpoint="main.about"'))
        totals.append(float(line.rsplit(" ", 1)[1]))
    assert totals == [6.0] * 4
