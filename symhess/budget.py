"""Time budgets that really interrupt a running computation.

Symbolic work can blow up (a Gröbner basis, an expansion, a limit).  ``with time_budget(5):``
interrupts whatever Python code runs inside after five seconds -- SymPy included -- and raises
:class:`~symhess.errors.BudgetExceeded`.

How it interrupts: in the main thread a ``SIGALRM`` interval timer, elsewhere a watchdog thread
that injects an asynchronous exception into the working thread.  Either way the interrupt is
delivered as a ``BaseException`` (like ``KeyboardInterrupt``) so that the many
``except Exception:`` clauses inside SymPy cannot swallow it; it becomes a ``BudgetExceeded``
only when it reaches the ``with`` block that owns the expired deadline.  Budgets nest: an inner
budget never outlives the outer one, and an inner budget's expiry can be caught by the code
around it ("the exact solve ran out of time, try the numeric route") while an outer expiry
passes through to its own owner.

>>> with time_budget(1.0):
...     2 + 2
4
>>> import time
>>> try:
...     with time_budget(0.05, "a busy loop"):
...         while True:
...             pass
... except BudgetExceeded as e:
...     print(e)
a busy loop ran out of its time budget (0.05 s)
"""

from __future__ import annotations

import ctypes
import itertools
import math
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import BudgetExceeded

__all__ = ["time_budget", "remaining", "check_budget", "interrupt_budgets", "DEFAULT_SECONDS",
           "exact_number_digits", "NUMBER_DIGITS", "memory_budget", "DEFAULT_MEMORY"]

#: The budget the shells give one command when the user names none.
DEFAULT_SECONDS = 30.0

# Once an interrupt has been delivered and swallowed by some bare ``except``, deliver it again
# this often until the owning block exits.
_REPEAT = 0.05


class _Interrupt(BaseException):
    """Delivered into the computation when a deadline passes; never escapes a budget block."""

    token: int = -1


@dataclass
class _Deadline:
    token: int
    at: float  # time.monotonic() value
    seconds: float
    what: str
    interrupted: bool = False  # expired by interrupt_budgets(): Ctrl-C, not the clock
    released: bool = False  # disarmed, the foreign SIGALRM handler and timer given back


_tokens = itertools.count()
_local = threading.local()


def _stack() -> list[_Deadline]:
    if not hasattr(_local, "stack"):
        _local.stack = []
    return _local.stack


def remaining() -> float:
    """Seconds left in the innermost active budget of this thread (``inf`` when none)."""
    stack = _stack()
    if not stack:
        return math.inf
    return max(0.0, min(d.at for d in stack) - time.monotonic())


def check_budget() -> None:
    """Raise the interrupt now if a deadline has passed (for loops in C-heavy code)."""
    stack = _stack()
    now = time.monotonic()
    expired = [d for d in stack if d.at <= now]
    if expired:
        raise _interrupt_for(min(expired, key=lambda d: d.at))


def _interrupt_for(deadline: _Deadline) -> _Interrupt:
    err = _Interrupt()
    err.token = deadline.token
    return err


def interrupt_budgets() -> bool:
    """Ctrl-C for budgeted work: every budget of this thread expires now, marked interrupted,
    so the outermost block raises ``KeyboardInterrupt``.  Like an expired budget, the
    interrupt is delivered again every ``_REPEAT`` seconds until that block exits, so a bare
    ``except`` or a garbage-collector callback that swallows one delivery cannot lose it.
    Returns whether there was a budget to interrupt (main thread only)."""
    stack = _stack()
    if not stack or not _can_use_signals():
        return False
    now = time.monotonic()
    for deadline in stack:
        deadline.at, deadline.interrupted = now, True
    _arm_signal()
    return True


def _can_use_signals() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


# -- SIGALRM driver (main thread) -----------------------------------------------------------


def _on_alarm(signum, frame):
    stack = _stack()
    now = time.monotonic()
    expired = [d for d in stack if d.at <= now]
    if expired:
        raise _interrupt_for(min(expired, key=lambda d: d.at))
    _arm_signal()


def _arm_signal() -> None:
    stack = _stack()
    if not stack:
        signal.setitimer(signal.ITIMER_REAL, 0)
        return
    delay = max(1e-4, min(d.at for d in stack) - time.monotonic())
    signal.setitimer(signal.ITIMER_REAL, delay, _REPEAT)


def _foreign_timer() -> tuple[float | None, float]:
    """Someone else's armed ITIMER_REAL (pytest-timeout, a grader): its absolute expiry and
    interval, so it can be re-armed when our budgets are done with the timer."""
    delay, interval = signal.getitimer(signal.ITIMER_REAL)
    return (time.monotonic() + delay if delay > 0 else None), interval


def _restore_foreign(handler, at: float | None, interval: float) -> None:
    signal.signal(signal.SIGALRM, handler)
    if at is not None:
        signal.setitimer(signal.ITIMER_REAL, max(1e-4, at - time.monotonic()), interval)


# -- watchdog driver (other threads) --------------------------------------------------------


def _inject(thread_id: int, deadline: _Deadline, done: threading.Event) -> None:
    exc_type = type(f"_Interrupt{deadline.token}", (_Interrupt,), {"token": deadline.token})
    wait = max(0.0, deadline.at - time.monotonic())
    while not done.wait(wait):
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(thread_id), ctypes.py_object(exc_type)
        )
        wait = _REPEAT


@contextmanager
def time_budget(seconds: float | None, what: str = "the computation") -> Iterator[None]:
    """Run the block under a budget of ``seconds`` (``None`` or ``inf``: no limit of its own).

    Raises :class:`BudgetExceeded` naming ``what`` if the block is still running when the
    budget (or an enclosing, shorter one owned by this block) expires.
    """
    if seconds is not None and seconds <= 0:
        raise ValueError(f"a time budget must be positive, got {seconds!r}")
    if seconds is None or math.isinf(seconds):
        yield
        return
    stack = _stack()
    deadline = _Deadline(next(_tokens), time.monotonic() + seconds, seconds, what)
    use_signals = _can_use_signals()
    previous_handler = None
    done = threading.Event()
    watchdog = None
    try:
        try:
            # armed inside the try: an interrupt landing while we arm must not leave this
            # deadline on the stack (it would fire later, outside any budget block)
            if use_signals:
                if not stack:
                    previous_handler = (signal.signal(signal.SIGALRM, _on_alarm),
                                        *_foreign_timer())
                stack.append(deadline)
                _arm_signal()
            else:
                stack.append(deadline)
                watchdog = threading.Thread(
                    target=_inject, args=(threading.get_ident(), deadline, done), daemon=True
                )
                watchdog.start()
            yield
        finally:  # disarm first: once released, no interrupt of ours can land anywhere
            _release(deadline, done, watchdog, previous_handler)
    except _Interrupt as interrupt:
        # released again in case this interrupt cut the first release short (idempotent)
        _release(deadline, done, watchdog, previous_handler)
        if interrupt.token != deadline.token:
            raise
        if deadline.interrupted:
            raise KeyboardInterrupt from None
        raise BudgetExceeded(
            f"{what} ran out of its time budget ({seconds:.3g} s)", seconds=seconds
        ) from None


def _release(deadline, done, watchdog, previous_handler) -> None:
    """Disarm a budget; an interrupt landing while we do so is moot (the block has ended).
    Idempotent: a second call after a completed one does nothing."""
    while not deadline.released:
        try:
            done.set()
            stack = _stack()
            if deadline in stack:
                stack.remove(deadline)
            if watchdog is None:
                _arm_signal()
                if not stack and previous_handler is not None:
                    _restore_foreign(*previous_handler)
            else:
                watchdog.join()
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(threading.get_ident()), None
                )
            deadline.released = True
        except _Interrupt:
            continue


# -- printing exact numbers -------------------------------------------------------------------

#: Decimal digits an integer may have when printed inside :func:`exact_number_digits`: twice
#: the parser's ``MAX_DIGITS``, so every number a user can type prints, and a product of two
#: of them; beyond that, Python's quadratic int-to-text conversion would outlast any budget
#: (it cannot be interrupted).
NUMBER_DIGITS = 200_000

_digits_lock = threading.Lock()
_digits_users = 0
_digits_before = 0


@contextmanager
def exact_number_digits() -> Iterator[None]:
    """Let integers of up to :data:`NUMBER_DIGITS` digits be printed and read in the block.

    Python refuses by default to convert integers of more than 4300 digits to text, below the
    100,000 digits the parser accepts.  The limit is process-wide, so it is raised while at
    least one such block is open and put back when the last one closes.
    """
    global _digits_users, _digits_before
    with _digits_lock:
        if _digits_users == 0:
            _digits_before = sys.get_int_max_str_digits()
            if 0 < _digits_before < NUMBER_DIGITS:
                sys.set_int_max_str_digits(NUMBER_DIGITS)
        _digits_users += 1
    try:
        yield
    finally:
        with _digits_lock:
            _digits_users -= 1
            if _digits_users == 0:
                sys.set_int_max_str_digits(_digits_before)


# -- memory -----------------------------------------------------------------------------------

#: Address space a budgeted command may add to the process when none is named (4 GiB).
DEFAULT_MEMORY = 4 * 2**30


def _address_space() -> int | None:
    """Bytes of address space this process uses now (Linux), or ``None`` when unknown."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    import resource

    return pages * resource.getpagesize()


@contextmanager
def memory_budget(nbytes: int | None = DEFAULT_MEMORY,
                  what: str = "the computation") -> Iterator[None]:
    """Run the block with at most ``nbytes`` more address space (``None``: no limit of its
    own); running out raises :class:`BudgetExceeded` naming ``what``, never a bare
    ``MemoryError``.

    The limit is the process's ``RLIMIT_AS``, lowered for the block and put back after it (a
    lower limit already in force, such as ``ulimit -v``, is kept).  Child processes inherit it,
    so blocks that start a browser or a notebook kernel should not use one.
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - not a POSIX system
        resource = None
    previous = None
    limit = None
    if resource is not None:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = None if soft == resource.RLIM_INFINITY else soft
        used = _address_space() if nbytes is not None else None
        if used is not None:
            cap = used + nbytes
            if hard != resource.RLIM_INFINITY:
                cap = min(cap, hard)
            if limit is None or cap < limit:
                resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
                previous, limit = (soft, hard), cap
    try:
        yield
    except MemoryError:
        size = f" ({limit / 2**30:.3g} GiB of address space)" if limit is not None else ""
        raise BudgetExceeded(f"{what} ran out of its memory budget{size}: the symbolic work "
                             "grew too large; try a smaller input") from None
    finally:
        if previous is not None:
            resource.setrlimit(resource.RLIMIT_AS, previous)
