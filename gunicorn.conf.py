"""gunicorn settings for the quote service; every value can be overridden by env.

    gunicorn -c gunicorn.conf.py "service.app:create_app()"
"""
import os
import shutil
import tempfile

from service.runtime import available_cpus

# One process per core already uses every core; BLAS threads on top would only fight
# them. Set before the app (and numpy) is loaded.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

bind = os.environ.get("QUOTES_BIND", "127.0.0.1:8000")

# Metrics from all workers, aggregated at /metrics (prometheus_client multiprocess mode).
# Must be set before the app, and so prometheus_client, is loaded.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="quotes-metrics-")

# gunicorn 25+ opens a control socket, by default under $HOME; one per server, in a
# directory any user (a container's non-root one included) can write.
control_socket = os.environ.get(
    "QUOTES_CONTROL_SOCKET",
    os.path.join(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir(),
                 f"quotes-gunicorn-{bind.replace(':', '-').replace('/', '_')}.ctl"))
# Parsing is CPU-bound: one worker per core, each with one model.
workers = int(os.environ.get("QUOTES_WORKERS") or available_cpus())  # the cgroup's CPU quota, not the host's cores
threads = 1
# Load the model once in the master; workers share its pages copy-on-write.
preload_app = os.environ.get("QUOTES_PRELOAD", "1") == "1"
timeout = int(os.environ.get("QUOTES_WORKER_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("QUOTES_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Long query strings reach the app, which answers 422 with field errors instead of a bare 414.
limit_request_line = 32768
max_requests = int(os.environ.get("QUOTES_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("QUOTES_MAX_REQUESTS_JITTER", "200"))
accesslog = None  # the app logs one JSON line per request
errorlog = "-"
loglevel = os.environ.get("QUOTES_LOG_LEVEL", "info").lower()


def child_exit(server, worker):
    """A worker's metric files stay summed in; its live gauges go."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Remove the metrics directory this config made."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if os.path.basename(path).startswith("quotes-metrics-"):
        shutil.rmtree(path, ignore_errors=True)
