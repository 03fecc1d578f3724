"""The 2⁻ⁿ heuristic for minima among critical points, checked with exact inertia."""

from symhess.landscape import hessian_census


def test_every_sample_gets_exactly_one_verdict():
    c = hessian_census(3, samples=200, seed=3)
    assert c.minima + c.maxima + c.saddles + c.degenerate == 200


def test_minima_are_rarer_than_coin_flips_in_two_and_three_dimensions():
    for n in (2, 3):
        c = hessian_census(n, samples=400, seed=n)
        assert c.fraction_minima < c.coin_flip
        assert c.saddles > c.samples // 2


def test_the_census_is_reproducible_from_its_seed():
    assert hessian_census(2, samples=100, seed=9) == hessian_census(2, samples=100, seed=9)
