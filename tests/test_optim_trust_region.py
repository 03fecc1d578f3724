"""Trust-region Newton with Steihaug–Toint CG (``trust-ncg``), against scipy's ``trust-ncg``."""

import numpy as np
import pytest
import sympy as sp

from symhess import problems
from symhess.optim import OptionError, minimize
from symhess.optim.backends import get_backend
from symhess.optim.trust_region import steihaug
from symhess.problems import MGH
from symhess.verdict import Verdict
from tests.optim_peers import against_scipy

R = sp.Rational


@pytest.mark.parametrize("name", sorted(MGH))
def test_trust_ncg_matches_scipy_on_mgh(name):
    ours, peer, ours_solved, peer_solved = against_scipy(MGH[name](), "trust-ncg",
                                                         "trust-ncg")
    assert ours_solved or not peer_solved
    assert ours.nfev <= peer.nfev + 2  # the same algorithm: the same number of trial points


def test_negative_curvature_is_followed_away_from_the_saddle():
    # Newton from this start converges to the saddle at the origin; the trust region leaves it
    p = problems.saddle()
    newton = minimize(p, method="newton", backend="exact")
    trust = minimize(p, method="trust-ncg", backend="exact")
    assert newton.stationary_type is Verdict.SADDLE and not newton.success
    assert trust.success and trust.stationary_type is Verdict.MIN
    assert abs(abs(trust.x[1]) - 1) < R(1, 10**10)


def test_steihaug_stops_on_the_boundary_along_negative_curvature_exactly():
    bk = get_backend("exact")
    H = bk.matrix([[1, 0], [0, -1]])
    g = bk.vector([0, 1])  # −g points along the negative-curvature direction
    p, on_boundary, used = steihaug(bk, lambda v: H @ v, g, R(3, 1), R(0), 10)
    assert on_boundary and used == 1 and list(p) == [0, -3]


def test_steihaug_returns_the_newton_step_inside_the_region():
    bk = get_backend("exact")
    H = bk.matrix([[2, 1], [1, 3]])
    g = bk.vector([1, -1])
    p, on_boundary, _ = steihaug(bk, lambda v: H @ v, g, R(100), R(0), 10)
    assert not on_boundary and list(H @ p + g) == [0, 0]


def test_every_backend_takes_the_same_trust_region_steps():
    runs = {bk: minimize(problems.rosenbrock(2), method="trust-ncg", backend=bk, maxiter=4,
                         gtol=0) for bk in ("exact", "mpmath", "numpy")}
    for k in range(5):
        exact = np.array([float(v) for v in runs["exact"].xs[k]])
        for bk in ("mpmath", "numpy"):
            other = np.array([float(v) for v in runs[bk].xs[k]])
            assert np.max(np.abs(other - exact)) < 1e-12


def test_bad_radius_is_an_option_error():
    with pytest.raises(OptionError, match="trust radius"):
        minimize("x^2 + y^2", [1, 1], method="trust-ncg", radius=0)
