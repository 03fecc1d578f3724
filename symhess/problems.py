"""The catalogue of test problems, kept importable as ``symhess.problems``; it lives in
:mod:`symhess.optim.problem_set`, beside the optimizers it serves.

>>> from symhess import problems
>>> problems.rosenbrock(2).n
2
"""

from .optim.problem_set import *  # noqa: F403 - this module is the catalogue's old address
from .optim.problem_set import __all__  # noqa: F401
