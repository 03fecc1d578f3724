"""The exercise tasks on the optimizers (quasi-Newton updates, least squares, curvature at
scale): each reference is computed by symhess.optim in exact arithmetic and must equal the
value worked out by hand in the test's docstring; a wrong answer scores 0 with feedback."""

from pathlib import Path

import pytest
import sympy as sp

from symhess.exercises.audit import check_assignment
from symhess.exercises.checking import score_answer
from symhess.exercises.model import TASK_FIELDS, TASK_KINDS, TASK_TITLES, TASKS, Question

X, Y, Z = sp.symbols("x y z")
ROOT = Path(__file__).parent.parent
NEW_TASKS = ("bfgs_update", "sr1_update", "lbfgs_direction", "gauss_newton_matrix",
             "gauss_newton_step", "levenberg_marquardt_step", "hessian_vector_product",
             "power_iteration", "largest_eigenvalue", "adam_step")


def _question(task, kind, mistakes=(), **data):
    return Question("q1", task, kind, 2.0, "prompt", "q1", data, tuple(mistakes))


def _ref(task, kind, xs=(X, Y), **data):
    return TASKS[task](_question(task, kind, **data), {}, xs)


def M(rows):
    return sp.ImmutableMatrix(rows)


def test_every_new_task_is_declared_everywhere():
    for task in NEW_TASKS:
        assert task in TASKS and task in TASK_TITLES and task in TASK_KINDS
        assert task in TASK_FIELDS


def test_bfgs_update_of_b_by_hand():
    """B = diag(2, 1), s = (1, 1), y = (3, 1): Bs = (2, 1), sᵀBs = 3, yᵀs = 4, so
    B₊ = B − [[4, 2], [2, 1]]/3 + [[9, 3], [3, 1]]/4 = [[35/12, 1/12], [1/12, 11/12]]."""
    B1 = _ref("bfgs_update", "matrix", matrix="[[2, 0], [0, 1]]", s="[1, 1]", y="[3, 1]")
    assert B1 == M([[sp.Rational(35, 12), sp.Rational(1, 12)],
                    [sp.Rational(1, 12), sp.Rational(11, 12)]])
    assert B1 * M([1, 1]) == M([3, 1])  # the secant condition B₊s = y


def test_sr1_update_of_b_by_hand():
    """B = I, s = (1, 1), y = (2, 3): y − Bs = (1, 2), (y − Bs)ᵀs = 3, so
    B₊ = I + [[1, 2], [2, 4]]/3."""
    B1 = _ref("sr1_update", "matrix", matrix="[[1, 0], [0, 1]]", s="[1, 1]", y="[2, 3]")
    assert B1 == M([[sp.Rational(4, 3), sp.Rational(2, 3)], [sp.Rational(2, 3),
                                                             sp.Rational(7, 3)]])
    assert B1 * M([1, 1]) == M([2, 3])


def test_sr1_with_a_zero_denominator_has_no_reference():
    """y − Bs = (0, 1) is orthogonal to s = (1, 0): the rank-one update is undefined."""
    with pytest.raises(ValueError, match="SR1 update is undefined"):
        _ref("sr1_update", "matrix", matrix="[[1, 0], [0, 1]]", s="[1, 0]", y="[1, 1]")


def test_an_update_without_positive_curvature_has_no_reference():
    with pytest.raises(ValueError, match="curvature condition"):
        _ref("bfgs_update", "matrix", matrix="[[1, 0], [0, 1]]", s="[1, 0]", y="[-1, 0]")


def test_lbfgs_direction_by_the_two_loop_recursion_by_hand():
    """s = (1, 0), y = (2, 1), g = (1, −1): ρ = 1/2, γ = 2/5; α = ρsᵀg = 1/2,
    q = g − αy = (0, −3/2), r = γq = (0, −3/5), β = ρyᵀr = −3/10, r + (α − β)s = (4/5, −3/5),
    d = −r."""
    d = _ref("lbfgs_direction", "vector", g="[1, -1]", s="[1, 0]", y="[2, 1]")
    assert d == M([sp.Rational(-4, 5), sp.Rational(3, 5)])


def test_gauss_newton_matrix_by_hand():
    """r = (x² − 2, xy − 1, y − 1) at (2, 1): J = [[4, 0], [1, 2], [0, 1]], JᵀJ = [[17, 2],
    [2, 5]] (the data values 2 and 1 do not enter: only the model's derivatives)."""
    JtJ = _ref("gauss_newton_matrix", "matrix", residuals=["x^2 - 2", "x*y - 1", "y - 1"],
               at="x=2, y=1")
    assert JtJ == M([[17, 2], [2, 5]])


def test_gauss_newton_step_is_newton_for_one_square_residual():
    """r = x² − 4 at x = 1: J = 2, r = −3, δ = −Jr/J² = 3/2, the new point 5/2 (Newton's step
    for x² = 4 too)."""
    assert _ref("gauss_newton_step", "vector", xs=(X,), residuals=["x^2 - 4"],
                at="x=1") == M([sp.Rational(5, 2)])


def test_gauss_newton_solves_linear_residuals_in_one_step():
    assert _ref("gauss_newton_step", "vector", residuals=["x - 1", "2*(y + x)"],
                at="x=3, y=3") == M([1, -1])


def test_levenberg_marquardt_step_by_hand():
    """r = x² − 4 at x = 1, μ = 1: δ = −Jr/(J² + μ) = 6/5, shorter than Gauss–Newton's 3/2."""
    assert _ref("levenberg_marquardt_step", "vector", xs=(X,), residuals=["x^2 - 4"],
                at="x=1", damping="1") == M([sp.Rational(11, 5)])


def test_dependent_jacobian_columns_have_no_gauss_newton_step():
    with pytest.raises(ValueError, match="singular"):
        _ref("gauss_newton_step", "vector", residuals=["x + y - 1", "x + y"], at="x=0, y=0")


def test_hessian_vector_product_by_hand():
    """f = x²y + 2yz² + xz: H = [[2y, 2x, 1], [2x, 0, 4z], [1, 4z, 4y]]; at (1, 1, 1),
    H(1, 0, −1) = (2 − 1, 2 − 4, 1 − 4)."""
    Hv = _ref("hessian_vector_product", "vector", xs=(X, Y, Z), f="x^2*y + 2*y*z^2 + x*z",
              at="x=1, y=1, z=1", v="[1, 0, -1]")
    assert Hv == M([1, -2, -3])


H3 = "[[2, 1, 0], [1, 2, 1], [0, 1, 2]]"


def test_power_iteration_estimates_by_hand():
    """v₀ = (1, 2, 0): Hv₀ = (4, 5, 2), so the 0-step estimate is 14/5; v₂ = H²v₀ =
    (13, 16, 9), Hv₂ = (42, 54, 34), v₂ᵀHv₂ / v₂ᵀv₂ = 1716/506 = 78/23."""
    est = [_ref("power_iteration", "number", xs=(X, Y, Z), matrix=H3, v="[1, 2, 0]",
                steps=k) for k in (0, 2)]
    assert est == [sp.Rational(14, 5), sp.Rational(78, 23)]
    assert est[0] < est[1] < 2 + sp.sqrt(2)  # Rayleigh quotients climb towards λmax


def test_largest_eigenvalue_is_exact():
    """The eigenvalues of the path matrix [[2, 1, 0], [1, 2, 1], [0, 1, 2]] are 2 − √2, 2,
    2 + √2."""
    assert _ref("largest_eigenvalue", "number", xs=(X, Y, Z), matrix=H3) == 2 + sp.sqrt(2)
    assert _ref("largest_eigenvalue", "number", f="x^2 + 3*y^2 + x*y^3",
                at="x=0, y=1") == 4 + sp.sqrt(13)  # H = [[2, 3], [3, 6]] at (0, 1)


def test_adams_first_step_is_a_signed_step_of_length_eta():
    """m̂ = g and v̂ = g² after one step, so m̂/√v̂ = sign(g): ∇f(1, −1, 1) = (3, −4, 1) for
    f = 2x² + y⁴ − xz + z², and x₁ = x₀ − (1/10)(1, −1, 1)."""
    x1 = _ref("adam_step", "vector", xs=(X, Y, Z), f="2*x^2 + y^4 - x*z + z^2",
              at="x=1, y=-1, z=1", step="1/10")
    assert x1 == M([sp.Rational(9, 10), sp.Rational(-9, 10), sp.Rational(9, 10)])


def test_adam_with_a_zero_gradient_entry_has_no_reference():
    with pytest.raises(ValueError, match="0 by 0"):
        _ref("adam_step", "vector", f="x^2 + y^2", at="x=0, y=1", step="1/10")


def test_a_wrong_answer_scores_zero_with_feedback_and_a_declared_mistake_gets_credit():
    q = _question("lbfgs_direction", "vector", g="[1, -1]", s="[1, 0]", y="[2, 1]",
                  mistakes=[{"transform": "negate", "credit": 0.5,
                             "feedback": "this is +Hg"}])
    ref = TASKS[q.task](q, {}, (X, Y))
    right = score_answer(q, ref, ["-4/5", "3/5"], (X, Y))
    wrong = score_answer(q, ref, ["-4/5", "1"], (X, Y))
    flipped = score_answer(q, ref, ["4/5", "-3/5"], (X, Y))
    assert (right.score, wrong.score, flipped.score) == (2.0, 0.0, 1.0)
    assert wrong.message and wrong.message != "correct"
    assert flipped.message == "this is +Hg"


def test_a_transposed_bfgs_matrix_is_not_flagged_since_updates_are_symmetric():
    q = _question("bfgs_update", "matrix", matrix="[[2, 0], [0, 1]]", s="[1, 1]", y="[3, 1]")
    ref = TASKS[q.task](q, {}, (X, Y))
    assert ref == ref.T
    assert score_answer(q, ref, [["35/12", "1/12"], ["1/12", "11/12"]], (X, Y)).score == 2


@pytest.mark.parametrize("name", ["quasi-newton", "least-squares", "curvature-at-scale"])
def test_course_assignments_are_valid_with_no_warnings(name):
    check = check_assignment(ROOT / "exercises" / name, every_variant=True)
    assert check.errors == [] and check.exit_code == 0
    assert [p for p in check.problems] == [] and check.audit.findings == []


def _write(tmp_path, question: str, params: str = "[params]\na = [2, 3]\n"):
    (tmp_path / "assignment.toml").write_text(
        f'seed = 1\nvariables = ["x", "y"]\n{params}\n[[question]]\n{question}',
        encoding="utf-8")
    return tmp_path


def test_a_placeholder_in_the_residuals_list_without_a_parameter_is_an_error(tmp_path):
    folder = _write(tmp_path, 'id = "q1"\ntask = "gauss_newton_matrix"\nkind = "matrix"\n'
                    'residuals = ["x - {a}", "x*y - {q}"]\nat = "x=1, y=2"\n'
                    'prompt = "JᵀJ for r = (x − {a}, xy − 1)"\n')
    messages = [p.message for p in check_assignment(folder).errors]
    assert any("placeholder {q} in residuals has no parameter" in m for m in messages), messages


def test_a_parameter_used_only_in_a_vector_field_still_varies_the_reference(tmp_path):
    """``{a}`` appears in ``y`` alone, not in the prompt: the audit must still draw it."""
    folder = _write(tmp_path, 'id = "q1"\ntask = "lbfgs_direction"\nkind = "vector"\n'
                    'g = "[1, -1]"\ns = "[1, 0]"\ny = "[{a}, 1]"\nprompt = "d = −Hg"\n')
    check = check_assignment(folder, every_variant=True)
    assert check.errors == []
    rows = check.audit.questions[0].rows
    assert sorted(text for _, text, _ in rows) == ["(-4/5, 3/5)", "(-7/15, 2/5)"]


def test_steps_must_be_a_whole_number(tmp_path):
    folder = _write(tmp_path, 'id = "q1"\ntask = "power_iteration"\nkind = "number"\n'
                    'matrix = "[[{a}, 1], [1, 2]]"\nv = "[1, 0]"\nsteps = -1\nprompt = "λ"\n')
    assert any("steps must be a whole number" in p.message
               for p in check_assignment(folder).errors)
