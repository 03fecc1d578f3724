"""What an ``assignment.toml`` may say, checked before any student is graded.

:func:`validate` returns every :class:`Problem` found, each with the file and line it is
about: unknown keys, tasks, kinds and mistake transforms (with the closest known name),
placeholders with no parameter, parameters never used, ``credit`` outside [0, 1], ``points``
not above 0, a missing prompt.  Errors make an assignment unusable for grading; warnings are
printed and grading goes on.

>>> from pathlib import Path
>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "assignment.toml").write_text('seed = 1\\n[[question]]\\nid = "q1"\\n'
...     'task = "hessain"\\nkind = "matrix"\\nf = "x^2"\\nprompt = "H?"\\n')
>>> print(validate(d)[0].message)
question q1: unknown task 'hessain' (did you mean 'hessian'?)
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .checking import DEFINITENESS_NAMES, MISTAKE_TRANSFORMS
from .model import KINDS, QUESTION_KEYS, TASK_FIELDS, TASK_KINDS, TASKS, TEMPLATED, placeholders

__all__ = ["Problem", "validate", "TOP_KEYS"]

TOP_KEYS = ("title", "seed", "variables", "params", "reveal", "question")
_OPTIONAL = ("params", "tolerance", "parameter", "which", "title")

_IDENT = re.compile(r"[A-Za-z_]\w*\Z")


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.severity}: {self.message}"

    def to_dict(self) -> dict:
        return {"file": str(self.path), "line": self.line, "severity": self.severity,
                "message": self.message}


class _Lines:
    """Line numbers of the TOML text's tables and keys (tomllib keeps none)."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.headers = [i for i, t in enumerate(self.lines)
                        if re.match(r"\s*\[\[\s*question\s*\]\]", t)]

    def _find(self, pattern: str, start: int, stop: int, nth: int = 0) -> int | None:
        rx = re.compile(pattern)
        hits = [i for i in range(start, stop) if rx.search(self.lines[i])]
        return hits[nth] + 1 if len(hits) > nth else None

    def _block(self, q: int | None) -> tuple[int, int]:
        if q is None or q >= len(self.headers):
            first = self.headers[0] if self.headers else len(self.lines)
            return 0, first
        stop = self.headers[q + 1] if q + 1 < len(self.headers) else len(self.lines)
        return self.headers[q], stop

    def key(self, key: str, q: int | None = None) -> int | None:
        start, stop = self._block(q)
        found = self._find(rf"^\s*{re.escape(key)}\s*=", start, stop)
        if found is None and q is None:
            found = self._find(rf"^\s*\[\s*{re.escape(key)}\s*\]", start, stop)
        return found or (self.headers[q] + 1 if q is not None and q < len(self.headers)
                         else None)

    def text(self, snippet: str, q: int | None = None, fallback: int | None = None):
        start, stop = self._block(q)
        return self._find(re.escape(snippet), start, stop) or fallback

    def mistake(self, q: int, j: int) -> int | None:
        start, stop = self._block(q)
        return self._find(r"\btransform\b", start, stop, j) or self.key("mistakes", q)


def _closest(word: str, known) -> str:
    close = difflib.get_close_matches(str(word), list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(known)})"


def validate(folder) -> list[Problem]:
    """Every problem of the assignment in ``folder``, errors first."""
    folder = Path(folder)
    path = folder / "assignment.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        return [Problem(path, None, f"cannot read: {e.strerror or e}")]
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        return [Problem(path, int(m.group(1)) if m else None, f"not valid TOML: {e}")]
    found: list[Problem] = []
    _Check(folder, path, raw, _Lines(text), found).run()
    return sorted(found, key=lambda p: (p.severity != "error", p.line or 0))


class _Check:
    def __init__(self, folder, path, raw, lines, found):
        self.folder, self.path, self.raw, self.lines, self.found = (folder, path, raw, lines,
                                                                     found)

    def error(self, line, message, severity="error"):
        self.found.append(Problem(self.path, line, message, severity))

    def run(self):
        raw, L = self.raw, self.lines
        for key in raw:
            if key not in TOP_KEYS:
                self.error(L.key(key), f"unknown key {key!r}{_closest(key, TOP_KEYS)}")
        if not isinstance(raw.get("seed", 0), int):
            self.error(L.key("seed"), "seed must be an integer")
        if not isinstance(raw.get("reveal", False), bool) or any(
                not isinstance(q.get("reveal", False), bool) for q in raw.get("question", [])
                if isinstance(q, dict)):
            self.error(L.key("reveal"), "reveal must be true or false")
        variables = raw.get("variables", ["x", "y"])
        if not (isinstance(variables, list) and variables
                and all(isinstance(v, str) and _IDENT.match(v) for v in variables)):
            self.error(L.key("variables"), "variables must be a list of names, e.g. "
                       '["x", "y"]')
            variables = []
        shared = self.params(raw.get("params", {}), None, variables)
        questions = raw.get("question", [])
        if not isinstance(questions, list) or not questions:
            self.error(None, "no [[question]] tables")
            return
        used: set[str] = set()
        ids, names = set(), set()
        for i, q in enumerate(questions):
            used |= self.question(i, q, shared, variables, ids, names)
        for name in sorted(set(shared) - used):
            self.error(L.text(name, None, L.key("params")),
                       f"parameter {name!r} of [params] is never used in a question "
                       "(every student would see the same numbers)", "warning")

    def params(self, table, q, variables) -> set[str]:
        L = self.lines
        line = L.key("params", q)
        if not isinstance(table, dict):
            self.error(line, "params must be a table of name = [choices]")
            return set()
        for name, choices in table.items():
            if not _IDENT.match(name):
                self.error(line, f"parameter name {name!r} is not a name")
            elif name in variables:
                self.error(line, f"parameter {name!r} is also a variable of the assignment")
            if not isinstance(choices, list) or not choices:
                self.error(L.text(name, q, line), f"parameter {name!r} needs a non-empty "
                           "list of choices, e.g. [2, 3, 5]")
            elif not all(isinstance(c, int) and not isinstance(c, bool)
                         or isinstance(c, str) and re.fullmatch(r"-?\d+(/\d+)?", c.strip())
                         for c in choices):
                self.error(L.text(name, q, line), f"parameter {name!r}: choices are integers "
                           'or fractions written as strings ("1/2")')
        return set(table)

    def question(self, i, q, shared, variables, ids, names) -> set[str]:
        L = self.lines
        head = L.headers[i] + 1 if i < len(L.headers) else None
        if not isinstance(q, dict):
            self.error(head, "a question must be a table")
            return set()
        qid = q.get("id")
        label = f"question {qid}" if qid else f"question {i + 1}"
        if not isinstance(qid, str) or not _IDENT.match(qid):
            self.error(head, f"{label}: id must be a name such as \"q1\"")
        elif qid in ids:
            self.error(L.key("id", i), f"{label}: id used twice")
        ids.add(qid)
        variable = q.get("variable", qid)
        if isinstance(variable, str) and _IDENT.match(variable):
            if variable in names:
                self.error(L.key("variable", i), f"{label}: variable {variable!r} is the "
                           "answer of another question too")
            names.add(variable)
        elif "variable" in q:
            self.error(L.key("variable", i), f"{label}: variable must be a Python name")
        task, kind = q.get("task"), q.get("kind")
        if task is None:
            self.error(head, f"{label}: no task")
        elif task not in TASKS:
            self.error(L.key("task", i), f"{label}: unknown task {task!r}"
                       f"{_closest(task, sorted(TASKS))}")
        if kind is None:
            self.error(head, f"{label}: no kind")
        elif kind not in KINDS:
            self.error(L.key("kind", i), f"{label}: unknown kind {kind!r}{_closest(kind, KINDS)}")
        elif task in TASK_KINDS and kind not in TASK_KINDS[task]:
            self.error(L.key("kind", i), f"{label}: task {task!r} answers are of kind "
                       f"{' or '.join(TASK_KINDS[task])}, not {kind!r}")
        points = q.get("points", 1)
        if isinstance(points, bool) or not isinstance(points, (int, float)) or points <= 0:
            self.error(L.key("points", i), f"{label}: points must be a number above 0")
        self.fields(i, q, label, task)
        if "prompt" not in q and not (self.folder / "prompts" / f"{qid}.md").is_file():
            self.error(head, f"{label}: no prompt (write prompt = \"...\" or "
                       f"prompts/{qid}.md)")
        own = self.params(q.get("params", {}), i, variables)
        for name in sorted(own & shared):
            self.error(L.key("params", i), f"{label}: parameter {name!r} is also in [params]; "
                       "the question's own choice wins", "warning")
        visible = shared | own
        used = set()
        for key in TEMPLATED:
            value = q.get(key)
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                value = " ".join(value)  # residuals = ["x - {a}", ...]
            if not isinstance(value, str):
                continue
            for name in dict.fromkeys(placeholders(value)):
                used.add(name)
                if name not in visible:
                    self.error(L.key(key, i),
                               f"{label}: placeholder {{{name}}} in {key} has no parameter "
                               "(declare it in [params] or the question's params)")
        for name in sorted(own - used):
            self.error(L.key("params", i), f"{label}: parameter {name!r} is never used "
                       "in this question", "warning")
        self.mistakes(i, q, label, kind)
        return used

    def fields(self, i, q, label, task):
        L = self.lines
        required, optional = TASK_FIELDS.get(task, ((), ()))
        known_task = task in TASK_FIELDS
        for need in required:
            if not any(alt in q for alt in need.split("|")):
                self.error(L.headers[i] + 1, f"{label}: task {task!r} needs "
                           + " or ".join(repr(a) for a in need.split("|")))
        allowed = set(QUESTION_KEYS) | set(_OPTIONAL) | {
            a for spec in TASK_FIELDS.values() for group in spec for n in group
            for a in n.split("|")}
        for key in q:
            if key not in allowed and known_task:
                self.error(L.key(key, i), f"{label}: unknown key {key!r}"
                           f"{_closest(key, sorted(allowed))}")
        if "which" in q and q["which"] not in DEFINITENESS_NAMES:
            self.error(L.key("which", i), f"{label}: which must be one of "
                       + ", ".join(DEFINITENESS_NAMES))
        steps = q.get("steps", 0)
        if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
            self.error(L.key("steps", i), f"{label}: steps must be a whole number ≥ 0")
        tol = q.get("tolerance", 0)
        if isinstance(tol, bool) or not isinstance(tol, (int, float)) or tol < 0:
            self.error(L.key("tolerance", i), f"{label}: tolerance must be a number ≥ 0")

    def mistakes(self, i, q, label, kind):
        L = self.lines
        ms = q.get("mistakes", [])
        if not isinstance(ms, list):
            self.error(L.key("mistakes", i), f"{label}: mistakes must be a list of tables")
            return
        for j, m in enumerate(ms):
            line = L.mistake(i, j)
            what = f"{label}, mistake {j + 1}"
            if not isinstance(m, dict):
                self.error(line, f"{what}: must be a table {{ transform = ..., ... }}")
                continue
            how = m.get("transform")
            if how not in MISTAKE_TRANSFORMS:
                self.error(line, f"{what}: unknown transform {how!r}"
                           f"{_closest(how, sorted(MISTAKE_TRANSFORMS))}")
                continue
            needs, allowed_kinds = MISTAKE_TRANSFORMS[how]
            for key in needs:
                if key not in m:
                    self.error(line, f"{what}: transform {how!r} needs {key!r}")
            if kind in KINDS and kind not in allowed_kinds:
                self.error(line, f"{what}: transform {how!r} does not apply to {kind!r} "
                           "answers")
            for key in m:
                if key not in (*needs, "transform", "credit", "feedback", "swap"):
                    self.error(line, f"{what}: unknown key {key!r}")
            credit = m.get("credit", 0)
            if isinstance(credit, bool) or not isinstance(credit, (int, float)) \
                    or not 0 <= credit <= 1:
                self.error(line, f"{what}: credit {credit!r} is outside [0, 1]; credit is a "
                           "fraction of the question's points (0.5 = half of them, 1 = all)")
            elif credit == 1:
                self.error(line, f"{what}: credit = 1 gives full marks for this mistake "
                           "(credit is a fraction of the points, not a number of points)",
                           "warning")
            if not isinstance(m.get("feedback"), str) or not m["feedback"].strip():
                self.error(line, f"{what}: needs feedback = \"...\" (what the student reads)")
