#!/usr/bin/env python3
"""Set up and run Practice Exchange with nothing but Python 3.11+.

    python3 manage.py demo    # install, migrate, load demo data, serve on http://127.0.0.1:5000
    python3 manage.py test    # install test dependencies and run the whole test suite

Each command creates ./.venv on first use and reinstalls only when pyproject.toml changes.
"""
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_environment(extras=""):
    """Create the virtualenv and install the project (with extras) if anything changed."""
    if sys.version_info < (3, 11):
        sys.exit("Practice Exchange needs Python 3.11 or newer.")
    if not PYTHON.exists():
        print("Creating a virtual environment in .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    fingerprint = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / f".installed{'-' + extras if extras else ''}"
    if stamp.exists() and stamp.read_text() == fingerprint:
        return
    print("Installing dependencies (first run only) ...", flush=True)
    target = f".[{extras}]" if extras else "."
    run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([PYTHON, "-m", "pip", "install", "--quiet", "-e", target])
    stamp.write_text(fingerprint)


def run(command, env=None):
    result = subprocess.run([str(part) for part in command], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def flask(*args, env=None):
    run([PYTHON, "-m", "flask", "--app", "wsgi", *args], env=env)


def demo(args):
    """Create the SQLite database through the migrations, load demo data and serve the portal."""
    ensure_environment()
    port = args[0] if args else os.environ.get("PORT", "5000")
    flask("db", "upgrade")
    flask("load-taxonomy")
    flask("seed-demo")
    print(f"\nPractice Exchange is running at http://127.0.0.1:{port}/ (Ctrl+C to stop).")
    print("Demo accounts (password for all: practice-exchange-demo): see README.md.\n", flush=True)
    try:
        flask("run", "--host", "127.0.0.1", "--port", port)
    except KeyboardInterrupt:
        pass


def test(args):
    """Run the whole test suite (browser tests skip with a reason where Chromium is missing)."""
    ensure_environment("test")
    run([PYTHON, "-m", "pytest", *args])


COMMANDS = {"demo": demo, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    COMMANDS[sys.argv[1]](sys.argv[2:])
