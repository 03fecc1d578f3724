"""Assignments as data: a TOML file of questions plus Markdown prompts; references by symhess.

An assignment has a ``seed``, its ``variables``, an optional ``[params]`` table of number
choices drawn once per student and shared by all questions, and ``[[question]]`` tables.  A
question names a ``task`` (what symhess computes), the function or matrix it is about (with
``{a}``-style placeholders for the parameters), an answer ``kind``, ``points``, the notebook
``variable`` holding the answer, and optional ``mistakes`` (a wrong answer recognised, with
feedback and ``credit``, a fraction of the question's points).  Reference answers are never
typed in: :func:`reference` computes them from the question's data with :mod:`symhess.calculus`
and :mod:`symhess.linalg`.  ``exercises/README.md`` is the instructor's guide.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import sympy as sp

from ..calculus import gradient, hessian
from ..critical import critical_points
from ..errors import SymhessError
from ..linalg import condition_number, definiteness, eigenvalues, leading_principal_minors
from ..parsing import parse_condition, parse_expr, parse_matrix, parse_point, parse_variables
from ..signs import sign

__all__ = ["Question", "Assignment", "AssignmentError", "load_assignment", "find_assignment",
           "installed_assignments", "reference", "fill", "placeholders", "KINDS", "TASKS",
           "TASK_KINDS", "TASK_FIELDS", "SAMPLES"]

KINDS = ("expression", "vector", "matrix", "critical_points", "definiteness",
         "inequality", "number", "choice")

#: the sample assignments shipped with the package (``exercises/`` in the source tree)
SAMPLES = Path(__file__).resolve().parent / "assignments"


class AssignmentError(SymhessError, ValueError):
    """An assignment folder or file that cannot be used, said with the file (and line)."""


def _draw(key: str, choices: dict) -> dict[str, sp.Expr]:
    digest = hashlib.sha256(key.encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    return {name: _number(rng.choice(list(options)))
            for name, options in sorted(choices.items())}


def _number(value) -> sp.Expr:
    return sp.Integer(value) if isinstance(value, int) else parse_expr(str(value))


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
    reveal: bool = False  # feedback may show the reference answer

    def variant(self, seed: int, student: str) -> dict[str, sp.Expr]:
        """This question's own ``params`` (drawn per student *and* question); the numbers a
        student sees are :meth:`Assignment.variant`, which adds the shared ``[params]``."""
        return _draw(f"{seed}:{student}:{self.id}", self.data.get("params", {}))

    def text(self, params: dict) -> str:
        return fill(self.prompt, params)

    @property
    def label(self) -> str:
        """How gradebooks and feedback name the question: ``q1: Hessian``."""
        return f"{self.id}: {self.data.get('title') or TASK_TITLES.get(self.task, self.task)}"


@dataclass(frozen=True)
class Assignment:
    name: str
    title: str
    seed: int
    variables: tuple
    questions: tuple = field(default_factory=tuple)
    params: dict = field(default_factory=dict)
    reveal: bool = False
    folder: Path | None = None
    digest: str = ""

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"no question {qid!r} in {self.name}; there are "
                       + ", ".join(q.id for q in self.questions))

    def shared_variant(self, student: str) -> dict[str, sp.Expr]:
        """The ``[params]`` numbers, drawn once per student from the seed and the id."""
        return _draw(f"{self.seed}:{student}", self.params)

    def variant(self, q: Question, student: str) -> dict[str, sp.Expr]:
        """Every number question ``q`` shows ``student``: shared ones, then its own."""
        return {**self.shared_variant(student), **q.variant(self.seed, student)}

    @property
    def max_score(self) -> float:
        return float(sum(q.points for q in self.questions))


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_]\w*)\}")


def placeholders(template: str) -> list[str]:
    """The parameter names a template uses (``{a}``; ``{{`` and ``}}`` are literal braces)."""
    return [m.group(1) for m in _PLACEHOLDER.finditer(template) if m.group(1)]


def fill(template: str, params: dict) -> str:
    """``{a}`` replaced by the student's value; a name without a value is a ``KeyError``."""
    def one(m):
        if m.group(1) is None:
            return m.group(0)[0]
        return str(params[m.group(1)])
    return _PLACEHOLDER.sub(one, template)



def installed_assignments() -> list[str]:
    """Names of the sample assignments that ship with symhess."""
    return sorted(p.parent.name for p in SAMPLES.glob("*/assignment.toml"))


def find_assignment(name_or_path) -> Path:
    """The folder of an assignment: a path, a name under ``./exercises``, or a shipped sample."""
    p = Path(name_or_path)
    if (p / "assignment.toml").is_file():
        return p
    if p.is_file() and p.name == "assignment.toml":
        return p.parent
    name = str(name_or_path)
    if "/" not in name and "\\" not in name:
        for root in (Path.cwd() / "exercises", SAMPLES):
            if (root / name / "assignment.toml").is_file():
                return root / name
    where = ("no assignment.toml in that folder" if p.is_dir() else "no such folder")
    shipped = ", ".join(installed_assignments()) or "none"
    raise AssignmentError(f"assignment {name}: {where} (a folder holding assignment.toml, "
                          f"or the name of a shipped sample: {shipped})")


def _read_toml(folder: Path) -> tuple[dict, str]:
    path = folder / "assignment.toml"
    text = path.read_text(encoding="utf-8")
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as e:
        raise AssignmentError(f"{path}: {e}") from None


def load_assignment(name_or_path) -> Assignment:
    """Read ``assignment.toml`` (and ``prompts/<id>.md`` where present)."""
    folder = find_assignment(name_or_path)
    raw, text = _read_toml(folder)
    questions = []
    for q in raw.get("question", []):
        try:
            questions.append(_question(folder, q, bool(raw.get("reveal", False))))
        except (KeyError, TypeError, ValueError, OSError) as e:
            raise AssignmentError(f"{folder / 'assignment.toml'}: question "
                                  f"{q.get('id', '?')!r}: {e} "
                                  "(symhess check-assignment says where)") from None
    digest = hashlib.sha256(text.encode()).hexdigest()
    for path in sorted((folder / "prompts").glob("*.md")):
        digest = hashlib.sha256((digest + path.read_text(encoding="utf-8")).encode()).hexdigest()
    return Assignment(folder.name, raw.get("title", folder.name), int(raw.get("seed", 0)),
                      tuple(parse_variables(",".join(raw.get("variables", ["x", "y"])))),
                      tuple(questions), dict(raw.get("params", {})),
                      bool(raw.get("reveal", False)), folder.resolve(), digest)


QUESTION_KEYS = ("id", "task", "kind", "points", "prompt", "variable", "mistakes", "reveal")


def _question(folder: Path, q: dict, reveal: bool = False) -> Question:
    prompt_file = folder / "prompts" / f"{q['id']}.md"
    prompt = q.get("prompt") or prompt_file.read_text(encoding="utf-8").strip()
    if q["kind"] not in KINDS:
        raise ValueError(f"unknown kind {q['kind']!r}")
    data = {k: v for k, v in q.items() if k not in QUESTION_KEYS}
    return Question(q["id"], q["task"], q["kind"], float(q.get("points", 1)), prompt,
                    q.get("variable", q["id"]), data, tuple(q.get("mistakes", ())),
                    bool(q.get("reveal", reveal)))


# -- tasks: question data -> reference answer, all computed by symhess ---------------------

def _f(q: Question, params, xs):
    return parse_expr(fill(q.data["f"], params), variables=xs)


def _matrix(q: Question, params, xs):
    return parse_matrix(fill(q.data["matrix"], params), variables=list(xs) + list(params))


def _lambda_max(M) -> sp.Expr:
    """The largest eigenvalue, exactly: :func:`eigenvalues` lists them in increasing order,
    compared by exact signs."""
    return eigenvalues(M)[-1].value


def _task_hessian(q, params, xs):
    return hessian(_f(q, params, xs), xs)


def _task_mixed_partial(q, params, xs):
    f = _f(q, params, xs)
    return sp.expand(sp.diff(f, *parse_variables(q.data["wrt"])))


def _task_gradient_at(q, params, xs):
    f = _f(q, params, xs)
    at = parse_point(fill(q.data["at"], params), variables=xs)
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
    at = parse_point(fill(q.data["at"], params), variables=xs)
    x0 = sp.Matrix([at[x] for x in xs])
    H, g = hessian(f, xs).subs(at), gradient(f, xs).subs(at)
    # exact entries: the solve is exact, nothing to round back
    return sp.ImmutableMatrix(x0 - H.LUsolve(g)).applyfunc(sp.radsimp)


def _task_condition_number(q, params, xs):
    return condition_number(_quadratic_hessian(q, params, xs)).value


def _task_constrained_points(q, params, xs):
    """The critical points of f on the constraint set and their constrained types."""
    from ..constrained import constrained_critical_points

    f = _f(q, params, xs)
    g = parse_condition(fill(q.data["constraint"], params), variables=xs)
    r = constrained_critical_points(f, [g], xs)
    return sorted(((tuple(p.point[x] for x in xs), p.type.value) for p in r.points),
                  key=functools.cmp_to_key(_lexicographic))


TASKS = {"hessian": _task_hessian, "mixed_partial": _task_mixed_partial,
         "gradient_at": _task_gradient_at, "leading_minors": _task_leading_minors,
         "definiteness": _task_definiteness, "definite_when": _task_definite_when,
         "critical_points": _task_critical_points, "gd_step": _task_gd_step,
         "newton_step": _task_newton_step, "condition_number": _task_condition_number,
         "constrained_points": _task_constrained_points}

#: what each task asks, for test names (a question's ``title`` replaces it)
TASK_TITLES = {"hessian": "Hessian", "mixed_partial": "mixed partial derivative",
               "gradient_at": "gradient at a point", "leading_minors": "leading principal minors",
               "definiteness": "definiteness", "definite_when": "when the matrix is definite",
               "critical_points": "critical points and their types",
               "gd_step": "largest stable gradient-descent step",
               "newton_step": "one Newton step", "condition_number": "condition number",
               "constrained_points": "critical points on the constraint set and their types"}

#: the answer kind each task's reference has (check-assignment refuses another kind)
TASK_KINDS = {"hessian": ("matrix",), "mixed_partial": ("expression",),
              "gradient_at": ("vector",), "leading_minors": ("vector",),
              "definiteness": ("definiteness", "choice"), "definite_when": ("inequality",),
              "critical_points": ("critical_points",), "gd_step": ("number",),
              "newton_step": ("vector",), "condition_number": ("number",),
              "constrained_points": ("critical_points",)}

#: the question keys each task reads: required, then optional (``"f|matrix"``: one of them)
TASK_FIELDS = {"hessian": (("f",), ()), "mixed_partial": (("f", "wrt"), ()),
               "gradient_at": (("f", "at"), ()), "leading_minors": (("matrix",), ()),
               "definiteness": (("matrix",), ()),
               "definite_when": (("matrix",), ("parameter", "which")),
               "critical_points": (("f",), ()), "gd_step": (("f|matrix",), ()),
               "newton_step": (("f", "at"), ()), "condition_number": (("f|matrix",), ()),
               "constrained_points": (("f", "constraint"), ())}


def reference(assignment: Assignment, q: Question, student: str):
    """The reference answer for this student's variant, computed by symhess."""
    params = assignment.variant(q, student)
    return TASKS[q.task](q, params, assignment.variables)


def classify_points(f, xs) -> list[tuple[tuple, str]]:
    """Critical points and their types, by :func:`symhess.critical.critical_points`, in
    increasing lexicographic order (coordinates compared by exact signs)."""
    found = critical_points(f, xs)
    out = [(tuple(cp.point[x] for x in xs), str(cp.type)) for cp in found.points]
    return sorted(out, key=functools.cmp_to_key(_lexicographic))


def _lexicographic(a, b) -> int:
    for u, v in zip(a[0], b[0], strict=True):
        s = sign(u - v)
        if s:
            return s
    return 0
