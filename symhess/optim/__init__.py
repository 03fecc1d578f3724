"""Optimizers written once, run in exact, mpmath or NumPy arithmetic.

``minimize(problem_or_expr, x0, method=..., backend=..., **options)`` drives any method of
:data:`METHODS` over a :class:`Problem`; the result carries the whole trajectory.

>>> r = minimize("(x - 1)^2 + 4(y + 2)^2", [0, 0], method="newton", backend="exact")
>>> r.nit, list(r.x), r.fun
(1, [1, -2], 0)
"""

from . import (  # noqa: F401 - importing a family registers its methods
    conjugate_gradient,
    first_order,
    hessian_free,
    least_squares,
    natural_gradient,
    newton,
    quasi_newton,
    sam,
    trust_exact,
    trust_region,
)
from .backends import BACKENDS, Backend, get_backend, register
from .driver import MESSAGES, minimize
from .kfac import fisher_block, kfac_direction, kronecker_factors
from .problem import Problem
from .registry import METHODS, Iterate, OptionError
from .result import OptimizeResult
from .spectrum import Spectrum, extreme_eigenvalues, lanczos, power_iteration

__all__ = [
    "minimize",
    "fisher_block",
    "kronecker_factors",
    "kfac_direction",
    "Problem",
    "OptimizeResult",
    "Iterate",
    "METHODS",
    "MESSAGES",
    "BACKENDS",
    "Backend",
    "get_backend",
    "register",
    "OptionError",
    "extreme_eigenvalues",
    "Spectrum",
    "power_iteration",
    "lanczos",
]
