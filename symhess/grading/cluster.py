"""Notebooks on a Dask cluster: ``symhess grade ... --scheduler tcp://HOST:8786`` (workers
started with ``dask worker tcp://HOST:8786`` on any number of machines) or ``local:N`` (a
``LocalCluster`` of N single-threaded worker processes on this machine).

A task carries one notebook as bytes with the assignment's public files; the worker runs it in
its own sandbox (probed on that worker) and returns only the answer strings and the execution
record.  Scoring and writing stay with the client: a worker never sees the output folder, the
other submissions, or another student's results.
"""

from __future__ import annotations

from contextlib import contextmanager

from ..errors import SymhessError

__all__ = ["dask_executor", "parse_scheduler"]


def parse_scheduler(text: str) -> tuple[str, int | str]:
    """``("local", N)`` for ``local:N``, ``("remote", address)`` otherwise.

    >>> parse_scheduler("local:2"), parse_scheduler("tcp://10.0.0.5:8786")
    (('local', 2), ('remote', 'tcp://10.0.0.5:8786'))
    """
    if text.startswith("local:"):
        n = text[len("local:"):]
        if not n.isdigit() or int(n) < 1:
            raise SymhessError(f"--scheduler {text}: local:N needs a number of workers N >= 1")
        return "local", int(n)
    if "://" not in text:
        raise SymhessError(f"--scheduler {text}: give the scheduler's address, such as "
                           "tcp://HOST:8786, or local:N")
    return "remote", text


@contextmanager
def dask_executor(scheduler: str):
    """A ``concurrent.futures`` executor whose tasks run on Dask workers."""
    kind, where = parse_scheduler(scheduler)
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise SymhessError("--scheduler needs Dask: pip install 'symhess[cluster]'") from None
    cluster = None
    if kind == "local":
        cluster = LocalCluster(n_workers=where, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        try:
            client = Client(where, timeout=30)
        except OSError as e:
            raise SymhessError(f"--scheduler {where}: no Dask scheduler answered ({e})") from None
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
