"""Optimizers: symhess's NumPy backend against scipy.optimize on the very same callables.

* **L-BFGS (m = 10) vs L-BFGS-B** on the extended (pairwise) Rosenbrock function at n = 10²,
  10⁴, 10⁶ and the chained ``scipy.optimize.rosen`` at n = 100, 1000, both to ‖∇f‖∞ ≤ 1e-5
  (scipy's ``ftol`` set to 0 so that it, too, stops on the gradient).  Goal at n = 10⁶: no more
  evaluations than scipy and at most 1.2× its wall time.
* **The Moré–Garbow–Hillstrom problems 1–18** (``symhess.optim.problem_set.MGH``), one table
  per method family against its scipy peer: BFGS↔BFGS, L-BFGS↔L-BFGS-B, Newton-CG↔Newton-CG,
  trust-exact↔trust-exact, trust-ncg↔trust-ncg, nonlinear CG↔CG; from the standard starts
  per problem, and a summary from the 10× and 100× starts.
* **scipy's own test problems** (``SCIPY_SET``: its benchmark suite's and unit tests' problems
  that are not MGH's), the same families from scipy's starts (:mod:`benchmarks._scipy_set`).

Both libraries get the same callables, ``maxiter`` and gradient tolerance (‖∇f‖∞ ≤ 1e-5;
scipy's trust-region methods test the 2-norm).  scipy's Newton-CG has no gradient test: it
stops only when a step's ‖Δx‖₁ ≤ n·10⁻⁵, by then usually with ‖∇f‖∞ far below 10⁻⁵, so there is
no shared tolerance to give both; each runs its default rule (symhess's scale-aware test,
below), and the summary line also shows symhess stopped at the absolute 10⁻⁵.

A run **solved** a problem when its final f agrees with a minimum MGH publish (to the printed
digits, or F ≤ 1e-8 for a zero minimum; ``min`` for the global one, ``local`` for a published
local minimum), ‖∇f‖∞ ≤ 10⁻³·max(1, |f|), and the Hessian there has no eigenvalue below
−10⁻⁶·max(1, ‖H‖) -- never by the ``success`` flag.  (Biggs EXP6's published 5.65565e-3 is
taken both at minima and at saddles; a run ending at such a saddle is ``saddle``.)  A **false
success** is ``success`` claimed at such a point of negative curvature (a saddle or a
maximum), counted for both libraries.  The summaries add symhess run with its other test:
its default, scale-aware one (``rtol = 10⁻³·gtol`` of ‖∇f(x₀)‖∞) next to the shared absolute
one, and for Newton-CG the absolute 10⁻⁵ next to the default.

Evaluations: ``f+g`` counts function and gradient evaluations, ``H`` Hessians (trust-exact)
or Hessian-vector products (Newton-CG, trust-ncg).  Every ratio is ours / scipy's, measured
in this run.

On a shared machine run it as ``OPENBLAS_NUM_THREADS=1 python -m benchmarks optim``:
multithreaded BLAS dot products thrash when other processes hold the cores, and both
libraries' timings then swing by 2–50x.
"""

from __future__ import annotations

import statistics
import time
import warnings
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize as scipy_minimize
from scipy.optimize import rosen, rosen_der

from benchmarks._timing import best_of
from symhess.optim import METHODS, Problem, minimize
from symhess.optim.problem_set import MGH, SCALES, MinimumKind, extended_rosenbrock, mgh_start

GTOL = 1e-5
MAXITER = 5000


class _Counted:
    """Counts calls of a function handed to scipy (which counts only some of them itself)."""

    def __init__(self, fn):
        self.fn, self.calls = fn, 0

    def __call__(self, *args):
        self.calls += 1
        return self.fn(*args)


# -- L-BFGS at large n ------------------------------------------------------------------------

def lbfgs_suite(quick: bool) -> None:
    print(f"L-BFGS (m = 10) vs scipy L-BFGS-B, same callables, ‖∇f‖∞ ≤ {GTOL:g}")
    print(f"{'problem':<24} {'n':>8} {'scipy f+g':>9} {'ours f+g':>8} {'scipy s':>8} "
          f"{'ours s':>8} {'time ratio':>10}  ours ‖∇f‖∞ / scipy ‖∇f‖∞")
    cases = [("extended Rosenbrock", n) for n in ((100, 10_000) if quick else
                                                   (100, 10_000, 1_000_000))]
    cases += [("chained rosen", n) for n in ((100,) if quick else (100, 1000))]
    for name, n in cases:
        x0 = np.tile([-1.2, 1.0], n // 2)
        if name == "chained rosen":
            fun, grad = rosen, rosen_der
            both = None
            problem = Problem.from_callables(fun, grad, n=n)
        else:
            both = extended_rosenbrock(n).callables["numpy"].value_and_grad
            problem = Problem.from_callables(lambda x, b=both: b(x)[0],
                                             lambda x, b=both: b(x)[1],
                                             value_and_grad=both, n=n)
        repeat = 1 if n >= 10**6 else 3
        counted = _Counted(both) if both is not None else _Counted(fun)

        def run_scipy(counted=counted, both=both, grad=grad if both is None else None, x0=x0):
            counted.calls = 0
            options = dict(maxcor=10, gtol=GTOL, ftol=0, maxiter=100_000)
            if both is not None:
                return scipy_minimize(counted, x0, jac=True, method="L-BFGS-B", options=options)
            return scipy_minimize(counted, x0, jac=grad, method="L-BFGS-B", options=options)

        t_scipy, theirs = best_of(run_scipy, repeat)
        t_ours, ours = best_of(lambda problem=problem, x0=x0: minimize(
            problem, x0, method="lbfgs", memory=10, gtol=GTOL, maxiter=100_000), repeat)
        their_gnorm = float(np.max(np.abs(theirs.jac)))
        print(f"{name:<24} {n:>8} {counted.calls:>9} {ours.nfev:>8} {t_scipy:>8.3f} "
              f"{t_ours:>8.3f} {t_ours / t_scipy:>9.2f}x  {ours.grad_norm:.1e} / "
              f"{their_gnorm:.1e}" + ("" if ours.success else "  (ours: " + ours.message + ")"))
        if n == 10**6:
            evals_ok, time_ok = ours.nfev <= counted.calls, t_ours <= 1.2 * t_scipy
            print(f"  goal at n = 10⁶: evaluations ≤ scipy's: {'met' if evals_ok else 'NOT met'}"
                  f"; wall time ≤ 1.2× scipy's: {'met' if time_ok else 'NOT met'}")


# -- the MGH problems, one method family at a time ----------------------------------------------

@dataclass(frozen=True)
class Family:
    label: str  # scipy's name
    ours: str  # symhess's
    hessian: str | None  # what the methods use of the Hessian: "hess", "hessp" or None
    scipy_options: dict
    #: scipy's method has no gradient test: each library runs its own default stopping rule
    no_shared_test: bool = False


FAMILIES = [
    Family("BFGS", "bfgs", None, {"gtol": GTOL}),
    Family("L-BFGS-B", "lbfgs", None, {"gtol": GTOL, "ftol": 0, "maxcor": 10,
                                       "maxfun": 10 * MAXITER}),
    Family("Newton-CG", "newton-cg", "hessp", {}, no_shared_test=True),
    Family("trust-exact", "trust-exact", "hess", {"gtol": GTOL}),
    Family("trust-ncg", "trust-ncg", "hessp", {"gtol": GTOL}),
    Family("CG", "cg", None, {"gtol": GTOL}),
]


@dataclass
class Run:
    """What one library did from one start: how it ended, what it cost, how it is judged."""

    F: float  # MGH's Σ rᵢ² at the end
    gnorm: float
    fg: int  # function + gradient evaluations
    h: int  # Hessians or Hessian-vector products
    seconds: float
    success: bool
    status: str  # "min", "local", "saddle", "no", "error"
    false_success: bool
    message: str = ""

    @property
    def solved(self) -> bool:
        return self.status in ("min", "local")

    def cell(self) -> str:
        mark = self.status + ("!" if self.false_success else "")
        return (f"{self.F:>10.4g} {self.gnorm:>8.1e} {self.fg:>5} {self.h:>5} "
                f"{1000 * self.seconds:>7.1f} {mark:<7}")


def _record(problem):
    """The problem's published record: MGH's (``F = Σ rᵢ²``) or scipy's (``F = f``)."""
    return problem.data.get("mgh") or problem.data["scipy"]


def _F(problem, f) -> float:
    record = _record(problem)
    return float(record.F(f)) if hasattr(record, "F") else float(f)


def _judge(problem, f, g_inf, negative_curvature: bool) -> str:
    if negative_curvature:
        return "saddle"
    record = _record(problem)
    minimum = record.minimum_reached(f)
    if minimum is None:
        far = any(m.kind is MinimumKind.AT_INFINITY and m.agrees(_F(problem, f), 1e-3)
                  for m in record.minima)
        return "inf" if far else "no"
    if not g_inf <= 1e-3 * max(1.0, abs(f)):
        return "no"
    return "min" if minimum.kind is MinimumKind.GLOBAL else "local"


def _negative_curvature(calls, x) -> bool:
    """The Hessian at ``x`` has an eigenvalue below −10⁻⁶·max(1, ‖H‖)."""
    H = np.asarray(calls.hess(np.asarray(x, dtype=float)), dtype=float)
    if not np.all(np.isfinite(H)):
        return False
    values = np.linalg.eigvalsh((H + H.T) / 2)
    return bool(values[0] < -1e-6 * max(1.0, float(np.max(np.abs(values)))))


def _failed(problem, message) -> Run:
    return Run(float("nan"), float("nan"), 0, 0, 0.0, False, "error", False, message)


def _finish(problem, calls, x, f, fg, h, seconds, success, message) -> Run:
    x = np.asarray(x, dtype=float)
    g_inf = float(np.max(np.abs(calls.grad(x))))
    F = _F(problem, f)
    negative = _negative_curvature(calls, x)
    return Run(F, g_inf, fg, h, seconds, bool(success),
               _judge(problem, float(f), g_inf, negative), bool(success) and negative, message)


def run_scipy(family: Family, problem, x0) -> Run:
    calls = problem.oracle("numpy").calls
    fun, jac = _Counted(calls.fun), _Counted(calls.grad)
    hess = _Counted(calls.hess if family.hessian == "hess" else calls.hessp)
    extra = {family.hessian: hess} if family.hessian else {}
    start = time.perf_counter()
    try:
        r = scipy_minimize(fun, x0, jac=jac, method=family.label,
                           options={**family.scipy_options, "maxiter": MAXITER}, **extra)
    except (ValueError, ArithmeticError, np.linalg.LinAlgError) as exc:
        return _failed(problem, f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - start
    return _finish(problem, calls, r.x, r.fun, fun.calls + jac.calls, hess.calls, seconds,
                   r.success, str(r.message))


def run_ours(family: Family, problem, x0, *, default_tolerance: bool = False) -> Run:
    """symhess's run: with scipy's absolute test ‖∇f‖∞ ≤ gtol, or its own default test."""
    calls = problem.oracle("numpy").calls
    tolerance = {} if default_tolerance else {"gtol": GTOL}
    start = time.perf_counter()
    try:
        r = minimize(problem, x0, method=family.ours, maxiter=MAXITER, **tolerance)
    except Exception as exc:  # noqa: BLE001 - a crash is a result to report, with its type
        return _failed(problem, f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - start
    return _finish(problem, calls, r.x, r.fun, r.nfev + r.ngev, r.nhev, seconds, r.success,
                   r.message)


def _start(name, scale):
    """The problem and its start, with every callable compiled (SymPy's lambdify runs on first
    use: whichever library ran first would be timed for it)."""
    problem, x0 = mgh_start(name, scale)
    x0 = np.array([float(v) for v in x0])
    calls = problem.oracle("numpy").calls
    calls.fun(x0), calls.grad(x0), calls.value_and_grad(x0), calls.hess(x0)
    calls.hessp(x0, x0)
    return problem, x0


def _families():
    return [f for f in FAMILIES if f.ours in METHODS]


def _summary(family, pairs, n_problems, default_runs) -> str:
    solved = [sum(p[i].solved for p in pairs) for i in (0, 1)]
    false = [sum(p[i].false_success for p in pairs) for i in (0, 1)]
    errors = [sum(p[i].status == "error" for p in pairs) for i in (0, 1)]
    both = [(t, o) for t, o in pairs if t.solved and o.solved]
    fg = [o.fg / t.fg for t, o in both if t.fg]
    h = [o.h / t.h for t, o in both if t.h]
    time_ratio = [o.seconds / t.seconds for t, o in both if t.seconds]
    def med(v):
        return f"{statistics.median(v):.2f}" if v else "–"

    goal = solved[1] >= solved[0] and (not fg or statistics.median(fg) <= 1) \
        and false[1] == 0
    default_solved = sum(r.solved for r in default_runs)
    default_false = sum(r.false_success for r in default_runs)
    return (f"{family.label:<12} solved scipy {solved[0]:>2}/{n_problems}, ours "
            f"{solved[1]:>2}/{n_problems}; median ours/scipy on both-solved ({len(both)}): "
            f"f+g {med(fg)}, H {med(h)}, time {med(time_ratio)}; false successes scipy "
            f"{false[0]}, ours {false[1]}" + (f"; errors scipy {errors[0]}, ours {errors[1]}"
                                              if any(errors) else "")
            + f"\n{'':<14}goal (solved ≥ scipy's, median f+g ≤ scipy's, no false success): "
              f"{'met' if goal else 'NOT met'}; ours with "
              + ("the absolute test ‖∇f‖∞ ≤ 1e-5" if family.no_shared_test
                 else "its default scale-aware test") + ": solved "
              f"{default_solved:>2}/{n_problems}, false successes {default_false}")


def _compare(family: Family, scale: int, notes: list, *, table: bool) -> str:
    """Both libraries (and symhess at its default test) on every MGH problem from
    ``scale``·x₀: the table rows if asked, notes where symhess does worse, the summary line."""
    start_name = "x₀" if scale == 1 else f"{scale}x₀"
    pairs, defaults = [], []
    for name in MGH:
        problem, x0 = _start(name, scale)
        theirs = run_scipy(family, problem, x0)
        ours = run_ours(family, problem, x0, default_tolerance=family.no_shared_test)
        pairs.append((theirs, ours))
        defaults.append(run_ours(family, problem, x0,
                                 default_tolerance=not family.no_shared_test))
        if table:
            print(f"{name:<20} {theirs.cell()} | {ours.cell()}", flush=True)
        if theirs.solved and not ours.solved:
            notes.append(f"{family.ours} on {name} from {start_name}: scipy solves, ours ends "
                         f"{ours.status} with F = {ours.F:.6g}, ‖∇f‖∞ = {ours.gnorm:.1e}: "
                         f"{ours.message}")
        if ours.false_success:
            notes.append(f"{family.ours} on {name} from {start_name} claims success at a "
                         f"saddle or maximum: {ours.message}")
    return _summary(family, pairs, len(MGH), defaults)


def _print_notes(title: str, notes: list) -> None:
    if notes:
        print(f"\n{title}")
        for line in notes:
            print("  " + line)


def mgh_suite(quick: bool) -> None:
    families = _families()
    print(f"\nMoré–Garbow–Hillstrom problems 1–18 from the standard start x₀: scipy | ours "
          f"(F = Σ rᵢ² at the end, ‖∇f‖∞, f+g and H evaluations, ms, verdict; '!' marks "
          f"success claimed at a saddle or maximum); gtol = {GTOL:g}, maxiter = {MAXITER}")
    summaries, notes = [], []
    for family in families:
        print(f"\n{family.label} (scipy) vs {family.ours} (symhess)"
              + (": scipy's has no gradient test, each at its default stopping rule"
                 if family.no_shared_test else ""))
        print(f"{'problem':<20} {'F':>10} {'‖∇f‖∞':>8} {'f+g':>5} {'H':>5} {'ms':>7} "
              f"{'':<7} | {'F':>10} {'‖∇f‖∞':>8} {'f+g':>5} {'H':>5} {'ms':>7}")
        summaries.append(_compare(family, 1, notes, table=True))
    print("\nSummary from x₀ (solved: a published minimum reached; medians over the problems "
          "both solved)")
    for line in summaries:
        print("  " + line)
    _print_notes("Where symhess does worse than scipy, or claims success wrongly:", notes)
    if quick:
        return
    notes = []
    for scale in SCALES[1:]:
        print(f"\nSummary from {scale}x₀")
        for family in families:
            print("  " + _compare(family, scale, notes, table=False), flush=True)
    _print_notes("From 10x₀ and 100x₀, where symhess does worse than scipy or claims success "
                 "wrongly:", notes)


def main(quick: bool = False) -> None:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        lbfgs_suite(quick)
        mgh_suite(quick)
    from benchmarks._scipy_set import scipy_suite  # it builds on this module's runners

    scipy_suite(quick)


if __name__ == "__main__":  # pragma: no cover
    main()
