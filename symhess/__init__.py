"""symhess: exact second-order information -- gradients, Hessians, definiteness, critical
points -- and the optimizers that use it, in exact, mpmath and NumPy arithmetic."""

from . import problems
from .analysis import analyze, second_derivatives
from .budget import time_budget
from .calculus import (
    directional_curvature,
    gradient,
    hessian,
    hvp,
    jacobian,
    mixed_partial_by_limits,
    mixed_partials,
    taylor2,
)
from .digits import (
    DigitsResult,
    MethodComparison,
    compare_methods,
    correct_digits,
    find_root,
    newton_digits,
)
from .errors import (
    BackendError,
    BudgetExceeded,
    ConvergenceError,
    DimensionError,
    NotSquareError,
    NotSymmetricError,
    OptionError,
    ParseError,
    SymhessError,
    UndeterminedError,
)
from .linalg import (
    characteristic_polynomial,
    condition_number,
    definiteness,
    eigendecomposition,
    eigenvalues,
    inertia,
    leading_principal_minors,
    principal_minors,
    shift,
)
from .optim import OptimizeResult, Problem, minimize
from .parsing import parse_condition, parse_expr, parse_matrix, parse_point, parse_variables
from .signs import sign

__version__ = "0.1.0"


def exercise(name: str, student: str | None = None):
    """A course exercise in a notebook: ``ex = symhess.exercise("hessian-basics")`` shows this
    student's questions (the id from ``student=``, JupyterHub's ``JUPYTERHUB_USER``, or asked
    once); ``ex.check("q1", q1)`` gives advisory feedback."""
    from .exercises import exercise as _exercise

    return _exercise(name, student=student)


def load_ipython_extension(ipython) -> None:
    """``%load_ext symhess``: the ``%hessian``, ``%classify``, ``%definiteness`` magics and
    the ``%%symhess`` cell magic (IPython is imported only when the extension is loaded)."""
    from .ipython import load_ipython_extension as load

    load(ipython)

__all__ = [
    "exercise",
    "DigitsResult",
    "MethodComparison",
    "compare_methods",
    "correct_digits",
    "find_root",
    "newton_digits",
    "OptimizeResult",
    "OptionError",
    "Problem",
    "minimize",
    "problems",
    "analyze",
    "characteristic_polynomial",
    "condition_number",
    "definiteness",
    "directional_curvature",
    "eigendecomposition",
    "eigenvalues",
    "gradient",
    "hessian",
    "hvp",
    "inertia",
    "jacobian",
    "leading_principal_minors",
    "mixed_partial_by_limits",
    "mixed_partials",
    "principal_minors",
    "second_derivatives",
    "shift",
    "taylor2",
    "BackendError",
    "BudgetExceeded",
    "ConvergenceError",
    "DimensionError",
    "NotSquareError",
    "NotSymmetricError",
    "ParseError",
    "SymhessError",
    "UndeterminedError",
    "parse_condition",
    "parse_expr",
    "parse_matrix",
    "parse_point",
    "parse_variables",
    "sign",
    "time_budget",
]
