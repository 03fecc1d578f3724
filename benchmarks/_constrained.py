"""The ``constrained`` category of ``python -m benchmarks critical``: the critical points of
f on a constraint set, symhess.constrained_critical_points against the naive pipeline a
student assembles from SymPy (``solve`` of the Lagrange system ``∇f = λ∇g, g = 0``, then the
bordered Hessian's last n − m leading minors at each solution, signs read from ``evalf``).
Same run, same per-problem budget; each problem's reference answer is the textbook's."""

from __future__ import annotations

import itertools
import statistics

import sympy as sp

from benchmarks.bench_critical import BUDGET, _same_point, _yn, timed
from symhess.constrained import constrained_critical_points

x, y, z = sp.symbols("x y z")
S2, S3 = sp.sqrt(2), sp.sqrt(3)

#: name, f, constraints, variables, {point: type}.  The circle, plane, ellipse and sphere rows
#: are the standard Lagrange exercises; the cusp is where LICQ fails and the multiplier method
#: misses the minimum; y on y = x⁴ has a singular restricted Hessian (bordered minor 0).
PROBLEMS = [
    ("x+y on x²+y²=1", x + y, [x**2 + y**2 - 1], (x, y),
     {(S2 / 2, S2 / 2): "max", (-S2 / 2, -S2 / 2): "min"}),
    ("xy on x²+y²=2", x * y, [x**2 + y**2 - 2], (x, y),
     {(1, 1): "max", (-1, -1): "max", (1, -1): "min", (-1, 1): "min"}),
    ("x²+2y² on x²+y²=1", x**2 + 2 * y**2, [x**2 + y**2 - 1], (x, y),
     {(1, 0): "min", (-1, 0): "min", (0, 1): "max", (0, -1): "max"}),
    ("x²y on x²+2y²=6", x**2 * y, [x**2 + 2 * y**2 - 6], (x, y),
     {(2, 1): "max", (-2, 1): "max", (2, -1): "min", (-2, -1): "min", (0, S3): "min",
      (0, -S3): "max"}),
    ("x⁴+y⁴ on x²+y²=1", x**4 + y**4, [x**2 + y**2 - 1], (x, y),
     {**{(a, b): "max" for a, b in [(1, 0), (-1, 0), (0, 1), (0, -1)]},
      **{(a * S2 / 2, b * S2 / 2): "min" for a in (1, -1) for b in (1, -1)}}),
    ("x²+y² on xy=1", x**2 + y**2, [x * y - 1], (x, y), {(1, 1): "min", (-1, -1): "min"}),
    ("x²+y²+z² on x+y+z=1", x**2 + y**2 + z**2, [x + y + z - 1], (x, y, z),
     {(sp.Rational(1, 3),) * 3: "min"}),
    ("x+y+z on the unit sphere", x + y + z, [x**2 + y**2 + z**2 - 1], (x, y, z),
     {(S3 / 3,) * 3: "max", (-S3 / 3,) * 3: "min"}),
    ("xyz on x²+y²+z²=3", x * y * z, [x**2 + y**2 + z**2 - 3], (x, y, z),
     {**{s: ("max" if s[0] * s[1] * s[2] > 0 else "min")
         for s in itertools.product((1, -1), repeat=3)},
      **{tuple(c * S3 if i == k else 0 for i in range(3)): "saddle"
         for k in range(3) for c in (1, -1)}}),
    ("x+2y on plane ∩ cylinder", x + 2 * y, [x + y + z - 1, y**2 + z**2 - 4], (x, y, z),
     {(1, S2, -S2): "max", (1, -S2, S2): "min"}),
    ("x on the cusp y²=x³", x, [y**2 - x**3], (x, y), {(0, 0): "min"}),
    ("y on y=x⁴ (singular)", y, [y - x**4], (x, y), {(0, 0): "min"}),
    ("y on y=x³ (singular)", y, [y - x**3], (x, y), {(0, 0): "saddle"}),
]


def naive(f, gs, xs) -> dict:
    """The student's pipeline: Lagrange system by ``solve``, bordered minors by ``evalf``."""
    lams = sp.symbols(f"l1:{len(gs) + 1}")
    L = f - sum(lam * g for lam, g in zip(lams, gs, strict=True))
    eqs = [sp.diff(L, v) for v in xs] + list(gs)
    m, n = len(gs), len(xs)
    found = {}
    for sol in sp.solve(eqs, [*xs, *lams], dict=True):
        if any(v not in sol or sol[v].free_symbols for v in xs):
            continue
        if any(not sp.N(sol[v]).is_real for v in xs):
            continue
        J = sp.Matrix([[sp.diff(g, v) for v in xs] for g in gs])
        B = sp.Matrix(sp.BlockMatrix([[sp.zeros(m, m), J],
                                      [J.T, sp.hessian(L, xs)]]).as_explicit()).subs(sol)
        signs = [sp.sign(sp.N(B[:k, :k].det())) for k in range(2 * m + 1, m + n + 1)]
        if all(s == (-1) ** m for s in signs):
            kind = "min"
        elif all(s == (-1) ** (m + r) for r, s in enumerate(signs, 1)):
            kind = "max"
        elif 0 in signs:
            kind = "undetermined"
        else:
            kind = "saddle"
        found[tuple(sol[v] for v in xs)] = kind
    return found


def ours(f, gs, xs) -> dict:
    r = constrained_critical_points(f, gs, xs)
    return {tuple(p.point[v] for v in xs): p.type.value for p in r.points} \
        if r.complete else None


def judge(found, expected) -> bool:
    """Every point found with its type, nothing extra."""
    if found is None or len(found) != len(expected):
        return False
    return all(any(_same_point(p, e) and t == expected[e] for p, t in found.items())
               for e in expected)


def main(quick: bool) -> None:
    problems = PROBLEMS[::3] if quick else PROBLEMS
    print(f"{'problem':<28} {'naive s':>8} {'ours s':>8} {'ratio':>7}  naive ok  ours ok")
    ratios, ours_ok, naive_ok, worst = [], 0, 0, 0.0
    for name, f, gs, xs, expected in problems:
        a_naive, t_naive = timed(lambda f, xs, gs=gs: naive(f, gs, xs), f, xs)
        a_ours, t_ours = timed(lambda f, xs, gs=gs: ours(f, gs, xs), f, xs)
        nk, ok = judge(a_naive, expected), judge(a_ours, expected)
        ratios.append(t_naive / t_ours)
        ours_ok += ok
        naive_ok += nk
        worst = max(worst, t_ours)
        print(f"{name:<28} {t_naive:>8.3f} {t_ours:>8.3f} {ratios[-1]:>6.1f}x  "
              f"{_yn(nk):<8}  {_yn(ok)}")
    print(f"constrained: median ratio naive/symhess {statistics.median(ratios):.1f}x over "
          f"{len(problems)} problems; correct and complete: symhess {ours_ok}/{len(problems)}, "
          f"naive {naive_ok}/{len(problems)}; slowest symhess problem {worst:.2f} s "
          f"(budget {BUDGET:g} s each)")
