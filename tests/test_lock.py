"""The lock files in requirements/ are what every install uses (manage.py, the image): they must agree
with pyproject.toml, pin every package with its hashes, and be what this very test run is using."""
import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?$")


def pins(lock):
    """{name: (version, marker or None, hashes)} read from a `uv pip compile --generate-hashes` file."""
    found, current = {}, None
    for line in (ROOT / "requirements" / lock).read_text().splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match["name"])
            found[current] = (match["version"], match["marker"], [])
        elif current and (hash_line := re.match(r"^\s+--hash=(sha256:[0-9a-f]{64})", line)):
            found[current][2].append(hash_line[1])
    return found


def applies(marker):
    return marker is None or Marker(marker).evaluate()


@pytest.mark.parametrize("lock, requirements", [
    ("base.txt", PROJECT["dependencies"]),
    ("test.txt", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]),
], ids=["base", "test"])
def test_every_dependency_is_pinned_within_its_range(lock, requirements):
    locked = pins(lock)
    for line in requirements:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is in pyproject.toml but not in requirements/{lock}: re-lock (README)"
        assert requirement.specifier.contains(locked[name][0], prereleases=True), (
            f"requirements/{lock} pins {name}=={locked[name][0]}, outside pyproject.toml's {requirement.specifier}")


def test_every_pin_carries_hashes_and_the_test_lock_agrees_with_the_base_one():
    base, test = pins("base.txt"), pins("test.txt")
    assert all(hashes for _, _, hashes in test.values()) and all(hashes for _, _, hashes in base.values())
    assert {name: pin[0] for name, pin in base.items()} == {name: test[name][0] for name in base}


def test_this_run_uses_the_locked_versions():
    """manage.py installs from requirements/test.txt; a package at another version means the lock is stale."""
    wrong = {}
    for name, (pinned, marker, _) in pins("test.txt").items():
        if not applies(marker):
            continue
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = None
        if installed != pinned:
            wrong[name] = (pinned, installed)
    assert not wrong, f"installed versions differ from requirements/test.txt (pinned, installed): {wrong}"
