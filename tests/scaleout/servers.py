"""Real app servers for the scale-out tests: gunicorn processes, a small cookie-keeping HTTP client,
and a TCP proxy that can cut the database away from an app and give it back."""
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
# A member's page has the token in a <meta> tag; a visitor's only in the forms that need one.
CSRF_TOKEN = re.compile(r'<meta name="csrf-token" content="([^"]+)"|name="csrf_token" type="hidden" value="([^"]+)"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def portal_command(*args, env):
    """Run a `bin/portal` command (migrations and reference data) as the container does."""
    subprocess.run([ROOT / "bin" / "portal", *args], cwd=ROOT, env={**env, "PORTAL_PYTHON": sys.executable},
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def app_environment(database_url, ratelimit_storage, tmp_path):
    """What an operator sets for each app process; the same SECRET_KEY so a session works on any of them."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("RATELIMIT_", "GUNICORN_"))}
    env.update(DATABASE_URL=database_url, RATELIMIT_STORAGE_URI=ratelimit_storage, PORTAL_ENV="development",
               SECRET_KEY="scale-out-test-secret-key", MAIL_BACKEND="folder", MAIL_FOLDER=str(tmp_path / "mail"))
    return env


class AppServer:
    """One gunicorn process (one worker unless GUNICORN_WORKERS says), started as the container starts it."""

    def __init__(self, env, log_path):
        self.port = free_port()
        self.base = f"127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        self._log = open(log_path, "w")
        # The container's own command (bin/portal web), with this test's Python.
        command = [ROOT / "bin" / "portal", "web", "--workers", env.get("GUNICORN_WORKERS", "1"), "--bind", self.base]
        self.process = subprocess.Popen(command, cwd=ROOT, env={**env, "PORTAL_PYTHON": sys.executable},
                                        stdout=self._log, stderr=subprocess.STDOUT)
        if not _wait_for_port(self.port, self.process):
            self.stop()
            raise RuntimeError(f"gunicorn did not start; see {log_path}:\n{Path(log_path).read_text()[-2000:]}")

    def stop(self):
        """Ask gunicorn to shut down gracefully, and kill it only if it will not."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=25)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.text = status, headers, body

    def json(self):
        import json
        return json.loads(self.text)


class Browser:
    """Keeps cookies as a browser would for one host: shared by every port, like servers behind one address."""

    def __init__(self):
        self.cookies = {}

    def request(self, server, method, path, form=None, timeout=30):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(server.base, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read().decode("utf-8", "replace"))
        finally:
            connection.close()
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        return response

    def get(self, server, path, **kwargs):
        return self.request(server, "GET", path, **kwargs)

    def post(self, server, path, form, csrf_from="/"):
        """POST a form with the CSRF token from a page of the same server, as a browser would."""
        page = self.get(server, csrf_from)
        match = CSRF_TOKEN.search(page.text)
        assert match, f"no CSRF token on {csrf_from} ({page.status})"
        return self.request(server, "POST", path, form={**form, "csrf_token": match.group(1) or match.group(2)})

    def _keep_cookies(self, set_cookie_headers):
        for header in set_cookie_headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value == "" or morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


class TcpProxy:
    """Forwards a local port to a server (the database, Redis), and can fail as a network does:
    `cut()` drops every connection and leaves new ones hanging (a host that vanished and whose
    connections were reset), `refuse()` drops them and refuses new ones (a server that is down),
    `black_hole()` keeps every connection open and forwards nothing, nor answers new ones (a link that
    drops packets silently); `restore()` forwards again."""

    def __init__(self, upstream_host, upstream_port):
        self.upstream = (upstream_host, upstream_port)
        self.port = None
        self.forwarding = True
        self._sockets = []
        self._lock = threading.Lock()
        self._listen()

    def _listen(self):
        self.listener = socket.create_server(("127.0.0.1", self.port or 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self):
        self.forwarding = False
        with self._lock:
            for sock in self._sockets:
                _close(sock)
            self._sockets.clear()

    def refuse(self):
        self.cut()
        _close(self.listener)
        self.listener = None

    def black_hole(self):
        self.forwarding = False

    def restore(self):
        if self.listener is None:
            self._listen()
        self.forwarding = True

    def close(self):
        self.cut()
        if self.listener is not None:
            _close(self.listener)

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                self._sockets.append(client)
            if self.forwarding:
                upstream = socket.create_connection(self.upstream)
                with self._lock:
                    self._sockets.append(upstream)
                threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
                threading.Thread(target=self._pump, args=(upstream, client), daemon=True).start()

    def _pump(self, source, target):
        """Copy one direction of a connection; while not forwarding, what arrives is dropped."""
        try:
            while data := source.recv(65536):
                if self.forwarding:
                    target.sendall(data)
        except OSError:
            pass
        _close(source)
        _close(target)


def _close(sock):
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
