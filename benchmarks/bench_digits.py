"""Digits: precision-doubling Newton vs mpmath.sqrt and mpmath.findroot, ratios from this run.

* √2 as the root of x² − 2 to 10⁴, 10⁵, 10⁶ digits: the solver alone (``find_root``, the
  expression parsed and compiled once), the full report (``newton_digits``: reference, digit
  counts, every row; SymPy's closed-form search redone each time), ``mpmath.sqrt`` at the
  same precision and ``mpmath.findroot`` (its default secant method at fixed precision,
  capped at ``FINDROOT_CAP`` seconds).
* the same Newton at fixed precision, to show what the schedule buys;
* cos x = x to 10⁵ digits: the report vs ``findroot``.

Every answer is checked digit for digit against mpmath's in the same run.
"""

from __future__ import annotations

import sympy as sp
from mpmath import mp, mpf

from benchmarks._timing import best_of
from symhess.budget import time_budget
from symhess.digits import correct_digits, find_root, newton_digits
from symhess.digits.reference import _closed_form_roots
from symhess.errors import BudgetExceeded

#: findroot runs at most this long per case; beyond it the row says "capped".
FINDROOT_CAP = 60.0

x = sp.Symbol("x")
SQRT2 = x**2 - 2
COS = sp.cos(x) - x


def _cold_report(f, digits: int):
    """The full report with SymPy's closed-form search redone (it is cached between calls)."""
    _closed_form_roots.cache_clear()
    return newton_digits(f, 1, digits=digits)


def _findroot(f, digits: int) -> tuple[float | None, object]:
    def run():
        with mp.workdps(digits):
            return mp.findroot(f, mpf(1))

    try:
        with time_budget(FINDROOT_CAP, "findroot"):
            return best_of(run, repeat=1)
    except BudgetExceeded:
        return None, None


def square_root_of_two(quick: bool) -> None:
    print("√2 as the root of x² − 2 (times in s; ratios against mpmath measured here)")
    print(f"{'digits':>9} {'mp.sqrt':>9} {'solver':>9} {'report':>9} {'findroot':>9} "
          f"{'solver/sqrt':>12} {'report/sqrt':>12} {'findroot/solver':>16}  agree")
    for digits in ([10**4, 10**5] if quick else [10**4, 10**5, 10**6]):
        repeat = 3 if digits < 10**6 else 2
        with mp.workdps(digits + 10):
            t_sqrt, exact = best_of(lambda: +mp.sqrt(2), repeat)
        find_root(SQRT2, 1, digits=digits)  # compile once, as findroot gets a ready lambda
        t_solver, ours = best_of(lambda d=digits: find_root(SQRT2, 1, digits=d), repeat)
        t_report, report = best_of(lambda d=digits: _cold_report(SQRT2, d), repeat)
        t_find, theirs = _findroot(lambda v: v * v - 2, digits)
        agree = (correct_digits(ours, exact, cap=digits) == digits
                 and report.iterations[-1].correct_digits == digits
                 and (theirs is None or correct_digits(theirs, exact, cap=digits) >= digits - 1))
        find = f"{t_find:>9.4f}" if t_find is not None else f"{'capped':>9}"
        ratio = f"{t_find / t_solver:>15.1f}x" if t_find is not None else \
            f"{'>' + format(FINDROOT_CAP / t_solver, '.0f') + 'x':>16}"
        print(f"{digits:>9,} {t_sqrt:>9.4f} {t_solver:>9.4f} {t_report:>9.4f} {find} "
              f"{t_solver / t_sqrt:>11.2f}x {t_report / t_sqrt:>11.2f}x {ratio}  {agree}")


def doubling_vs_fixed(quick: bool) -> None:
    digits = 10**5 if quick else 10**6
    t_doubling, fast = best_of(lambda: find_root(SQRT2, 1, digits=digits), 2)
    t_fixed, slow = best_of(lambda: find_root(SQRT2, 1, digits=digits, doubling=False), 1)
    same = correct_digits(fast, slow, cap=digits) == digits
    print(f"\nNewton to {digits:,} digits: doubling {t_doubling:.4f} s, fixed precision "
          f"{t_fixed:.4f} s: {t_fixed / t_doubling:.1f}x faster, same digits: {same}")


def cos_x_equals_x(quick: bool) -> None:
    digits = 10**4 if quick else 10**5
    t_report, report = best_of(lambda: _cold_report(COS, digits), 1)
    t_solver, ours = best_of(lambda: find_root(COS, 1, digits=digits), 1)
    t_find, theirs = _findroot(lambda v: mp.cos(v) - v, digits)
    agree = theirs is None or correct_digits(ours, theirs, cap=digits) >= digits - 1
    print(f"\ncos x = x to {digits:,} digits: solver {t_solver:.3f} s, report {t_report:.3f} s "
          f"(reference: {report.reference.split(' (')[0]}), findroot "
          + (f"{t_find:.3f} s: solver {t_find / t_solver:.1f}x faster, report "
             f"{t_find / t_report:.1f}x faster" if t_find is not None else
             f"capped at {FINDROOT_CAP:.0f} s")
          + f"; agree: {agree}")


def main(quick: bool) -> None:
    import mpmath.libmp

    print(f"mpmath backend: {mpmath.libmp.BACKEND}")
    square_root_of_two(quick)
    doubling_vs_fixed(quick)
    cos_x_equals_x(quick)
