"""Assignments as data: a TOML file of questions plus Markdown prompts; references by symhess.

A question names a ``task`` (what symhess computes), the function or matrix it is about (with
``{a}``-style parameters drawn per student), an answer ``kind``, ``points``, the notebook
``variable`` holding the answer, and optional ``mistakes`` (a wrong answer recognised, with
feedback and partial credit).  Reference answers are never typed in: :func:`reference` computes
them from the question's data with :mod:`symhess.calculus` and :mod:`symhess.linalg`.
"""

from __future__ import annotations

import hashlib
import random
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import sympy as sp

from ..calculus import gradient, hessian
from ..linalg import condition_number, definiteness, eigenvalues, leading_principal_minors
from ..parsing import parse_expr, parse_matrix, parse_point, parse_variables

__all__ = ["Question", "Assignment", "load_assignment", "find_assignment", "reference",
           "KINDS", "TASKS"]

KINDS = ("expression", "vector", "matrix", "critical_points", "definiteness",
         "inequality", "number", "choice")


@dataclass(frozen=True)
class Question:
    id: str
    task: str
    kind: str
    points: float
    prompt: str
    variable: str
    data: dict
    mistakes: tuple = ()

    def variant(self, seed: int, student: str) -> dict[str, sp.Expr]:
        """Parameters drawn deterministically from the assignment seed and the student id."""
        digest = hashlib.sha256(f"{seed}:{student}:{self.id}".encode()).digest()
        rng = random.Random(int.from_bytes(digest[:8], "big"))
        return {name: sp.Integer(rng.choice(list(choices)))
                for name, choices in sorted(self.data.get("params", {}).items())}

    def text(self, params: dict) -> str:
        return _fill(self.prompt, params)


@dataclass(frozen=True)
class Assignment:
    name: str
    title: str
    seed: int
    variables: tuple
    questions: tuple = field(default_factory=tuple)

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"no question {qid!r} in {self.name}; there are "
                       + ", ".join(q.id for q in self.questions))

    @property
    def max_score(self) -> float:
        return float(sum(q.points for q in self.questions))


def _fill(template: str, params: dict) -> str:
    return template.format(**{k: str(v) for k, v in params.items()}) if params else template


def find_assignment(name_or_path) -> Path:
    """``exercises/<name>`` from a path, or by name from the working directory or the repo."""
    p = Path(name_or_path)
    if (p / "assignment.toml").is_file():
        return p
    for root in (Path.cwd() / "exercises", Path(__file__).resolve().parents[2] / "exercises"):
        if (root / str(name_or_path) / "assignment.toml").is_file():
            return root / str(name_or_path)
    raise FileNotFoundError(f"no assignment {name_or_path!r} (looked for assignment.toml)")


def load_assignment(name_or_path) -> Assignment:
    """Read ``assignment.toml`` (and ``prompts/<id>.md`` where present)."""
    folder = find_assignment(name_or_path)
    raw = tomllib.loads((folder / "assignment.toml").read_text(encoding="utf-8"))
    questions = []
    for q in raw["question"]:
        prompt_file = folder / "prompts" / f"{q['id']}.md"
        prompt = q.get("prompt") or prompt_file.read_text(encoding="utf-8").strip()
        if q["kind"] not in KINDS:
            raise ValueError(f"{q['id']}: unknown kind {q['kind']!r}")
        data = {k: v for k, v in q.items()
                if k not in ("id", "task", "kind", "points", "prompt", "variable", "mistakes")}
        questions.append(Question(q["id"], q["task"], q["kind"], float(q.get("points", 1)),
                                  prompt, q.get("variable", q["id"]), data,
                                  tuple(q.get("mistakes", ()))))
    return Assignment(folder.name, raw.get("title", folder.name), int(raw.get("seed", 0)),
                      tuple(parse_variables(",".join(raw.get("variables", ["x", "y"])))),
                      tuple(questions))


# -- tasks: question data -> reference answer, all computed by symhess ---------------------

def _f(q: Question, params, xs):
    return parse_expr(_fill(q.data["f"], params), variables=xs)


def _matrix(q: Question, params, xs):
    return parse_matrix(_fill(q.data["matrix"], params), variables=list(xs) + list(params))


def _lambda_max(M) -> sp.Expr:
    return max((e.value for e in eigenvalues(M)), key=lambda v: sp.N(v))


def _task_hessian(q, params, xs):
    return hessian(_f(q, params, xs), xs)


def _task_mixed_partial(q, params, xs):
    f = _f(q, params, xs)
    return sp.expand(sp.diff(f, *parse_variables(q.data["wrt"])))


def _task_gradient_at(q, params, xs):
    f = _f(q, params, xs)
    at = parse_point(_fill(q.data["at"], params), variables=xs)
    return sp.ImmutableMatrix(gradient(f, xs).subs(at))


def _task_leading_minors(q, params, xs):
    minors = leading_principal_minors(_matrix(q, params, xs))
    return sp.ImmutableMatrix([sp.expand(m) for m in minors])


def _task_definiteness(q, params, xs):
    return definiteness(_matrix(q, params, xs)).classification


def _task_definite_when(q, params, xs):
    """The parameter values making the matrix of the kind ``q.data['which']``."""
    d = definiteness(_matrix(q, params, xs))
    return d.conditions[q.data.get("which", "positive definite")]


def _task_critical_points(q, params, xs):
    return classify_points(_f(q, params, xs), xs)


def _task_gd_step(q, params, xs):
    """Largest stable constant step of gradient descent on a quadratic: 2/λmax."""
    return 2 / _lambda_max(_quadratic_hessian(q, params, xs))


def _quadratic_hessian(q, params, xs):
    return hessian(_f(q, params, xs), xs) if "f" in q.data else _matrix(q, params, xs)


def _task_newton_step(q, params, xs):
    f = _f(q, params, xs)
    at = parse_point(_fill(q.data["at"], params), variables=xs)
    x0 = sp.Matrix([at[x] for x in xs])
    H, g = hessian(f, xs).subs(at), gradient(f, xs).subs(at)
    return sp.ImmutableMatrix(x0 - H.LUsolve(g)).applyfunc(sp.nsimplify)


def _task_condition_number(q, params, xs):
    return condition_number(_quadratic_hessian(q, params, xs)).value


TASKS = {"hessian": _task_hessian, "mixed_partial": _task_mixed_partial,
         "gradient_at": _task_gradient_at, "leading_minors": _task_leading_minors,
         "definiteness": _task_definiteness, "definite_when": _task_definite_when,
         "critical_points": _task_critical_points, "gd_step": _task_gd_step,
         "newton_step": _task_newton_step, "condition_number": _task_condition_number}


def reference(assignment: Assignment, q: Question, student: str):
    """The reference answer for this student's variant, computed by symhess."""
    params = q.variant(assignment.seed, student)
    return TASKS[q.task](q, params, assignment.variables)


def classify_points(f, xs) -> list[tuple[tuple, str]]:
    """Critical points and their types, by :mod:`symhess.critical` when present."""
    try:
        from ..critical import analyze_critical_points
    except ImportError:
        return _fallback_classify_points(f, xs)
    out = []
    for cp in analyze_critical_points(f).to_dict()["critical_points"]:
        point = tuple(parse_expr(cp["point"][str(x)]) for x in xs)
        out.append((point, cp["type"]))
    return sorted(out, key=lambda t: [sp.N(c) for c in t[0]])


def _fallback_classify_points(f, xs) -> list[tuple[tuple, str]]:
    """Fallback: solve ∇f = 0 of a polynomial, classify by definiteness of the Hessian."""
    names = {"positive definite": "min", "negative definite": "max", "indefinite": "saddle"}
    H = hessian(f, xs)
    out = []
    for sol in sp.solve(list(gradient(f, xs)), list(xs), dict=True):
        if not all(sol.get(x, x).is_real for x in xs):
            continue
        kind = definiteness(H.subs(sol)).classification
        out.append((tuple(sol[x] for x in xs), names.get(kind, "undetermined")))
    return sorted(out, key=lambda t: [sp.N(c) for c in t[0]])
