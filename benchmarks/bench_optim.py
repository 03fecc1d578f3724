"""Optimizers: symhess's NumPy backend against scipy.optimize on the very same callables.

* L-BFGS (m = 10) vs L-BFGS-B: extended (pairwise) Rosenbrock at n = 10², 10⁴, 10⁶ and the
  chained ``scipy.optimize.rosen`` at n = 100, 1000, both to ‖∇f‖∞ ≤ 1e-5 (scipy's ``ftol`` set
  to 0 so that it, too, stops on the gradient);
* BFGS, nonlinear CG, Newton-CG and trust-region Newton-CG (Hessian-vector products) against
  scipy's BFGS, CG, Newton-CG and trust-ncg on the Moré–Garbow–Hillstrom problems: iterations,
  evaluations, final accuracy, problems solved (judged by f against f*, never by the success
  flag), and false successes -- ``success`` claimed where the Hessian has a clearly negative
  eigenvalue (a saddle or a maximum), counted for both libraries.

Every ratio is ours / scipy's, measured in this run.  On a shared machine run it as
``OPENBLAS_NUM_THREADS=1 python -m benchmarks optim``: multithreaded BLAS dot products thrash
when other processes hold the cores, and both libraries' timings then swing by 2–50x.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize as scipy_minimize
from scipy.optimize import rosen, rosen_der

from benchmarks._timing import best_of
from symhess import problems
from symhess.optim import Problem, minimize

GTOL = 1e-5


class _Counted:
    """Counts calls of a function handed to scipy (which counts only some of them itself)."""

    def __init__(self, fn):
        self.fn, self.calls = fn, 0

    def __call__(self, *args):
        self.calls += 1
        return self.fn(*args)


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
            both = problems.extended_rosenbrock(n).callables["numpy"].value_and_grad
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


def _mgh_callables(problem):
    calls = problem.oracle("numpy").calls
    return calls.fun, calls.grad, calls.hessp


def _solved(problem, fun, gnorm) -> bool:
    if problem.fmin is not None:
        return abs(fun - float(problem.fmin)) <= 1e-8
    return gnorm <= 10 * GTOL


#: scipy's name -> ours
MGH_METHODS = {"BFGS": "bfgs", "CG": "cg", "Newton-CG": "newton-cg", "trust-ncg": "trust-ncg"}


def _false_success(problem, x, success: bool) -> bool:
    """``success`` claimed at a point whose Hessian has an eigenvalue below −10⁻⁶·‖H‖."""
    if not success:
        return False
    H = np.asarray(problem.oracle("numpy").hess(np.asarray(x, dtype=float)), dtype=float)
    values = np.linalg.eigvalsh((H + H.T) / 2)
    return bool(values[0] < -1e-6 * max(1.0, float(np.max(np.abs(values)))))


def mgh_suite(quick: bool) -> None:
    print("\nBFGS, CG, Newton-CG and trust-ncg vs scipy on the Moré–Garbow–Hillstrom problems "
          "(scipy / ours)")
    print(f"{'problem':<24} {'method':<10} {'nit':>11} {'f+g evals':>11} {'Hv':>11} "
          f"{'|f − f*|':>19}  solved")
    names = list(problems.MGH)[: 4 if quick else None]
    solved = {lib: dict.fromkeys(MGH_METHODS, 0) for lib in ("scipy", "ours")}
    false = {lib: dict.fromkeys(MGH_METHODS, 0) for lib in ("scipy", "ours")}
    for name in names:
        problem = problems.MGH[name]()
        fun, grad, hessp = _mgh_callables(problem)
        x0 = np.array([float(v) for v in problem.x0])
        fmin = float(problem.fmin) if problem.fmin is not None else 0.0
        for label, ours_name in MGH_METHODS.items():
            counted_f, counted_g = _Counted(fun), _Counted(grad)
            counted_h = _Counted(hessp)
            options = {"gtol": GTOL} if label in ("BFGS", "CG", "trust-ncg") else {}
            theirs = scipy_minimize(counted_f, x0, jac=counted_g, method=label, options=options,
                                    hessp=counted_h if label in ("Newton-CG", "trust-ncg")
                                    else None)
            ours = minimize(problem, x0, method=ours_name, gtol=GTOL, maxiter=5000)
            their_gnorm = float(np.max(np.abs(grad(theirs.x))))
            ok_theirs = _solved(problem, theirs.fun, their_gnorm)
            ok_ours = _solved(problem, ours.fun, ours.grad_norm)
            solved["scipy"][label] += ok_theirs
            solved["ours"][label] += ok_ours
            false["scipy"][label] += _false_success(problem, theirs.x, bool(theirs.success))
            false["ours"][label] += _false_success(problem, ours.x, ours.success)
            print(f"{name:<24} {label:<10} {theirs.nit:>5}/{ours.nit:<5} "
                  f"{counted_f.calls + counted_g.calls:>5}/{ours.nfev + ours.ngev:<5} "
                  f"{counted_h.calls:>5}/{ours.nhev:<5} "
                  f"{abs(theirs.fun - fmin):>9.1e}/{abs(ours.fun - fmin):<9.1e} "
                  f"{'yes' if ok_theirs else 'no'}/{'yes' if ok_ours else 'no'}")
    for label in MGH_METHODS:
        print(f"solved with {label}: scipy {solved['scipy'][label]}, ours "
              f"{solved['ours'][label]} of {len(names)} "
              "(solved: f within 1e-8 of the global minimum f*); false successes (success at "
              f"a saddle or maximum): scipy {false['scipy'][label]}, ours "
              f"{false['ours'][label]}")


def main(quick: bool = False) -> None:
    lbfgs_suite(quick)
    mgh_suite(quick)


if __name__ == "__main__":  # pragma: no cover
    main()
