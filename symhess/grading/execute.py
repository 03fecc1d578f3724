"""Run one notebook in a fresh, limited kernel and bring back its answers as strings only.

The notebook runs in a temporary copy of its folder (other submissions left out), cell by cell
with a per-cell and a per-notebook time limit; the kernel is started by
``kernel_launcher.py`` with ``RLIMIT_AS`` (memory) and ``RLIMIT_FSIZE`` set.  Afterwards the
grader appends one cell that prints a JSON of the answer variables, each turned into nested
lists of ``str``, between two random nonces; only that text leaves the kernel.  If the kernel
dies at cell *k*, a fresh kernel replays cells ``0..k-1`` so the answers earned before the
failure still count.
"""

from __future__ import annotations

import json
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

__all__ = ["Limits", "DEFAULT_LIMITS", "Execution", "run_notebook", "EXTRACT_TEMPLATE"]

_LAUNCHER = Path(__file__).with_name("kernel_launcher.py")
_KERNEL = "symhess-grader"


@dataclass(frozen=True)
class Limits:
    cell_seconds: float = 30.0
    notebook_seconds: float = 120.0
    memory_bytes: int = 2 << 30
    file_bytes: int = 64 << 20
    output_chars: int = 20_000


DEFAULT_LIMITS = Limits()


@dataclass
class Execution:
    answers: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    timed_out: bool = False
    kernel_died: bool = False
    seconds: float = 0.0


EXTRACT_TEMPLATE = '''\
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
'''


def _kernel_dir(limits: Limits) -> str:
    """A kernelspec in a temp dir: the grader's own Python, through the limiting launcher."""
    root = Path(tempfile.mkdtemp(prefix="symhess-kspec-"))
    spec = root / _KERNEL
    spec.mkdir()
    argv = [sys.executable, str(_LAUNCHER), str(limits.memory_bytes), str(limits.file_bytes),
            "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps(
        {"argv": argv, "display_name": "symhess grader", "language": "python"}))
    return str(root)


def _working_copy(notebook: Path) -> Path:
    """Copy the notebook's folder, without the other ``.ipynb`` files, to a temp dir."""
    work = Path(tempfile.mkdtemp(prefix="symhess-grade-"))
    for item in notebook.parent.iterdir():
        if item.suffix == ".ipynb" and item != notebook:
            continue
        if item.is_dir():
            shutil.copytree(item, work / item.name, symlinks=True)
        elif item.is_file():
            shutil.copy2(item, work / item.name)
    return work / notebook.name


def _client(nb, limits: Limits, kernel_dir: str, cwd: Path):
    from jupyter_client import AsyncKernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    ksm = KernelSpecManager(kernel_dirs=[kernel_dir])
    # The async manager matters: with a blocking client nbclient's output polling blocks its
    # event loop, so neither the cell timeout nor the dead-kernel check can ever run.
    km = AsyncKernelManager(kernel_name=_KERNEL, kernel_spec_manager=ksm)
    client = NotebookClient(nb, km=km, timeout=limits.cell_seconds, allow_errors=True,
                            interrupt_on_timeout=True, kernel_name=_KERNEL,
                            startup_timeout=60, resources={"metadata": {"path": str(cwd)}})
    return client


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


def _run_cells(nb, cells, limits, kernel_dir, cwd, ex: Execution, deadline, extract_src):
    """Execute ``cells`` then the extraction cell; return the index where the kernel died."""
    client = _client(nb, limits, kernel_dir, cwd)
    try:
        return _in_kernel(client, nb, cells, limits, cwd, ex, deadline, extract_src)
    finally:
        _shutdown(client.km)


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


def _in_kernel(client, nb, cells, limits, cwd, ex, deadline, extract_src):
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    died_at = None
    with client.setup_kernel(cwd=str(cwd), stderr=subprocess.DEVNULL):
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
                    ex.timed_out = True
                    ex.problems.append(f"cell {index + 1} did not stop when interrupted after "
                                       f"{client.timeout:g} s; its kernel was killed")
                break
            finally:
                killer.cancel()
            _trim(cell, limits.output_chars)
            if time.monotonic() - started >= client.timeout - 0.05:
                ex.timed_out = True
                ex.problems.append(f"cell {index + 1} was stopped after {client.timeout:g} s")
                break
            for out in cell.outputs:
                if out.get("output_type") == "error":
                    ex.problems.append(f"cell {index + 1} raised {out.get('ename')}: "
                                       f"{str(out.get('evalue'))[:200]}")
        if died_at is None:
            extract = nbformat.v4.new_code_cell(extract_src)
            nb.cells.append(extract)
            client.timeout = limits.cell_seconds
            try:
                client.execute_cell(extract, len(nb.cells) - 1)
            except (CellTimeoutError, DeadKernelError):
                ex.problems.append("the answers could not be read from the kernel")
                return None, None
            return None, extract
    return died_at, None


def _answers(cell, start: str, end: str) -> dict:
    text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream"
                   and o.get("name") == "stdout")
    i = text.find(start)
    j = text.find(end, i + len(start)) if i >= 0 else -1
    if i < 0 or j < 0:
        return {}
    try:
        data = json.loads(text[i + len(start):j])
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def run_notebook(path, names, limits: Limits = DEFAULT_LIMITS) -> Execution:
    """Execute the notebook at ``path``; answers for ``names`` as payloads (strings only)."""
    ex = Execution()
    t0 = time.monotonic()
    work = _working_copy(Path(path).resolve())
    kernel_dir = _kernel_dir(limits)
    start, end = f"<<{secrets.token_hex(16)}>>", f"<</{secrets.token_hex(16)}>>"
    source = EXTRACT_TEMPLATE.format(names=list(names), start=start, end=end)
    try:
        try:
            nb = nbformat.read(work, as_version=4)
        except Exception as e:  # noqa: BLE001 - any unreadable file is the student's problem
            ex.problems.append(f"not a readable notebook: {type(e).__name__}")
            return ex
        code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        deadline = t0 + limits.notebook_seconds
        died_at, extract = _run_cells(nb, code, limits, kernel_dir, work.parent, ex, deadline,
                                      source)
        if died_at is not None:
            ex.kernel_died = True
            ex.problems.append(f"the kernel died in cell {died_at + 1}; the cells before it "
                               "were run again in a fresh kernel")
            before = [(i, c) for i, c in code if i < died_at]
            for _, c in before:
                c.outputs = []
            del nb.cells[len(nb.cells) - (nb.cells[-1].source == source):]
            died_again, extract = _run_cells(nb, before, limits, kernel_dir, work.parent, ex,
                                             time.monotonic() + limits.notebook_seconds,
                                             source)
            if died_again is not None:
                ex.problems.append("the kernel died again; no answers could be read")
        if extract is not None:
            ex.answers = _answers(extract, start, end)
    except Exception as e:  # noqa: BLE001 - the grader reports and goes on
        ex.problems.append(f"the notebook could not be run: {type(e).__name__}: {e}"[:300])
    finally:
        shutil.rmtree(work.parent, ignore_errors=True)
        shutil.rmtree(kernel_dir, ignore_errors=True)
        ex.seconds = time.monotonic() - t0
    return ex
