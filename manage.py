#!/usr/bin/env python3
"""Set up and run Practice Exchange with nothing but Python 3.11+.

    python3 manage.py demo    # install, migrate, load demo data, serve on http://127.0.0.1:5000
                              # (demo 8000 for another port); its e-mails land in instance/demo-mail/
    python3 manage.py test    # install test dependencies and run the whole test suite

Each command creates ./.venv on first use, installs the versions pinned in requirements/, and reinstalls
only when pyproject.toml or those files change.
"""
import hashlib
import os
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
LOCKS = ROOT / "requirements"  # base.txt and test.txt: pinned and hashed by `uv pip compile` (README: Dependencies)
DEMO_MAIL = ROOT / "instance" / "demo-mail"
MAIL_WORKER_INTERVAL = 2  # seconds between the demo's mail worker's passes


def ensure_environment(extras=""):
    """Create the virtualenv and install the locked dependencies (with extras) and the project if anything changed."""
    if sys.version_info < (3, 11):
        sys.exit("Practice Exchange needs Python 3.11 or newer.")
    if not PYTHON.exists():
        print("Creating a virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock = LOCKS / f"{extras or 'base'}.txt"
    fingerprint = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + lock.read_bytes()).hexdigest()
    stamp = VENV / f".installed{'-' + extras if extras else ''}"
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    print("Installing dependencies (first run only) ...", flush=True)
    # The exact versions CI tested, checked against their hashes; then the project itself, which adds nothing.
    run([PYTHON, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", lock])
    run([PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "-e", "."])
    stamp.write_text(fingerprint)


def run(command, env=None):
    result = subprocess.run([str(part) for part in command], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def flask_command(*args):
    return [str(PYTHON), "-m", "flask", "--app", "wsgi", *map(str, args)]


def flask(*args, env=None):
    run(flask_command(*args), env=env)


def demo_environment(port, mail_folder=DEMO_MAIL):
    """Links in e-mails and feeds point at the address the demo serves; its e-mail is written to a folder."""
    return {**os.environ, "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
            "MAIL_BACKEND": "folder", "MAIL_FOLDER": str(mail_folder)}


def start_portal(port, env):
    """Start the web server and, beside it, the worker that delivers e-mail as it is queued."""
    worker = subprocess.Popen(flask_command("mail", "send", "--loop", "--interval", MAIL_WORKER_INTERVAL),
                              cwd=ROOT, env=env)
    server = subprocess.Popen(flask_command("run", "--host", "127.0.0.1", "--port", port), cwd=ROOT, env=env)
    return server, worker


def stop(process):
    """Ask a process to end (the worker finishes the pass it is in), and make sure it has."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def demo(args):
    """Create the SQLite database through the migrations, load demo data and serve the portal with its mail worker."""
    ensure_environment()
    port = args[0] if args else os.environ.get("PORT", "5000")
    env = demo_environment(port)  # seeding queues e-mail too, so its links need the port as well
    flask("db", "upgrade", env=env)
    flask("load-taxonomy", env=env)
    flask("seed-demo", env=env)
    print(f"\nPractice Exchange is running at http://127.0.0.1:{port}/ (Ctrl+C to stop).")
    print("Demo accounts (password for all: practice-exchange-demo): see README.md.")
    print(f"E-mails it sends land in {DEMO_MAIL.relative_to(ROOT)}{os.sep} as .eml files, "
          "a few seconds after they are sent.\n", flush=True)
    server, worker = start_portal(port, env)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # killed rather than interrupted: still stop both
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        for process in (server, worker):
            stop(process)


def test(args):
    """Run the whole test suite (browser tests skip with a reason where Chromium is missing)."""
    ensure_environment("test")
    run([PYTHON, "-m", "pytest", *args])


COMMANDS = {"demo": demo, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
