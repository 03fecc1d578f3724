"""K-FAC: the Kronecker identities exactly, and what the factorisation neglects."""

import numpy as np
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from symhess.optim import get_backend
from symhess.optim.kfac import (
    fisher_block,
    kfac_direction,
    kronecker_error,
    kronecker_factors,
    unvec,
    vec,
)

exact = get_backend("exact")
small = st.integers(-3, 3)


def matrix(draw, rows, cols):
    return exact.matrix([[draw(small) for _ in range(cols)] for _ in range(rows)])


@st.composite
def layers(draw):
    k, d, m = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 5))
    return matrix(draw, m, d), matrix(draw, m, k), matrix(draw, k, d)


@given(layers())
@settings(max_examples=25, deadline=None)
def test_kfac_step_is_the_inverse_kronecker_product_applied_to_the_gradient(layer):
    inputs, grads, grad_W = layer
    A, G = kronecker_factors(exact, inputs, grads)
    damping = sp.Rational(1, 2)  # makes both factors invertible
    k, d = grad_W.shape
    full = np.kron(A + damping * exact.eye(d), G + damping * exact.eye(k))
    step = exact.solve(full, -vec(grad_W))  # the dk × dk solve K-FAC avoids
    assert (kfac_direction(exact, A, G, grad_W, damping) == unvec(step, k)).all()


def test_vec_of_a_product_is_the_kronecker_product_on_vec():
    # (A ⊗ G) vec(V) = vec(G V Aᵀ): the identity behind the two small solves
    A = exact.matrix([[2, 1], [0, 3]])
    G = exact.matrix([[1, 4, 0], [2, 0, 1], [0, 1, 1]])
    V = exact.matrix([[1, 2], [3, 4], [5, 6]])
    assert (np.kron(A, G) @ vec(V) == vec(G @ V @ A.T)).all()


def test_factorisation_is_exact_when_output_gradients_do_not_depend_on_inputs():
    # every input meets every output gradient equally often: E[(aaᵀ)⊗(ggᵀ)] = E[aaᵀ]⊗E[ggᵀ]
    a_values, g_values = [[1, 0], [1, 2], [1, -1]], [[1, -1], [2, 0]]
    inputs = [a for a in a_values for _ in g_values]
    grads = [g for _ in a_values for g in g_values]
    assert (kronecker_error(exact, inputs, grads) == 0).all()
    A, G = kronecker_factors(exact, inputs, grads)
    assert (fisher_block(exact, inputs, grads) == np.kron(A, G)).all()


def test_logistic_regression_fisher_versus_its_kronecker_approximation():
    # one output (k = 1): F = E[p(1−p) x xᵀ] and K-FAC's E[p(1−p)]·E[x xᵀ] differ exactly by
    # the covariance of p(1−p) with x xᵀ, which the confident far-out points make non-zero
    ts = [-3, -2, -1, 0, 1, 2, 3]
    ps = [sp.Rational(1, 2) + sp.Rational(t, 8) for t in ts]  # the model's probabilities
    inputs = [[1, t] for t in ts]
    grads = [[sp.sqrt(p * (1 - p))] for p in ps]  # g gᵀ = p(1 − p) for the log-loss
    F = fisher_block(exact, inputs, grads)
    expected = sum((p * (1 - p) * sp.Matrix([[1, t], [t, t * t]]) for p, t in
                    zip(ps, ts, strict=True)), sp.zeros(2, 2)) / len(ts)
    assert sp.Matrix(F.tolist()).applyfunc(sp.simplify) == expected
    error = sp.Matrix(kronecker_error(exact, inputs, grads).tolist()).applyfunc(sp.simplify)
    assert error[1, 1] < 0 and error[0, 0] == 0  # far points are confident: weight < average
