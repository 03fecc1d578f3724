"""Every question's reference for the variants students will get, and the variants where a
wrong answer would score as right.

A variant is *trivial* when a declared mistake, or a generic slip of the task, gives exactly
the reference: a zero answer (a sign flip or a dropped factor 2 scores full marks), a symmetric
answer where a transposed one is the mistake, a start point that is already critical (the
Newton or gradient step is zero whatever the sign), swapped types that change nothing, a
condition true for every (or no) parameter value.  A variant whose reference cannot be computed
(a singular Hessian where a Newton step inverts it) is an error: nobody could answer it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import sympy as sp

from ..calculus import gradient, hessian
from ..parsing import parse_expr, parse_point
from .checking import _same, mistaken_reference
from .model import Assignment, Question, fill, placeholders, templated_text

__all__ = ["Finding", "QuestionAudit", "Audit", "AssignmentCheck", "audit", "check_assignment",
           "require_valid",
           "sample_students", "MAX_VARIANTS"]

MAX_VARIANTS = 2000
_SYMMETRIC_TASKS = ("hessian", "bfgs_update", "sr1_update", "gauss_newton_matrix")  # symmetric


@dataclass(frozen=True)
class Finding:
    question: str
    params: dict
    message: str
    severity: str = "warning"

    def __str__(self) -> str:
        return f"{self.question} with {_show(self.params)}: {self.message}"


@dataclass
class QuestionAudit:
    question: Question
    names: tuple
    rows: list = field(default_factory=list)  # (params, reference text or None, students)
    findings: list = field(default_factory=list)


@dataclass
class Audit:
    assignment: Assignment
    questions: list
    students: tuple
    every_variant: bool

    @property
    def findings(self) -> list[Finding]:
        return [f for qa in self.questions for f in qa.findings]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def lines(self) -> list[str]:
        who = ("every variant" if self.every_variant
               else f"the variants of {len(self.students)} students ("
               + ", ".join(self.students[:4]) + (", …" if len(self.students) > 4 else "")
               + "); --all for every variant")
        out = [f"References for {who}:"]
        for qa in self.questions:
            q = qa.question
            over = ", ".join(qa.names) if qa.names else "no parameter"
            out.append(f"{q.id}  {q.task} ({q.kind}, {q.points:g} pt): {len(qa.rows)} "
                       f"variant{'s' * (len(qa.rows) != 1)} over {over}")
            width = max((len(_show(p)) for p, _, _ in qa.rows), default=0)
            for params, text, students in qa.rows:
                mark = "  <- see below" if any(f.params == params for f in qa.findings) else ""
                whose = f"   [{', '.join(students[:3])}{', …' if len(students) > 3 else ''}]" \
                    if students else ""
                out.append(f"    {_show(params):<{width}}  {text or '(no reference)'}"
                           f"{whose}{mark}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _show(params: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(params.items())) or "-"


def sample_students(n: int = 8) -> tuple[str, ...]:
    return tuple(f"student{i:02d}" for i in range(1, n + 1))


def _names(a: Assignment, q: Question) -> tuple[str, ...]:
    used = set(placeholders(templated_text(q)))
    visible = set(a.params) | set(q.data.get("params", {}))
    return tuple(sorted(used & visible))


def _choices(a: Assignment, q: Question, names) -> list[dict]:
    table = {**a.params, **q.data.get("params", {})}
    from .model import _number

    combos = itertools.islice(itertools.product(*[table[n] for n in names]), MAX_VARIANTS)
    return [dict(zip(names, map(_number, c), strict=True)) for c in combos]


def audit(a: Assignment, students=None, *, every_variant: bool = False) -> Audit:
    """References and trivial-variant findings for ``students`` (or every variant)."""
    students = tuple(students or sample_students())
    result = Audit(a, [], students, every_variant)
    for q in a.questions:
        names = _names(a, q)
        qa = QuestionAudit(q, names)
        groups: dict[tuple, list[str]] = {}
        if every_variant:
            for params in _choices(a, q, names):
                groups.setdefault(tuple(sorted(params.items())), [])
        else:
            for s in students:
                full = a.variant(q, s)
                key = tuple(sorted((n, full[n]) for n in names))
                groups.setdefault(key, []).append(s)
        for key, who in groups.items():
            params = dict(key)
            text, findings = _check_variant(a, q, params)
            qa.rows.append((params, text, who))
            qa.findings.extend(findings)
        result.questions.append(qa)
    return result


def _check_variant(a: Assignment, q: Question, params: dict):
    from .model import TASKS

    xs = a.variables
    try:
        ref = TASKS[q.task](q, params, xs)
    except Exception as e:  # noqa: BLE001 - any failure is reported against this variant
        why = _why_no_reference(q, params, xs) or f"{type(e).__name__}: {str(e)[:120]}"
        return None, [Finding(q.id, params, f"no reference can be computed: {why}", "error")]
    findings = [Finding(q.id, params, m) for m in _generic(q, params, xs, ref)]
    for j, m in enumerate(q.mistakes):
        try:
            wrong = mistaken_reference(q.kind, ref, m)
            hit = _same(q.kind, wrong, ref, **_options(q))
        except Exception:  # noqa: BLE001 - a mistake that cannot apply never coincides
            hit = False
        if hit:
            findings.append(Finding(q.id, params, f"mistake {j + 1} ({m.get('transform')}) "
                                    "gives the right answer, so it scores full marks"))
    return _text(ref), findings


def _options(q: Question) -> dict:
    if q.kind == "inequality":
        return {"parameter": sp.Symbol(q.data.get("parameter", "a"))}
    return {}


def _text(ref) -> str:
    if isinstance(ref, sp.MatrixBase):
        rows = ref.tolist()
        if ref.cols == 1:
            return "(" + ", ".join(str(r[0]) for r in rows) + ")"
        return "[" + ", ".join("[" + ", ".join(map(str, r)) + "]" for r in rows) + "]"
    if isinstance(ref, list):
        return "; ".join(f"({', '.join(map(str, p))}) {t}" for p, t in ref) or "none"
    return str(ref)


def _at(q, params, xs):
    if "f" not in q.data or "at" not in q.data:
        return None
    f = parse_expr(fill(q.data["f"], params), variables=xs)
    at = parse_point(fill(q.data["at"], params), variables=xs)
    return f, at


def _why_no_reference(q, params, xs) -> str | None:
    try:
        found = _at(q, params, xs)
    except Exception:  # noqa: BLE001 - the caller reports the original failure
        return None
    if found and q.task == "newton_step":
        f, at = found
        H = hessian(f, xs).subs(at)
        if H.det() == 0:
            return (f"the Hessian at {tuple(at[x] for x in xs)} is singular, so the Newton "
                    "step (which inverts it) is not defined")
    return None


def _is_zero(ref) -> bool:
    if isinstance(ref, sp.MatrixBase):
        return all(sp.simplify(v) == 0 for v in ref)
    return isinstance(ref, sp.Expr) and sp.simplify(ref) == 0


def _generic(q: Question, params, xs, ref) -> list[str]:
    """Generic slips of the task that coincide with this variant's reference."""
    out = []
    if q.kind in ("expression", "number", "vector", "matrix") and _is_zero(ref):
        out.append("the answer is zero, so a sign flip or a dropped factor 2 scores full "
                   "marks")
    if (q.kind == "matrix" and q.task not in _SYMMETRIC_TASKS and isinstance(ref, sp.MatrixBase)
            and ref.is_square and ref == ref.T):
        out.append("the answer is symmetric, so a transposed matrix scores full marks")
    found = _at(q, params, xs) if q.task in ("newton_step", "gradient_at") else None
    if found and q.task == "newton_step":
        f, at = found
        if all(sp.simplify(g) == 0 for g in gradient(f, xs).subs(at)):
            out.append("the start point is already critical: the step is zero, so a sign "
                       "error in the step scores full marks")
    if q.kind == "critical_points":
        if not ref:
            out.append("there is no critical point: an empty answer scores full marks")
        for a, b in (("min", "max"), ("min", "saddle"), ("max", "saddle")):
            swap = {a: b, b: a}
            if ref and [(p, swap.get(t, t)) for p, t in ref] == list(ref):
                out.append(f"no point is a {a} or {b}: swapping them changes nothing")
    if q.kind == "inequality" and ref in (sp.true, sp.false, True, False):
        out.append("the condition holds for " + ("every" if ref in (sp.true, True) else "no")
                   + " parameter value, so the question has a one-word answer")
    return out


@dataclass
class AssignmentCheck:
    """``symhess check-assignment``: schema problems, then the variants and their findings."""

    folder: object
    problems: list
    audit: Audit | None

    @property
    def errors(self) -> list:
        return [p for p in self.problems if p.severity == "error"] + (
            self.audit.errors if self.audit else [])

    @property
    def exit_code(self) -> int:
        return 2 if self.errors else 0

    def _grouped(self):
        """Findings of one question with one message, counted over its variants."""
        groups: dict = {}
        for f in self.audit.findings if self.audit else []:
            groups.setdefault((f.question, f.severity, f.message), []).append(f.params)
        return groups

    def lines(self) -> list[str]:
        out = [str(p) for p in self.problems]
        if self.audit is not None:
            out += ["", *self.audit.lines()]
            a = self.audit.assignment
            lines = _question_lines(a)
            for (qid, severity, message), variants in self._grouped().items():
                total = len(next(qa.rows for qa in self.audit.questions
                                 if qa.question.id == qid))
                which = ("every variant" if len(variants) == total else
                         "; ".join(_show(p) for p in variants[:4])
                         + (" …" if len(variants) > 4 else ""))
                where = f"{a.folder / 'assignment.toml'}:{lines.get(qid, '')}".rstrip(":")
                out.append(f"{where}: {severity}: {qid} ({which}): {message}")
            for qa in self.audit.questions:
                refs = {text for _, text, _ in qa.rows}
                if len(qa.rows) > 1 and len(refs) == 1 and None not in refs:
                    out.append(f"{a.folder / 'assignment.toml'}:{lines.get(qa.question.id, '')}"
                               f": note: {qa.question.id}: every variant has the same answer "
                               f"({refs.pop()}), so students can share it")
        n_err = len(self.errors)
        n_warn = sum(p.severity == "warning" for p in self.problems) + (
            sum(f.severity == "warning" for f in self.audit.findings) if self.audit else 0)
        out += ["", f"{n_err} error{'s' * (n_err != 1)}, {n_warn} warning"
                f"{'s' * (n_warn != 1)}" + (": grading would refuse this assignment"
                                            if n_err else "")]
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def to_dict(self) -> dict:
        return {"folder": str(self.folder), "ok": not self.errors,
                "problems": [p.to_dict() for p in self.problems],
                "findings": [{"question": f.question, "params": {k: str(v) for k, v in
                                                                 f.params.items()},
                              "severity": f.severity, "message": f.message}
                             for f in (self.audit.findings if self.audit else [])]}


def _question_lines(a: Assignment) -> dict:
    from .schema import _Lines

    L = _Lines((a.folder / "assignment.toml").read_text(encoding="utf-8"))
    return {q.id: L.headers[i] + 1 for i, q in enumerate(a.questions) if i < len(L.headers)}


def check_assignment(name_or_path, students=None, *, every_variant: bool = False
                     ) -> AssignmentCheck:
    """Validate the TOML, then compute the references of the variants (:func:`audit`)."""
    from .model import find_assignment, load_assignment
    from .schema import validate

    folder = find_assignment(name_or_path)
    problems = validate(folder)
    if any(p.severity == "error" for p in problems):
        return AssignmentCheck(folder, problems, None)
    return AssignmentCheck(folder, problems,
                           audit(load_assignment(folder), students, every_variant=every_variant))


def require_valid(name_or_path, students=None):
    """The assignment, loaded, or an :class:`AssignmentError` listing why it cannot be graded."""
    from .model import AssignmentError, load_assignment

    check = check_assignment(name_or_path, students or sample_students(3))
    if check.errors:
        shown = [line for line in check.lines() if ": error: " in line]
        raise AssignmentError(f"assignment {check.folder} is not valid, so nobody was graded:\n"
                              + "\n".join(shown[:20])
                              + f"\n(symhess check-assignment {check.folder} shows every "
                              "variant)")
    return load_assignment(check.folder)
