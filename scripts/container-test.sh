#!/usr/bin/env bash
# Build the real Dockerfile with podman and check the container answers a seed article.
#
# No base image can be pulled here, so a local stand-in for python:3.11-slim is made
# once with debootstrap (Debian bookworm, whose python3.11 is the same minor version),
# then `podman build --pull=never` builds the Dockerfile unchanged. Needs root and
# podman, buildah, runc, debootstrap (.ci/run installs them). Bounded: every wait has
# a deadline, and the container is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
BASE=docker.io/library/python:3.11-slim
IMAGE=localhost/quote-attribution:test
NAME=quotes-container-test-$$
PORT=${QUOTES_CONTAINER_PORT:-8799}
CA=/etc/ssl/certs/ca-certificates.crt
# runc, not crun (fails on this cgroup layout); limits the default ulimits lack here
PODMAN=(podman --runtime runc)
LIMITS=(--ulimit nofile=20000:20000 --ulimit nproc=4096:4096)

if ! podman image exists "$BASE"; then
  echo "== building a stand-in for $BASE with debootstrap"
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  debootstrap --variant=minbase --include=python3.11,python3.11-venv,python3-distutils,python3-lib2to3,ca-certificates bookworm "$root" \
    >/tmp/debootstrap.log 2>&1 || { tail -20 /tmp/debootstrap.log; exit 1; }
  ln -sf /usr/bin/python3.11 "$root/usr/local/bin/python"
  ln -sf /usr/bin/python3.11 "$root/usr/local/bin/python3"
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | podman import --change 'CMD ["python3"]' - "$BASE" >/dev/null
  rm -rf "$root"
  trap - EXIT
fi

echo "== podman build (Dockerfile as is, --pull=never)"
build_args=()
[ -f "$CA" ] && build_args+=(-v "$CA:$CA:ro" --build-arg "PIP_CERT=$CA")
"${PODMAN[@]}" build --pull=never "${LIMITS[@]}" "${build_args[@]}" -t "$IMAGE" . >/tmp/podman-build.log 2>&1 \
  || { tail -30 /tmp/podman-build.log; exit 1; }
built=$(date +%s)

echo "== run on 127.0.0.1:$PORT"
cleanup() { podman rm -f "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT
# host networking: the container's gunicorn binds loopback only
"${PODMAN[@]}" run -d --name "$NAME" --network host "${LIMITS[@]}" \
  -e QUOTES_BIND="127.0.0.1:$PORT" -e QUOTES_WORKERS=2 "$IMAGE" >/dev/null
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null || { podman logs "$NAME" | tail -30; exit 1; }

uid=$(podman exec "$NAME" id -u)
[ "$uid" = 10001 ] || { echo "container runs as uid $uid, not 10001"; exit 1; }
answer=$(curl -fs -X POST -H 'Content-Type: text/plain' \
  --data-binary @service/server/web/samples/004_d7c9a3f24f921db4.txt "http://127.0.0.1:$PORT/v1/quotes")
python3 - "$answer" <<'PY'
import json, sys
quotes = json.loads(sys.argv[1])["quotes"]
gabuev = [q for q in quotes if (q["speaker"] or {}).get("name") == "Alexander Gabuev"]
assert len(gabuev) == 2, gabuev
assert gabuev[0]["speaker"]["role"] == "director of the Carnegie Russia Eurasia Center"
assert any(q["verb"]["lemma"] == "insist" for q in gabuev)
print(f"   {len(quotes)} quotes; Alexander Gabuev's two found with role and verbs")
PY
# The default container against slow clients (README, "Slow clients"): 50 connections trickling
# headers or short bodies for QUOTES_SLOWLORIS_SECONDS (60; 0 skips), good requests timed.
SLOW=${QUOTES_SLOWLORIS_SECONDS:-60}
if [ "$SLOW" = 0 ]; then
  echo "== slow clients: skipped (QUOTES_SLOWLORIS_SECONDS=0)"
elif [ -x .venv/bin/python ]; then
  echo "== slow clients: bench/slowloris.py, 50 connections for $SLOW s against the container"
  .venv/bin/python bench/slowloris.py --url "http://127.0.0.1:$PORT" --seconds "$SLOW" \
    || { podman logs "$NAME" 2>&1 | tail -20; exit 1; }
else
  echo "== slow clients: skipped (no .venv here to run bench/slowloris.py)"
fi
status=$(podman inspect --format '{{.State.Status}}' "$NAME")
echo "== container $status, uid $uid; build $((built - started)) s, total $(( $(date +%s) - started )) s"
