"""gunicorn settings for the quote service; every value can be overridden by env.

    gunicorn -c gunicorn.conf.py "service.server.app:create_app()"
"""
import os
import shutil
import tempfile

from service.core.runtime import available_cpus, set_arena_max, single_threaded_blas

# One process per core already uses every core: one BLAS thread each. Set before the app
# (and numpy) is loaded.
single_threaded_blas()

bind = os.environ.get("QUOTES_BIND", "127.0.0.1:8000")

# glibc gives each thread that allocates its own malloc arena (up to 8 per core), and memory
# freed in one arena is not reused by another: with requests handled in a pool of threads a
# worker grew to ~600 MB on news where two arenas hold it near 250 MB (bench/benchmark.py's
# load). Set here, in the master before the app and any thread; workers inherit it by fork.
# MALLOC_ARENA_MAX in the environment, if set, wins.
if "MALLOC_ARENA_MAX" not in os.environ:
    set_arena_max(2)

# Metrics from all workers, aggregated at /metrics (prometheus_client multiprocess mode).
# Must be set before the app, and so prometheus_client, is loaded.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="quotes-metrics-")

# gunicorn 25+ opens a control socket, by default under $HOME. Ours is in a private
# directory made for this server (in one any user, a container's non-root one included,
# can write): two servers never share one, whatever their bind addresses, and neither
# deletes the other's. Kept in the environment so a config reload (HUP) keeps the same one.
if not os.environ.get("QUOTES_CONTROL_SOCKET"):
    _control_dir = tempfile.mkdtemp(prefix="quotes-gunicorn-",
                                    dir=os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir())
    os.environ["QUOTES_CONTROL_SOCKET"] = os.path.join(_control_dir, "gunicorn.ctl")
control_socket = os.environ["QUOTES_CONTROL_SOCKET"]
# Parsing is CPU-bound: one worker per core, each with one model, used by one request at a
# time (service.app takes the engine per request). Requests are read by threads: a slow
# client holds a thread, never the worker, and no longer than QUOTES_REQUEST_READ_SECONDS
# (service.server.worker; measured with bench/slowloris.py). 64 threads per worker outnumber 50
# slow connections even if all of them land on one worker; idle threads are not started.
workers = int(os.environ.get("QUOTES_WORKERS") or available_cpus())  # the cgroup's CPU quota, not the host's cores
worker_class = "service.server.worker.ReadDeadlineWorker"
threads = int(os.environ.get("QUOTES_THREADS", "64"))
# Load the model once in the master; workers share its pages copy-on-write.
preload_app = os.environ.get("QUOTES_PRELOAD", "1") == "1"
timeout = int(os.environ.get("QUOTES_WORKER_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("QUOTES_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# The longest request line gunicorn reads (it caps any larger value at 8190): query strings up
# to that reach the app, which answers 422 with field errors; a longer line is a 414 from
# gunicorn itself, before the app (service.server.worker makes it problem+json too).
limit_request_line = 8190
max_requests = int(os.environ.get("QUOTES_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("QUOTES_MAX_REQUESTS_JITTER", "200"))
# A worker keeps some of what each request took (the lemmatizer's cache of new words, freed
# pages the allocator holds): a worker resident past this after a request finishes its
# requests and is replaced (a fork of the preloaded master: cheap). With the default pipeline
# an idle worker is ~175 MB, the worst accepted request adds ~200 MB (bench/memory.py) and a
# worker serving news settles near 250-310 MB after a few hundred requests and batches, so
# ordinary work does not trigger it and no worker goes past ~700 MB. A larger pipeline
# (en_core_web_trf) needs its idle RSS + ~350. 0: never. See README, "Sizing".
max_worker_rss_mb = int(os.environ.get("QUOTES_MAX_WORKER_RSS_MB", "512"))
accesslog = None  # the app logs one JSON line per request
errorlog = "-"
loglevel = os.environ.get("QUOTES_LOG_LEVEL", "info").lower()
# gunicorn's own lines (booting, worker timeouts, signals) as JSON, like the app's
logger_class = "service.server.logs.GunicornLogger"


def post_request(worker, req, environ, resp):
    """Retire a worker grown past QUOTES_MAX_WORKER_RSS_MB."""
    from service.server.worker import retire_if_swollen

    retire_if_swollen(worker, max_worker_rss_mb)
    _record_worker_memory()


def post_worker_init(worker):
    """A new worker's memory shows in the metrics before its first request."""
    _record_worker_memory()


def _record_worker_memory():
    from service.server.metrics import record_worker_memory

    record_worker_memory()


def child_exit(server, worker):
    """A worker's metric files stay summed in; its live gauges go."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Remove the metrics and control socket directories this config made."""
    for path in (os.environ.get("PROMETHEUS_MULTIPROC_DIR", ""),
                 os.path.dirname(os.environ.get("QUOTES_CONTROL_SOCKET", ""))):
        if os.path.basename(path).startswith(("quotes-metrics-", "quotes-gunicorn-")):
            shutil.rmtree(path, ignore_errors=True)
