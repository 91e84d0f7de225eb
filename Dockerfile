# Quote attribution service: gunicorn + Flask + spaCy, model installed at build time.
FROM python:3.11-slim AS build
WORKDIR /src
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# A CA bundle mounted for the build only (behind a TLS-inspecting proxy); never baked in.
ARG PIP_CERT
COPY pyproject.toml README.md LICENSE openapi.yaml gunicorn.conf.py ./
COPY service ./service
RUN python -m venv /opt/venv && /opt/venv/bin/pip install .

FROM python:3.11-slim
# OCI image annotations. version follows service/__init__.py (tests/deploy/test_release.py checks);
# revision and created are the build's: --build-arg REVISION=$(git rev-parse HEAD)
# --build-arg CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ).
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="quote-attribution-service" \
      org.opencontainers.image.description="Quote attribution for news: every quote with its speaker, role, verb and offsets, over HTTP" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="docker.io/library/python:3.11-slim"
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 QUOTES_BIND=0.0.0.0:8000 HOME=/home/app
RUN useradd --create-home --uid 10001 app
COPY --from=build /opt/venv /opt/venv
COPY gunicorn.conf.py /app/gunicorn.conf.py
COPY LICENSE /app/LICENSE
WORKDIR /app
USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4).status == 200 else 1)"]
ENTRYPOINT ["gunicorn", "-c", "/app/gunicorn.conf.py", "service.server.app:create_app()"]
