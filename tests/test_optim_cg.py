"""Nonlinear conjugate gradient (``cg``, scipy's ``CG``) and linear CG (``linear-cg``)."""

import pytest
import sympy as sp

from symhess.optim import OptionError, minimize
from symhess.optim.problem_set import TEST_SET
from tests.optim_peers import against_scipy


@pytest.mark.parametrize("name", sorted(TEST_SET))
@pytest.mark.parametrize("beta", ["pr+", "fr"])
def test_cg_solves_what_scipy_cg_solves_on_mgh(name, beta):
    ours, _, ours_solved, peer_solved = against_scipy(TEST_SET[name](), "cg", "CG", beta=beta)
    assert ours_solved or not peer_solved
    assert ours.nhev == 0  # gradients only


def test_fletcher_reeves_and_polak_ribiere_take_different_paths():
    runs = [minimize("(1-x)^2 + 100(y-x^2)^2", [-1.2, 1], method="cg", beta=b)
            for b in ("pr+", "fr")]
    assert all(r.success for r in runs) and runs[0].nit != runs[1].nit


def test_unknown_beta_is_an_option_error():
    with pytest.raises(OptionError, match="beta must be one of pr\\+, fr"):
        minimize("x^2 + y^2", [1, 1], method="cg", beta="hs")


def test_cg_in_exact_arithmetic_keeps_iterates_rational():
    r = minimize("x^2 + 3y^2 + x*y - x", [1, 1], method="cg", backend="exact", maxiter=4)
    assert all(isinstance(c, sp.Rational) for x in r.xs for c in x)
    assert all(r.fs[k + 1] < r.fs[k] for k in range(r.nit))


# -- Newton-CG: negative curvature ------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(TEST_SET))
def test_newton_cg_solves_mgh_with_no_more_evaluations_than_scipy(name):
    ours, peer, ours_solved, peer_solved = against_scipy(TEST_SET[name](), "newton-cg",
                                                         "Newton-CG")
    assert ours_solved or not peer_solved
    assert ours.nfev <= peer.nfev


def test_truncated_cg_uses_a_direction_of_negative_curvature_exactly():
    from symhess.optim.backends import get_backend
    from symhess.optim.hessian_free import truncated_cg

    bk = get_backend("exact")
    H = bk.matrix([[1, 0], [0, -1]])
    g = bk.vector([2, 1])

    def model(d):
        return bk.dot(g, d) + bk.dot(d, H @ d) / 2

    d, used = truncated_cg(bk, lambda v: H @ v, g, sp.Integer(0), 10)
    one_step = -(bk.dot(g, g) / bk.dot(g, H @ g)) * g  # CG's first iterate (positive curvature)
    assert used == 2  # the second CG direction has negative curvature
    assert bk.dot(g, d) < bk.dot(g, one_step) < 0  # still a descent direction, and steeper
    assert model(d) < model(one_step)  # and it lowers the model further than stopping would
