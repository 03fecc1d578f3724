"""The theory of the optimizers, checked exactly where the textbook states an identity."""

from itertools import pairwise

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from symhess import problems
from symhess.calculus import gradient, hessian
from symhess.linalg import definiteness
from symhess.optim import get_backend, minimize
from symhess.optim.problem import Problem
from symhess.optim.quasi_newton import bfgs_update
from symhess.optim.spectrum import extreme_eigenvalues, power_iteration
from symhess.verdict import Verdict

R = sp.Rational


def eigen_coordinates(problem, x):
    """``Qᵀ(x − x*)``: the error in the eigenbasis of ``A`` (``Q`` has orthogonal columns)."""
    Q = problem.data["Q"]
    error = sp.Matrix(list(x)) - sp.Matrix(problem.xmin)
    return [(Q[:, i].T * error)[0] / (Q[:, i].T * Q[:, i])[0] for i in range(Q.cols)]


# -- gradient descent on a quadratic ----------------------------------------------------------


def test_gd_error_is_multiplied_by_one_minus_eta_lambda_in_each_eigendirection():
    p = problems.quadratic([1, 4, 9])
    eta = R(1, 10)
    r = minimize(p, [2, R(1, 3), -5], method="gd", backend="exact", step=eta, maxiter=8)
    assert all(isinstance(c, sp.Rational) for x in r.xs for c in x)
    lams = p.data["eigenvalues"]
    for before, after in pairwise(r.xs):
        z0, z1 = eigen_coordinates(p, before), eigen_coordinates(p, after)
        assert z1 == [(1 - eta * lam) * z for lam, z in zip(lams, z0, strict=True)]


@given(st.lists(st.integers(1, 30), min_size=2, max_size=4, unique=True),
       st.integers(1, 60), st.integers(-9, 9))
def test_each_eigencomponent_follows_its_own_factor_for_any_spectrum_and_step(lams, m, shift):
    p = problems.quadratic(lams)
    eta = R(1, m)
    start = [R(shift + i, 1 + i) for i in range(len(lams))]
    r = minimize(p, start, method="gd", backend="exact", step=eta, maxiter=3, gtol=0)
    z = [eigen_coordinates(p, x) for x in r.xs]
    for k in range(len(z)):
        assert z[k] == [(1 - eta * lam) ** k * c for lam, c in zip(lams, z[0], strict=True)]


def test_gd_diverges_above_two_over_lambda_max_and_says_eta_lambda_max():
    p = problems.quadratic([1, 4, 9])
    r = minimize(p, [1, 1, 1], method="gd", backend="exact", step=R(1, 4), maxiter=500)
    assert not r.success
    assert "diverged" in r.message
    assert "η·λmax = 9/4 > 2" in r.message


def test_gd_just_above_two_over_lambda_max_grows_slowly_and_the_result_says_why():
    p = problems.quadratic([1, 4, 9])
    r = minimize(p, [1, 1, 1], method="gd", backend="exact", step=R(2, 9) * R(101, 100),
                 maxiter=50)
    assert not r.success and r.grad_norms[-1] > r.grad_norms[0]
    assert "η·λmax = 101/50 > 2" in r.message


def test_gd_converges_just_below_two_over_lambda_max():
    p = problems.quadratic([1, 4, 9])
    r = minimize(p, [1, 1, 1], method="gd", backend="numpy", step=R(2, 9) * R(99, 100),
                 maxiter=5000)
    assert r.success


def test_gd_iterations_grow_linearly_with_the_condition_number():
    kappas = [4, 8, 16, 32, 64, 128]
    counts = []
    for kappa in kappas:
        p = problems.ill_conditioned(kappa)
        r = minimize(p, [3, 3], method="gd", backend="numpy", step=1 / kappa, gtol=1e-8,
                     maxiter=100_000)
        assert r.success
        counts.append(r.nit)
    assert counts == sorted(counts) and len(set(counts)) == len(counts)
    per_kappa = [c / k for c, k in zip(counts, kappas, strict=True)]
    assert max(per_kappa) / min(per_kappa) < 1.5  # iterations ∝ κ


def test_exact_line_search_step_is_g_dot_g_over_g_dot_A_g():
    p = problems.quadratic([1, 5])
    A = p.data["A"]
    r = minimize(p, [3, 1], method="gd", backend="exact", line_search="exact", maxiter=4)
    for x, step in zip(r.xs, r.steps[1:], strict=False):
        g = A * sp.Matrix(list(x)) - p.data["b"]
        assert step == (g.T * g)[0] / (g.T * A * g)[0]


def test_armijo_steps_are_halvings_on_the_exact_backend():
    r = minimize(problems.rosenbrock(2), method="gd", backend="exact", line_search="armijo",
                 maxiter=3)
    assert all(s == R(1, 2 ** int(sp.log(1 / s, 2))) for s in r.steps[1:])
    assert list(r.fs) == sorted(r.fs, reverse=True)


# -- Newton ------------------------------------------------------------------------------------


@st.composite
def convex_quadratics(draw):
    n = draw(st.integers(2, 4))
    entries = st.integers(-5, 5)
    M = sp.Matrix(n, n, lambda i, j: draw(entries))
    A = M.T * M + sp.eye(n)  # strictly positive definite
    b = sp.Matrix([draw(entries) for _ in range(n)])
    x0 = [draw(st.fractions(-10, 10, max_denominator=7)) for _ in range(n)]
    return A, b, x0


@given(convex_quadratics())
def test_newton_solves_any_strictly_convex_quadratic_in_one_step(case):
    A, b, x0 = case
    xs = sp.symbols(f"x1:{A.rows + 1}")
    x = sp.Matrix(xs)
    f = (x.T * A * x)[0] / 2 - (b.T * x)[0]
    start = [R(q.numerator, q.denominator) for q in x0]
    r = minimize(f, start, method="newton", backend="exact", variables=xs)
    solution = list(A.solve(b))
    assert r.success and r.nit == (0 if start == solution else 1)
    assert list(r.x) == solution


def test_newton_is_affine_invariant():
    # g(y) = f(Ay + b): Newton's iterates for g are the images of f's under y = A⁻¹(x − b),
    # exactly, step for step (the Hessian transforms as AᵀHA, the gradient as Aᵀ∇f);
    # gradient descent's are not
    x, y = sp.symbols("x y")
    f = x**4/4 + y**2 + x*y/2 + x
    A, b = sp.Matrix([[2, 1], [1, 1]]), sp.Matrix([1, -1])
    u, v = sp.symbols("u v")
    image = A * sp.Matrix([u, v]) + b
    g = sp.expand(f.xreplace({x: image[0], y: image[1]}))
    x0 = sp.Matrix([1, 1])
    y0 = A.solve(x0 - b)
    on_f = minimize(f, list(x0), method="newton", backend="exact", variables=(x, y), maxiter=3)
    on_g = minimize(g, list(y0), method="newton", backend="exact", variables=(u, v), maxiter=3)
    assert len(on_f.xs) == len(on_g.xs) == 4
    for xk, yk in zip(on_f.xs, on_g.xs, strict=True):
        assert A * sp.Matrix(list(yk)) + b == sp.Matrix(list(xk))
    gd_f = minimize(f, list(x0), method="gd", backend="exact", variables=(x, y), maxiter=1,
                    step=R(1, 10))
    gd_g = minimize(g, list(y0), method="gd", backend="exact", variables=(u, v), maxiter=1,
                    step=R(1, 10))
    assert A * sp.Matrix(list(gd_g.xs[1])) + b != sp.Matrix(list(gd_f.xs[1]))


def test_newton_is_attracted_to_a_saddle_and_saddle_free_newton_escapes():
    p = problems.saddle()
    f, xs = p.expr, p.variables
    newton = minimize(p, method="newton", backend="exact")
    # full steps are exact and never rounded: the digits double with quadratic convergence
    free = minimize(p, method="saddle-free-newton", backend="exact", max_digits=10**5)
    assert free.success and newton.stationary_type is Verdict.SADDLE
    assert not newton.success and "saddle" in newton.message  # never a claimed minimum ...
    H = hessian(f, xs)
    assert abs(newton.x[1]) < R(1, 10**6)  # ... Newton's is the saddle at the origin
    at_limit = dict(zip(xs, newton.x, strict=True))
    assert definiteness(H.subs(at_limit)).classification == "indefinite"
    assert abs(free.x[1] - 1) < R(1, 10**6)  # saddle-free Newton reached the minimum (0, 1)
    assert free.fun < p.fmin + R(1, 10**12)
    assert all(free.fs[k + 1] < free.fs[k] for k in range(free.nit))


# -- quasi-Newton -----------------------------------------------------------------------------


def test_bfgs_with_exact_line_search_ends_in_at_most_n_steps_with_the_secant_condition():
    p = problems.quadratic([1, 2, 5, 7])
    seen = []
    r = minimize(p, [1, 2, 3, 4], method="bfgs", backend="exact", line_search="exact",
                 callback=seen.append, gtol=0)
    assert r.success and r.nit <= p.n
    assert list(r.x) == list(p.xmin)
    grad = gradient(p.expr, p.variables)
    grads = [grad.subs(dict(zip(p.variables, x, strict=True))) for x in r.xs]
    for k in range(r.nit - 1):
        s = sp.Matrix(list(r.xs[k + 1])) - sp.Matrix(list(r.xs[k]))
        y = grads[k + 1] - grads[k]
        H_next = sp.Matrix(seen[k + 1].state.tolist())
        assert H_next * y == s  # inverse form
        assert H_next.inv() * s == y  # B_{k+1} s_k = y_k


def test_bfgs_update_is_the_textbook_product_formula():
    H = sp.Matrix([[2, 1], [1, 3]])
    s, y = sp.Matrix([1, -2]), sp.Matrix([3, -1])
    rho = 1 / (y.T * s)[0]
    textbook = (sp.eye(2) - rho * s * y.T) * H * (sp.eye(2) - rho * y * s.T) + rho * s * s.T
    bk = get_backend("exact")
    ours = bfgs_update(bk, bk.matrix(H.tolist()), bk.vector(list(s)), bk.vector(list(y)))
    assert sp.Matrix(ours.tolist()) == textbook


def test_lbfgs_equals_bfgs_while_the_memory_holds_every_pair():
    p = problems.quadratic([1, 3, 4, 10])
    options = dict(backend="exact", line_search="exact", initial_scaling=False)
    full = minimize(p, [1, 1, 1, 1], method="bfgs", **options)
    limited = minimize(p, [1, 1, 1, 1], method="lbfgs", memory=4, **options)
    assert [list(x) for x in limited.xs] == [list(x) for x in full.xs]


def test_lbfgs_equals_bfgs_on_rosenbrock_until_the_memory_is_full():
    p = problems.rosenbrock(2)
    full = minimize(p, method="bfgs", initial_scaling=False, first_step="unit",
                    backend="mpmath", dps=40)
    wide = minimize(p, method="lbfgs", memory=100, initial_scaling=False, backend="mpmath",
                    dps=40)
    short = minimize(p, method="lbfgs", memory=3, initial_scaling=False, backend="mpmath",
                     dps=40)
    assert full.nit == wide.nit
    for a, b in zip(full.xs, wide.xs, strict=True):
        assert gap(a, b) < sp.Float("1e-30")
    assert gap(full.xs[5], short.xs[5]) > 1e-6  # memory 3 forgets


# -- least squares ----------------------------------------------------------------------------


def gap(a, b):
    """``max |aᵢ − bᵢ|``."""
    return max(abs(u - v) for u, v in zip(a, b, strict=True))


def _errors(result, xmin):
    return [gap(x, xmin) for x in result.xs]


def test_gauss_newton_converges_quadratically_on_a_zero_residual_problem():
    p = problems.curve_fit(zero_residual=True)
    r = minimize(p, [R(3, 2), 2], method="gauss-newton", backend="mpmath", dps=200,
                 gtol="1e-80")
    assert r.success
    e = [float(v) for v in _errors(r, p.xmin)]
    late = [(a, b) for a, b in pairwise(e) if 0 < a < 1e-2 and b > 0]
    assert len(late) >= 3
    assert all(b < 10 * a * a for a, b in late)  # e_{k+1} ≤ C e_k²: digits double


def test_gauss_newton_is_only_linear_when_residuals_remain():
    p = problems.curve_fit(zero_residual=False)
    ref = minimize(p, [R(3, 2), 2], method="levenberg-marquardt", backend="mpmath", dps=60,
                   gtol="1e-50")
    r = minimize(p, [R(3, 2), 2], method="gauss-newton", backend="mpmath", dps=60, gtol="1e-40")
    e = [float(v) for v in _errors(r, ref.x)][2:8]
    ratios = [b / a for a, b in pairwise(e)]
    assert all(0.001 < q < 1 for q in ratios)  # a steady factor per step, not squaring
    assert max(ratios) / min(ratios) < 2


def test_gauss_newton_solves_a_linear_least_squares_problem_in_one_step():
    p = Problem.from_residuals(["x + y - 3", "x - y - 1", "2x - 5"])
    r = minimize(p, [0, 0], method="gauss-newton", backend="exact")
    assert r.nit == 1 and r.success


# -- Hessian-free -----------------------------------------------------------------------------


def test_conjugate_gradient_from_hvps_ends_in_at_most_n_steps():
    p = problems.quadratic([1, 2, 3, 50, 100])
    r = minimize(p, method="linear-cg", backend="exact", gtol=0)
    assert r.success and r.nit <= 5 and list(r.x) == list(p.xmin)
    assert r.nhev == r.nit  # one Hessian-vector product per step, no Hessian


def test_newton_cg_uses_hessian_vector_products_only():
    p = problems.extended_rosenbrock(1000)
    r = minimize(p, method="newton-cg", backend="numpy")
    assert r.success and r.nhev > 0
    assert np.allclose(r.x, 1, atol=1e-5)


def test_power_iteration_rayleigh_quotients_rise_exactly_to_lambda_max():
    p = problems.quadratic([1, 3, 8])
    oracle = p.oracle("exact")
    estimates = []
    for k, (estimate, _) in enumerate(power_iteration(oracle, oracle.backend.vector([0, 0, 0]),
                                                      oracle.backend.vector([1, 0, 0]))):
        estimates.append(estimate)
        if k == 15:
            break
    assert all(isinstance(e, sp.Rational) for e in estimates)
    assert estimates == sorted(estimates) and estimates[-1] < 8
    assert 8 - estimates[-1] < R(1, 10**3)


def test_lanczos_finds_lambda_min_and_lambda_max_from_hvps():
    lams = [R(1, 2), 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144]
    p = problems.quadratic(lams)
    s = extreme_eigenvalues(p, [0] * len(lams), backend="numpy", method="lanczos", steps=12)
    assert abs(s.largest - 144) < 1e-9 and abs(s.smallest - 0.5) < 1e-9
    assert s.nhev <= 12


def test_sam_records_the_sharpness_lambda_max_by_power_iteration():
    p = problems.quadratic([1, 10])
    r = minimize(p, [1, 1], method="sam", backend="numpy", step=0.05, maxiter=5,
                 sharpness_steps=30)
    assert len(r.info["sharpness"]) == len(r.fs)
    assert all(abs(s - 10) < 1e-6 for s in r.info["sharpness"])


# -- natural gradient -------------------------------------------------------------------------


def test_natural_gradient_on_logistic_regression_is_newton_and_differs_from_gradient():
    p = problems.logistic_regression()
    natural = minimize(p, method="natural-gradient", backend="mpmath", dps=50)
    newton = minimize(p, method="newton", backend="mpmath", dps=50)
    assert natural.nit == newton.nit
    for a, b in zip(natural.xs, newton.xs, strict=True):
        assert gap(a, b) < sp.Float("1e-40")
    gd = minimize(p, method="gd", backend="mpmath", dps=50, step=1, maxiter=natural.nit)
    assert not gd.success


def test_natural_gradient_needs_a_fisher_matrix():
    with pytest.raises(Exception, match="fisher"):
        minimize("x^2 + y^2", [1, 1], method="natural-gradient")


def test_levenberg_marquardt_says_when_no_damping_lowers_f_instead_of_a_singular_solve():
    # residuals that no step can lower (the Jacobian says otherwise): μ doubles past the
    # float range; the run must say so, not report a singular system from an infinite μ
    p = Problem.from_callables(lambda x: 1.0, lambda x: np.array([1.0, 1.0]), n=2,
                               residuals=lambda x: np.array([1.0, 1.0]),
                               jacobian=lambda x: np.array([[1.0, 0.5], [0.5, 1.0]]))
    r = minimize(p, [0.0, 0.0], method="levenberg-marquardt")
    assert not r.success and "no damping μ gave a decrease" in r.message
    assert "singular" not in r.message
