"""Course notebooks check their own claims (a self-test cell asserts what the text says, exactly),
so running every notebook top to bottom in a fresh kernel is a test of the notebook and of the
library.  Every notebook under notebooks/ is found by glob; each is executed once per test
process (tests/_course.py) and the executed copy is shared with the browser test."""

import pytest
from _course import IDS, NOTEBOOKS, ROOT, assignment_of, executed, images, read, tags

CHECK_TAGS = {"self-test", "hidden"}


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 5, "notebooks/ should hold the course notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_runs_and_its_checks_hold(path):
    nb = executed(path)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    ran = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert all(c.execution_count for c in ran), "a cell did not run"
    assert images(nb) >= 1, "a course notebook shows at least one plot"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_is_committed_without_outputs(path):
    code = [c for c in read(path).cells if c.cell_type == "code"]
    assert [i for i, c in enumerate(code) if c.outputs or c.execution_count] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_sets_exercises_and_keeps_its_checks_out_of_the_way(path):
    """At least three exercises (solution cells), an assignment that exists, the notebook's own
    checks in tagged cells and no ``assert`` in a cell the student reads."""
    nb = read(path)
    name = assignment_of(path)
    assert name, 'the notebook metadata should carry "symhess": {"assignment": ...}'
    assert (ROOT / "exercises" / name / "assignment.toml").is_file(), name
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert sum("solution" in tags(c) for c in code) >= 3
    assert any(tags(c) & CHECK_TAGS for c in code), "no self-test cell"
    teaching = [c.source for c in code if not tags(c) & (CHECK_TAGS | {"solution"})]
    assert [s for s in teaching if any(ln.lstrip().startswith("assert ")
                                       for ln in s.splitlines())] == []
    assert any(f'symhess.exercise("{name}"' in s or f"symhess.exercise('{name}'" in s
               for s in teaching), "the exercises are not drawn from the notebook's assignment"
