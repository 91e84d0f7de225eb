"""gunicorn settings for the quote service; every value can be overridden by env.

    gunicorn -c gunicorn.conf.py "service.app:create_app()"
"""
import multiprocessing
import os

# One process per core already uses every core; BLAS threads on top would only fight
# them. Set before the app (and numpy) is loaded.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

bind = os.environ.get("QUOTES_BIND", "127.0.0.1:8000")
# Parsing is CPU-bound: one worker per core, each with one model.
workers = int(os.environ.get("QUOTES_WORKERS", multiprocessing.cpu_count()))
threads = 1
# Load the model once in the master; workers share its pages copy-on-write.
preload_app = os.environ.get("QUOTES_PRELOAD", "1") == "1"
timeout = int(os.environ.get("QUOTES_WORKER_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("QUOTES_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
max_requests = int(os.environ.get("QUOTES_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("QUOTES_MAX_REQUESTS_JITTER", "200"))
accesslog = None  # the app logs one JSON line per request
errorlog = "-"
loglevel = os.environ.get("QUOTES_LOG_LEVEL", "info").lower()
