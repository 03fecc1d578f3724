"""symhess: exact second-order information -- gradients, Hessians, definiteness, critical
points -- and the optimizers that use it, in exact, mpmath and NumPy arithmetic."""

import importlib

#: public name -> the module that defines it; imported on first use (PEP 562), so
#: ``import symhess`` and ``symhess --help`` load no mathematics until it is needed
_WHERE = {
    **dict.fromkeys(["analyze", "second_derivatives"], "analysis"),
    "time_budget": "budget",
    "constrained_critical_points": "constrained",
    **dict.fromkeys(["directional_curvature", "gradient", "hessian", "hvp", "jacobian",
                     "mixed_partial_by_limits", "mixed_partials", "taylor2"], "calculus"),
    **dict.fromkeys(["classify", "critical_points", "analyze_critical_points"], "critical"),
    **dict.fromkeys(["DigitsResult", "MethodComparison", "compare_methods", "correct_digits",
                     "find_root", "newton_digits"], "digits"),
    **dict.fromkeys(["BackendError", "BudgetExceeded", "ConvergenceError", "DimensionError",
                     "NotSquareError", "NotSymmetricError", "OptionError", "ParseError",
                     "SymhessError", "UndeterminedError"], "errors"),
    **dict.fromkeys(["characteristic_polynomial", "condition_number", "definiteness",
                     "eigendecomposition", "eigenvalues", "inertia",
                     "leading_principal_minors", "principal_minors", "shift"], "linalg"),
    **dict.fromkeys(["OptimizeResult", "Problem", "minimize"], "optim"),
    **dict.fromkeys(["as_expr", "parse_box", "parse_condition", "parse_expr", "parse_matrix",
                     "parse_point", "parse_variables"], "parsing"),
    **dict.fromkeys(["SecondOrderVerdict", "second_order_test"], "secondorder"),
    "sign": "signs",
    **dict.fromkeys(["Verdict", "Definiteness"], "verdict"),
}


def __getattr__(name: str):
    if name == "problems":
        value = importlib.import_module(f"{__name__}.problems")
    elif name in _WHERE:
        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
    "classify",
    "critical_points",
    "analyze_critical_points",
    "constrained_critical_points",
    "second_order_test",
    "SecondOrderVerdict",
    "Verdict",
    "Definiteness",
    "as_expr",
    "parse_box",
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
