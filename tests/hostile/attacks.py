"""Hostile notebooks: a correct solution plus an attack.  ``ATTACKS[name] = (builder, score)``
where ``score`` is exactly what the grader must give (out of 12).

``builder(out_dir)`` returns the notebook; some attacks need the grader's output folder to aim
at another student's results.
"""

import importlib.util
from pathlib import Path

import nbformat

_SAMPLES = Path(__file__).resolve().parents[2] / "exercises" / "hessian-basics"
_spec = importlib.util.spec_from_file_location("make_notebooks", _SAMPLES / "make_notebooks.py")
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)

# q1..q9 are worth 2,1,1,2,1,2,1,1,1 (12); code cells: 0 imports, then 1..9 = q1..q9


def _with(student, extra=(), replace=None, insert_before=None, wrong=()):
    nb = samples.notebook(student, wrong=wrong, extra=extra)
    if replace:
        for q, src in replace.items():
            nb.cells[1 + int(q[1:])].source = src
    if insert_before:
        q, src = insert_before
        nb.cells.insert(1 + int(q[1:]), nbformat.v4.new_code_cell(src))
    return nb


PATCH_CHECK = """\
import symhess.exercises as e, symhess.exercises.checking as c
class FB:
    score = 99; max_score = 2; message = 'correct'
e.score_answer = c.score_answer = lambda *a, **k: FB()
q1 = 'x'
"""

ALWAYS_EQUAL = """\
class Liar:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __str__(self): return 'Liar()'
    __hash__ = object.__hash__
q1 = Liar()
"""

FAKE_SYMHESS = """\
import os, sys
os.makedirs('symhess/exercises', exist_ok=True)
open('symhess/__init__.py', 'w').write('def exercise(*a, **k): return None\\n')
open('symhess/exercises/__init__.py', 'w').write('def score_answer(*a, **k): return 12\\n')
for m in [m for m in sys.modules if m.startswith('symhess')]:
    del sys.modules[m]
sys.path.insert(0, os.getcwd())
import symhess
q2 = 'nonsense + 1'
"""

PRINT_FAKE = """\
import json
print(json.dumps({'score': 12, 'max_score': 12, 'tests': []}))
print('<<' + 'ab' * 16 + '>>' + json.dumps({'q3': ['1', '1', '1']}) + '<</' + 'cd' * 16 + '>>')
q3 = [0, 0, 0]
"""

OUTSIDE = """\
import os, json
secret = open({toml!r}).read()       # readable, and holds no answers
os.makedirs({victim_dir!r}, exist_ok=True)
json.dump({{'score': 0, 'max_score': 12, 'tests': [], 'extra_data': {{'status': 'graded'}}}},
          open({victim_dir!r} + '/results.json', 'w'))
open({gradebook!r}, 'w').write('student,score\\nvictim,0\\n')
open('../escaped.txt', 'w').write('out of the working copy')
"""

FORK = """\
import os, time
pid = os.fork()
if pid == 0:
    time.sleep(1)
    os._exit(0)
os.waitpid(pid, 0)
"""


def attacks(out_dir: Path) -> dict:
    toml = str(_SAMPLES / "assignment.toml")
    outside = OUTSIDE.format(toml=toml, victim_dir=str(out_dir / "victim"),
                             gradebook=str(out_dir / "grades.csv"))
    return {
        "victim": (_with("victim"), 12),
        "patched_check": (_with("patched_check", extra=[PATCH_CHECK]), 10),
        "always_equal": (_with("always_equal", extra=[ALWAYS_EQUAL]), 10),
        "fake_symhess": (_with("fake_symhess", extra=[FAKE_SYMHESS]), 11),
        "printed_fake": (_with("printed_fake", extra=[PRINT_FAKE]), 11),
        "outside_files": (_with("outside_files", extra=[outside]), 12),
        "deleted_answers": (_with("deleted_answers", extra=["del q1, q2"]), 9),
        "infinite_loop": (_with("infinite_loop", extra=["while True:\n    pass"]), 12),
        "memory_bomb": (_with("memory_bomb", extra=[
            "hog = []\nwhile True:\n    hog.append(bytearray(50_000_000))"]), 12),
        "kill_kernel": (_with("kill_kernel", extra=[
            "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"]), 12),
        "os_exit": (_with("os_exit", insert_before=("q9", "import os\nos._exit(1)")), 11),
        "sys_exit": (_with("sys_exit", insert_before=("q9", "import sys\nsys.exit(1)")), 12),
        "fork": (_with("fork", extra=[FORK]), 12),
        "giant_output": (_with("giant_output", extra=["print('x' * 30_000_000)"]), 12),
        "syntax_error": (_with("syntax_error", replace={"q9": "q9 = = 5/2"}), 11),
        "exception": (_with("exception", insert_before=("q8", "1 / 0")), 12),
    }
