"""Critical points found exactly and classified, degenerate ones included.

One module per idea: :mod:`.finding` (solving ∇f = 0: the polynomial ring, Gröbner bases,
SymPy's solver, the certified box search), :mod:`.equations` (the exact algebra it uses),
:mod:`.krawczyk` (certified interval enclosures), :mod:`.classifying` (the second-derivative
test at a point, written once in :mod:`symhess.secondorder`), :mod:`.splitting` (the splitting
lemma for degenerate points), :mod:`.forms` (the sign of the lowest-order form),
:mod:`.families` and :mod:`.components` (positive-dimensional sets of critical points),
:mod:`.results` (what is returned).

*Finding* (:func:`critical_points`): for polynomial and rational ``f`` the gradient's
numerators, stripped of factors that never vanish (``exp(…)``, positive definite sums of
squares), are solved exactly.  Their greatest common divisor cuts out hypersurfaces of critical
points, reported as **families**; the rest is a lex Gröbner basis, solved triangularly with the
real roots isolated exactly (radicals where they exist, ``CRootOf`` otherwise).  Other
functions go to SymPy's solver under the budget; where it finds nothing and a box is given, an
interval Krawczyk search encloses every critical point in the box and reports it as numeric
with its error bound.

*Classifying* (:func:`classify`): the inertia of ``H`` at the exact point decides
non-degenerate points and every indefinite one.  A semidefinite singular ``H`` — the
textbook's "inconclusive" — goes to the splitting lemma: the coordinates ``w`` off the kernel
are solved from ``∂f/∂w = 0`` as power series in the kernel coordinates ``s`` and the reduced
function ``g(s) = f(s, w(s)) − f(p)`` is read from its lowest-order form (odd degree: saddle;
definite: strict extremum; both signs: saddle).  With ``H = 0`` the reduced function is ``f``
itself.

>>> from sympy import symbols
>>> x, y = symbols("x y")
>>> c = classify((y - x**2)*(y - 2*x**2), {x: 0, y: 0})
>>> c.type, c.certificate.split(";")[0]
('saddle', 'along y = 3*x**2/2, f − f(p) = -x**4/4 < 0')
>>> [(str(p.point), p.type) for p in analyze_critical_points(x**3 - 3*x + y**2).points]
[('{x: -1, y: 0}', 'saddle'), ('{x: 1, y: 0}', 'min')]

Reference: Arnold, Gusein-Zade, Varchenko, *Singularities of Differentiable Maps* I, §1.3
(splitting lemma) and §12 (Newton polygons, quasi-homogeneous principal parts).
"""

from ..parsing import parse_box
from .classifying import classify
from .finding import analyze_critical_points, critical_points
from .krawczyk import krawczyk_points
from .results import CriticalPoint, CriticalPoints, Family

__all__ = [
    "CriticalPoint",
    "Family",
    "CriticalPoints",
    "critical_points",
    "classify",
    "analyze_critical_points",
    "krawczyk_points",
    "parse_box",
]
