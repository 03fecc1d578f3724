"""Grading throughput: N generated submissions of hessian-basics graded with 2 workers,
against bare nbclient execution of the same notebooks (2 processes, same Python kernel)."""

import importlib.util
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
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    from symhess.grading.execute import DEFAULT_LIMITS, _kernel_dir

    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name="symhess-grader", kernel_spec_manager=KernelSpecManager(
        kernel_dirs=[_kernel_dir(DEFAULT_LIMITS)]))
    try:
        NotebookClient(nb, km=km, timeout=60, allow_errors=True,
                       resources={"metadata": {"path": str(Path(path).parent)}}).execute()
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)


def main(quick: bool) -> None:
    from symhess.grading import grade_all

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
    print(f"{n} notebooks, 2 workers")
    print(f"bare nbclient : {bare:7.1f} s  ({60 * n / bare:5.1f} notebooks/min)")
    print(f"symhess grade : {graded:7.1f} s  ({60 * n / graded:5.1f} notebooks/min)")
    print(f"overhead      : {100 * (graded / bare - 1):+.0f}%  (goal ≤ 25%)")
    print(summary)


if __name__ == "__main__":
    main("--quick" in sys.argv)
