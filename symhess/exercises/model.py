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

import numpy as np
import sympy as sp

from ..calculus import gradient, hessian, hvp, jacobian
from ..critical import critical_points
from ..errors import SymhessError
from ..linalg import condition_number, definiteness, eigenvalues, leading_principal_minors
from ..parsing import parse_condition, parse_expr, parse_matrix, parse_point, parse_variables
from ..signs import sign

__all__ = ["Question", "Assignment", "AssignmentError", "load_assignment", "find_assignment",
           "installed_assignments", "reference", "fill", "placeholders", "templated_text",
           "TEMPLATED", "KINDS", "TASKS",
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


#: the question keys whose text may hold ``{a}`` placeholders (in a list, each string)
TEMPLATED = ("prompt", "f", "matrix", "at", "wrt", "constraint", "s", "y", "g", "v",
             "residuals", "damping", "step")


def templated_text(q: Question) -> str:
    """Every text of ``q`` that placeholders may appear in, joined (to find the parameters it
    uses)."""
    texts = [q.prompt]
    for key in TEMPLATED[1:]:
        value = q.data.get(key)
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list):
            texts.extend(v for v in value if isinstance(v, str))
    return "\n".join(texts)


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
    H, g = hessian(f, xs).subs(at), gradient(f, xs).subs(at)
    # the optimizers' own Newton step, in exact arithmetic: nothing to round back
    from ..optim.newton import newton_step

    step = newton_step(_exact_backend(), np.array(list(g), dtype=object),
                       np.array(H.tolist(), dtype=object))
    return sp.ImmutableMatrix([at[x] + d for x, d in zip(xs, step, strict=True)]
                              ).applyfunc(sp.radsimp)


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



# -- tasks on the optimizers: each reference is what symhess.optim computes, run exactly ---

def _exact_backend():
    from ..optim.backends import get_backend

    return get_backend("exact")


def _column(q: Question, key: str, params, xs) -> sp.ImmutableMatrix:
    """A vector field of the question (``s = "[1, {a}]"``) as an exact column of numbers."""
    entries = list(parse_matrix(fill(q.data[key], params), variables=xs))
    if not all(e.is_number for e in entries):
        raise ValueError(f"{key} must be a vector of numbers, not {q.data[key]!r}")
    return sp.ImmutableMatrix(entries)


def _exact(values) -> sp.ImmutableMatrix:
    """A backend array (a vector becomes a column) as a SymPy matrix with tidy radicals."""
    rows = values.tolist()
    rows = rows if rows and isinstance(rows[0], list) else [[v] for v in rows]
    return sp.ImmutableMatrix(rows).applyfunc(sp.radsimp)


def _pair(q, params, xs):
    """``(B, s, y)`` as exact backend arrays; the curvature condition ``sᵀy > 0`` required
    (a quasi-Newton method skips an update without it)."""
    bk = _exact_backend()
    B = _matrix(q, params, xs) if "matrix" in q.data else None
    s, y = _column(q, "s", params, xs), _column(q, "y", params, xs)
    if s.shape != y.shape or (B is not None and B.shape != (s.rows, s.rows)):
        raise ValueError("s, y and the matrix must have matching sizes")
    if not (s.T * y)[0] > 0:
        raise ValueError(f"sᵀy = {(s.T * y)[0]} is not positive: the curvature condition "
                         "fails, so the update would not keep B positive definite")
    return bk, (bk.matrix(B.tolist()) if B is not None else None), bk.vector(list(s)), \
        bk.vector(list(y))


def _task_bfgs_update(q, params, xs):
    """``B₊ = B − BssᵀB/sᵀBs + yyᵀ/yᵀs``, the BFGS update of the Hessian approximation.

    symhess.optim keeps the inverse ``H``; the update of ``B`` is DFP's inverse formula with
    ``s`` and ``y`` exchanged (the duality of Nocedal & Wright §6.1)."""
    from ..optim.quasi_newton import dfp_update

    bk, B, s, y = _pair(q, params, xs)
    return _exact(dfp_update(bk, B, y, s))


def _task_sr1_update(q, params, xs):
    """``B₊ = B + (y − Bs)(y − Bs)ᵀ / (y − Bs)ᵀs``: SR1 is its own dual, so the library's
    inverse update with ``s`` and ``y`` exchanged updates ``B``."""
    from ..optim.quasi_newton import sr1_update

    bk, B, s, y = _pair(q, params, xs)
    new = sr1_update(bk, B, y, s, 0)
    if new is None:
        raise ValueError("(y − Bs)ᵀs = 0: the SR1 update is undefined (a method skips it)")
    return _exact(new)


def _task_lbfgs_direction(q, params, xs):
    """``−H g`` with the L-BFGS matrix of one pair ``(s, y)`` and ``H⁰ = (sᵀy / yᵀy) I``, by
    the two-loop recursion (Nocedal & Wright, Algorithm 7.4)."""
    from ..optim.quasi_newton import two_loop

    bk, _, s, y = _pair(q, params, xs)
    g = bk.vector(list(_column(q, "g", params, xs)))
    sy = bk.dot(s, y)
    return _exact(-two_loop(bk, g, [(s, y, 1 / sy)], sy / bk.dot(y, y)))


def _least_squares(q, params, xs):
    """``(x₀, r(x₀), J(x₀))`` of the residuals at the question's point, exactly."""
    residuals = q.data["residuals"]
    if isinstance(residuals, str) or not residuals:
        raise ValueError('residuals must be a list of expressions, e.g. ["x - 1", "x*y - 2"]')
    rs = [parse_expr(fill(r, params), variables=xs) for r in residuals]
    at = parse_point(fill(q.data["at"], params), variables=xs)
    bk = _exact_backend()
    x0 = bk.vector([at[x] for x in xs])
    r = bk.vector([sp.radsimp(e.subs(at)) for e in rs])
    J = bk.matrix(jacobian(rs, xs).subs(at).applyfunc(sp.radsimp).tolist())
    return bk, x0, r, J


def _check_full_rank(J) -> None:
    if sp.Matrix((J.T @ J).tolist()).det() == 0:
        raise ValueError("JᵀJ is singular at this point (the columns of J are dependent): "
                         "the Gauss–Newton step is not defined")


def _task_gauss_newton_matrix(q, params, xs):
    """``JᵀJ`` at the point: the Gauss–Newton approximation of the Hessian of ``½‖r‖²``."""
    _, _, _, J = _least_squares(q, params, xs)
    return _exact(J.T @ J)


def _task_gauss_newton_step(q, params, xs):
    """The point ``x₀ + δ`` with ``JᵀJ δ = −Jᵀr`` (:func:`symhess.optim.least_squares`)."""
    from ..optim.least_squares import gauss_newton_step

    bk, x0, r, J = _least_squares(q, params, xs)
    _check_full_rank(J)
    return _exact(x0 + gauss_newton_step(bk, r, J))


def _task_levenberg_marquardt_step(q, params, xs):
    """The point ``x₀ + δ`` with ``(JᵀJ + μI) δ = −Jᵀr`` for the question's ``damping`` μ."""
    from ..optim.least_squares import levenberg_marquardt_step

    bk, x0, r, J = _least_squares(q, params, xs)
    mu = parse_expr(fill(str(q.data["damping"]), params))
    if not (mu.is_number and mu > 0):
        raise ValueError(f"damping must be a positive number, not {q.data['damping']!r}")
    return _exact(x0 + levenberg_marquardt_step(bk, r, J, mu))


def _hessian_at(q, params, xs):
    """The matrix of the question, or the Hessian of ``f`` (at ``at`` when given)."""
    H = _quadratic_hessian(q, params, xs)
    if "at" in q.data:
        H = H.subs(parse_point(fill(q.data["at"], params), variables=xs))
    if not all(e.is_number for e in H):
        raise ValueError("the Hessian still depends on the variables: give the point at")
    return sp.ImmutableMatrix(H)


def _task_hessian_vector_product(q, params, xs):
    """``H(x₀) v = ∇(∇f·v)`` at the point, without forming ``H`` (Pearlmutter)."""
    f = _f(q, params, xs)
    at = parse_point(fill(q.data["at"], params), variables=xs)
    v = _column(q, "v", params, xs)
    return sp.ImmutableMatrix(hvp(f, list(v), xs).subs(at)).applyfunc(sp.radsimp)


def _task_power_iteration(q, params, xs):
    """The Rayleigh quotient ``vₖᵀHvₖ / vₖᵀvₖ`` of ``vₖ = Hᵏv₀`` after ``steps`` = k products,
    by :func:`symhess.optim.spectrum.power_iteration` in exact arithmetic."""
    from ..optim.problem import Problem
    from ..optim.spectrum import power_iteration

    H = _hessian_at(q, params, xs)
    steps = q.data.get("steps", 1)
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ValueError(f"steps must be a whole number ≥ 0, not {steps!r}")
    bk = _exact_backend()
    M = bk.matrix(H.tolist())
    problem = Problem.from_callables(lambda x: x @ M @ x / 2, lambda x: M @ x,
                                     hessp=lambda x, v: M @ v, n=H.rows)
    v0 = _column(q, "v", params, xs)
    if v0.rows != H.rows or all(e == 0 for e in v0):
        raise ValueError("v must be a non-zero vector of the matrix's size")
    iterates = power_iteration(problem.oracle(bk), bk.vector([0] * H.rows), bk.vector(list(v0)))
    for k, (estimate, _) in enumerate(iterates):
        if k == steps:
            return sp.radsimp(estimate)
    raise ValueError(f"Hᵏv₀ = 0 before k = {steps}: the power iteration stops")


def _task_largest_eigenvalue(q, params, xs):
    """``λmax`` of the matrix (or of the Hessian of ``f`` at ``at``): the sharpness, exactly."""
    return sp.radsimp(_lambda_max(_hessian_at(q, params, xs)))


def _task_adam_step(q, params, xs):
    """The point after Adam's first step from ``at`` with ``ε = 0``: ``x₀ − η m̂/√v̂``, with
    ``β₁ = 9/10``, ``β₂ = 999/1000`` (Kingma & Ba's defaults), by the library's transform."""
    from ..optim.first_order import scale_by_adam

    f = _f(q, params, xs)
    at = parse_point(fill(q.data["at"], params), variables=xs)
    bk = _exact_backend()
    g = bk.vector([sp.radsimp(e) for e in gradient(f, xs).subs(at)])
    if any(e == 0 for e in g):
        raise ValueError("a gradient entry is 0 at the point: with ε = 0 Adam's first step "
                         "divides 0 by 0 there")
    eta = parse_expr(fill(str(q.data["step"]), params))
    x0 = bk.vector([at[x] for x in xs])
    adam = scale_by_adam(bk, sp.Rational(9, 10), sp.Rational(999, 1000), sp.Integer(0))
    u, _ = adam.update(g, adam.init(x0))
    return _exact(x0 - eta * u)


TASKS = {"hessian": _task_hessian, "mixed_partial": _task_mixed_partial,
         "gradient_at": _task_gradient_at, "leading_minors": _task_leading_minors,
         "definiteness": _task_definiteness, "definite_when": _task_definite_when,
         "critical_points": _task_critical_points, "gd_step": _task_gd_step,
         "newton_step": _task_newton_step, "condition_number": _task_condition_number,
         "constrained_points": _task_constrained_points,
         "bfgs_update": _task_bfgs_update, "sr1_update": _task_sr1_update,
         "lbfgs_direction": _task_lbfgs_direction,
         "gauss_newton_matrix": _task_gauss_newton_matrix,
         "gauss_newton_step": _task_gauss_newton_step,
         "levenberg_marquardt_step": _task_levenberg_marquardt_step,
         "hessian_vector_product": _task_hessian_vector_product,
         "power_iteration": _task_power_iteration,
         "largest_eigenvalue": _task_largest_eigenvalue, "adam_step": _task_adam_step}

#: what each task asks, for test names (a question's ``title`` replaces it)
TASK_TITLES = {"hessian": "Hessian", "mixed_partial": "mixed partial derivative",
               "gradient_at": "gradient at a point", "leading_minors": "leading principal minors",
               "definiteness": "definiteness", "definite_when": "when the matrix is definite",
               "critical_points": "critical points and their types",
               "gd_step": "largest stable gradient-descent step",
               "newton_step": "one Newton step", "condition_number": "condition number",
               "constrained_points": "critical points on the constraint set and their types",
               "bfgs_update": "BFGS update of B", "sr1_update": "SR1 update of B",
               "lbfgs_direction": "L-BFGS direction from one pair",
               "gauss_newton_matrix": "Gauss–Newton matrix JᵀJ",
               "gauss_newton_step": "one Gauss–Newton step",
               "levenberg_marquardt_step": "one Levenberg–Marquardt step",
               "hessian_vector_product": "Hessian-vector product",
               "power_iteration": "power-iteration estimate of λmax",
               "largest_eigenvalue": "largest eigenvalue (sharpness)",
               "adam_step": "Adam's first step"}

#: the answer kind each task's reference has (check-assignment refuses another kind)
TASK_KINDS = {"hessian": ("matrix",), "mixed_partial": ("expression",),
              "gradient_at": ("vector",), "leading_minors": ("vector",),
              "definiteness": ("definiteness", "choice"), "definite_when": ("inequality",),
              "critical_points": ("critical_points",), "gd_step": ("number",),
              "newton_step": ("vector",), "condition_number": ("number",),
              "constrained_points": ("critical_points",),
              "bfgs_update": ("matrix",), "sr1_update": ("matrix",),
              "lbfgs_direction": ("vector",), "gauss_newton_matrix": ("matrix",),
              "gauss_newton_step": ("vector",), "levenberg_marquardt_step": ("vector",),
              "hessian_vector_product": ("vector",), "power_iteration": ("number",),
              "largest_eigenvalue": ("number",), "adam_step": ("vector",)}

#: the question keys each task reads: required, then optional (``"f|matrix"``: one of them)
TASK_FIELDS = {"hessian": (("f",), ()), "mixed_partial": (("f", "wrt"), ()),
               "gradient_at": (("f", "at"), ()), "leading_minors": (("matrix",), ()),
               "definiteness": (("matrix",), ()),
               "definite_when": (("matrix",), ("parameter", "which")),
               "critical_points": (("f",), ()), "gd_step": (("f|matrix",), ()),
               "newton_step": (("f", "at"), ()), "condition_number": (("f|matrix",), ()),
               "constrained_points": (("f", "constraint"), ()),
               "bfgs_update": (("matrix", "s", "y"), ()),
               "sr1_update": (("matrix", "s", "y"), ()),
               "lbfgs_direction": (("g", "s", "y"), ()),
               "gauss_newton_matrix": (("residuals", "at"), ()),
               "gauss_newton_step": (("residuals", "at"), ()),
               "levenberg_marquardt_step": (("residuals", "at", "damping"), ()),
               "hessian_vector_product": (("f", "at", "v"), ()),
               "power_iteration": (("f|matrix", "v"), ("at", "steps")),
               "largest_eigenvalue": (("f|matrix",), ("at",)),
               "adam_step": (("f", "at", "step"), ())}


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
