"""Trust-region Newton: Steihaug–Toint CG (``trust-ncg``) and the exact subproblem of Moré and
Sorensen (``trust-exact``), each against its scipy peer."""

import numpy as np
import pytest
import scipy.optimize
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symhess import problems
from symhess.optim import OptionError, minimize
from symhess.optim.backends import get_backend
from symhess.optim.cholesky import ldl, ldl_solve
from symhess.optim.problem_set import MGH, TEST_SET
from symhess.optim.trust_exact import MoreSorensen
from symhess.optim.trust_region import steihaug
from symhess.verdict import Verdict
from tests.optim_peers import against_scipy, solved

R = sp.Rational


@pytest.mark.parametrize("name", sorted(TEST_SET))
def test_trust_ncg_matches_scipy_on_mgh(name):
    ours, peer, ours_solved, peer_solved = against_scipy(TEST_SET[name](), "trust-ncg",
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


@pytest.mark.parametrize("method", ["trust-ncg", "trust-exact"])
def test_every_backend_takes_the_same_trust_region_steps(method):
    runs = {bk: minimize(problems.rosenbrock(2), method=method, backend=bk, maxiter=5,
                         gtol=0) for bk in ("exact", "mpmath", "numpy")}
    for k in range(6):
        exact = np.array([float(v) for v in runs["exact"].xs[k]])
        for bk in ("mpmath", "numpy"):
            other = np.array([float(v) for v in runs[bk].xs[k]])
            assert np.max(np.abs(other - exact)) < 1e-10


def test_bad_radius_is_an_option_error():
    with pytest.raises(OptionError, match="trust radius"):
        minimize("x^2 + y^2", [1, 1], method="trust-ncg", radius=0)


# -- trust-exact: the subproblem solved nearly exactly (Moré–Sorensen) ----------------------------


def test_ldl_of_a_rational_matrix_is_rational_and_reproduces_it():
    bk = get_backend("exact")
    A = bk.matrix([[4, 2, -2], [2, 5, 1], [-2, 1, 6]])
    F = ldl(A)
    assert F.ok and all(v.is_Rational and v > 0 for v in F.d)
    assert (F.L @ np.diag(F.d) @ F.L.T == A).all()
    b = bk.vector([1, R(1, 3), -2])
    assert list(A @ ldl_solve(F, b)) == list(b)


def test_ldl_stops_at_the_first_non_positive_pivot():
    bk = get_backend("exact")
    F = ldl(bk.matrix([[1, 2], [2, 3]]))  # det = −1: the second pivot is 3 − 4 = −1
    assert F.failed == 1 and F.d[1] == -1


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(-4, 4), min_size=3, max_size=3),
       st.lists(st.integers(1, 5), min_size=2, max_size=2),
       st.lists(st.integers(-50, 50), min_size=2, max_size=2))
def test_trust_exact_solves_a_strictly_convex_quadratic_in_one_step(offdiag, diag, start):
    # H = MᵀM + diag: symmetric positive definite with integer entries
    a, b, c = offdiag
    H = sp.Matrix([[a, b], [c, a]]).T * sp.Matrix([[a, b], [c, a]]) + sp.diag(*diag)
    x, y = sp.symbols("x y")
    v = sp.Matrix([x, y])
    f = (v.T * H * v / 2)[0] - 3 * x + y
    r = minimize(f, start, method="trust-exact", backend="exact", radius=10**6,
                 max_radius=10**7, variables=[x, y])
    assert r.nit == 1 and list(H * sp.Matrix(list(r.x))) == [3, -1]
    assert r.success and r.stationary_type is Verdict.MIN


def _best_model_decrease(H, g, radius):
    """``−min{gᵀp + ½pᵀHp : ‖p‖ ≤ Δ}`` from the eigen-decomposition: the secular equation by
    bisection, the hard case by a step along the eigenvector of the smallest eigenvalue."""
    lam, Q = np.linalg.eigh(H)
    c = Q.T @ g

    def p_of(shift):
        return -Q @ (c / (lam + shift))

    if lam[0] > 0 and np.linalg.norm(p_of(0)) <= radius:
        p = p_of(0)
    else:
        low = max(0.0, -lam[0])
        with np.errstate(divide="ignore", invalid="ignore"):
            part = -Q @ np.where(lam + low > 1e-12, c / (lam + low), 0.0)
        if np.linalg.norm(part) < radius and abs(c[0]) < 1e-12:  # the hard case
            p = part + np.sqrt(radius**2 - part @ part) * Q[:, 0]
        else:
            high = low + np.linalg.norm(g) / radius + np.abs(lam).max() + 1
            for _ in range(200):
                mid = (low + high) / 2
                low, high = (mid, high) if np.linalg.norm(p_of(mid)) > radius else (low, mid)
            p = p_of(high)
    return -(g @ p + p @ H @ p / 2)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=6, max_size=6),
       st.lists(st.integers(-5, 5), min_size=3, max_size=3),
       st.sampled_from([0.1, 1.0, 3.0, 50.0]))
def test_more_sorensen_step_is_nearly_optimal(entries, gradient, radius):
    a, b, c, d, e, f = entries
    H = np.array([[a, b, c], [b, d, e], [c, e, f]], dtype=float)
    g = np.array(gradient, dtype=float)
    if not g.any():
        return
    bk = get_backend("numpy")
    solver = MoreSorensen(bk, g, H)
    p, _ = solver.solve(radius)
    # ‖p‖ within k_easy = 1/10 of Δ, and the model within the factor (1 − k_hard)(1 − k_easy)²
    # of its best decrease on the ball (Moré & Sorensen 1983, §3)
    assert np.linalg.norm(p) <= 1.1 * radius * (1 + 1e-9)
    assert solver.decrease(p) >= 0.8 * 0.81 * _best_model_decrease(H, g, radius) - 1e-9


@pytest.mark.parametrize("backend", ["exact", "mpmath", "numpy"])
def test_the_hard_case_reaches_the_boundary(backend):
    # H = diag(−1, 1) and g = (0, 1) ⊥ the eigenvector e₁ of −1: p(λ) = −(H + λI)⁻¹g stays
    # inside ‖p‖ ≤ ½ for every admissible λ ≥ 1, so the step must add a multiple of e₁.
    # The optimum is p = (±√15/2, −½) with model value −9/4.
    bk = get_backend(backend)
    with bk.scope():
        H, g, radius = bk.matrix([[-1, 0], [0, 1]]), bk.vector([0, 1]), bk.number(2)
        solver = MoreSorensen(bk, g, H)
        p, on_boundary = solver.solve(radius)
        pp = bk.dot(p, p)
        assert on_boundary and abs(bk.to_float(pp) - 4) < 0.1 * 4
        assert bk.to_float(solver.decrease(p)) >= (1 - 0.2) * 9 / 4
        assert solver.lam >= 1


@pytest.mark.parametrize("backend", ["exact", "mpmath", "numpy"])
def test_at_a_saddle_the_subproblem_follows_negative_curvature(backend):
    # g = 0, H = diag(−1, 1): λ* = 1 exactly makes H + λ*I singular; the best step is ±2e₁
    # with decrease 2 (the bracket used to collapse at λ = 1 and return p = 0)
    bk = get_backend(backend)
    with bk.scope():
        solver = MoreSorensen(bk, bk.vector([0, 0]), bk.matrix([[-1, 0], [0, 1]]))
        p, on_boundary = solver.solve(bk.number(2))
        assert on_boundary and abs(bk.to_float(p[0])) > 1.9
        assert bk.to_float(solver.decrease(p)) >= 0.8 * 2


@pytest.mark.parametrize("backend", ["exact", "mpmath", "numpy"])
def test_trust_exact_leaves_the_saddle_that_newton_converges_to(backend):
    # x⁴/4 − x²/2 + y²/2 + y from (0, 0): ∇f = (0, 1) ⊥ the negative-curvature direction x;
    # Newton's step goes to the saddle (0, −1), trust-exact reaches a minimum (±1, −1)
    f = "x^4/4 - x^2/2 + y^2/2 + y"
    newton = minimize(f, [0, 0], method="newton", backend=backend)
    trust = minimize(f, [0, 0], method="trust-exact", backend=backend)
    assert newton.stationary_type is Verdict.SADDLE and not newton.success
    assert trust.success and trust.stationary_type is Verdict.MIN
    assert abs(abs(float(trust.x[0])) - 1) < 1e-6 and abs(float(trust.x[1]) + 1) < 1e-6


def test_trust_exact_never_claims_the_himmelblau_maximum():
    # Newton from here converges to the local maximum (issue 15); trust-exact goes downhill
    r = minimize("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", [R(-27, 100), R(-9, 10)],
                 method="trust-exact", backend="exact")
    assert r.success and r.stationary_type is Verdict.MIN and r.fun < R(1, 10**20)
    assert all(later <= earlier for earlier, later in zip(r.fs, r.fs[1:], strict=False))


@pytest.mark.parametrize("name", ["rosenbrock", "beale", "wood", "helical-valley",
                                  "powell-singular"])
def test_trust_exact_matches_scipy(name):
    problem = TEST_SET[name]()
    o = problem.oracle("numpy")
    peer = scipy.optimize.minimize(o.fun, np.asarray(problem.x0, dtype=float), jac=o.grad,
                                   hess=o.hess, method="trust-exact")
    ours = minimize(problem, method="trust-exact", gtol=1e-5)
    assert solved(problem, ours.x, ours.fun) and solved(problem, peer.x, peer.fun)
    # scipy stops at ‖∇f‖₂ < 10⁻⁴, we at ‖∇f‖∞ ≤ 10⁻⁵: at most a couple more steps
    assert ours.nit <= peer.nit + 2 and ours.nfev <= peer.nfev + 2


@pytest.mark.parametrize("name", sorted(MGH))
def test_trust_exact_reaches_a_published_minimum_wherever_scipy_does(name):
    # all 18 MGH problems from the standard start, judged by f against MGH's printed minima
    problem = MGH[name]()
    record = problem.data["mgh"]
    o = problem.oracle("numpy")
    with np.errstate(all="ignore"):
        peer = scipy.optimize.minimize(o.fun, np.asarray(problem.x0, dtype=float), jac=o.grad,
                                       hess=o.hess, method="trust-exact",
                                       options={"gtol": 1e-5, "maxiter": 3000})
    ours = minimize(problem, method="trust-exact", gtol=1e-5, maxiter=3000)
    theirs_hit = record.minimum_reached(peer.fun)
    ours_hit = record.minimum_reached(ours.fun)
    if theirs_hit is not None:
        assert ours_hit is not None
        assert ours.nit <= peer.nit + max(5, peer.nit // 5)
    assert not (ours.success and ours.stationary_type in (Verdict.SADDLE, Verdict.MAX))


@pytest.mark.parametrize("name", ["rosenbrock", "beale", "wood"])
def test_trust_exact_in_exact_arithmetic_is_exact(name):
    problem = TEST_SET[name]()
    r = minimize(problem, method="trust-exact", backend="exact")
    assert r.success and r.stationary_type is Verdict.MIN and r.rounded_values == 0
    assert all(c.is_Rational for x in r.xs for c in x)
    assert r.fun == problem.expr.subs(dict(zip(problem.variables, r.x, strict=True)))
    assert max(r.iterate_digits) < 100  # λ and the steps are rounded: the digits stay short


def test_subproblem_iterations_must_be_positive():
    with pytest.raises(OptionError, match="subproblem_maxiter"):
        minimize("x^2 + y^2", [1, 1], method="trust-exact", subproblem_maxiter=0)
