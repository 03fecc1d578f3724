"""A Linux sandbox around each student kernel, made with bubblewrap (the sandbox Flatpak uses).

What the kernel gets (see README, "Grading: the sandbox"):

- its own PID namespace, torn down with ``--die-with-parent``: when the notebook is done or
  killed, every process it started dies with it, and no process outside is visible;
- its own network namespace: no network at all, the host's loopback included; the kernel's
  channels are Jupyter's ``ipc`` transport, Unix sockets in a directory only this sandbox and
  the grader share;
- an unprivileged uid without capabilities: as root, a uid of its own for this sandbox (so the
  process-count limit is this notebook's alone); otherwise ``65534`` in a user namespace;
- ``/usr``, the Python installation and the environment read-only; a size-capped tmpfs as home
  and working directory (a copy of the notebook and the assignment's public files) and another
  as ``/tmp``; nothing else of the machine: not the output folder, not the other submissions,
  not the grader's home or runtime directories.

Memory is held per notebook, not per process: :class:`Watch` sums the proportional set size of
every process in the sandbox's PID namespace and kills the sandbox past the limit (cgroup v2
would do this in the kernel, but a grader may rarely create one: CI containers and this
project's machines mount cgroups v1 or read-only).
"""

from __future__ import annotations

import os
import secrets
import shutil
import site
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import SymhessError

__all__ = ["Isolation", "SandboxUnavailable", "probe", "sandbox_argv", "Watch", "HOME",
           "STAGE", "INSTALL_HINT"]

#: the kernel's home and working directory, and where the staged files appear, inside
HOME = "/home/student"
STAGE = "/stage"
INSTALL_HINT = "apt-get install bubblewrap"


class SandboxUnavailable(SymhessError, RuntimeError):
    """No namespace sandbox works here; grading refuses unless told ``--no-sandbox``."""


@dataclass(frozen=True)
class Isolation:
    """Which isolation the kernels get: ``"bubblewrap"`` or ``"none"`` (rlimits only)."""

    kind: str
    detail: str

    @property
    def sandboxed(self) -> bool:
        return self.kind != "none"

    def __str__(self) -> str:
        return f"isolation: {self.kind} ({self.detail})"


def _python_roots() -> list[Path]:
    """The read-only trees a kernel needs: the interpreter, the environment, this package
    and its shipped assignments."""
    from ..exercises.model import SAMPLES

    roots = {Path(sys.base_prefix), Path(sys.prefix), Path(__file__).resolve().parents[1]}
    # the assignments shipped as package data (a link into the source tree when editable)
    roots.add(SAMPLES.resolve())
    roots |= {Path(p) for p in site.getsitepackages() if Path(p).is_dir()}
    roots = {r.resolve() for r in roots} | roots
    kept = []
    for r in sorted(roots, key=lambda p: len(p.parts)):
        if r.is_dir() and not any(r.is_relative_to(k) for k in kept):
            kept.append(r)
    return kept


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        p = Path(top)
        if p.is_symlink():
            args += ["--symlink", os.readlink(p), top]
        elif p.is_dir():
            args += ["--ro-bind", top, top]
    for f in ("/etc/ld.so.cache", "/etc/localtime", "/etc/fonts", "/etc/ssl/certs"):
        args += ["--ro-bind-try", f, f]
    return args


def _dirs_to(path: Path, made: set) -> list[str]:
    """``--dir`` for each missing parent, world-traversable (bwrap makes them 0700 otherwise)."""
    args = []
    for parent in reversed(path.parents[:-1]):
        if str(parent) not in made and not str(parent).startswith(("/usr", "/proc", "/dev")):
            made.add(str(parent))
            args += ["--perms", "0755", "--dir", str(parent)]
    return args


def sandbox_uid() -> int:
    """A uid of its own for one sandbox (root only): not any account's, not shared."""
    return 200_000 + secrets.randbelow(800_000)


def sandbox_argv(command: list[str], *, ipc_dir: Path, stage_dir: Path, disk_bytes: int,
                 uid: int | None, hidden=(), env: dict | None = None) -> list[str]:
    """``bwrap ... -- command``: ``command`` runs as the sandbox's unprivileged user.

    ``uid`` is the host uid the kernel runs as when the grader is root (``None`` otherwise: a
    user namespace maps the grader's uid to 65534).  ``hidden`` are paths (the output folder,
    the submissions) masked with an empty tmpfs should they lie inside a mounted tree.
    """
    args = [bwrap_path() or "bwrap", "--unshare-pid", "--unshare-net", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent", "--new-session",
            "--hostname", "sandbox"]
    if uid is None:
        args += ["--unshare-user", "--uid", "65534", "--gid", "65534"]
    args += _system_binds()
    made: set = set()
    roots = _python_roots()
    for r in roots:
        args += _dirs_to(r, made) + ["--ro-bind", str(r), str(r)]
    for h in hidden:
        h = Path(h).resolve()
        if any(h.is_relative_to(r) for r in roots) and h.is_dir():
            args += ["--tmpfs", str(h)]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(max(disk_bytes // 4, 1 << 20)), "--tmpfs", "/tmp",
             "--perms", "0755", "--dir", "/home",
             "--perms", "0777", "--size", str(disk_bytes), "--tmpfs", HOME,
             "--ro-bind", str(stage_dir), STAGE]
    args += _dirs_to(ipc_dir, made) + ["--bind", str(ipc_dir), str(ipc_dir)]
    args += ["--chdir", HOME, "--clearenv", "--setenv", "HOME", HOME,
             "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "LANG", "C.UTF-8",
             "--setenv", "TMPDIR", "/tmp", "--setenv", "MPLBACKEND", "Agg",
             "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib", "--setenv", "PYTHONNOUSERSITE", "1"]
    for name, value in (env or {}).items():
        args += ["--setenv", name, value]
    if uid is not None:
        args += ["--", shutil.which("setpriv") or "/usr/bin/setpriv", f"--reuid={uid}",
                 f"--regid={uid}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
                 "--no-new-privs", *command]
    else:
        args += ["--", *command]
    return args


_PROBE = ("import os; print(os.getuid() != 0 and os.getpid() < 10 "
          "and not os.path.exists({!r}))")


def bwrap_path() -> str | None:
    """The bubblewrap executable, or ``None``."""
    return shutil.which("bwrap")


def probe(*, kind: str = "auto") -> Isolation:
    """Start one trivial sandboxed Python and check what it sees; raise when none works.

    ``kind="none"`` skips the sandbox (rlimits only): the caller asked for ``--no-sandbox``.
    """
    if kind == "none":
        return Isolation("none", "--no-sandbox: rlimits only, the kernels see the machine")
    advice = "grade without one only on a machine you can lose, with --no-sandbox"
    bwrap = bwrap_path()
    if bwrap is None:
        raise SandboxUnavailable("no sandbox for the student kernels: bubblewrap is not "
                                 f"installed ({INSTALL_HINT}); {advice}")
    tmp, secret = Path(_private_tmp("probe")), Path(_private_tmp("probe"))
    (secret / "grader-only").touch()
    uid = sandbox_uid() if os.geteuid() == 0 else None
    try:
        argv = sandbox_argv([sys.executable, "-c", _PROBE.format(str(secret / "grader-only"))],
                            ipc_dir=tmp, stage_dir=tmp, disk_bytes=1 << 20, uid=uid)
        argv[0] = bwrap
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise SandboxUnavailable(f"the sandbox did not start ({e}); {advice}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(secret, ignore_errors=True)
    if done.returncode != 0 or done.stdout.strip() != "True":
        why = (done.stderr.strip().splitlines() or ["it printed nothing"])[-1][:200]
        raise SandboxUnavailable(f"the sandbox does not work here ({why}); {advice}")
    who = ("a uid of its own (2xxxxx), no capabilities" if uid is not None
           else "uid 65534 in a user namespace")
    return Isolation("bubblewrap", f"{who}; own PID and network namespaces; read-only system; "
                                   "size-capped tmpfs home; memory watched per notebook")


def _private_tmp(what: str) -> str:
    """A grader-only temp dir (0711: the sandbox user may reach its own subfolder only)."""
    import tempfile

    path = tempfile.mkdtemp(prefix=f"symhess-{what}-")
    os.chmod(path, 0o711)
    return path


def _namespace_inode(pid: int) -> int | None:
    try:
        return os.stat(f"/proc/{pid}/ns/pid").st_ino
    except OSError:
        return None


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _alive(pid: int) -> bool:
    """Not a zombie: a dead process waiting to be reaped holds nothing and can do nothing."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def namespace_members(inode: int) -> list[int]:
    """Host pids of the live processes in the PID namespace with this inode."""
    return [int(e.name) for e in os.scandir("/proc")
            if e.name.isdigit() and _namespace_inode(int(e.name)) == inode
            and _alive(int(e.name))]


class Watch(threading.Thread):
    """Kill the sandbox whose outer process is ``process`` (a ``Popen``) when its processes
    together hold more than ``memory_bytes``; :attr:`exceeded` is the total seen then.

    The watch holds the sandbox's PID namespace open, so that its inode cannot be given to
    another sandbox's namespace while this one is still being watched or waited for.
    """

    def __init__(self, process, memory_bytes: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.process, self.limit, self.interval = process, memory_bytes, interval
        self.exceeded = 0
        self.inode: int | None = None
        self._fd: int | None = None
        self._stop_event = threading.Event()

    def _hold_namespace(self) -> None:
        own = _namespace_inode(os.getpid())
        todo = [self.process.pid]
        while todo and self.process.poll() is None:
            p = todo.pop()
            try:
                fd = os.open(f"/proc/{p}/ns/pid", os.O_RDONLY)
            except OSError:
                continue
            inode = os.fstat(fd).st_ino
            if inode != own:
                self._fd, self.inode = fd, inode
                return
            os.close(fd)
            todo += _children(p)

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            if self.inode is None:
                self._hold_namespace()
                continue
            total = sum(_pss(p) for p in namespace_members(self.inode))
            if total > self.limit:
                self.exceeded = total
                self.kill()
                return

    def kill(self) -> None:
        """The outer bwrap dies; ``--die-with-parent`` takes the namespace with it."""
        try:
            self.process.kill()  # a Popen: never a pid that was reaped and reused
        except OSError:
            pass

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def leftovers(self) -> list[int]:
        """Processes still in the sandbox's namespace (none once the sandbox is gone)."""
        return namespace_members(self.inode) if self.inode is not None else []

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def wait_gone(watch: Watch, seconds: float = 5.0) -> bool:
    """After the kernel's end: wait until nothing is left in its namespace, killing if needed,
    then let the namespace go."""
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            left = watch.leftovers()
            if not left:
                return True
            watch.kill()
            for p in left:
                try:
                    os.kill(p, 9)
                except OSError:
                    pass
            time.sleep(0.05)
        return not watch.leftovers()
    finally:
        watch.release()
