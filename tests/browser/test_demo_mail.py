"""The demo's own set-up, at a port that is not 5000: register, and the worker beside the server delivers a
confirmation e-mail whose link uses the served port and confirms the account."""
import email
import email.policy
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

import manage
from tests.browser.helpers import register_ruth

ROOT = Path(manage.__file__).resolve().parent
READY_WITHIN = 60  # seconds to wait for the server to answer, or for an e-mail to arrive: a bound, not a measure


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return port if port != 5000 else free_port()


def wait_for(found, what):
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        if result := found():
            return result
        time.sleep(0.2)
    pytest.fail(f"{what} within {READY_WITHIN} s")


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def demo_portal(tmp_path, monkeypatch):
    """The demo's server and mail worker as `manage.py demo PORT` starts them, on an empty database of their own."""
    monkeypatch.setattr(manage, "PYTHON", Path(sys.executable))  # the interpreter running the tests has the portal
    port = free_port()
    mail_folder = tmp_path / "demo-mail"
    env = manage.demo_environment(port, mail_folder)
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}", PORTAL_ENV="development")
    for step in (("db", "upgrade"), ("load-taxonomy",)):
        subprocess.run(manage.flask_command(*step), cwd=ROOT, env=env, check=True, capture_output=True)
    server, worker = manage.start_portal(port, env)
    try:
        wait_for(lambda: answers(f"http://127.0.0.1:{port}/healthz"), "the demo server did not answer")
        yield f"http://127.0.0.1:{port}", mail_folder
    finally:
        for process in (server, worker):
            manage.stop(process)
    assert worker.returncode == 0, "the mail worker did not stop cleanly when the demo stopped"


def newest_email(folder):
    files = sorted(folder.glob("*.eml"), key=lambda p: int(re.search(r"outbox-(\d+)", p.name)[1])) if folder.exists() else []
    return email.message_from_bytes(files[-1].read_bytes(), policy=email.policy.strict) if files else None


def test_the_demo_delivers_the_confirmation_email_with_links_to_the_port_it_serves(browser, demo_portal):
    base_url, mail_folder = demo_portal
    context = browser.new_context(base_url=base_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        register_ruth(page)

        # Nobody runs the worker by hand: the one beside the server delivers it.
        message = wait_for(lambda: newest_email(mail_folder), "no confirmation e-mail arrived")
        assert message["To"] == "ruth.simmons@fenland.example"
        body = message.get_body(("plain",)).get_content()
        links = re.findall(r"https?://\S+", body)
        assert links and all(link.startswith(base_url + "/") for link in links), links
        [confirm] = [link for link in links if link.startswith(f"{base_url}/verify-email/")]

        page.goto(confirm)
        expect(page.get_by_role("heading", name="Your e-mail address is confirmed")).to_be_visible()
    finally:
        context.close()

