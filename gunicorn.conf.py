"""Production server settings: `gunicorn -c gunicorn.conf.py wsgi:app`. Override with environment variables."""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Requests answer (or fail with a 503) well inside this: a silent database costs a pooled connection's
# pre-ping (1 s) and a connect (3 s), a statement at most its timeout below and 2 s, a silent Redis one
# socket timeout (1 s) now and then (README: Production).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Web requests must finish inside the worker timeout; commands (migrations, imports) run without a limit.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "10")
graceful_timeout = 20
keepalive = 5
# The app logs one structured line per request itself (portal/request_log.py).
accesslog = None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Several gunicorn masters may run on one machine; they would all claim the same control socket path.
control_socket_disable = True


def child_exit(server, worker):
    """A worker that ends takes its live gauges out of the shared metrics (portal/metrics.py)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess
        multiprocess.mark_process_dead(worker.pid)
