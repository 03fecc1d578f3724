"""Time budgets really interrupt, nest, and work off the main thread."""

import threading
import time

import pytest
import sympy as sp

from symhess import BudgetExceeded, time_budget
from symhess.budget import remaining


def test_interrupts_a_busy_python_loop():
    start = time.perf_counter()
    with pytest.raises(BudgetExceeded) as info:
        with time_budget(0.2, "a loop"):
            while True:
                pass
    assert time.perf_counter() - start < 2
    assert info.value.seconds == 0.2 and "a loop" in str(info.value)


def test_interrupts_sympy_even_through_its_broad_excepts():
    x = sp.Symbol("x")
    start = time.perf_counter()
    with pytest.raises(BudgetExceeded):
        with time_budget(0.5, "an expansion"):
            sp.expand((x + sp.sqrt(2) * x**2 + 1) ** 400)
    assert time.perf_counter() - start < 5


def test_no_budget_and_finishing_in_time():
    with time_budget(None):
        assert remaining() == float("inf")
    with time_budget(5):
        assert 0 < remaining() <= 5


def test_inner_expiry_is_caught_inside_the_outer_budget():
    with time_budget(5, "outer"):
        with pytest.raises(BudgetExceeded, match="inner"):
            with time_budget(0.1, "inner"):
                while True:
                    pass
        assert remaining() > 3


def test_outer_expiry_passes_through_inner_block():
    with pytest.raises(BudgetExceeded, match="outer"):
        with time_budget(0.2, "outer"):
            with time_budget(10, "inner"):
                while True:
                    pass


def test_works_in_a_worker_thread():
    outcome = []

    def work():
        try:
            with time_budget(0.2, "threaded"):
                while True:
                    pass
        except BudgetExceeded as e:
            outcome.append(str(e))

    t = threading.Thread(target=work)
    t.start()
    t.join(5)
    assert outcome and "threaded" in outcome[0]


def test_someone_elses_alarm_is_rearmed_afterwards():
    import signal

    fired = []
    old = signal.signal(signal.SIGALRM, lambda *a: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.6)
        with time_budget(5):
            pass
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0  # still armed, not cancelled
        deadline = time.monotonic() + 3
        while not fired and time.monotonic() < deadline:
            time.sleep(0.01)
        assert fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_ctrl_c_through_the_budget_survives_being_swallowed():
    # interrupt_budgets() is what the calculator's SIGINT handler calls: the interrupt keeps
    # being delivered, so a bare except that swallows one delivery cannot lose it
    from symhess.budget import _stack, interrupt_budgets

    start = time.perf_counter()
    swallowed = 0
    with pytest.raises(KeyboardInterrupt):
        with time_budget(30, "outer"), time_budget(20, "inner"):
            interrupt_budgets()
            for _ in range(3):
                try:
                    time.sleep(1)
                except BaseException:  # noqa: BLE001 - the point of the test
                    swallowed += 1
            time.sleep(10)
    assert swallowed == 3 and time.perf_counter() - start < 2
    assert _stack() == []  # nothing left armed
    assert not interrupt_budgets()  # outside any budget there is nothing to interrupt


def test_exact_number_digits_lifts_pythons_limit_only_inside_the_block():
    import sys

    from symhess.budget import NUMBER_DIGITS, exact_number_digits

    before = sys.get_int_max_str_digits()
    big = 10**99_999
    with exact_number_digits():
        with exact_number_digits():
            assert len(str(big)) == 100_000
        assert sys.get_int_max_str_digits() in (0, NUMBER_DIGITS)
        assert len(str(big)) == 100_000
    assert sys.get_int_max_str_digits() == before


def test_the_cli_prints_a_number_of_90_thousand_digits(capsys):
    from symhess.budget import exact_number_digits
    from tests.conftest import run_cli

    code, out, err = run_cli(capsys, "hessian", "x*2^300000", "--json")
    assert code == 0, err
    with exact_number_digits():
        assert str(2**300000) in out


def test_memory_budget_turns_running_out_into_budget_exceeded_and_restores_the_limit():
    import resource

    from symhess.budget import memory_budget

    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(BudgetExceeded, match="memory budget"):
        with memory_budget(256 * 2**20, "a large allocation"):
            bytearray(2 * 2**30)
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    with memory_budget(256 * 2**20):
        assert len(bytearray(2**20)) == 2**20
