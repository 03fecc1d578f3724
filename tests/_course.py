"""The course notebooks as the course tests see them: every notebook under ``notebooks/``
(found by glob, so a new notebook is tested the moment it is added), each executed at most once
per test process and shared by the tests that need its outputs (the run test, the browser
test), and the student versions the grader is given."""

from __future__ import annotations

import copy
import json
import multiprocessing
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]
#: per cell, generous: the course's own budget is a whole notebook in well under 2 minutes
CELL_TIMEOUT = 300


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def assignment_of(path: Path) -> str | None:
    """The assignment folder under exercises/ that the notebook's exercises belong to."""
    return read(path).metadata.get("symhess", {}).get("assignment")


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _execute(path: Path) -> nbformat.NotebookNode:
    from nbclient import NotebookClient

    nb = read(path)
    with tempfile.TemporaryDirectory() as cwd:
        # raises CellExecutionError, naming the cell, when any cell (a self-test too) fails
        NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                       resources={"metadata": {"path": cwd}}).execute()
    return nb


# While one notebook's test looks at its outputs, the next notebook (in glob order, the order
# the tests ask) already runs on the other core.  Two worker processes, started by spawn as
# the grader's are: kernels are never started from threads of the pytest process, nor from a
# fork of it, and never while another test has lowered the process's memory limit.
_POOL: ProcessPoolExecutor | None = None
_RUNS: dict[Path, Future] = {}


def _start(path: Path) -> Future:
    global _POOL
    if _POOL is None:
        _POOL = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
    if path not in _RUNS:
        _RUNS[path] = _POOL.submit(_execute, path)
    return _RUNS[path]


def executed(path: Path, *, ahead: bool = True) -> nbformat.NotebookNode:
    """The notebook run top to bottom in a fresh kernel: once per process, a copy per caller;
    ``ahead`` starts the next notebook too."""
    path = Path(path)
    run = _start(path)
    if ahead and path in NOTEBOOKS and path != NOTEBOOKS[-1]:
        _start(NOTEBOOKS[NOTEBOOKS.index(path) + 1])
    return copy.deepcopy(run.result())


def images(nb) -> int:
    """How many plots (PNG outputs) the executed notebook shows."""
    return sum("image/png" in out.get("data", {})
               for c in nb.cells if c.cell_type == "code" for out in c.outputs)


def filled(path: Path) -> nbformat.NotebookNode:
    """The student version with each stub replaced by the instructor's solution cell: the
    solutions read the numbers from ``ex.params``, so they answer any student's variant."""
    from symhess.assign import STUB_MARK, make_student

    solutions = iter(c.source for c in read(path).cells
                     if "solution" in tags(c) and c.cell_type == "code")
    nb = make_student(path)
    for c in nb.cells:
        if c.cell_type == "code" and c.source.startswith(STUB_MARK):
            c.source = next(solutions)
    assert next(solutions, None) is None, "a solution cell has no stub in the student version"
    return nb


def grade(path: Path, out: Path, **submissions) -> dict[str, dict]:
    """Grade ``{student: notebook}`` against the notebook's assignment in ONE ``symhess grade``
    run (two workers); the exit code and each student's results.json."""
    from symhess.cli import main

    subs = out / "submissions"
    subs.mkdir(parents=True)
    for student, nb in submissions.items():
        nbformat.write(nb, subs / f"{student}.ipynb")
    code = main(["grade", "--assignment", str(ROOT / "exercises" / assignment_of(path)),
                 str(subs), "--out", str(out / "graded"), "--no-progress", "--workers", "2"])
    results = {student: json.loads((out / "graded" / student / "results.json").read_text())
               for student in submissions}
    return {"code": code, **results}
