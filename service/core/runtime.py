"""What the machine gives a process: how much CPU it may really use (for the default number
of workers), and settings of the libraries under it (BLAS threads, malloc arenas).

``os.cpu_count()`` counts the host's cores: a container limited to 2 CPUs on a 64-core
node would start 64 gunicorn workers, each with its own 150 MB model, all throttled to
share 2 CPUs. The limit a container runtime (Kubernetes, Docker, podman) sets is the
cgroup CPU quota: ``cpu.max`` under cgroup v2, ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us``
under v1. A quota can sit on any ancestor of the process's cgroup, so every level is read
and the smallest wins.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import math
import os
from pathlib import Path

_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
_M_ARENA_MAX = -8  # glibc's mallopt parameter


def available_cpus(proc_cgroup: str | Path = "/proc/self/cgroup", root: str | Path = "/sys/fs/cgroup") -> int:
    """Whole CPUs this process may use: the cgroup quota rounded down (at least 1), and never
    more than the CPUs it may be scheduled on.

    Rounded down because the workers are CPU-bound: a worker over a fractional quota would be
    throttled in every scheduling period, lengthening every request; the fraction left serves
    the gunicorn master, probes and metrics scrapes.
    """
    cpus = len(os.sched_getaffinity(0))
    quota = cgroup_cpu_quota(proc_cgroup, root)
    if quota is not None:
        cpus = min(cpus, max(1, math.floor(quota)))
    return cpus


def cgroup_cpu_quota(proc_cgroup: str | Path = "/proc/self/cgroup",
                     root: str | Path = "/sys/fs/cgroup") -> float | None:
    """The CPU quota in CPUs (quota / period) of this process's cgroup and its ancestors, the
    smallest one set; None when there is none or no cgroup filesystem to read."""
    try:
        lines = Path(proc_cgroup).read_text().splitlines()
    except OSError:
        return None
    root = Path(root)
    quotas = []
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controllers == "":  # cgroup v2 (also the unified part of a hybrid v1/v2 host)
            quotas += [_v2_quota(d) for d in _levels(root, path) if (d / "cpu.max").exists()]
        elif "cpu" in controllers.split(","):
            mount = next((root / name for name in (controllers, "cpu") if (root / name).is_dir()), None)
            if mount is not None:
                quotas += [_v1_quota(d) for d in _levels(mount, path)]
    quotas = [q for q in quotas if q is not None]
    return min(quotas) if quotas else None


def _levels(mount: Path, path: str) -> list[Path]:
    """The process's cgroup directory and its ancestors up to the mount point. Inside a container
    without its own cgroup namespace /proc/self/cgroup names the host's path, which the
    container's mount does not have: then the mount point is the process's cgroup."""
    leaf = mount / path.lstrip("/")
    if not leaf.is_dir():
        return [mount]
    levels = [leaf]
    while levels[-1] != mount and mount in levels[-1].parents:
        levels.append(levels[-1].parent)
    return levels


def _v2_quota(directory: Path) -> float | None:
    """``cpu.max`` holds "QUOTA PERIOD" in microseconds, or "max PERIOD" for no limit."""
    try:
        quota, period = (directory / "cpu.max").read_text().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        return None


def _v1_quota(directory: Path) -> float | None:
    """``cpu.cfs_quota_us`` is -1 for no limit."""
    try:
        quota = int((directory / "cpu.cfs_quota_us").read_text())
        period = int((directory / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return quota / period if quota > 0 and period > 0 else None


def single_threaded_blas() -> None:
    """One BLAS thread per process (unless set already): the server and the offline tools run
    one process per core, and BLAS threads on top would only fight them. Call before numpy is imported; the
    variables pass on to every process started after."""
    for name in _BLAS_THREADS:
        os.environ.setdefault(name, "1")


def set_arena_max(arenas: int) -> bool:
    """Cap glibc's malloc arenas for this process and the processes it forks (mallopt
    M_ARENA_MAX); False where the C library is not glibc."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(_M_ARENA_MAX, arenas))
    except (OSError, AttributeError):
        return False
