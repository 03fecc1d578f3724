"""Grading throughput: N generated submissions of hessian-basics graded with 2 workers, each
kernel in its bubblewrap sandbox, against bare nbclient execution of the same notebooks
(2 processes, same Python, no sandbox, no scoring); the sandbox's own start-up cost per
notebook; and the same batch through a Dask ``LocalCluster`` of 2 workers against the local
process pool."""

import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import nbformat

_SAMPLES = Path(__file__).resolve().parents[1] / "exercises" / "hessian-basics"


def _samples():
    spec = importlib.util.spec_from_file_location("make_notebooks", _SAMPLES / "make_notebooks.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _bare(path: str) -> None:
    """Execute one notebook with nbclient in a plain kernel of this Python."""
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    specs = Path(tempfile.mkdtemp(prefix="bench-kspec-"))
    (specs / "plain").mkdir()
    (specs / "plain" / "kernel.json").write_text(json.dumps(
        {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
         "display_name": "plain", "language": "python"}))
    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name="plain",
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(specs)]))
    try:
        NotebookClient(nb, km=km, timeout=60, allow_errors=True,
                       resources={"metadata": {"path": str(Path(path).parent)}}).execute(
            stderr=subprocess.DEVNULL)
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
        shutil.rmtree(specs, ignore_errors=True)


def _process_start(argv_prefix: list, n: int) -> float:
    """Median seconds to start and finish ``python -c pass`` behind ``argv_prefix``."""
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([*argv_prefix, sys.executable, "-c", "pass"], check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _sandbox_startup(paths: list, n: int):
    """(bwrap wrapper alone, kernel ready in the sandbox, kernel ready without) in seconds."""
    from symhess.grading import sandbox
    from symhess.grading.execute import Submission, run_submission

    tmp = Path(tempfile.mkdtemp(prefix="bench-sandbox-"))
    uid = sandbox.sandbox_uid() if os.geteuid() == 0 else None
    wrapper = sandbox.sandbox_argv([], ipc_dir=tmp, stage_dir=tmp, disk_bytes=1 << 20, uid=uid)
    wrapped = _process_start(wrapper, n) - _process_start([], n)
    shutil.rmtree(tmp, ignore_errors=True)
    kernels = {}
    for kind in ("bubblewrap", "none"):
        isolation = sandbox.probe(kind="auto" if kind == "bubblewrap" else "none")
        kernels[kind] = statistics.median(
            run_submission(Submission(Path(p).stem, Path(p).read_bytes()), ["q1"],
                           isolation=isolation).startup_seconds for p in paths[:n])
    return wrapped, kernels["bubblewrap"], kernels["none"]


def main(quick: bool) -> None:
    from symhess.grading import grade_all
    from symhess.grading.cluster import dask_executor

    n = 10 if quick else 50
    samples = _samples()
    root = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    subs = root / "subs"
    subs.mkdir()
    for i in range(n):
        wrong = samples.PARTLY_WRONG if i % 3 == 0 else ()
        who = f"student{i:03d}"
        nbformat.write(samples.notebook(who, wrong=wrong), subs / f"{who}.ipynb")
    paths = sorted(str(p) for p in subs.glob("*.ipynb"))

    t0 = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        list(pool.map(_bare, paths))
    bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    summary = grade_all(_SAMPLES, subs, root / "out", progress=False, workers=2, force=True)
    graded = time.perf_counter() - t0

    t0 = time.perf_counter()
    with dask_executor("local:2") as executor:
        started = time.perf_counter()
        on_dask = grade_all(_SAMPLES, subs, root / "out-dask", progress=False, force=True,
                            executor=executor)
        dask_run = time.perf_counter() - started
    dask_total = time.perf_counter() - t0

    wrapped, in_sandbox, plain = _sandbox_startup(paths, 3 if quick else 5)
    print(f"{n} notebooks, 2 workers; {summary.sandbox} sandbox")
    print(f"bare nbclient        : {bare:7.1f} s  ({60 * n / bare:5.1f} notebooks/min)")
    print(f"symhess grade (pool) : {graded:7.1f} s  ({60 * n / graded:5.1f} notebooks/min)")
    print(f"overhead over bare   : {100 * (graded / bare - 1):+.0f}%  (goal ≤ 25%)")
    print(f"symhess grade (dask) : {dask_run:7.1f} s  ({60 * n / dask_run:5.1f} notebooks/min;"
          f" {dask_total:.1f} s with the cluster's start and stop)")
    print(f"dask / pool time     : {dask_run / graded:.2f}")
    print(f"sandbox start-up     : bwrap wrapper {1000 * wrapped:+.0f} ms per process; kernel "
          f"ready in {in_sandbox:.2f} s sandboxed vs {plain:.2f} s without "
          f"({1000 * (in_sandbox - plain):+.0f} ms per notebook)")
    print(summary)
    if sorted(summary.scores) != sorted(on_dask.scores):
        print("WARNING: the pool and Dask gave different grades")
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main("--quick" in sys.argv)
