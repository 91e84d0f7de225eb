"""The default worker count follows the container's CPU quota, read from fake cgroup files; the
server's malloc arenas are capped."""
from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from service.core.runtime import available_cpus, cgroup_cpu_quota, set_arena_max
from tests.conftest import ROOT

HOST_CPUS = len(os.sched_getaffinity(0))


def cgroup_v2(tmp_path: Path, levels: dict[str, str], path: str = "/kubepods/pod1/ctr") -> tuple[Path, Path]:
    """A cgroup v2 tree: ``levels`` maps a cgroup path to its cpu.max."""
    root = tmp_path / "sys-fs-cgroup"
    (root / path.lstrip("/")).mkdir(parents=True)
    for where, cpu_max in levels.items():
        (root / where.lstrip("/") / "cpu.max").write_text(cpu_max + "\n")
    proc = tmp_path / "proc-self-cgroup"
    proc.write_text(f"0::{path}\n")
    return proc, root


def cgroup_v1(tmp_path: Path, quota: int, period: int = 100000, path: str = "/docker/abc",
              mounted_at_container: bool = False) -> tuple[Path, Path]:
    root = tmp_path / "sys-fs-cgroup"
    leaf = root / "cpu,cpuacct" / ("" if mounted_at_container else path.lstrip("/"))
    leaf.mkdir(parents=True)
    (leaf / "cpu.cfs_quota_us").write_text(f"{quota}\n")
    (leaf / "cpu.cfs_period_us").write_text(f"{period}\n")
    proc = tmp_path / "proc-self-cgroup"
    proc.write_text(f"12:memory:{path}\n4:cpu,cpuacct:{path}\n1:name=systemd:{path}\n0::/\n")
    return proc, root


def test_v2_quota_sets_the_cpus(tmp_path):
    proc, root = cgroup_v2(tmp_path, {"/kubepods/pod1/ctr": "100000 100000"})
    assert cgroup_cpu_quota(proc, root) == 1.0
    assert available_cpus(proc, root) == 1


def test_v2_quota_on_an_ancestor_counts_and_the_smallest_wins(tmp_path):
    proc, root = cgroup_v2(tmp_path, {"/kubepods/pod1": "150000 100000", "/kubepods/pod1/ctr": "max 100000",
                                      "/kubepods": "400000 100000"})
    assert cgroup_cpu_quota(proc, root) == 1.5
    assert available_cpus(proc, root) == 1  # rounded down: no worker on a fraction of a CPU


def test_v2_without_a_limit_uses_the_cpus_the_process_may_run_on(tmp_path):
    proc, root = cgroup_v2(tmp_path, {"/kubepods/pod1/ctr": "max 100000"})
    assert cgroup_cpu_quota(proc, root) is None
    assert available_cpus(proc, root) == HOST_CPUS


def test_a_quota_above_the_cpus_there_are_gives_the_cpus_there_are(tmp_path):
    proc, root = cgroup_v2(tmp_path, {"/kubepods/pod1/ctr": f"{(HOST_CPUS + 62) * 100000} 100000"})
    assert available_cpus(proc, root) == HOST_CPUS


def test_a_small_quota_still_gives_one_worker(tmp_path):
    proc, root = cgroup_v2(tmp_path, {"/": "20000 100000"}, path="/")
    assert cgroup_cpu_quota(proc, root) == 0.2
    assert available_cpus(proc, root) == 1


@pytest.mark.parametrize("mounted_at_container", [False, True])
def test_v1_quota_and_period(tmp_path, mounted_at_container):
    proc, root = cgroup_v1(tmp_path, 200000, 100000, mounted_at_container=mounted_at_container)
    assert cgroup_cpu_quota(proc, root) == 2.0
    assert available_cpus(proc, root) == min(2, HOST_CPUS)


def test_v1_without_a_limit(tmp_path):
    proc, root = cgroup_v1(tmp_path, -1)
    assert cgroup_cpu_quota(proc, root) is None
    assert available_cpus(proc, root) == HOST_CPUS


def test_no_cgroup_files_at_all(tmp_path):
    assert cgroup_cpu_quota(tmp_path / "missing", tmp_path) is None
    assert available_cpus(tmp_path / "missing", tmp_path) == HOST_CPUS


def test_gunicorn_conf_takes_its_default_workers_from_here_and_quotes_workers_wins(tmp_path):
    show = "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"
    env = {k: v for k, v in os.environ.items() if k != "QUOTES_WORKERS"}
    env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path)  # or the config makes a temp dir
    default = subprocess.run([sys.executable, "-c", show], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True, timeout=60)
    assert int(default.stdout) == available_cpus()
    chosen = subprocess.run([sys.executable, "-c", show], cwd=ROOT, env={**env, "QUOTES_WORKERS": "3"},
                            capture_output=True, text=True, check=True, timeout=60)
    assert int(chosen.stdout) == 3


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt(M_ARENA_MAX) is glibc's")
def test_malloc_arenas_can_be_capped_for_the_server():
    """gunicorn.conf.py caps them before the workers' request threads exist (a worker's
    memory otherwise grows with every thread that allocates)."""
    assert set_arena_max(2) is True
