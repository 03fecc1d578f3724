"""Grade submissions: run each notebook in its sandbox (``execute.py``), score its answers here
under a per-answer budget (``scoring.py``), write Gradescope ``results.json``, a feedback
report and ``grades.csv``.

The notebooks run in a pool of worker processes, or on a Dask cluster (``cluster.py``); a
worker only returns the answer strings and the execution record, and this process scores and
writes.  A worker that dies is replaced and its notebook retried once, then reported as not
graded; the batch always finishes.

Files are written only after the notebook's sandbox is gone, each atomically (a temp file
renamed into place), into the output folder, which no sandbox mounts.  A rerun skips students
whose ``results.json`` records a finished grading, unless ``force=True``.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import re
import shutil
import tempfile
from concurrent.futures import FIRST_COMPLETED, Executor, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SymhessError
from ..exercises import load_assignment
from ..exercises.audit import require_valid
from ..results import Result
from . import sandbox
from .execute import DEFAULT_LIMITS, Execution, Limits, Submission, run_submission
from .reports import CARRIED, GradingProgress, explain_stop, summary_lines, write_reports
from .reruns import rerun_key, reusable
from .roster import Identity, identify, load_roster, submission_files
from .scoring import DEFAULT_SCORING, Scorer, ScoringBudget

__all__ = ["grade_notebook", "NotebookGrade", "grade_all", "Summary", "write_atomic", "report",
           "discover", "student_id", "csv_cell", "NOT_GRADED", "REFUSED"]

#: statuses of a notebook the grader could not grade (the exit code says so)
NOT_GRADED = "not graded"
REFUSED = "refused"
#: names the output folder uses itself: never a student's
RESERVED = {"grades.csv", "summary.json", "canvas.csv", "moodle.csv"}


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide the grades from the instructor's group
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# -- submissions: regular files only, safe ids ------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def student_id(stem: str) -> str:
    """A file name's stem as a safe folder name: ``[A-Za-z0-9_.-]``, not starting with a dot
    or dash, never ``.``/``..``, never a name the output folder uses.

    >>> [student_id(s) for s in ("ada", "..", "=HYPERLINK(1)", "grades.csv", "a\\nb")]
    ['ada', 'student', '_HYPERLINK_1_', 'grades.csv_', 'a_b']
    """
    safe = _UNSAFE.sub("_", stem).lstrip(".-")[:100] or "student"
    return f"{safe}_" if safe in RESERVED else safe


@dataclass(frozen=True)
class Entry:
    """One file in the submissions folder: its id, path, and why it is refused (if it is)."""

    student: str
    path: Path
    refused: str = ""
    note: str = ""


def discover(submissions_dir, roster=None) -> list[Entry]:
    """Every ``*.ipynb`` in the folder and in per-student folders (``roster.py`` says who it
    is), with a unique safe id; symlinks and non-regular files are refused, each with its
    reason."""
    entries, taken = [], set()
    # hidden notebooks (``.ada.ipynb``, ``...ipynb``) are not graded, but each is reported
    hidden = [(p, "") for p in sorted(Path(submissions_dir).iterdir(), key=lambda p: p.name)
              if p.name.startswith(".") and p.name.endswith(".ipynb")]
    for path, note in [*submission_files(submissions_dir), *hidden]:
        base = student_id(identify(path, submissions_dir, roster).filed)
        sid, n = base, 1
        while sid in taken:
            n += 1
            sid = f"{base}-{n}"
        taken.add(sid)
        why = ""
        if path.name.startswith("."):
            why = (f"{path.name} is a hidden file (its name starts with a dot); rename it to "
                   "grade it")
        elif path.is_symlink():
            why = (f"{path.name} is a symbolic link; submit the notebook file itself "
                   "(the grader follows no links)")
        elif not path.is_file():
            why = f"{path.name} is not a regular file"
        entries.append(Entry(sid, path, why, note))
    return entries


def _read_regular(path: Path, limit: int = 50 << 20) -> bytes:
    """The file's bytes, refusing a link swapped in after :func:`discover` looked."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{path.name} is larger than {limit >> 20} MB")
    return data


def public_files(assignment) -> tuple:
    """What a kernel may see of the assignment: ``exercises/<name>/`` with its TOML and
    prompts, regular files only (no notebooks, no scripts: the solution stays out)."""
    folder = Path(assignment.folder)
    out = []
    for p in sorted(folder.rglob("*")):
        if (p.is_file() and not p.is_symlink() and p.suffix not in (".ipynb", ".py")
                and p.stat().st_size < 1 << 20):
            out.append((f"exercises/{folder.name}/{p.relative_to(folder)}", p.read_bytes()))
    return tuple(out)


# -- results ----------------------------------------------------------------------------------

def _status(ex: Execution) -> str:
    return ("timed out" if ex.timed_out else "kernel died" if ex.kernel_died
            else "failed" if not ex.answers and ex.problems else "graded")


def _unscored(assignment, student: str, status: str, why: str, sandbox_kind: str) -> dict:
    return {"student": student, "score": 0.0, "max_score": assignment.max_score,
            "status": status, "output": why, "execution_time": 0.0, "sandbox": sandbox_kind,
            "tests": [{"name": q.label, "score": 0.0, "max_score": q.points,
                       "output": "not graded", "visibility": "visible"}
                      for q in assignment.questions]}


def _result(assignment, student: str, ex: Execution, scorer: Scorer,
            who: Identity | None = None) -> dict:
    tests = scorer.score(who.variant if who else student, ex.answers)
    warnings = [w for w in (who.warning if who else "",) if w]
    return {"student": student, "score": round(sum(t["score"] for t in tests), 6),
            "max_score": assignment.max_score, "status": _status(ex),
            "output": "\n".join([*warnings, *ex.problems]), "execution_time": ex.seconds,
            "sandbox": ex.sandbox, "tests": tests, "warnings": warnings,
            "variant": who.variant if who else student, "lms_id": who.lms_id if who else "",
            "filed": who.filed if who else student}


@dataclass(frozen=True)
class NotebookGrade(Result):
    """One graded notebook: the score, per question the points and the feedback, how the run
    ended (``status``) and in which sandbox.  ``to_dict()`` is the record that ``grade``
    writes (Gradescope's results fields plus ``status``, ``student``, ``sandbox``)."""

    student: str
    score: float
    max_score: float
    status: str
    output: str
    execution_time: float
    sandbox: str
    tests: tuple[dict, ...]
    warnings: tuple[str, ...] = ()
    variant: str = ""
    lms_id: str = ""
    filed: str = ""

    @classmethod
    def from_dict(cls, record: dict) -> NotebookGrade:
        return cls(record["student"], record["score"], record["max_score"], record["status"],
                   record["output"], record["execution_time"], record["sandbox"],
                   tuple(record["tests"]), tuple(record.get("warnings", ())),
                   record.get("variant", record["student"]), record.get("lms_id", ""),
                   record.get("filed", record["student"]))

    def to_dict(self) -> dict:
        return {"student": self.student, "score": self.score, "max_score": self.max_score,
                "status": self.status, "output": self.output,
                "execution_time": self.execution_time, "sandbox": self.sandbox,
                "tests": [dict(t) for t in self.tests], "warnings": list(self.warnings),
                "variant": self.variant, "lms_id": self.lms_id, "filed": self.filed}

    def lines(self) -> list[str]:
        return report(self.to_dict()).splitlines()


def grade_notebook(assignment_dir, notebook, limits: Limits = DEFAULT_LIMITS,
                   isolation: sandbox.Isolation | None = None) -> NotebookGrade:
    """One notebook, run in the sandbox and scored: its :class:`NotebookGrade`."""
    assignment = load_assignment(assignment_dir)
    path = Path(notebook)
    sub = Submission(student_id(path.stem), _read_regular(path), public_files(assignment))
    ex = run_submission(sub, [q.variable for q in assignment.questions], limits, isolation)
    with Scorer(assignment) as scorer:
        return NotebookGrade.from_dict(_result(assignment, sub.name, ex, scorer))


# Markdown that could link, embed or format: escaped.  One line, so no heading or list can
# start; HTML is escaped whole.
_MD_SPECIAL = re.compile(r"([\\`*\[\]])")


def escape_markdown(text: str) -> str:
    """Student text shown literally in Markdown: one line, HTML escaped, and the characters
    that make links, images, code or emphasis escaped.

    >>> print(escape_markdown("<img src=x onerror=alert(1)>\\n# 12 / 12 ![a](http://x)"))
    &lt;img src=x onerror=alert(1)&gt; # 12 / 12 !\\[a\\](http://x)
    """
    one_line = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def report(result: dict) -> str:
    """The readable feedback for one student; everything the notebook produced is escaped."""
    lines = [f"# {escape_markdown(result['student'])}: {result['score']:g} / "
             f"{result['max_score']:g} ({result['status']})", ""]
    if result.get("output"):
        lines += ["While running your notebook:",
                  *[f"- {escape_markdown(p)}" for p in result["output"].splitlines()], ""]
    for t in result["tests"]:
        lines.append(f"- {escape_markdown(t['name'])} — {t['score']:g}/{t['max_score']:g}: "
                     f"{escape_markdown(t['output'])}")
    return "\n".join(lines) + "\n"


def _write_student(out: Path, result: dict) -> None:
    folder = out / result["student"]
    public = {k: result[k] for k in ("score", "max_score", "output", "execution_time", "tests")}
    public["extra_data"] = {"status": result["status"], "sandbox": result["sandbox"],
                            **{k: result[k] for k in CARRIED if k in result}}
    write_atomic(folder / "results.json", json.dumps(public, indent=2, ensure_ascii=False))
    write_atomic(folder / "feedback.md", report(result))


def csv_cell(value):
    """A spreadsheet cannot read this cell as a formula: text starting with ``= + - @``, tab
    or carriage return gets a leading apostrophe (OWASP's advice for CSV injection).

    >>> [csv_cell(v) for v in ("=HYPERLINK(1)", "@SUM(A1)", "ada", 12.0)]
    ["'=HYPERLINK(1)", "'@SUM(A1)", 'ada', 12.0]
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@dataclass
class Summary:
    graded: int = 0
    failed: int = 0
    timed_out: int = 0
    skipped: int = 0
    not_graded: int = 0  # the grader could not grade them: refused files, lost twice
    sandbox: str = "none"
    scores: list = field(default_factory=list)
    results: dict = field(default_factory=dict)

    @property
    def mean(self) -> float:
        return sum(self.scores) / len(self.scores) if self.scores else 0.0

    @property
    def complete(self) -> bool:
        """Every notebook got a grade (the CLI's exit code)."""
        return self.not_graded == 0

    @property
    def exit_code(self) -> int:
        return 0 if self.complete else 1

    def to_dict(self) -> dict:
        return {"graded": self.graded, "failed": self.failed, "timed_out": self.timed_out,
                "skipped": self.skipped, "not_graded": self.not_graded,
                "sandbox": self.sandbox, "mean": self.mean}

    def __str__(self) -> str:
        text = (f"graded {self.graded}, failed {self.failed}, timed out {self.timed_out}, "
                f"skipped {self.skipped} (already graded); mean score {self.mean:.2f}")
        if self.not_graded:
            text += f"; NOT graded {self.not_graded} (see their feedback.md)"
        return "\n".join([text, *summary_lines(self.results.values())])


def _load_previous(path: Path, student: str):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        extra = data["extra_data"]
        if extra["status"] in (NOT_GRADED, REFUSED):
            return None
        return {"student": student, "status": extra["status"],
                "sandbox": extra.get("sandbox", "none"),
                **{k: extra[k] for k in CARRIED if k in extra},
                **data}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _local_pool(workers: int | None) -> Executor:
    # spawn, not fork: a forked copy of a threaded parent (pytest, Jupyter) can deadlock
    return ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1,
                               mp_context=multiprocessing.get_context("spawn"))


def grade_all(assignment_dir, submissions_dir, out_dir, *, executor: Executor | None = None,
              force: bool = False, limits: Limits = DEFAULT_LIMITS, progress: bool = True,
              workers: int | None = None, isolation: sandbox.Isolation | None = None,
              scoring: ScoringBudget = DEFAULT_SCORING, roster=None,
              retry_failed: bool = False, formats=(), bom: bool = False) -> Summary:
    """Grade every ``*.ipynb`` in ``submissions_dir`` into ``out_dir``.

    The assignment is checked first (``check-assignment``); an invalid one grades nobody.
    ``roster``: a CSV path or :class:`~symhess.grading.roster.Roster` naming the students.
    A notebook graded before keeps its grade while its content, the assignment and symhess
    are unchanged (``reruns.py``); ``retry_failed`` grades failed and timed-out ones again.
    ``formats``: gradebooks besides ``grades.csv`` (``canvas``, ``moodle``); ``bom`` starts
    the CSV files with a UTF-8 byte order mark (for Excel).

    ``isolation``: the probed sandbox (by default probed here; raises
    :class:`~symhess.grading.sandbox.SandboxUnavailable` when there is none).  ``executor``:
    where notebooks run (a Dask executor from ``cluster.py``; a local process pool by default).
    """
    assignment = require_valid(assignment_dir)
    if not Path(submissions_dir).is_dir():
        raise SymhessError(f"submissions folder {submissions_dir}: no such folder")
    roster = load_roster(roster) if isinstance(roster, (str, Path)) else roster
    isolation = isolation or sandbox.probe()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = Summary(sandbox=isolation.kind)
    names = [q.variable for q in assignment.questions]
    files = public_files(assignment)
    hidden = (str(out.resolve()), str(Path(submissions_dir).resolve()))
    fresh: list[dict] = []
    todo: dict[str, Submission] = {}
    who: dict[str, tuple] = {}
    for entry in discover(submissions_dir, roster):
        try:
            if entry.refused:
                raise ValueError(entry.refused)
            data = _read_regular(entry.path)
            identity = identify(entry.path, submissions_dir, roster, data)
            key = rerun_key(data, assignment, identity.variant)
            previous = None if force else _load_previous(out / entry.student / "results.json",
                                                         entry.student)
            if reusable(previous, key, retry_failed=retry_failed):
                summary.skipped += 1
                summary.results[entry.student] = previous
                continue
            todo[entry.student] = Submission(entry.student, data, files, identity.variant)
            who[entry.student] = (identity, key, entry.note)
        except (OSError, ValueError) as e:
            why = str(e) if isinstance(e, ValueError) else f"{entry.path.name}: {e.strerror}"
            r = _unscored(assignment, entry.student, REFUSED, why, isolation.kind)
            fresh.append(r)
            _write_student(out, r)
    # the run's temporary files (staged notebooks, channels) under one folder removed at the
    # end, also when a worker was killed mid-notebook
    scratch = tempfile.mkdtemp(prefix="symhess-run-")
    os.chmod(scratch, 0o711)
    run = _Run(executor, workers, isolation, limits, names, hidden, scratch)
    with _removed(scratch), Scorer(assignment, scoring) as scorer, \
            GradingProgress(len(todo), progress, assignment.max_score) as shown:
        for student, outcome in run.results(todo):
            identity, key, note = who[student]
            if isinstance(outcome, Execution):
                r = _result(assignment, student, outcome, scorer, identity)
                explain_stop(r, todo[student].notebook, assignment.questions)
            else:
                r = _unscored(assignment, student, NOT_GRADED, outcome, isolation.kind)
            r["key"] = key
            if note:
                r["warnings"] = [*r.get("warnings", []), note]
            shown.update(r.get("filed", student), r["score"])
            fresh.append(r)
            _write_student(out, r)
    for r in fresh:
        summary.results[r["student"]] = r
        _write_student(out, r)  # again, once every sandbox of the run is gone
        summary.graded += r["status"] == "graded"
        summary.failed += r["status"] in ("failed", "kernel died")
        summary.timed_out += r["status"] == "timed out"
        summary.not_graded += r["status"] in (NOT_GRADED, REFUSED)
    summary.scores = [r["score"] for r in summary.results.values()]
    write_reports(out, summary.results.values(), assignment, formats=formats, roster=roster,
                  bom=bom)
    write_atomic(out / "summary.json", json.dumps(summary.to_dict(), indent=2))
    return summary


@contextmanager
def _removed(folder: str):
    try:
        yield
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class _Run:
    """Notebooks out to workers, executions back; a lost worker costs one retry."""

    RETRIES = 1

    def __init__(self, executor, workers, isolation, limits, names, hidden, scratch):
        self.executor, self.workers = executor, workers
        self.isolation, self.limits, self.names, self.hidden = isolation, limits, names, hidden
        self.scratch = scratch

    def _submit(self, pool, sub: Submission):
        # a worker of another machine (Dask) probes its own sandbox; the local pool uses ours
        remote = self.executor is not None
        return pool.submit(run_submission, sub, self.names, self.limits,
                           None if remote and self.isolation.sandboxed else self.isolation,
                           self.hidden, None if remote else self.scratch)

    def results(self, todo: dict):
        """Yield ``(student, Execution)``, or ``(student, reason)`` when it could not run."""
        if not todo:
            return
        own = self.executor is None
        pool = self.executor or _local_pool(self.workers)
        tries = dict.fromkeys(todo, 0)
        try:
            pending = {self._submit(pool, sub): student for student, sub in todo.items()}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                broken, again = False, []
                for future in done:
                    student = pending.pop(future)
                    try:
                        yield student, future.result()
                        continue
                    except BrokenProcessPool:
                        broken = True
                        why = "its worker process died"
                    except Exception as e:  # noqa: BLE001 - one lost notebook, not the batch
                        why = f"its worker failed ({type(e).__name__}: {e})"[:300]
                    tries[student] += 1
                    if tries[student] > self.RETRIES:
                        yield student, f"not graded: {why}, twice"
                    else:
                        again.append(student)
                if broken and own:
                    # the notebooks still in a broken pool go to a fresh one; those that were
                    # not the cause lose nothing but time
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = _local_pool(self.workers)
                    again += pending.values()
                    pending = {}
                for student in again:
                    pending[self._submit(pool, todo[student])] = student
        finally:
            if own:
                pool.shutdown()
