"""Critical points: symhess.analyze_critical_points vs the naive SymPy pipeline
(``solve(gradient)`` then ``eigenvals()`` per point, signs read from ``evalf``), same run, same
per-problem budget.  Each problem's reference answer is the textbook's: isolated points with
their types, and how many families of critical points there are."""

from __future__ import annotations

import statistics
import time

import sympy as sp

from symhess.budget import time_budget
from symhess.calculus import gradient
from symhess.critical import analyze_critical_points
from symhess.errors import BudgetExceeded

x, y, z = sp.symbols("x y z")
S2 = sp.sqrt(2)
#: The per-problem budget both pipelines get.
BUDGET = 10.0

#: name, f, variables, {point: type}, number of families
PROBLEMS = [
    ("cubic + square", x**3 - 3*x + y**2, (x, y), {(1, 0): "min", (-1, 0): "saddle"}, 0),
    ("x³+y³−3xy", x**3 + y**3 - 3*x*y, (x, y), {(0, 0): "saddle", (1, 1): "min"}, 0),
    ("x⁴+y⁴−4xy", x**4 + y**4 - 4*x*y, (x, y),
     {(0, 0): "saddle", (1, 1): "min", (-1, -1): "min"}, 0),
    ("xy·exp(−r²/2)", x*y*sp.exp(-(x**2 + y**2)/2), (x, y),
     {(0, 0): "saddle", (1, 1): "max", (-1, -1): "max", (1, -1): "min", (-1, 1): "min"}, 0),
    ("x³−6x+y² (√2)", x**3 - 6*x + y**2, (x, y), {(S2, 0): "min", (-S2, 0): "saddle"}, 0),
    ("x⁶/6−x²/2−x+y² (CRootOf)", x**6/6 - x**2/2 - x + y**2, (x, y),
     {(sp.CRootOf(x**5 - x - 1, 0), 0): "min"}, 0),
    ("x⁴−8x²+y²+2y (√ and rational)", x**4 - 8*x**2 + y**2 + 2*y, (x, y),
     {(0, -1): "saddle", (2, -1): "min", (-2, -1): "min"}, 0),
    ("xyz−x²−y²−z²", x*y*z - x**2 - y**2 - z**2, (x, y, z),
     {(0, 0, 0): "max", (2, 2, 2): "saddle", (2, -2, -2): "saddle", (-2, 2, -2): "saddle",
      (-2, -2, 2): "saddle"}, 0),
    ("x²+y²+z²−xy−yz", x**2 + y**2 + z**2 - x*y - y*z, (x, y, z), {(0, 0, 0): "min"}, 0),
    ("x+1/x+y² (rational)", x + 1/x + y**2, (x, y), {(1, 0): "min", (-1, 0): "saddle"}, 0),
    ("Peano (y−x²)(y−2x²)", (y - x**2)*(y - 2*x**2), (x, y), {(0, 0): "saddle"}, 0),
    ("x²+y⁴", x**2 + y**4, (x, y), {(0, 0): "min"}, 0),
    ("x²−y⁴", x**2 - y**4, (x, y), {(0, 0): "saddle"}, 0),
    ("x²+y³", x**2 + y**3, (x, y), {(0, 0): "saddle"}, 0),
    ("monkey saddle", x**3 - 3*x*y**2, (x, y), {(0, 0): "saddle"}, 0),
    ("x⁴+y⁴", x**4 + y**4, (x, y), {(0, 0): "min"}, 0),
    ("x⁴−y⁴", x**4 - y**4, (x, y), {(0, 0): "saddle"}, 0),
    ("x⁴+y⁶ (weighted)", x**4 + y**6, (x, y), {(0, 0): "min"}, 0),
    ("x²y² (axes)", x**2*y**2, (x, y), {}, 2),
    ("(x²+y²−1)² (circle)", (x**2 + y**2 - 1)**2, (x, y), {(0, 0): "max"}, 1),
]


def naive(f, xs) -> tuple[dict, int]:
    """The student's pipeline: solve ∇f = 0, eigenvalues at each point, signs by evalf."""
    H = sp.hessian(f, xs)
    found = {}
    for sol in sp.solve(list(gradient(f, xs)), list(xs), dict=True):
        if set(sol) != set(xs) or any(v.free_symbols for v in sol.values()):
            return found, 1  # a parametric solution: the pipeline has no notion of families
        if any(not sp.N(v).is_real for v in sol.values()):
            continue
        evs = list(H.subs(sol).eigenvals())
        signs = {bool(sp.N(e) > 0) - bool(sp.N(e) < 0) for e in evs}
        kind = ("undetermined" if 0 in signs else "saddle" if len(signs) == 2
                else "min" if signs == {1} else "max")
        found[tuple(sol[v] for v in xs)] = kind
    return found, 0


def ours(f, xs) -> tuple[dict, int]:
    r = analyze_critical_points(f, xs)
    return {tuple(p.point.values()): p.type for p in r.points}, len(r.families)


def _same_point(p, q) -> bool:
    return all(sp.simplify(a - b) == 0 for a, b in zip(p, q, strict=True))


def judge(answer, expected, n_families) -> tuple[bool, bool]:
    """(complete, correct): all points and families found; every type right, nothing extra."""
    found, families = answer
    matched = {e: next((t for p, t in found.items() if _same_point(p, e)), None)
               for e in expected}
    complete = all(t is not None for t in matched.values()) and families == n_families
    correct = complete and len(found) == len(expected) and all(
        matched[e] == t for e, t in expected.items())
    return complete, correct


def timed(fn, f, xs, repeat: int = 3):
    """The answer and the best of ``repeat`` cold-cache times (the machine is shared)."""
    best, answer = BUDGET, None
    for _ in range(repeat):
        sp.core.cache.clear_cache()
        start = time.perf_counter()
        try:
            with time_budget(BUDGET, "one problem"):
                answer = fn(f, xs)
        except BudgetExceeded:
            return None, BUDGET
        except Exception:  # noqa: BLE001 - the naive pipeline's failures are measured too
            return None, time.perf_counter() - start
        best = min(best, time.perf_counter() - start)
    return answer, best


def main(quick: bool) -> None:
    problems = PROBLEMS[:8] if quick else PROBLEMS
    print(f"{'problem':<32} {'naive s':>8} {'ours s':>8} {'ratio':>7}  naive c/ok  ours c/ok")
    ratios, ours_ok, naive_ok, worst = [], 0, 0, 0.0
    for name, f, xs, expected, fams in problems:
        a_naive, t_naive = timed(naive, f, xs)
        a_ours, t_ours = timed(ours, f, xs)
        nc, nk = judge(a_naive, expected, fams) if a_naive else (False, False)
        oc, ok = judge(a_ours, expected, fams) if a_ours else (False, False)
        ratio = t_naive / t_ours
        ratios.append(ratio)
        ours_ok += ok
        naive_ok += nk
        worst = max(worst, t_ours)
        print(f"{name:<32} {t_naive:>8.3f} {t_ours:>8.3f} {ratio:>6.1f}x  "
              f"{_yn(nc)}/{_yn(nk):<7} {_yn(oc)}/{_yn(ok)}")
    print(f"median ratio {statistics.median(ratios):.1f}x over {len(problems)} problems; "
          f"correct and complete: symhess {ours_ok}/{len(problems)}, naive "
          f"{naive_ok}/{len(problems)}; slowest symhess problem {worst:.2f} s "
          f"(budget {BUDGET:g} s each)")


def _yn(flag: bool) -> str:
    return "yes" if flag else "no"


