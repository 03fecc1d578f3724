"""symhess: exact second-order information -- gradients, Hessians, definiteness, critical
points -- and the optimizers that use it, in exact, mpmath and NumPy arithmetic."""

from .budget import time_budget
from .errors import (
    BackendError,
    BudgetExceeded,
    ConvergenceError,
    DimensionError,
    NotSquareError,
    NotSymmetricError,
    ParseError,
    SymhessError,
    UndeterminedError,
)
from .parsing import parse_condition, parse_expr, parse_matrix, parse_point, parse_variables
from .signs import sign

__version__ = "0.1.0"

__all__ = [
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
