"""A Linux sandbox around each student kernel, made with bubblewrap (the sandbox Flatpak uses),
or where it is missing and the grader is root, with util-linux ``unshare``.

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

__all__ = ["Isolation", "SandboxUnavailable", "probe", "sandbox_argv", "unshare_argv",
           "wrap", "Watch", "HOME",
           "STAGE", "INSTALL_HINT"]

#: the kernel's home and working directory, and where the staged files appear, inside
HOME = "/home/student"
STAGE = "/stage"
INSTALL_HINT = "apt-get install bubblewrap"


class SandboxUnavailable(SymhessError, RuntimeError):
    """No namespace sandbox works here; grading refuses unless told ``--no-sandbox``."""


@dataclass(frozen=True)
class Isolation:
    """Which isolation the kernels get: ``"bubblewrap"``, ``"unshare"`` or ``"none"``
    (rlimits only)."""

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
    # the private /tmp and home first: an environment or checkout that lives under /tmp (a
    # CI clone, say) is then bound on top of them instead of being hidden by them
    args += ["--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(max(disk_bytes // 4, 1 << 20)), "--tmpfs", "/tmp",
             "--perms", "0755", "--dir", "/home",
             "--perms", "0777", "--size", str(disk_bytes), "--tmpfs", HOME]
    made: set = {"/tmp", "/home", HOME}
    roots = _python_roots()
    for r in roots:
        args += _dirs_to(r, made) + ["--ro-bind", str(r), str(r)]
    for h in hidden:
        h = Path(h).resolve()
        if any(h.is_relative_to(r) for r in roots) and h.is_dir():
            args += ["--tmpfs", str(h)]
    args += ["--ro-bind", str(stage_dir), STAGE]
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


def _env_pairs(env: dict | None) -> list[str]:
    base = {"HOME": HOME, "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
            "TMPDIR": "/tmp", "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp/matplotlib",
            "PYTHONNOUSERSITE": "1"}
    return [f"{k}={v}" for k, v in {**base, **(env or {})}.items()]


def unshare_argv(command: list[str], *, ipc_dir: Path, stage_dir: Path, newroot: Path,
                 disk_bytes: int, uid: int, hidden=(), env: dict | None = None) -> list[str]:
    """The fallback where bubblewrap is missing (root only): util-linux ``unshare`` makes the
    PID, mount, network, IPC and UTS namespaces (``--kill-child``: the namespace dies with the
    grader's process), and a short script builds the same file system as :func:`sandbox_argv`
    on a tmpfs at ``newroot`` (read-only binds, tmpfs home and ``/tmp``), then ``chroot`` and
    ``setpriv`` start ``command`` as ``uid`` without capabilities.

    Unlike bubblewrap, mounts *below* a read-only tree (say a separate ``/usr/local``) stay
    as writable as they are on the host for that uid.
    """
    from shlex import quote

    root = str(newroot)
    script = ["set -e", "mount --make-rprivate /",
              f"mount -t tmpfs -o size=1m,mode=0755 tmpfs {quote(root)}"]

    def ro_bind(src: str, dst: str, make: str = "mkdir -p") -> None:
        script.extend([f"{make} {quote(root + dst)}",
                       f"mount --rbind {quote(src)} {quote(root + dst)}",
                       f"mount -o remount,bind,ro {quote(root + dst)}"])

    roots = _python_roots()
    ro_bind("/usr", "/usr")
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64"):
        p = Path(top)
        if p.is_symlink():
            script.append(f"ln -s {quote(os.readlink(p))} {quote(root + top)}")
        elif p.is_dir():
            ro_bind(top, top)
    for f in ("/etc/ld.so.cache", "/etc/localtime"):
        if Path(f).is_file():
            script.append(f"mkdir -p {quote(root + str(Path(f).parent))}")
            ro_bind(f, f, make="touch")
    # the private /tmp and home before the environment, which may live under /tmp
    script += [f"mkdir {quote(root + '/tmp')}",
               f"mount -t tmpfs -o size={max(disk_bytes // 4, 1 << 20)},mode=1777 tmpfs "
               f"{quote(root + '/tmp')}",
               f"mkdir -p {quote(root + HOME)}",
               f"mount -t tmpfs -o size={disk_bytes},mode=0777 tmpfs {quote(root + HOME)}"]
    for r in roots:
        ro_bind(str(r), str(r))
    for h in hidden:
        h = Path(h).resolve()
        if any(h.is_relative_to(r) for r in roots) and h.is_dir():
            script.append(f"mount -t tmpfs -o size=1k tmpfs {quote(root + str(h))}")
    script += [f"mkdir {quote(root + '/proc')}",
               f"mount -t proc proc {quote(root + '/proc')}",
               f"mkdir {quote(root + '/dev')}"]
    for dev in ("null", "zero", "full", "random", "urandom"):
        d = quote(f"{root}/dev/{dev}")
        script += [f"touch {d}", f"mount --bind /dev/{dev} {d}"]
    ro_bind(str(stage_dir), STAGE)
    script += [f"mkdir -p {quote(root + str(ipc_dir))}",
               f"mount --bind {quote(str(ipc_dir))} {quote(root + str(ipc_dir))}",
               f"mount -o remount,ro {quote(root)}",
               f"cd {quote(root)}",
               'exec chroot "$0" "$@"']
    inside = [shutil.which("setpriv") or "/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}",
              "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs",
              "/usr/bin/env", "-i", *_env_pairs(env), "sh", "-c", f"cd {HOME} && exec \"$@\"",
              "kernel", *command]
    return [unshare_path() or "unshare", "--pid", "--fork", "--kill-child", "--mount", "--net",
            "--ipc", "--uts", "--", "/bin/sh", "-c", "\n".join(script), root, *inside]


def unshare_path() -> str | None:
    """util-linux ``unshare``, or ``None``."""
    return shutil.which("unshare")


def wrap(kind: str, command: list[str], *, ipc_dir: Path, stage_dir: Path, newroot: Path,
         disk_bytes: int, uid: int | None, hidden=(), env: dict | None = None) -> list[str]:
    """``command`` inside the sandbox of this ``kind`` (an :class:`Isolation`'s)."""
    if kind == "unshare":
        return unshare_argv(command, ipc_dir=ipc_dir, stage_dir=stage_dir, newroot=newroot,
                            disk_bytes=disk_bytes, uid=uid, hidden=hidden, env=env)
    return sandbox_argv(command, ipc_dir=ipc_dir, stage_dir=stage_dir, disk_bytes=disk_bytes,
                        uid=uid, hidden=hidden, env=env)


_PROBE = ("import os; print(os.getuid() != 0 and os.getpid() < 10 "
          "and not os.path.exists({!r}))")


def bwrap_path() -> str | None:
    """The bubblewrap executable, or ``None``."""
    return shutil.which("bwrap")


def _try(kind: str) -> tuple[bool, str]:
    """Run the probe in a sandbox of this kind: ``(works, why not)``."""
    tmp, secret = Path(_private_tmp("probe")), Path(_private_tmp("probe"))
    (secret / "grader-only").touch()
    (tmp / "root").mkdir()
    uid = sandbox_uid() if os.geteuid() == 0 else None
    try:
        argv = wrap(kind, [sys.executable, "-c", _PROBE.format(str(secret / "grader-only"))],
                    ipc_dir=tmp, stage_dir=tmp, newroot=tmp / "root", disk_bytes=1 << 20,
                    uid=uid)
        if kind == "bubblewrap":
            argv[0] = bwrap_path()
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, str(e)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(secret, ignore_errors=True)
    if done.returncode != 0 or done.stdout.strip() != "True":
        return False, (done.stderr.strip().splitlines() or ["it printed nothing"])[-1][:200]
    return True, ""


_DETAIL = ("{who}; own PID and network namespaces; read-only system; size-capped tmpfs home; "
           "memory watched per notebook")


def probe(*, kind: str = "auto") -> Isolation:
    """Start one trivial sandboxed Python and check what it sees; raise when none works.

    ``kind``: ``"auto"`` (bubblewrap, else util-linux ``unshare`` when the grader is root),
    ``"bubblewrap"``, ``"unshare"``, or ``"none"`` (no sandbox, rlimits only: the caller asked
    for ``--no-sandbox``).
    """
    if kind == "none":
        return Isolation("none", "--no-sandbox: rlimits only, the kernels see the machine")
    advice = "grade without one only on a machine you can lose, with --no-sandbox"
    root = os.geteuid() == 0
    who = ("a uid of its own (2xxxxx), no capabilities" if root
           else "uid 65534 in a user namespace")
    tried = []
    if kind in ("auto", "bubblewrap"):
        if bwrap_path() is None:
            tried.append(f"bubblewrap is not installed ({INSTALL_HINT})")
        else:
            works, why = _try("bubblewrap")
            if works:
                return Isolation("bubblewrap", _DETAIL.format(who=who))
            tried.append(f"the bubblewrap sandbox does not work here ({why})")
    if kind in ("auto", "unshare"):
        if not root or unshare_path() is None:
            tried.append("the unshare fallback needs root and util-linux unshare")
        else:
            works, why = _try("unshare")
            if works:
                return Isolation("unshare", _DETAIL.format(who=who) + "; util-linux unshare "
                                 "(bubblewrap is missing)")
            tried.append(f"the unshare fallback does not work here ({why})")
    raise SandboxUnavailable(f"no sandbox for the student kernels: {'; '.join(tried)}; "
                             f"{advice}")


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
