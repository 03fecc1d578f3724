"""Exact analysis of symmetric matrices: minors, characteristic polynomial, eigen-
decomposition, inertia, definiteness (also with parameters), condition number, shifts.

Every sign that decides something is decided exactly (:func:`symhess.signs.sign`); the
arithmetic runs in SymPy's ``DomainMatrix`` over the smallest exact domain that holds the
entries (``QQ``, an algebraic field such as ``QQ<sqrt(2)>``, or a polynomial ring for
parameters), with python-flint underneath when it is installed.

The package: :mod:`.matrices` (input and symmetry), :mod:`.minors` (leading and all principal
minors, the characteristic polynomial), :mod:`.congruence` (inertia by Descartes' rule and a
congruence diagonalisation), :mod:`.definite` (the five kinds with their evidence; the
answer's shape in :mod:`.classes`), :mod:`.parametric` (conditions on a matrix's parameters),
:mod:`.eigen` (exact eigenvalues and eigendecomposition), :mod:`.conditioning` (condition
number, 2×2 closed forms, shifts ``H + εI``).

>>> from symhess.parsing import parse_matrix
>>> H = parse_matrix("[[2,1],[1,2]]")
>>> leading_principal_minors(H)
[2, 3]
>>> characteristic_polynomial(H)
lambda**2 - 4*lambda + 3
>>> tuple(inertia(H))
(2, 0, 0)
>>> definiteness(H).classification
'positive definite'
"""

from .classes import CLASSES, Definiteness
from .conditioning import ConditionNumber, Shift, condition_number, eigenvalues_2x2, shift
from .congruence import Inertia, congruence_diagonalization, inertia
from .definite import definiteness
from .eigen import (
    EigenDecomposition,
    Eigenvalue,
    eigendecomposition,
    eigenvalues,
    orthogonal_eigenvectors,
)
from .matrices import LAMBDA, as_matrix, is_symmetric, solve
from .minors import characteristic_polynomial, leading_principal_minors, principal_minors

__all__ = [
    "LAMBDA",
    "CLASSES",
    "as_matrix",
    "is_symmetric",
    "solve",
    "leading_principal_minors",
    "principal_minors",
    "characteristic_polynomial",
    "eigenvalues",
    "Eigenvalue",
    "eigendecomposition",
    "EigenDecomposition",
    "orthogonal_eigenvectors",
    "congruence_diagonalization",
    "inertia",
    "Inertia",
    "definiteness",
    "Definiteness",
    "condition_number",
    "ConditionNumber",
    "eigenvalues_2x2",
    "shift",
    "Shift",
]
