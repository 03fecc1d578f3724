"""One driver for every method: it owns stopping, limits, divergence and the trajectory."""

from __future__ import annotations

import inspect

from ..errors import DimensionError, ParseError
from ..verdict import Verdict
from .backends import Backend, SingularMatrix, get_backend
from .problem import ROUND_DIGITS, Problem, Repeated
from .registry import METHODS, OptionError
from .result import OptimizeResult
from .second_order import SecondOrder, stationary_verdict

__all__ = ["minimize", "MESSAGES", "DIVERGENCE_FACTOR", "MAX_DIGITS"]

#: default digit budget of an exact run: the longest coordinate of an iterate, in decimal
MAX_DIGITS = 5000

#: ``‖∇f‖∞`` growing by this factor over its start counts as divergence
DIVERGENCE_FACTOR = 10**8

#: every way a run ends, in words
MESSAGES = {
    "converged": "converged: ‖∇f‖∞ = {gnorm} ≤ gtol = {gtol}",
    "saddle": "stopped at a saddle point, not a minimum: ‖∇f‖∞ = {gnorm} ≤ gtol = {gtol} but "
              "H(x) has eigenvalues of both signs ({detail})",
    "max": "stopped at a local maximum, not a minimum: ‖∇f‖∞ = {gnorm} ≤ gtol = {gtol} but "
           "H(x) is negative definite ({detail})",
    "maxiter": "stopped after maxiter = {maxiter} iterations with ‖∇f‖∞ = {gnorm} > gtol",
    "diverged": "diverged: ‖∇f‖∞ grew from {gnorm0} to {gnorm} in {nit} iterations",
    "nonfinite": "stopped: f or ∇f is not finite at iteration {nit} (the iterates blew up or "
                 "left the domain of f)",
    "nonfinite-start": "stopped: f or ∇f is not finite at the start x₀ (an overflow: try a "
                       "start nearer the minimiser, or backend=\"mpmath\", whose exponents "
                       "do not overflow)",
    "singular": "stopped: a singular linear system at iteration {nit} ({detail})",
    "method": "stopped at iteration {nit}: {detail}",
    "callback": "stopped by the callback at iteration {nit}",
    "digits": "stopped at iteration {nit}: the iterate has {detail} digits, past the digit "
              "budget max_digits = {max_digits}; exact arithmetic lengthens the iterates at "
              "each step: use backend=\"mpmath\" (any precision) or raise max_digits",
}


def minimize(problem, x0=None, method: str = "bfgs", backend: str | Backend = "numpy", *,
             maxiter: int | None = None, gtol=None, dps: int | None = None,
             variables=None, callback=None, trajectory: bool | None = None,
             max_digits: int | None = None, rtol=None, **options) -> OptimizeResult:
    """Minimise ``problem`` (a :class:`Problem`, a SymPy expression or text) from ``x0``.

    ``method`` names an entry of :data:`~symhess.optim.registry.METHODS`; ``options`` are the
    method's own keywords (``step`` for a fixed step size or learning rate, ``memory`` for
    L-BFGS, ``momentum``, ``line_search``, ...).  The run stops when the gradient test holds
    (below), after ``maxiter`` iterations, when the iterates diverge or stop being finite, or
    when ``callback(iterate)`` returns ``True``.  Not converging is ``success=False`` with a
    message, never an exception; a point where the gradient test holds but the Hessian shows
    a saddle or a maximum is not a success either (:mod:`~symhess.optim.second_order`).

    **The gradient test is scale-aware.**  With ``g₀ = ‖∇f(x₀)‖∞`` and ``f₀ = f(x₀)`` the run
    stops when ``‖∇f‖∞ ≤ tol`` with

    ``tol = max(min(gtol, rtol·g₀), min(100·ε·max(|f₀|, g₀), gtol))``

    so multiplying ``f`` by ``c < 1`` tightens the test with it (``rtol·g₀`` scales with ``c``)
    instead of stopping as soon as the gradient is small in absolute terms (``f·10⁻⁵`` used to
    stop far from the minimizer); ``gtol`` keeps the test from being looser than the absolute
    one, and the last term keeps it above what rounding lets a gradient reach (but never
    above ``gtol``).  Defaults:
    ``gtol`` is the backend's (1e-5 for NumPy, as scipy; 10^(−dps/3) for mpmath) and
    ``rtol = gtol·10⁻³``.  **Absolute test**: pass ``gtol`` alone (``rtol`` then defaults to
    0) or ``rtol=0``; the exact backend's test is absolute (``gtol = 10⁻¹²`` exactly) unless
    ``rtol`` is given.

    ``trajectory`` keeps every iterate in ``xs`` (default: when ``n ≤ 10⁴``).

    On the exact backend the result records the decimal digits of each iterate
    (``iterate_digits``), line-search steps are rounded to 53-bit dyadic rationals (see
    :meth:`~symhess.optim.backends.ExactBackend.line_search_point`: the iterate given the step
    is exact), and a run whose iterate needs more than ``max_digits`` digits (default
    :data:`MAX_DIGITS`) stops with a message suggesting ``backend="mpmath"``.

    >>> r = minimize("x^2 + 10y^2", [1, 1], method="gd", backend="exact", step="1/20",
    ...              maxiter=3)
    >>> [list(x) for x in r.xs]
    [[1, 1], [9/10, 0], [81/100, 0], [729/1000, 0]]
    >>> r.success, r.message
    (False, 'stopped after maxiter = 3 iterations with ‖∇f‖∞ = 729/500 > gtol')
    """
    if not isinstance(problem, Problem):
        problem = Problem.from_expr(problem, variables)
    spec = METHODS.get(method) if isinstance(method, str) else None
    if spec is None:
        raise ParseError(f"unknown method {method!r}; choose one of {', '.join(sorted(METHODS))}",
                         str(method))
    bk = get_backend(backend, dps=dps)
    oracle = problem.oracle(bk)
    if x0 is None:
        if problem.x0 is None:
            raise DimensionError(f"give a starting point x0 with {problem.n} coordinates")
        x0 = problem.x0
    if len(x0) != problem.n:
        names = ", ".join(map(str, problem.variables)) if problem.n <= 10 else ""
        raise DimensionError(f"x0 has {len(x0)} coordinates but the problem has {problem.n} "
                             f"variables" + (f" ({names})" if names else ""))
    keep = trajectory if trajectory is not None else problem.n <= 10_000
    maxiter = maxiter if maxiter is not None else max(200, 20 * problem.n) \
        if problem.n <= 1000 else 20_000
    with bk.scope():
        absolute = gtol is not None or bk.exact
        gtol = bk.number(gtol) if gtol is not None else bk.gtol
        rtol = bk.number(rtol) if rtol is not None else 0 if absolute else gtol / 1000
        start = x0.vector(bk) if isinstance(x0, Repeated) else bk.vector(x0)
        try:
            run = spec.run(oracle, start, **options)
        except TypeError as exc:
            accepted = [p for p in inspect.signature(spec.run).parameters][2:]
            raise OptionError(f"{exc}; method {spec.name} takes "
                              f"{', '.join(accepted) or 'no options'}") from None
        if max_digits is None and bk.exact:
            max_digits = MAX_DIGITS
        return _drive(run, spec, oracle, problem, bk, gtol, maxiter, keep, callback, options,
                      max_digits, rtol)


def _drive(run, spec, oracle, problem, bk, gtol, maxiter, keep, callback, options,
           max_digits=None, rtol=0):
    xs, fs, steps, gnorms, info, digits = [], [], [], [], {}, []
    status, detail, last = "maxiter", "", None
    relative = False
    limit = None
    while True:
        try:
            it = next(run)
        except StopIteration as stop:
            status, detail = "method", stop.value or "the method ended"
            break
        except SingularMatrix as exc:
            status, detail = "singular", str(exc)
            break
        last = it
        gnorm = bk.norm_inf(it.g) if bk.isfinite(it.g) else None
        if keep or not xs:
            xs.append(it.x)
        fs.append(it.f)
        steps.append(it.step)
        gnorms.append(gnorm)
        size = bk.digits(it.x)
        if size is not None:
            digits.append(size)
        for key, value in (it.info or {}).items():
            info.setdefault(key, []).append(value)
        if gnorm is None or not bk.isfinite(it.f):
            status = "nonfinite" if len(fs) > 1 else "nonfinite-start"
            break
        if max_digits is not None and size is not None and size > max_digits:
            status, detail = "digits", f"{size}"
            break
        if len(fs) == 1 and rtol:
            gtol, relative = _tolerance(bk, gtol, rtol, it.f, gnorm)
        if gnorm <= gtol:
            status = "converged"
            break
        if limit is None:
            limit = DIVERGENCE_FACTOR * (1 + gnorm)
        elif gnorm > limit:
            status = "diverged"
            break
        if len(fs) > maxiter:
            break
        if callback is not None and callback(it) is True:
            status = "callback"
            break
    nit = len(fs) - 1
    if status == "converged":
        second = stationary_verdict(problem, bk, last.x, last.g)
        if second.verdict in (Verdict.SADDLE, Verdict.MAX):
            status, detail = second.verdict.value, second.reason
    else:
        second = SecondOrder(Verdict.UNDETERMINED, "not examined: the gradient test does not "
                                                   "hold at the final iterate")
    message = MESSAGES[status].format(
        gnorm=_short(bk, gnorms[-1]) if gnorms and gnorms[-1] is not None else "∞",
        gnorm0=_short(bk, gnorms[0]) if gnorms and gnorms[0] is not None else "∞",
        gtol=_short(bk, gtol) + (f" (rtol·‖∇f(x₀)‖∞, rtol = {_short(bk, rtol)})"
                                 if relative else ""),
        maxiter=maxiter, nit=nit, detail=detail, max_digits=max_digits)
    growing = status == "maxiter" and gnorms[-1] is not None and gnorms[-1] > gnorms[0]
    if (status in ("diverged", "nonfinite") or growing) and spec.fixed_step \
            and "step" in options:
        message += "; " + _stability(oracle, problem, bk, options["step"], xs[0])
    if oracle.nrounded:
        message += (f"; {oracle.nrounded} values of f and its derivatives were not rational "
                    f"({', '.join(oracle.rounded_functions)}) and were evaluated to "
                    f"{ROUND_DIGITS} significant digits: each iterate is exact given them")
    return OptimizeResult(
        x=last.x if last is not None else xs[0],
        fun=last.f if last is not None else None,
        jac=last.g if last is not None else None,
        grad_norm=gnorms[-1] if gnorms and gnorms[-1] is not None else bk.number(float("inf"))
        if not bk.exact else None,
        nit=nit, nfev=oracle.nfev, ngev=oracle.ngev, nhev=oracle.nhev,
        success=status == "converged",
        message=message,
        backend=str(bk), method=spec.name,
        xs=tuple(xs) if keep else (),
        fs=tuple(fs), steps=tuple(steps), grad_norms=tuple(gnorms),
        info={k: tuple(v) for k, v in info.items()},
        stationary_type=second.verdict,
        stationary_reason=second.reason,
        rounded_values=oracle.nrounded,
        iterate_digits=tuple(digits),
        problem=problem,
        digits=getattr(bk, "dps", None),
    )


def _tolerance(bk, gtol, rtol, f0, g0):
    """``(tol, relative)``: the scale-aware gradient tolerance of :func:`minimize` and whether
    ``rtol·g₀`` set it."""
    floor = 100 * bk.eps * max(abs(f0), g0)
    scaled = rtol * g0
    # the floor never loosens the test past gtol: at Jennrich–Sampson's 100x₀, f₀ ≈ 10³¹⁸ made
    # it "converge" with ‖∇f‖∞ ≈ 10³¹⁹ on the mpmath backend
    tol = max(min(gtol, scaled), min(floor, gtol))
    return tol, scaled < gtol and tol == scaled


def _short(bk, value) -> str:
    if bk.exact:
        from ..results import exact

        if value.is_Rational and max(abs(value.p), value.q).bit_length() > 80:
            return f"{bk.to_float(value):.6g}"
        text = exact(value)
        return text if len(text) <= 30 else f"{bk.to_float(value):.6g}"
    return f"{bk.to_float(value):.3g}"


def _stability(oracle, problem, bk, step, x0) -> str:
    """Why a fixed step diverged: ``η·λmax`` of the Hessian at ``x₀`` against 2."""
    from .spectrum import extreme_eigenvalues

    eta = bk.number(step)
    lam = extreme_eigenvalues(problem, x0, backend=bk).largest
    product = eta * lam
    verdict = "> 2: gradient descent is stable only for η < 2/λmax" if product > 2 else \
        "≤ 2: the step was stable at x₀"
    return (f"η·λmax = {_short(bk, product)} {verdict} "
            f"(η = {_short(bk, eta)}, λmax(H(x₀)) = {_short(bk, lam)})")
