"""The methods by name: a dict filled by the ``@method`` decorator in each family's module.

A method is a generator function ``run(oracle, x0, **options)`` that yields
:class:`Iterate` records -- ``x₀`` first, then one per iteration -- and may ``return`` a
message when it cannot go on (a singular Hessian, a failed line search).  It never decides
when to stop: the driver :func:`symhess.optim.minimize` owns tolerances, limits and the
trajectory, the way mpmath's root finders are iterators watched by one ``findroot``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import OptionError

__all__ = ["Iterate", "MethodSpec", "METHODS", "method", "OptionError"]


@dataclass(frozen=True)
class Iterate:
    """One point of a trajectory: ``x``, ``f(x)``, ``∇f(x)``, the step size that led here
    (``None`` for ``x₀``) and anything the method measured on the way (``info``)."""

    x: object
    f: object
    g: object
    step: object = None
    info: dict | None = None
    #: the method's state after the step (BFGS's inverse Hessian approximation, ...): seen
    #: by callbacks, not kept in the result
    state: object = None


@dataclass(frozen=True)
class MethodSpec:
    name: str
    run: Callable
    summary: str
    #: the method takes a fixed step η (so divergence is explained by η·λmax)
    fixed_step: bool = False


#: name -> method; filled by :func:`method` when a family module is imported
METHODS: dict[str, MethodSpec] = {}


def method(name: str, summary: str, *, fixed_step: bool = False):
    """Register a generator function under ``name``."""

    def register(run: Callable) -> Callable:
        METHODS[name] = MethodSpec(name, run, summary, fixed_step)
        return run

    return register
