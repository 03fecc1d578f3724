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

#: category, name, f, variables, {point: type}, number of families.  The textbook rows are the
#: standard exercises of a calculus course's "local extrema" section (two variables, then three);
#: the degenerate rows are the gallery of the issue; the family rows have non-isolated points.
PROBLEMS = [
    ("textbook", "cubic + square", x**3 - 3*x + y**2, (x, y),
     {(1, 0): "min", (-1, 0): "saddle"}, 0),
    ("textbook", "x³+y³−3xy", x**3 + y**3 - 3*x*y, (x, y), {(0, 0): "saddle", (1, 1): "min"}, 0),
    ("textbook", "x⁴+y⁴−4xy", x**4 + y**4 - 4*x*y, (x, y),
     {(0, 0): "saddle", (1, 1): "min", (-1, -1): "min"}, 0),
    ("textbook", "xy·exp(−r²/2)", x*y*sp.exp(-(x**2 + y**2)/2), (x, y),
     {(0, 0): "saddle", (1, 1): "max", (-1, -1): "max", (1, -1): "min", (-1, 1): "min"}, 0),
    ("textbook", "x²+xy+y²+y", x**2 + x*y + y**2 + y, (x, y),
     {(sp.Rational(1, 3), sp.Rational(-2, 3)): "min"}, 0),
    ("textbook", "xy−2x−2y−x²−y²", x*y - 2*x - 2*y - x**2 - y**2, (x, y), {(-2, -2): "max"}, 0),
    ("textbook", "(x−y)(1−xy)", (x - y)*(1 - x*y), (x, y),
     {(1, 1): "saddle", (-1, -1): "saddle"}, 0),
    ("textbook", "y(eˣ−1)", y*(sp.exp(x) - 1), (x, y), {(0, 0): "saddle"}, 0),
    ("textbook", "2−x⁴+2x²−y²", 2 - x**4 + 2*x**2 - y**2, (x, y),
     {(0, 0): "saddle", (1, 0): "max", (-1, 0): "max"}, 0),
    ("textbook", "x³−12xy+8y³", x**3 - 12*x*y + 8*y**3, (x, y),
     {(0, 0): "saddle", (2, 1): "min"}, 0),
    ("textbook", "y³+3x²y−6x²−6y²+2", y**3 + 3*x**2*y - 6*x**2 - 6*y**2 + 2, (x, y),
     {(0, 0): "max", (0, 4): "min", (2, 2): "saddle", (-2, 2): "saddle"}, 0),
    ("textbook", "xy(1−x−y)", x*y*(1 - x - y), (x, y),
     {(0, 0): "saddle", (1, 0): "saddle", (0, 1): "saddle",
      (sp.Rational(1, 3), sp.Rational(1, 3)): "max"}, 0),
    ("textbook", "2x³+xy²+5x²+y²", 2*x**3 + x*y**2 + 5*x**2 + y**2, (x, y),
     {(0, 0): "min", (sp.Rational(-5, 3), 0): "max", (-1, 2): "saddle", (-1, -2): "saddle"}, 0),
    ("textbook", "eˣ·cos y (none)", sp.exp(x)*sp.cos(y), (x, y), {}, 0),
    ("textbook", "(x²+y²)·exp(y²−x²)", (x**2 + y**2)*sp.exp(y**2 - x**2), (x, y),
     {(0, 0): "min", (1, 0): "saddle", (-1, 0): "saddle"}, 0),
    ("textbook", "exp(4y−x²−y²)", sp.exp(4*y - x**2 - y**2), (x, y), {(0, 2): "max"}, 0),
    ("textbook", "x+1/x+y² (rational)", x + 1/x + y**2, (x, y),
     {(1, 0): "min", (-1, 0): "saddle"}, 0),
    ("textbook", "x²+y²+1/(x²y²)", x**2 + y**2 + 1/(x**2*y**2), (x, y),
     {(1, 1): "min", (1, -1): "min", (-1, 1): "min", (-1, -1): "min"}, 0),
    ("irrational", "x³−6x+y² (√2)", x**3 - 6*x + y**2, (x, y),
     {(S2, 0): "min", (-S2, 0): "saddle"}, 0),
    ("irrational", "x²+y⁴+2xy (√2/2)", x**2 + y**4 + 2*x*y, (x, y),
     {(0, 0): "saddle", (-S2/2, S2/2): "min", (S2/2, -S2/2): "min"}, 0),
    ("irrational", "x·exp(−x²−y²)", x*sp.exp(-x**2 - y**2), (x, y),
     {(S2/2, 0): "max", (-S2/2, 0): "min"}, 0),
    ("irrational", "x⁴−8x²+y²+2y (√ and rational)", x**4 - 8*x**2 + y**2 + 2*y, (x, y),
     {(0, -1): "saddle", (2, -1): "min", (-2, -1): "min"}, 0),
    ("irrational", "x⁶/6−x²/2−x+y² (CRootOf)", x**6/6 - x**2/2 - x + y**2, (x, y),
     {(sp.CRootOf(x**5 - x - 1, 0), 0): "min"}, 0),
    ("three variables", "xyz−x²−y²−z²", x*y*z - x**2 - y**2 - z**2, (x, y, z),
     {(0, 0, 0): "max", (2, 2, 2): "saddle", (2, -2, -2): "saddle", (-2, 2, -2): "saddle",
      (-2, -2, 2): "saddle"}, 0),
    ("three variables", "x²+y²+z²−xy−yz", x**2 + y**2 + z**2 - x*y - y*z, (x, y, z),
     {(0, 0, 0): "min"}, 0),
    ("three variables", "x²+y²+z²−xy+x−2z", x**2 + y**2 + z**2 - x*y + x - 2*z, (x, y, z),
     {(sp.Rational(-2, 3), sp.Rational(-1, 3), 1): "min"}, 0),
    ("three variables", "Σ(x³−3x)", x**3 + y**3 + z**3 - 3*x - 3*y - 3*z, (x, y, z),
     {(a, b, c): ("min" if a + b + c == 3 else "max" if a + b + c == -3 else "saddle")
      for a in (-1, 1) for b in (-1, 1) for c in (-1, 1)}, 0),
    ("three variables", "xy+yz+zx", x*y + y*z + z*x, (x, y, z), {(0, 0, 0): "saddle"}, 0),
    ("three variables", "x³−6x+y³−3y+z² (√2)", x**3 - 6*x + y**3 - 3*y + z**2, (x, y, z),
     {(S2, 1, 0): "min", (S2, -1, 0): "saddle", (-S2, 1, 0): "saddle",
      (-S2, -1, 0): "saddle"}, 0),
    ("degenerate", "Peano (y−x²)(y−2x²)", (y - x**2)*(y - 2*x**2), (x, y), {(0, 0): "saddle"}, 0),
    ("degenerate", "x²+y⁴", x**2 + y**4, (x, y), {(0, 0): "min"}, 0),
    ("degenerate", "x²−y⁴", x**2 - y**4, (x, y), {(0, 0): "saddle"}, 0),
    ("degenerate", "x²+y³", x**2 + y**3, (x, y), {(0, 0): "saddle"}, 0),
    ("degenerate", "monkey saddle", x**3 - 3*x*y**2, (x, y), {(0, 0): "saddle"}, 0),
    ("degenerate", "x⁴+y⁴", x**4 + y**4, (x, y), {(0, 0): "min"}, 0),
    ("degenerate", "x⁴−y⁴", x**4 - y**4, (x, y), {(0, 0): "saddle"}, 0),
    ("degenerate", "x⁴+y⁶ (weighted)", x**4 + y**6, (x, y), {(0, 0): "min"}, 0),
    ("degenerate", "x⁴+y⁴+z⁴−4xyz", x**4 + y**4 + z**4 - 4*x*y*z, (x, y, z),
     {(0, 0, 0): "saddle", (1, 1, 1): "min", (1, -1, -1): "min", (-1, 1, -1): "min",
      (-1, -1, 1): "min"}, 0),
    ("family", "x²y² (axes)", x**2*y**2, (x, y), {}, 2),
    ("family", "(x²+y²−1)² (circle)", (x**2 + y**2 - 1)**2, (x, y), {(0, 0): "max"}, 1),
    ("family", "r²·exp(−r²) (sphere)", (x**2 + y**2 + z**2)*sp.exp(-(x**2 + y**2 + z**2)),
     (x, y, z), {(0, 0, 0): "min"}, 1),
    # the families whose type changes along them or needs more than f − c's sign
    ("families", "xy² (x-axis in pieces)", x*y**2, (x, y), {}, ("varies",)),
    ("families", "x³y³ (both axes)", x**3*y**3, (x, y), {}, ("saddle", "saddle")),
    ("families", "xyz (three axes)", x*y*z, (x, y, z), {}, ("saddle",) * 3),
    ("families", "x⁶−x²y⁶ (y-axis)", x**6 - x**2*y**6, (x, y), {}, ("varies",)),
    ("families", "x³+y³+z³−3xyz (line)", x**3 + y**3 + z**3 - 3*x*y*z, (x, y, z), {},
     ("varies",)),
    ("families", "r²·exp(−r²) (circle)", (x**2 + y**2)*sp.exp(-x**2 - y**2), (x, y),
     {(0, 0): "min"}, ("max",)),
    ("families", "x³+2xyz−z² (y-axis)", x**3 + 2*x*y*z - z**2, (x, y, z), {}, ("saddle",)),
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


def ours(f, xs) -> tuple[dict, tuple]:
    r = analyze_critical_points(f, xs)
    return ({tuple(p.point.values()): p.type for p in r.points},
            tuple(sorted(fam.type for fam in r.families)))


def _same_point(p, q) -> bool:
    return all(sp.simplify(a - b) == 0 for a, b in zip(p, q, strict=True))


def judge(answer, expected, n_families) -> tuple[bool, bool]:
    """(complete, correct): all points and families found; every type right, nothing extra."""
    found, families = answer
    matched = {e: next((t for p, t in found.items() if _same_point(p, e)), None)
               for e in expected}
    if isinstance(n_families, tuple):  # the families' types were asked for, not their count
        found_families = isinstance(families, tuple) and families == tuple(sorted(n_families))
    else:
        found_families = (len(families) if isinstance(families, tuple) else families) \
            == n_families
    complete = all(t is not None for t in matched.values()) and found_families
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
    problems = PROBLEMS[::4] if quick else PROBLEMS
    print(f"{'problem':<32} {'naive s':>8} {'ours s':>8} {'ratio':>7}  naive c/ok  ours c/ok")
    ratios: dict[str, list[float]] = {}
    ours_ok = naive_ok = 0
    worst, slower = 0.0, []
    for category, name, f, xs, expected, fams in problems:
        a_naive, t_naive = timed(naive, f, xs)
        a_ours, t_ours = timed(ours, f, xs)
        nc, nk = judge(a_naive, expected, fams) if a_naive else (False, False)
        oc, ok = judge(a_ours, expected, fams) if a_ours else (False, False)
        ratio = t_naive / t_ours
        ratios.setdefault(category, []).append(ratio)
        ours_ok += ok
        naive_ok += nk
        worst = max(worst, t_ours)
        if nk and ratio < 1:
            slower.append(name)
        print(f"{name:<32} {t_naive:>8.3f} {t_ours:>8.3f} {ratio:>6.1f}x  "
              f"{_yn(nc)}/{_yn(nk):<7} {_yn(oc)}/{_yn(ok)}")
    every = [r for rs in ratios.values() for r in rs]
    print("median ratio naive/symhess by category: " + ", ".join(
        f"{c} {statistics.median(rs):.1f}x ({len(rs)})" for c, rs in ratios.items()))
    print(f"median ratio {statistics.median(every):.1f}x over {len(problems)} problems; "
          f"correct and complete: symhess {ours_ok}/{len(problems)}, naive "
          f"{naive_ok}/{len(problems)}; slower where the naive pipeline is right: "
          f"{', '.join(slower) or 'none'}; slowest symhess problem {worst:.2f} s "
          f"(budget {BUDGET:g} s each)")
    # the constrained category: Lagrange problems against solve + bordered minors
    from benchmarks._constrained import main as constrained

    print()
    constrained(quick)


def _yn(flag: bool) -> str:
    return "yes" if flag else "no"


