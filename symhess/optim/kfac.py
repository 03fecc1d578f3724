"""K-FAC: the Fisher block of a linear layer as a Kronecker product (Martens & Grosse 2015).

For a layer ``s = W a`` (``W`` is ``k×d``) the gradient of one example's loss with respect to
``W`` is ``g aᵀ`` with ``g = ∂loss/∂s``, so with ``vec`` stacking columns the layer's block of
the Fisher matrix is ``F = E[(a aᵀ) ⊗ (g gᵀ)]`` — ``dk × dk``.  K-FAC replaces the expectation
of the product by the product of the expectations,

    F ≈ A ⊗ G,   A = E[a aᵀ] (d×d),   G = E[g gᵀ] (k×k),

which is exact when ``g`` is independent of ``a``.  Since ``(A ⊗ G)⁻¹ = A⁻¹ ⊗ G⁻¹`` and
``(A ⊗ G) vec(V) = vec(G V Aᵀ)``, the preconditioned step needs two small solves instead of a
``dk × dk`` one: ``δW = −G⁻¹ ∇W A⁻¹``.  Everything runs in any backend's arithmetic, so on
the exact backend the identities hold with ``==``.

>>> from symhess.optim import get_backend
>>> bk = get_backend("exact")
>>> A, G = kronecker_factors(bk, [[1, 0], [1, 2]], [[1], [3]])
>>> A.tolist(), G.tolist()
([[1, 1], [1, 2]], [[5]])
"""

from __future__ import annotations

import numpy as np

__all__ = ["vec", "unvec", "fisher_block", "kronecker_factors", "kfac_direction",
           "kronecker_error"]


def vec(M) -> np.ndarray:
    """The columns of ``M`` stacked into one vector (the convention of ``A ⊗ G``)."""
    return np.asarray(M).reshape(-1, order="F")


def unvec(v, rows: int) -> np.ndarray:
    return np.asarray(v).reshape(rows, -1, order="F")


def _examples(bk, rows) -> list[np.ndarray]:
    return [bk.vector(r) for r in rows]


def fisher_block(bk, inputs, output_grads) -> np.ndarray:
    """``F = (1/m) Σᵢ (aᵢaᵢᵀ) ⊗ (gᵢgᵢᵀ)`` from the layer's inputs ``aᵢ`` and the gradients
    ``gᵢ`` with respect to its outputs, one row per example."""
    a, g = _examples(bk, inputs), _examples(bk, output_grads)
    total = sum(np.kron(bk.outer(ai, ai), bk.outer(gi, gi)) for ai, gi in
                zip(a, g, strict=True))
    return total / bk.number(len(a))


def kronecker_factors(bk, inputs, output_grads) -> tuple[np.ndarray, np.ndarray]:
    """``(A, G) = (E[a aᵀ], E[g gᵀ])``, the two factors of K-FAC's ``F ≈ A ⊗ G``."""
    a, g = _examples(bk, inputs), _examples(bk, output_grads)
    m = bk.number(len(a))
    return (sum(bk.outer(ai, ai) for ai in a) / m, sum(bk.outer(gi, gi) for gi in g) / m)


def kfac_direction(bk, A, G, grad_W, damping=0) -> np.ndarray:
    """``δW = −(G + λI)⁻¹ ∇W (A + λI)⁻¹``: the step ``−((A + λI) ⊗ (G + λI))⁻¹ vec(∇W)``
    reshaped, computed with one ``k×k`` and one ``d×d`` solve (``A`` and ``G`` symmetric)."""
    lam = bk.number(damping)
    grad_W = np.asarray(grad_W)
    k, d = grad_W.shape
    Gd, Ad = G + lam * bk.eye(k), A + lam * bk.eye(d)
    left = np.column_stack([bk.solve(Gd, grad_W[:, j]) for j in range(d)])  # G⁻¹ ∇W
    # (G⁻¹∇W) A⁻¹ = (A⁻¹ (G⁻¹∇W)ᵀ)ᵀ, A symmetric
    return -np.column_stack([bk.solve(Ad, left[i, :]) for i in range(k)]).T


def kronecker_error(bk, inputs, output_grads) -> np.ndarray:
    """``F − A ⊗ G``: what K-FAC neglects, ``Cov``-like terms between ``a aᵀ`` and ``g gᵀ``."""
    A, G = kronecker_factors(bk, inputs, output_grads)
    return fisher_block(bk, inputs, output_grads) - np.kron(A, G)
