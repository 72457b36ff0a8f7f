# Practice Exchange: the app, its mail worker and its scheduler, from the lock file CI tested.
# Build: docker build -t practice-exchange .   Run: see compose.yaml and README.md (Production).
FROM python:3.11-slim-bookworm AS build
WORKDIR /app
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes -r requirements/base.txt
COPY pyproject.toml README.md ./
COPY portal portal
RUN pip install --no-deps .

FROM python:3.11-slim-bookworm
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    PORTAL_PYTHON=/opt/venv/bin/python PORTAL_ENV=production GUNICORN_BIND=0.0.0.0:8000 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/portal-metrics
RUN groupadd --system --gid 10001 portal && useradd --system --uid 10001 --gid portal --home-dir /app --no-create-home portal
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --chown=root:root wsgi.py gunicorn.conf.py ./
COPY --chown=root:root bin bin
COPY --chown=root:root migrations migrations
COPY --chown=root:root portal portal
COPY --chown=root:root templates templates
COPY --chown=root:root static static
RUN mkdir -p /app/instance /tmp/portal-metrics && chown portal:portal /app/instance /tmp/portal-metrics
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=6s --start-period=20s --retries=3 CMD ["bin/portal", "healthcheck"]
ENTRYPOINT ["bin/portal"]
CMD ["web"]
