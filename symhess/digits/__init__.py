"""Newton's quadratic convergence, watched digit by digit in mpmath.

Near a simple root ``x*`` Newton's step ``x_{k+1} = x_k - f(x_k)/f'(x_k)`` satisfies
``|e_{k+1}| <= C |e_k|^2`` (``e_k = x_k - x*``), so the number of correct digits roughly
doubles each step.  :func:`newton_digits` runs a method to a requested number of digits and, for
every iterate, measures against an *independent* reference root

* the correct digits ``d_k = -log10(|e_k| / |x*|)``, their ratio ``d_k / d_{k-1}``,
* the estimated order ``log|e_{k+1}| / log|e_k|`` (2 for Newton, 3 for Halley, about 1.618 for
  the secant method, 1 for bisection and fixed-point iteration),
* the working precision in bits.

The package: :mod:`.methods` (each method a generator of iterates, and Newton on ∇f = 0 in
several variables), :mod:`.measure` (correct digits without printing million-digit numbers),
:mod:`.reference` (the independent reference root: a closed form, or a separate run at higher
precision; in several variables the exact critical points and their verdicts from
:func:`symhess.critical.critical_points`), :mod:`.result` (what is returned, as tables, LaTeX
and plots) and :mod:`.drivers` (reading the input, running, measuring).

Each method is a generator yielding iterates (as mpmath's ``calculus/optimization.py`` does);
the driver owns the stopping rule and the measurements.  The superlinear methods follow a
*precision-doubling schedule*: an iterate with ``b`` correct bits only needs ``2b`` bits of
working precision to produce the next one (``3b`` for Halley), and the correction
``f/f'`` only needs ``b``, so most steps are cheap and the last one costs about one
multiplication and one half-precision division at full precision.

>>> import mpmath
>>> r = newton_digits("x^2 - 2", 1, digits=60)
>>> [step.correct_digits for step in r.iterations]
[1, 2, 5, 11, 24, 48, 60]
>>> r.reference
'sqrt(2)'
>>> mpmath.nstr(r.root, 25)
'1.414213562373095048801689'

References: Nocedal & Wright, *Numerical Optimization*, Thm 3.5 (quadratic convergence);
Brent & Zimmermann, *Modern Computer Arithmetic*, §4.2 (Newton with increasing precision).
"""

from .drivers import compare_methods, find_root, newton_digits
from .measure import MAX_DIGITS, correct_digits
from .methods import METHODS
from .result import DigitsResult, DigitsStep, MethodComparison

__all__ = [
    "newton_digits",
    "compare_methods",
    "find_root",
    "correct_digits",
    "DigitsResult",
    "DigitsStep",
    "MethodComparison",
    "METHODS",
    "MAX_DIGITS",
]
