"""scipy's own optimizer test problems (``symhess.optim.problem_set.SCIPY_SET``: the problems
of scipy's benchmark suite and unit tests that are not MGH's, and MGH's Beale and Rosenbrock
from scipy's starts), run by both libraries from every start scipy runs them from, one block
per method family of ``bench_optim.FAMILIES``, with the same callables, ``maxiter`` and
gradient tolerance as the MGH tables (Newton-CG: each library's own default stopping rule).

A run **solved** its problem when f agrees with a published minimum
(``|f − f*| ≤ 10⁻⁸·max(1, |f*|)``, the minima known exactly), ‖∇f‖∞ ≤ 10⁻³·max(1, |f|) and
the Hessian there has no eigenvalue below −10⁻⁶·max(1, ‖H‖): the rules of the MGH tables,
never the ``success`` flag.  A run that heads to an infimum published at infinity (Beale's
405/1792 as x₂ → 1) is ``inf``.  A **false success** is ``success`` claimed at a point of
negative curvature.  Per problem the table gives, for each library, how many starts it
solved, the median f+g and H evaluations over them, and ``!`` counts of false successes;
each family's summary is ``bench_optim``'s, over all (problem, start) runs.
"""

from __future__ import annotations

import statistics
import warnings

import numpy as np

from benchmarks.bench_optim import (
    GTOL,
    MAXITER,
    Family,
    Run,
    _families,
    _print_notes,
    _summary,
    run_ours,
    run_scipy,
)
from symhess.optim.problem_set import SCIPY_SET


def _starts(name: str, quick: bool):
    """The problem and its starts as floats, every callable compiled first (SymPy's lambdify
    runs on first use: whichever library ran first would be timed for it)."""
    problem = SCIPY_SET[name]()
    starts = problem.data["scipy"].starts[: 3 if quick else None]
    points = [np.array([float(v) for v in s]) for s in starts]
    calls = problem.oracle("numpy").calls
    x0 = points[0]
    calls.fun(x0), calls.grad(x0), calls.value_and_grad(x0), calls.hess(x0)
    calls.hessp(x0, x0)
    return problem, points


def _median(values) -> str:
    return f"{statistics.median(values):.0f}" if values else "–"


def _cell(runs: list[Run]) -> str:
    solved = [r for r in runs if r.solved]
    others = sorted({r.status for r in runs if not r.solved})
    false = sum(r.false_success for r in runs)
    return (f"{len(solved):>3}/{len(runs):<3} {_median([r.fg for r in solved]):>5} "
            f"{_median([r.h for r in solved]):>5} {','.join(others):<10}"
            + (f" !{false}" if false else "   "))


def _family(family: Family, quick: bool, notes: list) -> str:
    print(f"\n{family.label} (scipy) vs {family.ours} (symhess)"
              + (": scipy's has no gradient test, each at its default stopping rule"
                 if family.no_shared_test else ""))
    print(f"{'problem':<22} {'solved':<7} {'f+g':>5} {'H':>5} {'other':<10}    | "
          f"{'solved':<7} {'f+g':>5} {'H':>5} {'other':<10}")
    pairs, defaults = [], []
    for name in SCIPY_SET:
        problem, points = _starts(name, quick)
        rows = []
        for k, x0 in enumerate(points):
            theirs = run_scipy(family, problem, x0)
            ours = run_ours(family, problem, x0, default_tolerance=family.no_shared_test)
            rows.append((theirs, ours))
            defaults.append(run_ours(family, problem, x0,
                                     default_tolerance=not family.no_shared_test))
            where = f"{family.ours} on {name} from start {k}"
            if theirs.solved and not ours.solved:
                notes.append(f"{where}: scipy solves (f = {theirs.F:.10g}, {theirs.fg} f+g), "
                             f"ours ends {ours.status} with f = {ours.F:.10g}, ‖∇f‖∞ = "
                             f"{ours.gnorm:.1e} after {ours.fg} f+g: {ours.message}")
            if ours.false_success:
                notes.append(f"{where} claims success at a saddle or maximum: {ours.message}")
        pairs += rows
        print(f"{name:<22} {_cell([t for t, _ in rows])} | {_cell([o for _, o in rows])}",
              flush=True)
    return _summary(family, pairs, len(pairs), defaults)


def scipy_suite(quick: bool) -> None:
    """Both libraries on every problem of ``SCIPY_SET`` from its starts (the first three with
    ``quick``), one block per method family, then the families' summaries."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        print(f"\nscipy's own test problems from scipy's starts: scipy | ours (starts solved, "
              f"median f+g and H over them, how the others ended, '!n' successes claimed at a "
              f"saddle or maximum); gtol = {GTOL:g}, maxiter = {MAXITER}")
        summaries, notes = [], []
        for family in _families():
            summaries.append(_family(family, quick, notes))
        print("\nSummary over every (problem, start) (solved: a published minimum reached; "
              "medians over the runs both solved)")
        for line in summaries:
            print("  " + line)
        _print_notes("Where symhess does worse than scipy, or claims success wrongly:", notes)
