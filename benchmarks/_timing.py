"""The one timing rule every suite uses: the best of ``repeat`` runs, and the last result."""

import time


def best_of(fn, repeat: int = 3) -> tuple[float, object]:
    """``(seconds, value)``: the fastest of ``repeat`` calls of ``fn`` and what it returned."""
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value
