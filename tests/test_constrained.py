"""Constrained critical points: the textbook's Lagrange examples, answered exactly."""

import json

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symhess.constrained import (
    bordered_hessian,
    constrained_critical_points,
    fritz_john_equations,
)
from symhess.errors import DimensionError
from symhess.verdict import Verdict

x, y, z = sp.symbols("x y z")
S2 = sp.sqrt(2)


def table_of(result):
    return {tuple(p.point[v] for v in result.variables): (p.type, p.strict)
            for p in result.points}


def test_x_plus_y_on_the_unit_circle():
    r = constrained_critical_points(x + y, [x**2 + y**2 - 1])
    assert table_of(r) == {(S2 / 2, S2 / 2): (Verdict.MAX, True),
                           (-S2 / 2, -S2 / 2): (Verdict.MIN, True)}
    assert r.complete
    assert {p.point[x]: p.multipliers["λ1"] for p in r.points} == {S2 / 2: S2 / 2,
                                                                   -S2 / 2: -S2 / 2}
    assert r.global_extrema.maximum.value == S2
    assert r.global_extrema.minimum.value == -S2


def test_xy_on_the_circle_of_radius_sqrt2():
    r = constrained_critical_points(x * y, [x**2 + y**2 - 2])
    assert table_of(r) == {(1, 1): (Verdict.MAX, True), (-1, -1): (Verdict.MAX, True),
                           (1, -1): (Verdict.MIN, True), (-1, 1): (Verdict.MIN, True)}
    assert r.global_extrema.maximum.value == 1
    assert set(map(lambda p: (p[x], p[y]), r.global_extrema.minimum.points)) == {(1, -1),
                                                                                  (-1, 1)}


def test_distance_to_a_plane_is_a_minimum_and_not_global_on_an_unbounded_set():
    r = constrained_critical_points(x**2 + y**2 + z**2, [x + y + z - 1])
    third = sp.Rational(1, 3)
    assert table_of(r) == {(third, third, third): (Verdict.MIN, True)}
    (p,) = r.points
    assert p.multipliers == {"λ1": sp.Rational(2, 3)}
    assert p.reduced_hessian == sp.Matrix([[4, 2], [2, 4]])
    # the textbook's minors: n − m = 2 of them, each of sign (−1)^m = −1
    assert p.bordered.orders == (3, 4) and p.bordered.values == (-4, -12)
    assert p.bordered.pattern == "min"
    assert r.global_extrema is None  # a plane is not compact


def test_cusp_where_lagrange_misses_the_minimum():
    r = constrained_critical_points(x, [y**2 - x**3])
    (p,) = r.points
    assert (p.point[x], p.point[y]) == (0, 0)
    assert p.licq is False and p.multipliers == {}
    assert (p.type, p.strict) == (Verdict.MIN, True)


def test_two_constraints_in_three_variables():
    # x + 2y on the ellipse cut from the cylinder y² + z² = 4 by the plane x + y + z = 1
    r = constrained_critical_points(x + 2 * y, [x + y + z - 1, y**2 + z**2 - 4])
    assert table_of(r) == {(1, S2, -S2): (Verdict.MAX, True), (1, -S2, S2): (Verdict.MIN, True)}
    top = next(p for p in r.points if p.type is Verdict.MAX)
    assert top.multipliers == {"λ1": 1, "λ2": S2 / 4}
    assert top.bordered.orders == (5,)
    # the cylinder bounds y and z, then the plane bounds x: the ellipse is compact
    assert r.global_extrema.maximum.value == 1 + 2 * S2
    assert r.global_extrema.minimum.value == 1 - 2 * S2


def test_singular_restricted_hessian_decided_on_the_constraint_curve():
    flat_min = constrained_critical_points(y, [y - x**4])
    (p,) = flat_min.points
    assert p.reduced_hessian == sp.Matrix([[0]])
    assert (p.type, p.strict, p.degenerate) == (Verdict.MIN, True, True)
    (q,) = constrained_critical_points(y, [y - x**3]).points
    assert (q.type, q.degenerate) == (Verdict.SADDLE, True)


def test_f_constant_on_the_constraint_set_is_one_family():
    r = constrained_critical_points(x**2 + y**2, [x**2 + y**2 - 1])
    assert r.points == () and r.complete
    (fam,) = r.families
    assert fam.equations == (x**2 + y**2 - 1,)
    assert (fam.type, fam.strict) == (Verdict.MIN, False)


def test_saddle_on_a_plane_with_a_witness_direction():
    r = constrained_critical_points(x * y * z, [x + y + z - 3])
    types = table_of(r)
    assert types[(1, 1, 1)] == (Verdict.MAX, True)
    assert types[(3, 0, 0)] == (Verdict.SADDLE, None)
    assert len(types) == 4


def test_fritz_john_equations_and_bordered_hessian():
    assert fritz_john_equations(x * y, [x + y - 1], [x, y]) == [x + y - 1, y - x]
    lam = sp.Symbol("lam")
    B = bordered_hessian(x * y, [x + y - 1], [lam], [x, y])
    assert B == sp.Matrix([[0, 1, 1], [1, 0, 1], [1, 1, 0]])


def test_too_many_constraints_is_an_error():
    with pytest.raises(DimensionError, match="2 constraint"):
        constrained_critical_points(x + y, [x - 1, y - 1])


def test_result_is_json_with_the_contract_fields():
    r = constrained_critical_points(x + y, [x**2 + y**2 - 1])
    d = json.loads(r.to_json())
    assert d["constraints"] == ["x**2 + y**2 - 1 = 0"]
    point = d["critical_points"][0]
    assert {"point", "type", "strict", "multipliers", "licq", "criterion",
            "certificate"} <= set(point)
    assert d["global"]["max"]["value"] == "sqrt(2)"
    assert sp.sympify(point["multipliers"]["λ1"]) in (S2 / 2, -S2 / 2)


@st.composite
def graph_problems(draw):
    """f(x, y) on the graph y = q(x): the restriction is φ(t) = f(t, q(t)), one variable."""
    c = st.integers(-3, 3)
    f = sum(draw(c) * x**i * y**j for i in range(3) for j in range(3) if 0 < i + j <= 3)
    q = draw(c) * x**2 + draw(c) * x + draw(c)
    return f, y - q, q


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graph_problems())
def test_type_agrees_with_f_sampled_along_the_constraint(problem):
    f, g, q = problem
    phi = sp.expand(f.subs(y, q))
    if phi.free_symbols == set() or sp.degree(phi, x) > 6:
        return
    r = constrained_critical_points(f, [g], [x, y])
    for p in r.points:
        if p.type is Verdict.UNDETERMINED:
            continue
        t0 = p.point[x]
        with mpmath.workdps(60):
            base = mpmath.mpf(sp.N(phi.subs(x, t0), 70))
            moves = [mpmath.mpf(sp.N(phi.subs(x, t0 + sp.Rational(1, 10**12) * sg), 70)) - base
                     for sg in (1, -1)]
        if p.type is Verdict.MIN:
            assert all(mv > 0 for mv in moves), (f, g, p.point, moves)
        elif p.type is Verdict.MAX:
            assert all(mv < 0 for mv in moves), (f, g, p.point, moves)
        else:
            # on a curve a saddle is a point where f rises on one side and falls on the other
            assert moves[0] * moves[1] < 0, (f, g, p.point, moves)


def test_classify_subject_to_from_the_shell(capsys):
    from tests.conftest import run_cli

    code, out, _ = run_cli(capsys, "classify", "x + y", "--subject-to", "x^2 + y^2 = 1",
                           "--json")
    d = json.loads(out)
    assert code == 0
    assert {p["type"] for p in d["critical_points"]} == {"min", "max"}
    assert d["global"]["min"]["value"] == "-sqrt(2)"
    code, out, _ = run_cli(capsys, "classify", "x + 2y + 0z", "--subject-to", "x + y + z = 1",
                           "--subject-to", "y^2 + z^2 = 4")
    assert code == 0 and "λ1 = 1, λ2 = √2/4 ≈ 0.3535…" in out


@pytest.mark.parametrize("constraint, column", [("x^2 + y^2 <= 1", 11), ("x + y", 6)])
def test_a_constraint_must_be_an_equation(capsys, constraint, column):
    from tests.conftest import run_cli

    code, out, err = run_cli(capsys, "classify", "x*y", "--subject-to", constraint)
    assert code == 2 and "Traceback" not in err
    caret = err.splitlines()[-1]
    assert caret.index("^") - 2 == column - 1


@pytest.mark.parametrize("f, g, expected", [
    (x**2 + y**2, (x - 1)**3 - y**2, (Verdict.MIN, True)),   # a cusp, f reduced along it
    (x + y, x * y, (Verdict.SADDLE, None)),                 # crossing axes, f odd on one
    (x * y, x**2 - y**2, (Verdict.SADDLE, None)),           # f > 0 on one line, < 0 on other
    (x**2 + y**2, x * y, (Verdict.MIN, True)),              # f > 0 on both branches
])
def test_points_where_licq_fails_are_compared_on_the_set(f, g, expected):
    r = constrained_critical_points(f, [g], [x, y])
    (p,) = [q for q in r.points if not q.licq]
    assert (p.type, p.strict) == expected


def test_a_transcendental_system_sympy_cannot_solve_is_reported_not_raised():
    r = constrained_critical_points(sp.sin(x) + y, [x**2 + y**2 - 1])
    assert r.points == () and not r.complete
    assert any("no candidate was found" in n for n in r.notes)


def test_an_assignment_question_on_constrained_points(tmp_path):
    from symhess.exercises.checking import equal_answer, to_payload
    from symhess.exercises.model import load_assignment, reference

    (tmp_path / "assignment.toml").write_text(
        'title = "Lagrange"\nseed = 1\nvariables = ["x", "y"]\n[params]\nr = [2]\n'
        '[[question]]\nid = "q1"\ntask = "constrained_points"\nkind = "critical_points"\n'
        'points = 2\nf = "x*y"\nconstraint = "x^2 + y^2 = {r}"\n'
        'prompt = "Find and classify the critical points of xy on x² + y² = {r}."\n')
    a = load_assignment(tmp_path)
    (q,) = a.questions
    ref = reference(a, q, "ada")
    assert ref == [((-1, -1), "max"), ((-1, 1), "min"), ((1, -1), "min"), ((1, 1), "max")]
    answer = to_payload([((1, 1), "max"), ((-1, -1), "maximum"), ((1, -1), "min"),
                         ((-1, 1), "local min")])
    assert equal_answer("critical_points", answer, ref, a.variables)
    wrong = to_payload([((1, 1), "min"), ((-1, -1), "max"), ((1, -1), "min"), ((-1, 1), "min")])
    assert not equal_answer("critical_points", wrong, ref, a.variables)


@settings(max_examples=60, deadline=None)
@given(st.integers(-3, 3), st.integers(-3, 3), st.integers(-3, 3))
def test_two_by_two_inertia_from_det_and_trace_agrees_with_linalg(a, b, d):
    from sympy.polys.domains import QQ
    from sympy.polys.matrices import DomainMatrix

    from symhess.constrained import _AtPoint, _inertia
    from symhess.linalg import inertia

    R = DomainMatrix([[QQ(a), QQ(b)], [QQ(b), QQ(d)]], (2, 2), QQ)
    at = _AtPoint(QQ, QQ(0), R, R, R, ())
    assert _inertia(at, R) == tuple(inertia([[a, b], [b, d]]))
