"""Foundation: symhess.hessian vs sympy.hessian, inertia vs Matrix.eigenvals + sign, and the
effect of python-flint ground types on charpoly/det -- each ratio measured in this run."""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time

import sympy as sp

from benchmarks._timing import best_of
from symhess.calculus import hessian
from symhess.linalg import inertia
from symhess.signs import sign


def dense_quartic(n: int, terms: int, seed: int = 0) -> tuple[sp.Expr, list[sp.Symbol]]:
    """A random polynomial of degree 4 in n variables with about ``terms`` terms."""
    rng = random.Random(seed)
    xs = sp.symbols(f"x0:{n}")
    monomials = set()
    while len(monomials) < terms:
        degree = rng.randint(1, 4)
        monomials.add(tuple(sorted(rng.choice(range(n)) for _ in range(degree))))
    f = sp.Add(*[(rng.randint(-9, 9) or 1) * sp.Mul(*(xs[i] for i in m)) for m in monomials])
    return f, list(xs)


def hessian_suite(quick: bool) -> None:
    print("symhess.hessian vs sympy.hessian (dense degree-4 polynomials)")
    print(f"{'n':>4} {'terms':>6} {'sympy s':>9} {'symhess s':>10} {'ratio':>7}  equal")
    sizes = [(5, 50), (10, 150)] if quick else [(5, 50), (10, 150), (20, 400)]
    for n, terms in sizes:
        f, xs = dense_quartic(n, terms)
        t_sympy, _ = best_of(lambda f=f, xs=xs: sp.hessian(f, xs), repeat=1 if n >= 20 else 3)
        t_ours, _ = best_of(lambda f=f, xs=xs: hessian(f, xs))
        equal = sp.Matrix(hessian(f, xs)) == sp.hessian(f, xs).applyfunc(sp.expand)
        print(f"{n:>4} {terms:>6} {t_sympy:>9.3f} {t_ours:>10.4f} {t_sympy / t_ours:>6.1f}x  "
              f"{equal}")


def random_symmetric(n: int, seed: int) -> sp.Matrix:
    rng = random.Random(seed)
    A = sp.Matrix(n, n, lambda i, j: sp.Rational(rng.randint(-9, 9), rng.randint(1, 4)))
    return A + A.T


def eigenvals_inertia(M: sp.Matrix) -> tuple[int, int, int]:
    """The naive route: eigenvalues (CRootOf), then each one's sign."""
    counts = [0, 0, 0]
    for value, mult in M.eigenvals().items():
        s = sign(value)
        counts[0 if s > 0 else 1 if s < 0 else 2] += mult
    return tuple(counts)


def inertia_suite(quick: bool) -> None:
    print("\ninertia (Descartes + congruence) vs Matrix.eigenvals + exact sign")
    print(f"{'n':>4} {'eigenvals s':>12} {'inertia s':>10} {'ratio':>7}  agree")
    for n in (6, 10):
        seeds = range(3 if quick else 5)
        t_naive, t_ours, agree = [], [], True
        for seed in seeds:
            M = random_symmetric(n, seed)
            start = time.perf_counter()
            naive = eigenvals_inertia(M)
            t_naive.append(time.perf_counter() - start)
            t_ours.append(best_of(lambda M=M: inertia(M))[0])
            agree &= tuple(inertia(M)) == naive
        a, b = statistics.median(t_naive), statistics.median(t_ours)
        print(f"{n:>4} {a:>12.3f} {b:>10.4f} {a / b:>6.1f}x  {agree}")


_GROUND = r"""
import json, random, time, sympy as sp
from sympy.external.gmpy import GROUND_TYPES
rng = random.Random(1)
out = []
for n in (8, 12, 16):
    A = sp.Matrix(n, n, lambda i, j: sp.Rational(rng.randint(-99, 99), rng.randint(1, 9)))
    M = A + A.T
    dm = sp.polys.matrices.DomainMatrix.from_Matrix(M).convert_to(sp.QQ)
    start = time.perf_counter()
    for _ in range(3):
        p = dm.charpoly(); d = dm.det()
    out.append((n, (time.perf_counter() - start) / 3, str(d)))
print(json.dumps({"ground": GROUND_TYPES, "rows": out}))
"""


def ground_types_suite(quick: bool) -> None:
    print("\nSymPy ground types for charpoly + det of rational symmetric matrices (subprocesses)")
    results = {}
    for ground in ("flint", "gmpy"):
        env = dict(os.environ, SYMPY_GROUND_TYPES=ground)
        out = subprocess.run([sys.executable, "-c", _GROUND], env=env, capture_output=True,
                             text=True, check=True).stdout
        data = json.loads(out)
        results[ground] = (data["ground"], data["rows"])
    print(f"{'n':>4} {'gmpy s':>9} {'flint s':>9} {'ratio':>7}  same det")
    for (n, t_gmpy, d_gmpy), (_, t_flint, d_flint) in zip(results["gmpy"][1],
                                                         results["flint"][1], strict=True):
        print(f"{n:>4} {t_gmpy:>9.4f} {t_flint:>9.4f} {t_gmpy / t_flint:>6.1f}x  "
              f"{d_gmpy == d_flint}")
    print(f"(ground types actually used: {results['gmpy'][0]}, {results['flint'][0]})")


def main(quick: bool = False) -> None:
    hessian_suite(quick)
    inertia_suite(quick)
    ground_types_suite(quick)
