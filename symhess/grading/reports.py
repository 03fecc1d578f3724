"""What the grader writes for people and gradebooks: ``grades.csv`` (one row per student, a
column per question, in the order a person reads a class list), Canvas and Moodle import
files, the summary that names the students to look at, and the progress line.

>>> sorted(["Zoë", "alice", "student10", "Bob", "student2"], key=natural_key)
['alice', 'Bob', 'student2', 'student10', 'Zoë']
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

__all__ = ["CARRIED", "explain_stop", "stopped_cell", "natural_key", "grades_csv", "canvas_csv",
           "moodle_csv", "write_reports", "attention", "summary_lines", "GradingProgress",
           "FORMATS", "LOOK_AT"]

#: gradebook formats ``--format`` writes besides ``grades.csv``
FORMATS = ("canvas", "moodle")
#: what a result keeps in ``extra_data`` for reruns and gradebooks
CARRIED = ("key", "variant", "warnings", "lms_id", "filed")
#: statuses the summary names students for
LOOK_AT = ("failed", "timed out", "kernel died", "not graded", "refused")


def natural_key(text: str):
    """Case- and accent-insensitive order with numbers by value: a class list's order."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", str(text))
                    if not unicodedata.combining(c)).casefold()
    parts = re.split(r"(\d+)", plain)
    return ([(0, int(p)) if p.isdigit() else (1, p) for p in parts if p], str(text))


def _cell(value):
    from .grade import csv_cell  # the grader's one neutraliser of spreadsheet formulas

    return csv_cell(value)


def _csv(rows, bom: bool) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        w.writerow([_cell(v) for v in row])
    return ("\ufeff" if bom else "") + buf.getvalue()


def _who(r) -> str:
    """The id a person reads: as filed (``Zoë``), not the output folder's safe name."""
    return r.get("filed") or r["student"]


def _ordered(results):
    return sorted(results, key=lambda r: natural_key(_who(r)))


def _score(value) -> str:
    return f"{float(value):g}"


def grades_csv(results, questions, *, bom: bool = False) -> str:
    """``student, score, max_score, status, <one column per question>, notes``."""
    header = ["student", "score", "max_score", "status", *[q.id for q in questions], "notes"]
    rows = [header]
    for r in _ordered(results):
        by_id = {t.get("question", t["name"].split(":")[0].strip()): t["score"]
                 for t in r["tests"]}
        rows.append([_who(r), _score(r["score"]), _score(r["max_score"]), r["status"],
                     *[_score(by_id.get(q.id, 0)) for q in questions],
                     "; ".join(r.get("warnings", ()))])
    return _csv(rows, bom)


def canvas_csv(results, assignment, roster=None, *, bom: bool = False) -> str:
    """Canvas's gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, then the
    assignment's column with a ``Points Possible`` row."""
    column = assignment.title
    rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column],
            ["Points Possible", "", "", "", "", _score(assignment.max_score)]]
    for r in _ordered(results):
        info = roster.row(_who(r)) if roster is not None else {}
        rows.append([info.get("name") or _who(r), info.get("lms_id") or r.get("lms_id", ""),
                     info.get("sis_id", ""), info.get("login") or _who(r),
                     info.get("section", ""), _score(r["score"])])
    return _csv(rows, bom)


def moodle_csv(results, assignment, roster=None, *, bom: bool = False) -> str:
    """Moodle's grade import (map ``Username`` or ``Email address`` to the user at import)."""
    rows = [["Full name", "Email address", "Username", assignment.title, "Feedback comments"]]
    for r in _ordered(results):
        info = roster.row(_who(r)) if roster is not None else {}
        feedback = "; ".join(f"{t['name']}: {t['output']}" for t in r["tests"]
                             if t["score"] < t["max_score"])
        rows.append([info.get("name") or _who(r), info.get("email", ""), _who(r),
                     _score(r["score"]), feedback])
    return _csv(rows, bom)


def write_reports(out: Path, results, assignment, *, formats=(), roster=None,
                  bom: bool = False) -> list[Path]:
    """``grades.csv`` and each requested LMS file, written atomically; their paths."""
    from .grade import write_atomic

    results = list(results)
    written = [out / "grades.csv"]
    write_atomic(written[0], grades_csv(results, assignment.questions, bom=bom))
    makers = {"canvas": canvas_csv, "moodle": moodle_csv}
    for name in formats:
        path = out / f"{name}.csv"
        write_atomic(path, makers[name](results, assignment, roster, bom=bom))
        written.append(path)
    return written


def attention(results) -> dict[str, list[str]]:
    """Students to look at: by status (failed, timed out, ...) and those with warnings."""
    out: dict[str, list[str]] = {}
    for r in _ordered(results):
        if r["status"] in LOOK_AT:
            out.setdefault(r["status"], []).append(_who(r))
        if r.get("warnings"):
            out.setdefault("warned", []).append(_who(r))
    return out


def summary_lines(results, limit: int = 12) -> list[str]:
    """One line per group of students to look at, naming them."""
    lines = []
    for what, who in attention(results).items():
        names = ", ".join(who[:limit]) + (f" and {len(who) - limit} more" if len(who) > limit
                                          else "")
        lines.append(f"  {what}: {names}")
    return lines


_STOPPED = re.compile(r"\bcell (\d+) (?:was stopped|did not stop)|before cell (\d+)")


def stopped_cell(problems) -> int | None:
    """The (1-based) cell where the run was stopped for time, from the execution's record."""
    for line in problems:
        m = _STOPPED.search(line)
        if m:
            return int(m.group(1) or m.group(2))
    return None


def _sources(notebook: bytes) -> list[str]:
    try:
        cells = json.loads(notebook)["cells"]
        return ["".join(c["source"]) if isinstance(c["source"], list) else str(c["source"])
                for c in cells]
    except (ValueError, KeyError, IndexError, TypeError):
        return []


def _first_line(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:60] + ("…" if len(first) > 60 else "")


def _set_in(sources, variable: str) -> int | None:
    """The 1-based cell that first assigns ``variable``, if any."""
    rx = re.compile(rf"^\s*{re.escape(variable)}\s*(?::[^=]*)?=(?!=)", re.MULTILINE)
    return next((i + 1 for i, text in enumerate(sources) if rx.search(text)), None)


def explain_stop(result: dict, notebook: bytes, questions) -> None:
    """After a time limit: name the stopped cell, and say that answers set in it or after it
    were never reached (not that their variables are undefined)."""
    cell = stopped_cell(result.get("output", "").splitlines())
    if cell is None:
        return
    sources = _sources(notebook)
    first = _first_line(sources[cell - 1]) if 0 < cell <= len(sources) else ""
    where = f"cell {cell}" + (f" (the one starting `{first}`)" if first else "")
    note = (f"Your notebook was stopped in {where} at the time limit; the cells after it did "
            "not run, so answers set there were not seen.")
    result["output"] = "\n".join([note, *filter(None, [result.get("output", "")])])
    for q, t in zip(questions, result["tests"], strict=False):
        set_at = _set_in(sources, q.variable)
        if t["output"].startswith("no answer") and set_at is not None and set_at >= cell:
            t["output"] = (f"not reached: `{q.variable}` is set in cell {set_at}, which did not "
                           f"run because the notebook was stopped in cell {cell}")


class GradingProgress:
    """``done/total``, the notebook that just finished and the running mean, on one line."""

    def __init__(self, total: int, show: bool = True, max_score: float = 0.0):
        self.total, self.show, self.max_score = total, show and total > 0, max_score
        self.scores: list[float] = []
        self._bar = None

    def __enter__(self):
        if self.show:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self._bar = Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.description}"), transient=False)
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=self.total)
        return self

    def describe(self, student: str, score: float) -> str:
        self.scores.append(float(score))
        mean = sum(self.scores) / len(self.scores)
        return (f"{student}: {score:g}; mean {mean:.2f}"
                + (f" / {self.max_score:g}" if self.max_score else ""))

    def update(self, student: str, score: float) -> None:
        text = self.describe(student, score)
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=text)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.__exit__(*exc)
        return False
