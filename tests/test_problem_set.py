"""The Moré–Garbow–Hillstrom problems 1–18: their dimensions, starts, data tables and published
minima, checked against MGH's printed values and against formulas written out independently
here (plain NumPy loops over MGH's definitions, not the package's residual templates)."""

import math

import numpy as np
import pytest
import scipy.optimize
import sympy as sp

import symhess
from symhess.errors import OptionError
from symhess.optim import get_backend
from symhess.optim.problem_set import MGH, MinimumKind, gulf, mgh_start

R = sp.Rational

#: (MGH number, n, m) as in MGH (1981) §3, with their m for the problems whose m is free
SIZES = {
    "rosenbrock": (1, 2, 2), "freudenstein-roth": (2, 2, 2), "powell-badly-scaled": (3, 2, 2),
    "brown-badly-scaled": (4, 2, 3), "beale": (5, 2, 3), "jennrich-sampson": (6, 2, 10),
    "helical-valley": (7, 3, 3), "bard": (8, 3, 15), "gaussian": (9, 3, 15),
    "meyer": (10, 3, 16), "gulf": (11, 3, 99), "box-3d": (12, 3, 10),
    "powell-singular": (13, 4, 4), "wood": (14, 4, 6), "kowalik-osborne": (15, 4, 11),
    "brown-dennis": (16, 4, 20), "osborne-1": (17, 5, 33), "biggs-exp6": (18, 6, 13),
}


# -- MGH's F = Σ rᵢ², written out again from the paper ------------------------------------------

def _sum_of_squares(rs):
    return float(sum(r * r for r in rs))


def _theta(x1, x2):
    return math.atan(x2 / x1) / (2 * math.pi) + (0.5 if x1 < 0 else 0.0)


BARD_Y = [.14, .18, .22, .25, .29, .32, .35, .39, .37, .58, .73, .96, 1.34, 2.10, 4.39]
GAUSS_Y = [.0009, .0044, .0175, .0540, .1295, .2420, .3521, .3989, .3521, .2420, .1295, .0540,
           .0175, .0044, .0009]
MEYER_Y = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427,
           3820, 3307, 2872]
KOW_Y = [.1957, .1947, .1735, .1600, .0844, .0627, .0456, .0342, .0323, .0235, .0246]
KOW_U = [4, 2, 1, .5, .25, .167, .125, .1, .0833, .0714, .0625]
OSB_Y = [.844, .908, .932, .936, .925, .908, .881, .850, .818, .784, .751, .718, .685, .658,
         .628, .603, .580, .558, .538, .522, .506, .490, .478, .467, .457, .448, .438, .431,
         .424, .420, .414, .411, .406]


def _bard(x):
    rs = []
    for i in range(1, 16):
        u, v = i, 16 - i
        rs.append(BARD_Y[i - 1] - (x[0] + u / (v * x[1] + min(u, v) * x[2])))
    return rs


def _gulf(x):
    rs = []
    for i in range(1, 100):
        t = i / 100
        y = 25 + (-50 * math.log(t)) ** (2 / 3)
        rs.append(math.exp(-abs(y - x[1]) ** x[2] / x[0]) - t)
    return rs


def _biggs(x):
    rs = []
    for i in range(1, 14):
        t = i / 10
        y = math.exp(-t) - 5 * math.exp(-10 * t) + 3 * math.exp(-4 * t)
        rs.append(x[2] * math.exp(-t * x[0]) - x[3] * math.exp(-t * x[1])
                  + x[5] * math.exp(-t * x[4]) - y)
    return rs


F_BY_HAND = {
    "rosenbrock": lambda x: [10 * (x[1] - x[0] ** 2), 1 - x[0]],
    "freudenstein-roth": lambda x: [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1],
                                    -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]],
    "powell-badly-scaled": lambda x: [1e4 * x[0] * x[1] - 1,
                                      math.exp(-x[0]) + math.exp(-x[1]) - 1.0001],
    "brown-badly-scaled": lambda x: [x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2],
    "beale": lambda x: [y - x[0] * (1 - x[1] ** i) for i, y in ((1, 1.5), (2, 2.25), (3, 2.625))],
    "jennrich-sampson": lambda x: [2 + 2 * i - (math.exp(i * x[0]) + math.exp(i * x[1]))
                                   for i in range(1, 11)],
    "helical-valley": lambda x: [10 * (x[2] - 10 * _theta(x[0], x[1])),
                                 10 * (math.hypot(x[0], x[1]) - 1), x[2]],
    "bard": _bard,
    "gaussian": lambda x: [x[0] * math.exp(-x[1] * ((8 - i) / 2 - x[2]) ** 2 / 2) - GAUSS_Y[i - 1]
                           for i in range(1, 16)],
    "meyer": lambda x: [x[0] * math.exp(x[1] / (45 + 5 * i + x[2])) - MEYER_Y[i - 1]
                        for i in range(1, 17)],
    "gulf": _gulf,
    "box-3d": lambda x: [math.exp(-i / 10 * x[0]) - math.exp(-i / 10 * x[1])
                         - x[2] * (math.exp(-i / 10) - math.exp(-i)) for i in range(1, 11)],
    "powell-singular": lambda x: [x[0] + 10 * x[1], math.sqrt(5) * (x[2] - x[3]),
                                  (x[1] - 2 * x[2]) ** 2, math.sqrt(10) * (x[0] - x[3]) ** 2],
    "wood": lambda x: [10 * (x[1] - x[0] ** 2), 1 - x[0], math.sqrt(90) * (x[3] - x[2] ** 2),
                       1 - x[2], math.sqrt(10) * (x[1] + x[3] - 2), (x[1] - x[3]) / math.sqrt(10)],
    "kowalik-osborne": lambda x: [y - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3])
                                  for u, y in zip(KOW_U, KOW_Y, strict=True)],
    "brown-dennis": lambda x: [(x[0] + i / 5 * x[1] - math.exp(i / 5)) ** 2
                               + (x[2] + x[3] * math.sin(i / 5) - math.cos(i / 5)) ** 2
                               for i in range(1, 21)],
    "osborne-1": lambda x: [OSB_Y[i - 1] - (x[0] + x[1] * math.exp(-10 * (i - 1) * x[3])
                                            + x[2] * math.exp(-10 * (i - 1) * x[4]))
                            for i in range(1, 34)],
    "biggs-exp6": _biggs,
}

#: F(x₀) and F(10x₀) as tabulated for the Moré–Wild benchmark set (7 digits), from the same
#: starts: an outside check of the starts and the data tables
PRINTED_F_AT_START = {
    ("rosenbrock", 10): 1.795769e6, ("helical-valley", 10): 10600,
    ("powell-singular", 10): 1.615400e6, ("freudenstein-roth", 10): 1.545754e8,
    ("bard", 1): 41.68170, ("bard", 10): 1306.234, ("kowalik-osborne", 1): 5.313172e-3,
    ("meyer", 1): 1.693608e9, ("box-3d", 1): 1031.154, ("jennrich-sampson", 1): 4171.306,
    ("brown-dennis", 1): 7.926693e6, ("brown-dennis", 10): 3.081064e11,
}

#: F(x₀) exactly, by hand from the definitions (helical valley: θ(−1, 0) = ½)
EXACT_F_AT_START = {
    "rosenbrock": R(121, 5), "freudenstein-roth": R(801, 2), "beale": R(909, 64),
    "helical-valley": 2500, "powell-singular": 215, "wood": 19192,
    "brown-badly-scaled": (1 - 10**6) ** 2 + (1 - R(2, 10**6)) ** 2 + 1,
}


def _F(problem, f):
    return problem.data["mgh"].F(f)


def _point(values):
    return np.array([float(v) for v in values])


# -- the registry ---------------------------------------------------------------------------------

def test_the_set_is_mgh_problems_1_to_18_in_order_with_their_sizes():
    assert list(MGH) == list(SIZES)
    for name, (number, n, m) in SIZES.items():
        problem = MGH[name]()
        info = problem.data["mgh"]
        assert (info.number, problem.n, info.m, len(problem.x0)) == (number, n, m, n)
        residuals = problem.oracle("numpy").calls.residuals
        if residuals is not None:
            assert residuals(_point(problem.x0)).shape == (m,)


def test_starts_scale_by_10_and_100():
    problem, x0 = mgh_start("meyer", 100)
    assert x0 == (2, 400000, 25000) and problem.x0 == (R(2, 100), 4000, 250)
    assert mgh_start("gaussian", 10)[1] == (4, 10, 0)
    with pytest.raises(OptionError, match="1, 10 and 100"):
        mgh_start("beale", 5)
    with pytest.raises(OptionError, match="no MGH problem named 'bele'.*beale"):
        mgh_start("bele")


def test_the_old_address_symhess_problems_still_works():
    from symhess import problems
    from symhess.optim import problem_set

    assert symhess.problems.rosenbrock is problem_set.rosenbrock
    assert problems.MGH is problem_set.MGH and problems.extended_rosenbrock(4).n == 4


# -- values at the starts -----------------------------------------------------------------------

@pytest.mark.parametrize("name", list(MGH))
@pytest.mark.parametrize("scale", [1, 10, 100])
def test_f_at_the_starts_matches_the_formula_written_out_here(name, scale):
    problem, x0 = mgh_start(name, scale)
    x = _point(x0)
    with np.errstate(all="ignore"):
        ours = _F(problem, problem.oracle("numpy").fun(x))
    try:
        theirs = _sum_of_squares(F_BY_HAND[name](x))
    except (OverflowError, ZeroDivisionError):
        theirs = math.inf
    if math.isfinite(theirs):
        assert ours == pytest.approx(theirs, rel=1e-12)
    else:  # e^{100·x} and the like overflow in floats: the same for both
        assert not math.isfinite(ours) or ours > 1e300


@pytest.mark.parametrize(("name", "scale"), sorted(PRINTED_F_AT_START))
def test_f_at_the_starts_matches_the_printed_values(name, scale):
    problem, x0 = mgh_start(name, scale)
    F = _F(problem, problem.oracle("numpy").fun(_point(x0)))
    assert F == pytest.approx(PRINTED_F_AT_START[name, scale], rel=5e-7)


@pytest.mark.parametrize("name", sorted(EXACT_F_AT_START))
def test_f_at_the_start_is_exact_in_exact_arithmetic(name):
    problem = MGH[name]()
    f = problem.expr.subs(dict(zip(problem.variables, problem.x0, strict=True)))
    assert _F(problem, sp.simplify(f)) == EXACT_F_AT_START[name]


# -- the published minima -------------------------------------------------------------------------

EXACT_ZEROS = [(name, k) for name in MGH for k, m in enumerate(MGH[name]().data["mgh"].minima)
               if m.x is not None]


@pytest.mark.parametrize(("name", "k"), EXACT_ZEROS)
def test_f_and_its_gradient_vanish_exactly_at_the_exact_minimisers(name, k):
    # every residual vanishing exactly makes f = ½‖r‖² and ∇f = Jᵀr exactly zero
    problem = MGH[name]()
    minimum = problem.data["mgh"].minima[k]
    assert minimum.value == 0
    at = dict(zip(problem.variables, minimum.x, strict=True))
    values = problem.symbolic.residuals or [problem.expr, *problem.symbolic.gradient]
    # Gulf: ((−50 ln tᵢ)^{4/3})^{3/4} = −50 ln tᵢ needs the sign of ln tᵢ (negative)
    assert [sp.simplify(sp.powdenest(v.subs(at), force=True)) for v in values] \
        == [0] * len(values)


def _polished(problem, start):
    calls = problem.oracle("numpy").calls
    fit = scipy.optimize.least_squares(calls.residuals, start, jac=calls.jacobian, method="lm",
                                       xtol=1e-15, ftol=1e-15, gtol=1e-15)
    return fit.x


#: where the minimisation starts for the minima MGH give without a point (Meyer: the point
#: Meyer & Roth (1972) publish; the others: the standard start)
POLISH_FROM = {"meyer": (0.0056, 6181.4, 345.2)}

PRINTED_MINIMA = [(name, k) for name in MGH for k, m in enumerate(MGH[name]().data["mgh"].minima)
                  if m.value != 0 and m.kind is not MinimumKind.AT_INFINITY
                  and name != "biggs-exp6"]


@pytest.mark.parametrize(("name", "k"), PRINTED_MINIMA)
def test_the_printed_minimum_is_reached_to_its_printed_digits(name, k):
    problem = MGH[name]()
    minimum = problem.data["mgh"].minima[k]
    start = minimum.near or POLISH_FROM.get(name) or problem.x0
    x = _polished(problem, _point(start))
    F = _F(problem, problem.oracle("numpy").fun(x))
    assert minimum.agrees(F), F
    # stationary relative to the sizes of J and r (Meyer's ∂r/∂x₁ is of order 10⁶)
    calls = problem.oracle("numpy").calls
    J, r = calls.jacobian(x), calls.residuals(x)
    assert np.max(np.abs(J.T @ r)) <= 1e-6 * np.linalg.norm(J) * np.linalg.norm(r)
    # a neighbouring value is not accepted: the check can fail
    assert not minimum.agrees(F * (1 + 1e-4))


def test_biggs_value_5_65565e_3_is_where_two_exponentials_merge_at_minima_and_saddles():
    # with x₁ = x₅ the model is (x₃ + x₆)e^{−t x₁} − x₄e^{−t x₂}: fit those four numbers
    t = np.arange(1, 14) / 10
    y = np.exp(-t) - 5 * np.exp(-10 * t) + 3 * np.exp(-4 * t)
    fit = scipy.optimize.least_squares(
        lambda z: z[0] * np.exp(-t * z[1]) - z[2] * np.exp(-t * z[3]) - y, [2.0, 1.5, 5.0, 15.0],
        method="lm", xtol=1e-15, ftol=1e-15, gtol=1e-15)
    a, b, c, d = fit.x
    problem = MGH["biggs-exp6"]()
    local = next(m for m in problem.data["mgh"].minima if m.kind is MinimumKind.LOCAL)
    calls = problem.oracle("numpy").calls
    for share, saddle in ((1 / 3, True), (1.2, False), (-0.3, False)):  # x₃ = share·(x₃ + x₆)
        x = np.array([b, d, share * a, c, b, (1 - share) * a])
        assert local.agrees(_F(problem, calls.fun(x))) and local.F == "5.65565e-3"
        assert np.max(np.abs(calls.grad(x))) <= 1e-8
        lowest = np.linalg.eigvalsh(calls.hess(x))[0]
        assert (lowest < -1e-3) if saddle else (lowest > -1e-12)


def test_minimum_reached_names_the_minimum_or_none():
    info = MGH["freudenstein-roth"]().data["mgh"]
    assert info.minimum_reached(R(489842536792, 10**10) / 2).F == "48.9842"
    assert info.minimum_reached(0).x == (5, 4)
    assert info.minimum_reached(1) is None
    bard = MGH["bard"]().data["mgh"]
    assert bard.minimum_reached(R(174286, 10**4) / 2) is None  # only approached as x → ∞


# -- the fast NumPy forms against the symbolic ones -----------------------------------------------

#: symbolic Hessians of many residuals take seconds to build
LARGE = {"gulf", "osborne-1", "brown-dennis", "biggs-exp6"}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n in LARGE else n
                                  for n in MGH])
def test_numpy_derivatives_agree_with_the_symbolic_ones(name):
    # Gulf's 99 residuals take a minute to differentiate symbolically; 10 rows of the same
    # formula check the same code
    problem = gulf(10) if name == "gulf" else MGH[name]()
    fast = problem.oracle("numpy").calls
    exact = problem.symbolic.compile(get_backend("numpy"))
    rng = np.random.default_rng(0)
    x0 = _point(problem.x0)
    for x in (x0, x0 * (1 + rng.uniform(-0.1, 0.1, problem.n)) + 0.01):
        v = rng.normal(size=problem.n)
        assert fast.fun(x) == pytest.approx(exact.fun(x), rel=1e-10)
        scale = max(1.0, float(np.max(np.abs(exact.hess(x)))))
        np.testing.assert_allclose(fast.grad(x), exact.grad(x), rtol=1e-9, atol=1e-9 * scale)
        np.testing.assert_allclose(fast.hess(x), exact.hess(x), rtol=1e-8, atol=1e-9 * scale)
        np.testing.assert_allclose(fast.hessp(x, v), exact.hess(x) @ v, rtol=1e-8,
                                   atol=1e-8 * scale)


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n in LARGE else n
                                  for n in MGH])
def test_every_problem_evaluates_in_exact_and_mpmath_arithmetic(name):
    # Helical valley's atan2/π and Brown–Dennis's e^{1/5}, sin(1/5) used to reach the exact
    # backend as floats; now they are values rounded to 40 digits, counted and named
    problem = MGH[name]()
    expected = problem.oracle("numpy").value_and_grad(_point(problem.x0))
    for backend in ("exact", "mpmath"):
        oracle = problem.oracle(backend)
        f, g = oracle.value_and_grad(oracle.backend.vector(problem.x0))
        assert float(f) == pytest.approx(expected[0], rel=1e-12)
        np.testing.assert_allclose(np.asarray(g, dtype=float), expected[1], rtol=1e-10,
                                   atol=1e-10 * float(np.max(np.abs(expected[1]))))
        if backend == "exact":
            assert f.is_Rational
            assert (oracle.nrounded > 0) == bool(oracle.rounded_functions)


# -- scipy's own test problems, where they differ from MGH ----------------------------------------

from symhess.optim.problem_set import (  # noqa: E402 - the scipy set's tests begin here
    SCIPY_SET,
    ExactMinimum,
    ScipyInfo,
    scipy_start,
)

#: dimension and number of starts of each, as scipy runs them (its benchmark: ten random starts;
#: its unit tests: one fixed start)
SCIPY_SIZES = {
    "rosenbrock-3": (3, 10), "rosenbrock-2": (2, 1), "simple-quadratic": (3, 10),
    "asymmetric-quadratic": (3, 10), "sin-1d": (1, 10), "booth": (2, 10), "beale": (2, 10),
    "lennard-jones-4": (12, 10), "himmelblau": (2, 1), "maximum-entropy": (3, 1),
}

#: scipy's f written out again (test_functions.py, test_optimize.py), at a point
SCIPY_F_BY_HAND = {
    "rosenbrock-3": scipy.optimize.rosen, "rosenbrock-2": scipy.optimize.rosen,
    "simple-quadratic": lambda x: x @ x, "asymmetric-quadratic": lambda x: x @ x + x[0],
    "sin-1d": lambda x: math.sin(x[0]),
    "booth": lambda x: (x[0] + 2 * x[1] - 7) ** 2 + (2 * x[0] + x[1] - 5) ** 2,
    # scipy's Beale is Σ rᵢ²; ours is MGH's ½ Σ rᵢ²
    "beale": lambda x: sum((y - x[0] + x[0] * x[1] ** i) ** 2
                           for i, y in ((1, 1.5), (2, 2.25), (3, 2.625))) / 2,
    "lennard-jones-4": lambda x: sum(
        4 * (r ** -12 - r ** -6) for r in (np.linalg.norm(x[3 * j:3 * j + 3] - x[3 * i:3 * i + 3])
                                           for i in range(4) for j in range(i + 1, 4))),
    "himmelblau": lambda x: (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2,
    "maximum-entropy": lambda x: math.log(sum(math.exp(v) for v in np.array(
        [[1, 1, 1], [1, 1, 0], [1, 0, 1], [1, 0, 0], [1, 0, 0]]) @ x)) - np.array([1, .3, .5]) @ x,
}


def _exact_minima():
    return [(name, k) for name in SCIPY_SET
            for k, m in enumerate(SCIPY_SET[name]().data["scipy"].minima)
            if isinstance(m, ExactMinimum) and m.x is not None]


def _is_zero(value) -> bool:
    """``value`` is exactly 0: by simplification, or (roots of a cubic) as the algebraic number
    whose minimal polynomial is z."""
    value = sp.simplify(value)
    if value == 0:
        return True
    if value.has(sp.CRootOf):
        z = sp.Symbol("z")
        return sp.minimal_polynomial(value, z) == z
    return False


def test_the_scipy_set_has_scipys_sizes_and_starts():
    assert list(SCIPY_SET) == list(SCIPY_SIZES)
    for name, (n, starts) in SCIPY_SIZES.items():
        problem = SCIPY_SET[name]()
        info = problem.data["scipy"]
        assert isinstance(info, ScipyInfo) and problem.n == n and len(info.starts) == starts
        assert problem.x0 == info.starts[0] and all(len(s) == n for s in info.starts)
        assert all(isinstance(v, sp.Rational) for s in info.starts for v in s)
    problem, x0 = scipy_start("himmelblau")
    assert x0 == (R(-27, 100), R(-9, 10))
    with pytest.raises(OptionError, match="booth has 10 starts .0 to 9., not 10"):
        scipy_start("booth", 10)
    with pytest.raises(OptionError, match="no scipy test problem named 'LJ'.*lennard-jones-4"):
        scipy_start("LJ")
    assert symhess.problems.SCIPY_SET is SCIPY_SET


@pytest.mark.parametrize("name", list(SCIPY_SET))
def test_scipy_problems_are_scipys_functions(name):
    problem = SCIPY_SET[name]()
    fun = problem.oracle("numpy").fun
    for start in problem.data["scipy"].starts[:3]:
        x = _point(start)
        assert fun(x) == pytest.approx(SCIPY_F_BY_HAND[name](x), rel=1e-12)


@pytest.mark.parametrize(("name", "k"), _exact_minima())
def test_the_gradient_vanishes_exactly_at_the_exact_minimisers_and_f_is_f_star(name, k):
    problem = SCIPY_SET[name]()
    minimum = problem.data["scipy"].minima[k]
    at = dict(zip(problem.variables, minimum.x, strict=True))
    assert all(_is_zero(g.subs(at)) for g in problem.symbolic.gradient)
    assert _is_zero(problem.expr.subs(at) - minimum.f)


def test_the_published_points_agree_with_the_exact_minimisers():
    # Himmelblau's three other minima to the six decimals printed
    himmelblau = SCIPY_SET["himmelblau"]().data["scipy"]
    for minimum in himmelblau.minima[1:]:
        exact = _point([sp.N(v, 15) for v in minimum.x])
        np.testing.assert_allclose(exact, _point(minimum.near), atol=5e-7)
    # scipy's CheckOptimize solution is a run's result: f to 10⁻¹², x₃ only to 2·10⁻⁶
    problem = SCIPY_SET["maximum-entropy"]()
    minimum = problem.data["scipy"].minima[0]
    printed, exact = _point(minimum.near), _point([sp.N(v, 15) for v in minimum.x])
    assert problem.oracle("numpy").fun(printed) - float(minimum.f) == pytest.approx(0, abs=1e-12)
    assert 1e-6 < abs(printed[2] - exact[2]) < 2e-6
    assert float(minimum.f) == pytest.approx(1.5591321672741117, rel=1e-15)
    # the Lennard-Jones tetrahedron: the Cambridge Cluster Database's −6.000000
    lj = SCIPY_SET["lennard-jones-4"]()
    assert lj.data["scipy"].minima[0].f == -6 and lj.fmin == -6


def test_exact_minimum_agrees_only_near_its_value():
    quarter = ExactMinimum(R(-1, 4))
    assert quarter.agrees(-0.25 + 1e-10) and not quarter.agrees(-0.25 + 1e-6)
    assert ExactMinimum(sp.Integer(0)).agrees(1e-9) and not ExactMinimum(sp.Integer(0)).agrees(1e-7)
    info = SCIPY_SET["beale"]().data["scipy"]
    assert info.minimum_reached(1e-12).f == 0
    assert info.minimum_reached(float(R(405, 1792))) is None  # only approached at infinity


@pytest.mark.parametrize("name", list(SCIPY_SET))
def test_scipy_problems_numpy_callables_agree_with_the_exact_ones_at_the_start(name):
    problem = SCIPY_SET[name]()
    fast = problem.oracle("numpy").calls
    exact = problem.oracle("exact")
    x0 = problem.x0
    f, g = exact.value_and_grad(exact.backend.vector(x0))
    x = _point(x0)
    assert fast.fun(x) == pytest.approx(float(f), rel=1e-13, abs=1e-13)
    np.testing.assert_allclose(fast.grad(x), np.asarray(g, dtype=float), rtol=1e-12, atol=1e-12)
    H = np.asarray(exact.hess(exact.backend.vector(x0)), dtype=float)
    scale = max(1.0, float(np.max(np.abs(H))))
    np.testing.assert_allclose(fast.hess(x), H, rtol=1e-11, atol=1e-12 * scale)
    v = np.linspace(-1, 1, problem.n)
    np.testing.assert_allclose(fast.hessp(x, v), H @ v, rtol=1e-11, atol=1e-11 * scale)
    precise = problem.oracle("mpmath")
    f_mp, g_mp = precise.value_and_grad(precise.backend.vector(x0))
    assert float(f_mp) == pytest.approx(float(f), rel=1e-14, abs=1e-14)
    np.testing.assert_allclose(np.asarray(g_mp, dtype=float), np.asarray(g, dtype=float),
                               rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("name", list(SCIPY_SET))
def test_scipy_bfgs_from_scipys_starts_reaches_the_published_minimum(name):
    # or, from a start that leads there, the infimum published at infinity (Beale, one start)
    problem = SCIPY_SET[name]()
    info = problem.data["scipy"]
    calls = problem.oracle("numpy").calls
    at_infinity = [m for m in info.minima if m.kind is MinimumKind.AT_INFINITY]
    reached = 0
    for start in info.starts:
        with np.errstate(all="ignore"):
            r = scipy.optimize.minimize(calls.fun, _point(start), jac=calls.grad, method="BFGS")
        minimum = info.minimum_reached(r.fun)
        if minimum is not None:
            assert minimum.kind is MinimumKind.GLOBAL
            assert np.max(np.abs(calls.grad(r.x))) <= 1e-3 * max(1.0, abs(r.fun))
            reached += 1
        else:
            assert any(m.agrees(r.fun, rtol=1e-3) for m in at_infinity), (start, r.fun)
            assert np.max(np.abs(r.x)) > 1e3
    assert reached >= len(info.starts) - 1
