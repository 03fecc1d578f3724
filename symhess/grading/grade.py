"""Grade submissions: run each notebook (``execute.py``), score its answers in this process
against references computed here, write Gradescope ``results.json``, a feedback report and
``grades.csv``.

Parallel over notebooks with any :class:`concurrent.futures.Executor` (a process pool by
default).  On a cluster, pass a Dask distributed executor::

    from dask.distributed import Client
    with Client("scheduler:8786") as client:
        grade_all("exercises/hessian-basics", "submissions", "out",
                  executor=client.get_executor())

Every file is written atomically (a temp file renamed into place); a rerun skips students whose
``results.json`` exists unless ``force=True``.  Once all kernels are gone, the parent process
writes every ``results.json`` again from the scores it holds, so a file a student's code wrote
into the output folder during the run does not survive.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import tempfile
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..exercises import load_assignment, reference, score_answer
from .execute import DEFAULT_LIMITS, Limits, run_notebook

__all__ = ["grade_notebook", "grade_all", "Summary", "write_atomic"]


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def grade_notebook(assignment_dir, notebook, limits: Limits = DEFAULT_LIMITS) -> dict:
    """One notebook -> a Gradescope results dict (plus ``status`` and ``student`` fields)."""
    assignment = load_assignment(assignment_dir)
    student = Path(notebook).stem
    ex = run_notebook(notebook, [q.variable for q in assignment.questions], limits)
    tests, total = [], 0.0
    for q in assignment.questions:
        try:
            ref = reference(assignment, q, student)
            fb = score_answer(q, ref, ex.answers.get(q.variable), assignment.variables)
        except Exception as e:  # noqa: BLE001 - a grader bug on one question is reported
            fb_score, fb_msg = 0.0, f"the grader could not check this question ({type(e).__name__})"
            tests.append({"name": f"{q.id}: {q.variable}", "score": fb_score,
                          "max_score": q.points, "output": fb_msg, "visibility": "visible"})
            continue
        total += fb.score
        tests.append({"name": f"{q.id}: {q.variable}", "score": fb.score,
                      "max_score": q.points, "output": fb.message, "visibility": "visible"})
    status = ("timed out" if ex.timed_out else "kernel died" if ex.kernel_died
              else "failed" if not ex.answers and ex.problems else "graded")
    return {"student": student, "score": round(total, 6), "max_score": assignment.max_score,
            "status": status, "output": "\n".join(ex.problems), "execution_time": ex.seconds,
            "tests": tests}


def report(result: dict) -> str:
    """The readable feedback for one student."""
    lines = [f"# {result['student']}: {result['score']:g} / {result['max_score']:g}"
             f" ({result['status']})", ""]
    if result.get("output"):
        lines += ["While running your notebook:", *[f"- {p}" for p in
                                                    result["output"].splitlines()], ""]
    for t in result["tests"]:
        lines.append(f"- {t['name']} — {t['score']:g}/{t['max_score']:g}: {t['output']}")
    return "\n".join(lines) + "\n"


def _write_student(out: Path, result: dict) -> None:
    folder = out / result["student"]
    public = {k: result[k] for k in ("score", "max_score", "output", "execution_time", "tests")}
    public["extra_data"] = {"status": result["status"]}
    write_atomic(folder / "results.json", json.dumps(public, indent=2, ensure_ascii=False))
    write_atomic(folder / "feedback.md", report(result))


def _gradebook(out: Path, results: list[dict], questions) -> None:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["student", "score", "max_score", "status", *[q.id for q in questions]])
    for r in sorted(results, key=lambda r: r["student"]):
        w.writerow([r["student"], r["score"], r["max_score"], r["status"],
                    *[t["score"] for t in r["tests"]]])
    write_atomic(out / "grades.csv", buf.getvalue())


@dataclass
class Summary:
    graded: int = 0
    failed: int = 0
    timed_out: int = 0
    skipped: int = 0
    scores: list = field(default_factory=list)
    results: dict = field(default_factory=dict)

    @property
    def mean(self) -> float:
        return sum(self.scores) / len(self.scores) if self.scores else 0.0

    def __str__(self) -> str:
        return (f"graded {self.graded}, failed {self.failed}, timed out {self.timed_out}, "
                f"skipped {self.skipped} (already graded); mean score {self.mean:.2f}")


def _load_previous(path: Path, student: str):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {"student": student, "status": data["extra_data"]["status"], **data}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def grade_all(assignment_dir, submissions_dir, out_dir, *, executor: Executor | None = None,
              force: bool = False, limits: Limits = DEFAULT_LIMITS, progress: bool = True,
              workers: int | None = None) -> Summary:
    """Grade every ``*.ipynb`` in ``submissions_dir`` (stem = student id) into ``out_dir``."""
    assignment = load_assignment(assignment_dir)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    todo = []
    for nb in sorted(Path(submissions_dir).glob("*.ipynb")):
        previous = None if force else _load_previous(out / nb.stem / "results.json", nb.stem)
        if previous is not None:
            summary.skipped += 1
            summary.results[nb.stem] = previous
        else:
            todo.append(nb)
    own = executor is None
    # spawn, not fork: a forked copy of a threaded parent (pytest, Jupyter) can deadlock
    pool = executor or ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1,
                                           mp_context=multiprocessing.get_context("spawn"))
    try:
        futures = {pool.submit(grade_notebook, str(assignment_dir), str(nb), limits): nb
                   for nb in todo}
        for result in _progress(as_completed(futures), len(futures), progress):
            nb = futures[result]
            try:
                r = result.result()
            except Exception as e:  # noqa: BLE001 - a lost worker fails one student only
                r = {"student": nb.stem, "score": 0.0, "max_score": assignment.max_score,
                     "status": "failed", "output": f"grading failed: {type(e).__name__}",
                     "execution_time": 0.0,
                     "tests": [{"name": f"{q.id}: {q.variable}", "score": 0.0,
                                "max_score": q.points, "output": "not graded",
                                "visibility": "visible"} for q in assignment.questions]}
            summary.results[r["student"]] = r
            _write_student(out, r)
    finally:
        if own:
            pool.shutdown()
    for r in summary.results.values():
        if r["student"] in {nb.stem for nb in todo}:
            _write_student(out, r)  # again, after every kernel is gone
            summary.graded += r["status"] == "graded"
            summary.failed += r["status"] in ("failed", "kernel died")
            summary.timed_out += r["status"] == "timed out"
        summary.scores.append(r["score"])
    _gradebook(out, list(summary.results.values()), assignment.questions)
    return summary


def _progress(iterable, total: int, show: bool):
    if not show or not total:
        yield from iterable
        return
    from rich.progress import Progress

    with Progress(transient=False) as bar:
        task = bar.add_task("grading", total=total)
        for item in iterable:
            yield item
            bar.advance(task)
