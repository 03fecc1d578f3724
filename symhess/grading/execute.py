"""Run one notebook in a fresh, limited, sandboxed kernel and bring back its answers as strings.

The kernel starts in its own bubblewrap sandbox (``sandbox.py``) from a staged copy of the
notebook and the assignment's public files, with ``RLIMIT_AS`` (memory), ``RLIMIT_FSIZE``,
``RLIMIT_NPROC`` and ``RLIMIT_CPU`` set by ``kernel_launcher.py``, and talks to the grader over
Unix sockets (Jupyter's ``ipc`` transport) in a directory only the two share.  Cells run one
by one with a per-cell and a per-notebook time limit.  Afterwards the grader appends one cell
that prints a JSON of the answer variables, each turned into nested lists of ``str``, between
two random nonces; only that text leaves the kernel.  Code that ran earlier in the kernel can
forge that text (it owns the interpreter), which gives it nothing a student could not type as
an answer: the payload is read as this notebook's answers only, by the safe parser, under the
grader's per-answer budget.  If the kernel dies at cell *k*, a fresh kernel replays cells
``0..k-1`` so the answers earned before the failure still count.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import sandbox

__all__ = ["Limits", "DEFAULT_LIMITS", "Execution", "Submission", "run_notebook",
           "run_submission", "EXTRACT_TEMPLATE"]

_LAUNCHER = Path(__file__).with_name("kernel_launcher.py")
_KERNEL = "symhess-grader"


@dataclass(frozen=True)
class Limits:
    cell_seconds: float = 30.0
    notebook_seconds: float = 120.0
    memory_bytes: int = 2 << 30  # the whole sandbox, every process together
    file_bytes: int = 64 << 20  # one file
    disk_bytes: int = 256 << 20  # the working directory (tmpfs); /tmp gets a quarter
    processes: int = 128  # threads count too
    output_chars: int = 20_000


DEFAULT_LIMITS = Limits()


@dataclass
class Execution:
    """What comes back from a kernel: answer payloads (strings only) and what happened."""

    answers: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    timed_out: bool = False
    kernel_died: bool = False
    seconds: float = 0.0
    startup_seconds: float = 0.0  # sandbox and kernel start, first kernel only
    sandbox: str = "none"


@dataclass(frozen=True)
class Submission:
    """One notebook as data, so that it can travel to a worker on another machine:
    its bytes, and the public files staged beside it (relative path -> bytes)."""

    name: str
    notebook: bytes
    files: tuple = ()
    student: str = ""  # the id its questions were drawn for (``name`` when empty)


EXTRACT_TEMPLATE = """\
def __symhess_extract(names, start, end):
    import json as _json
    def enc(o, depth=0):
        if depth > 8:
            raise ValueError("nested too deep")
        if isinstance(o, str):
            return str.__str__(o)[:100000]
        if type(o).__module__.startswith("sympy") and hasattr(o, "tolist"):
            return [[enc(v, depth + 1) for v in row] for row in o.tolist()]
        if isinstance(o, dict):
            return [[enc(k, depth + 1), enc(v, depth + 1)] for k, v in list(o.items())[:1000]]
        if isinstance(o, (list, tuple, set, frozenset)):
            return [enc(v, depth + 1) for v in list(o)[:1000]]
        return str(str(o))[:100000]
    g, out = globals(), {{}}
    for n in names:
        if n in g:
            try:
                out[n] = enc(g[n])
            except BaseException:
                out[n] = None
    print(start + _json.dumps(out) + end)
__symhess_extract({names!r}, {start!r}, {end!r})
"""

# The answers' text read back from the kernel is capped: a hook printing gigabytes into the
# extraction cell must not fill the grader's memory.
_ANSWER_CHARS = 2_000_000


class _Kernel:
    """Where one kernel lives: its kernelspec, its channel directory, its staged files."""

    def __init__(self, sub: Submission, limits: Limits, isolation: sandbox.Isolation,
                 hidden=(), scratch: str | None = None):
        self.run_dir = Path(tempfile.mkdtemp(prefix="symhess-grade-", dir=scratch))
        os.chmod(self.run_dir, 0o711)
        self.stage = self.run_dir / "stage"
        self.ipc = self.run_dir / "ipc"
        self.ipc.mkdir(mode=0o700)
        _stage(sub, self.stage)
        sandboxed = isolation.sandboxed
        self.env = {"SYMHESS_STUDENT": sub.student or sub.name}
        self.uid = sandbox.sandbox_uid() if sandboxed and os.geteuid() == 0 else None
        if self.uid is not None:
            os.chown(self.ipc, self.uid, self.uid)
        launcher = [sys.executable, str(_LAUNCHER),
                    sandbox.STAGE if sandboxed else str(self.stage),
                    sandbox.HOME if sandboxed else str(self.stage),
                    str(limits.memory_bytes), str(limits.file_bytes),
                    str(limits.processes if sandboxed else 0),
                    str(int(limits.notebook_seconds * 2 + 60)), "-f", "{connection_file}"]
        if sandboxed:
            (self.run_dir / "root").mkdir()
        argv = (sandbox.wrap(isolation.kind, launcher, ipc_dir=self.ipc, stage_dir=self.stage,
                             newroot=self.run_dir / "root", disk_bytes=limits.disk_bytes,
                             uid=self.uid, hidden=hidden, env=self.env)
                if sandboxed else launcher)
        spec = self.run_dir / "kernels" / _KERNEL
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(json.dumps(
            {"argv": argv, "display_name": "symhess grader", "language": "python",
             "interrupt_mode": "message"}))
        # where Popen starts bwrap (bwrap itself changes into the sandbox home)
        self.cwd = str(self.run_dir) if sandboxed else str(self.stage)

    def manager(self, tag: str):
        from jupyter_client import AsyncKernelManager
        from jupyter_client.kernelspec import KernelSpecManager

        ksm = KernelSpecManager(kernel_dirs=[str(self.run_dir / "kernels")])
        # The async manager matters: with a blocking client nbclient's output polling blocks
        # its event loop, so neither the cell timeout nor the dead-kernel check can ever run.
        km = AsyncKernelManager(kernel_name=_KERNEL, kernel_spec_manager=ksm, transport="ipc",
                                ip=str(self.ipc / f"{tag}"),
                                connection_file=str(self.ipc / f"{tag}.json"))
        km.write_connection_file()
        if self.uid is not None:
            os.chown(km.connection_file, self.uid, self.uid)
        return km

    def remove(self) -> None:
        shutil.rmtree(self.run_dir, ignore_errors=True)


def _stage(sub: Submission, stage: Path) -> None:
    stage.mkdir(mode=0o755)
    (stage / f"{sub.name}.ipynb").write_bytes(sub.notebook)
    for rel, data in sub.files:
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
        target.write_bytes(data)
    for p in [stage, *stage.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)


def _client(nb, limits: Limits, km, cwd: str):
    from nbclient import NotebookClient

    return NotebookClient(nb, km=km, timeout=limits.cell_seconds, allow_errors=True,
                          interrupt_on_timeout=True, kernel_name=_KERNEL, startup_timeout=60,
                          resources={"metadata": {"path": cwd}})


def _trim(cell, limit: int) -> None:
    size = 0
    kept = []
    for out in cell.get("outputs", []):
        size += len(json.dumps(out))
        if size > limit:
            kept.append(nbformat.v4.new_output("stream", name="stderr",
                                               text="[output truncated by the grader]"))
            break
        kept.append(out)
    cell.outputs = kept


_GRACE = 5.0  # seconds between the interrupt at the cell's limit and killing the kernel


def _kill(km) -> None:
    try:
        process = km.provisioner.process if km.provisioner is not None else None
        if process is not None:
            process.kill()
    except Exception:  # noqa: BLE001 - already gone
        pass


def _shutdown(km) -> None:
    """The client does not own the kernel manager, so the kernel is ended here."""
    from jupyter_core.utils import run_sync

    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # noqa: BLE001 - already gone
        pass


def _run_cells(nb, cells, limits, kernel: _Kernel, ex: Execution, deadline, extract_src,
               tag: str):
    """Execute ``cells`` then the extraction cell; return the index of the cell where the
    kernel died or was stopped (or ``None``) and the extraction cell.

    Returns only when every process of the kernel's sandbox is gone.
    """
    km = kernel.manager(tag)
    client = _client(nb, limits, km, kernel.cwd)
    watch = None
    started = time.monotonic()
    log = kernel.run_dir / f"{tag}.log"  # what the sandbox or the kernel said at start
    try:
        with open(log, "wb") as err, client.setup_kernel(
                cwd=kernel.cwd, stderr=err, stdout=subprocess.DEVNULL,
                env={**os.environ, **kernel.env}):
            if not ex.startup_seconds:
                ex.startup_seconds = time.monotonic() - started
            if ex.sandbox != "none":
                watch = sandbox.Watch(km.provisioner.process, limits.memory_bytes)
                watch.start()
            return _in_kernel(client, nb, cells, limits, ex, deadline, extract_src, watch)
    except RuntimeError as e:  # the kernel did not start: say what it said
        said = log.read_bytes()[-2000:].decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"{e} ({said[-1][:200] if said else 'no message'})") from None
    finally:
        _shutdown(km)
        if watch is not None:
            watch.stop()
            if not sandbox.wait_gone(watch):
                ex.problems.append("some of the notebook's processes could not be ended")


def _in_kernel(client, nb, cells, limits, ex, deadline, extract_src, watch):
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    died_at = None
    for index, cell in cells:
        left = deadline - time.monotonic()
        if left <= 0:
            ex.timed_out = True
            ex.problems.append(f"the notebook time limit ({limits.notebook_seconds:g} s) "
                               f"was reached before cell {index + 1}")
            break
        client.timeout = max(1, min(limits.cell_seconds, left))
        started = time.monotonic()
        # An interrupt does not stop every loop (nor a kernel ignoring SIGINT): past the
        # cell's limit and a grace period the kernel is killed, and the cells before this
        # one are replayed in a fresh kernel.
        killer = threading.Timer(client.timeout + _GRACE, _kill, args=(client.km,))
        killer.daemon = True
        killer.start()
        try:
            client.execute_cell(cell, index)
        except CellTimeoutError:
            ex.timed_out = True
        except DeadKernelError:
            died_at = index
            if killer.finished.is_set():
                ex.timed_out = ex.kernel_died = True
                ex.problems.append(f"cell {index + 1} did not stop when interrupted after "
                                   f"{client.timeout:g} s; its kernel was killed")
            elif watch is not None and watch.exceeded:
                ex.problems.append(
                    f"cell {index + 1}: the notebook's processes together used more than "
                    f"{limits.memory_bytes >> 20} MB of memory; they were stopped")
            break
        finally:
            killer.cancel()
        _trim(cell, limits.output_chars)
        if time.monotonic() - started >= client.timeout - 0.05:
            # An interrupted cell may leave anything behind (forked copies of the kernel that
            # took the interrupt too, half-built state): its kernel is not asked for answers;
            # the cells before it are replayed in a fresh one.
            ex.timed_out = True
            ex.problems.append(f"cell {index + 1} was stopped after {client.timeout:g} s")
            died_at = index
            break
        for out in cell.outputs:
            if out.get("output_type") == "error":
                ex.problems.append(f"cell {index + 1} raised {out.get('ename')}: "
                                   f"{' '.join(str(out.get('evalue')).split())[:200]}")
    if died_at is not None:
        return died_at, None
    extract = nbformat.v4.new_code_cell(extract_src)
    nb.cells.append(extract)
    client.timeout = limits.cell_seconds
    try:
        client.execute_cell(extract, len(nb.cells) - 1)
    except (CellTimeoutError, DeadKernelError):
        ex.problems.append("the answers could not be read from the kernel")
        return None, None
    return None, extract


def _answers(cell, start: str, end: str) -> dict:
    text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream"
                   and o.get("name") == "stdout")[:_ANSWER_CHARS]
    i = text.find(start)
    j = text.find(end, i + len(start)) if i >= 0 else -1
    if i < 0 or j < 0:
        return {}
    try:
        data = json.loads(text[i + len(start):j])
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


_isolation_cache: dict = {}


def default_isolation() -> sandbox.Isolation:
    """The sandbox, probed once per process; raises when there is none."""
    if "auto" not in _isolation_cache:
        _isolation_cache["auto"] = sandbox.probe()
    return _isolation_cache["auto"]


def run_notebook(path, names, limits: Limits = DEFAULT_LIMITS,
                 isolation: sandbox.Isolation | None = None) -> Execution:
    """Execute the notebook at ``path`` alone (no other files); answers for ``names``."""
    path = Path(path)
    sub = Submission(path.stem, path.read_bytes())
    return run_submission(sub, names, limits, isolation)


def run_submission(sub: Submission, names, limits: Limits = DEFAULT_LIMITS,
                   isolation: sandbox.Isolation | None = None, hidden=(),
                   scratch: str | None = None) -> Execution:
    """Execute one submission in a fresh sandboxed kernel; answers for ``names`` as payloads.

    ``hidden``: the grader's folders (output, submissions) to mask should they lie inside a
    tree the sandbox mounts.  ``scratch``: the grader's folder for this run's temporary files
    (removed by the grader at the end even when a worker was killed mid-notebook).
    """
    isolation = isolation or default_isolation()
    ex = Execution(sandbox=isolation.kind)
    t0 = time.monotonic()
    start, end = f"<<{secrets.token_hex(16)}>>", f"<</{secrets.token_hex(16)}>>"
    source = EXTRACT_TEMPLATE.format(names=list(names), start=start, end=end)
    kernel = None
    try:
        try:
            nb = nbformat.reads(sub.notebook.decode("utf-8"), as_version=4)
        except Exception as e:  # noqa: BLE001 - any unreadable file is the student's problem
            ex.problems.append(f"not a readable notebook: {type(e).__name__}")
            return ex
        kernel = _Kernel(sub, limits, isolation, hidden, scratch)
        code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        deadline = t0 + limits.notebook_seconds
        died_at, extract = _run_cells(nb, code, limits, kernel, ex, deadline, source, "k1")
        if died_at is not None:
            ex.kernel_died = ex.kernel_died or not ex.timed_out
            ex.problems.append(f"{'the kernel died in ' if ex.kernel_died else ''}cell "
                               f"{died_at + 1}: the cells before it were run again in a "
                               "fresh kernel")
            before = [(i, c) for i, c in code if i < died_at]
            for _, c in before:
                c.outputs = []
            del nb.cells[len(nb.cells) - (nb.cells[-1].source == source):]
            died_again, extract = _run_cells(nb, before, limits, kernel, ex,
                                             time.monotonic() + limits.notebook_seconds,
                                             source, "k2")
            if died_again is not None:
                ex.problems.append("the kernel died again; no answers could be read")
        if extract is not None:
            ex.answers = _answers(extract, start, end)
    except Exception as e:  # noqa: BLE001 - the grader reports and goes on
        ex.problems.append(f"the notebook could not be run: {type(e).__name__}: {e}"[:300])
    finally:
        if kernel is not None:
            kernel.remove()
        ex.seconds = time.monotonic() - t0
    return ex
