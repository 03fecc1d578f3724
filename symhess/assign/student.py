"""The student version of an instructor notebook.

The instructor writes one notebook, answers included.  Cell tags say what students see:

* ``solution`` -- a code cell becomes a stub: ``# YOUR ANSWER HERE``, every answer variable
  the cell checks (``ex.check("q1", q1)``) assigned ``None``, and the check calls kept, so the
  student still gets instant feedback; a markdown cell becomes "*Your answer here.*".
* ``hidden``, ``self-test``, ``instructor`` -- removed (the instructor's own checks).

Everywhere else ``symhess.exercise(..., student=...)`` loses its ``student=`` argument, so the
id comes from ``SYMHESS_STUDENT`` / ``JUPYTERHUB_USER`` or is asked for: a student version
never carries anybody's id.  Outputs and execution counts are cleared.  A code cell that
assigns an answer variable and checks it, but is not tagged ``solution``, is an error: its
answer would ship to the students.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat

from ..errors import SymhessError

__all__ = ["make_student", "write_student", "SOLUTION_TAG", "REMOVED_TAGS", "STUB_MARK"]

SOLUTION_TAG = "solution"
REMOVED_TAGS = frozenset({"hidden", "self-test", "instructor"})
STUB_MARK = "# YOUR ANSWER HERE"
MARKDOWN_STUB = "*Your answer here.*"


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _parse(source: str, where: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except SyntaxError:
        # cell magics and shell escapes are IPython, not Python: nothing to rewrite there
        if source.lstrip().startswith(("%", "!")):
            return None
        raise SymhessError(f"{where}: not valid Python, so it cannot be turned into a "
                           "student cell") from None


def _checks(tree: ast.AST) -> list[tuple[ast.Call, str | None]]:
    """Every ``<obj>.check("qid", name)`` call with the name of the variable it checks."""
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "check" and len(node.args) == 2):
            arg = node.args[1]
            found.append((node, arg.id if isinstance(arg, ast.Name) else None))
    return found


def _assigned(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign))
                   else [])
        for t in targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name):
                    names.add(n.id)
    return names


def _stub(source: str, where: str) -> str:
    tree = _parse(source, where)
    lines = [STUB_MARK]
    if tree is None:
        return STUB_MARK + "\n"
    checks = _checks(tree)
    answers = [name for _, name in checks if name]
    if not answers:
        answers = sorted(_assigned(tree))
    lines += [f"{name} = None" for name in dict.fromkeys(answers)]
    lines += [ast.get_source_segment(source, call) for call, name in checks if name]
    return "\n".join(lines) + "\n"


def _strip_student(source: str, where: str) -> str:
    """``exercise("x", student="id")`` -> ``exercise("x")``: the id is read when it runs."""
    tree = _parse(source, where)
    if tree is None:
        return source
    edits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if name != "exercise":
            continue
        kept = [k for k in node.keywords if k.arg != "student"]
        if len(node.args) > 1:
            raise SymhessError(f"{where}: give exercise(...) the student only as student=..., "
                               "so that the student version can drop it")
        if len(kept) == len(node.keywords):
            continue
        new = ast.Call(func=node.func, args=node.args, keywords=kept)
        lines = source.splitlines(keepends=True)
        start = sum(len(s) for s in lines[:node.lineno - 1]) + _col(lines[node.lineno - 1],
                                                                     node.col_offset)
        end = sum(len(s) for s in lines[:node.end_lineno - 1]) + _col(lines[node.end_lineno - 1],
                                                                       node.end_col_offset)
        edits.append((start, end, ast.unparse(new)))
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def _col(line: str, byte_col: int) -> int:
    """ast columns count UTF-8 bytes; strings index characters."""
    return len(line.encode()[:byte_col].decode(errors="ignore"))


def _leaks(source: str) -> list[str]:
    """Answer variables this cell both assigns and checks (it would hand students the answer)."""
    tree = _parse(source, "")
    if tree is None:
        return []
    assigned = _assigned(tree)
    return sorted({name for _, name in _checks(tree) if name and name in assigned})


def make_student(instructor) -> nbformat.NotebookNode:
    """The student version of an instructor notebook (a path or a NotebookNode)."""
    if isinstance(instructor, (str, Path)):
        try:
            nb = nbformat.read(str(instructor), as_version=4)
        except FileNotFoundError:
            raise SymhessError(f"{instructor}: no such notebook") from None
        except Exception as e:  # noqa: BLE001 - any unreadable file: say which and why
            raise SymhessError(f"{instructor}: not a readable notebook ({e})") from None
    else:
        nb = nbformat.from_dict(instructor)
    cells, stubs = [], 0
    for i, cell in enumerate(nb.cells, 1):
        tags, where = _tags(cell), f"cell {i}"
        if tags & REMOVED_TAGS:
            continue
        cell = nbformat.from_dict(dict(cell))
        if SOLUTION_TAG in tags:
            stubs += 1
            cell.source = (_stub(cell.source, where) if cell.cell_type == "code"
                           else MARKDOWN_STUB)
        elif cell.cell_type == "code":
            leaked = _leaks(cell.source)
            if leaked:
                raise SymhessError(
                    f"{where} assigns and checks {', '.join(leaked)} but is not tagged "
                    f"'{SOLUTION_TAG}': its answer would ship to the students")
        if cell.cell_type == "code":
            cell.source = _strip_student(cell.source, where)
            cell.outputs, cell.execution_count = [], None
        meta = dict(cell.get("metadata", {}))
        meta.pop("execution", None)
        meta["tags"] = [t for t in meta.get("tags", []) if t != SOLUTION_TAG]
        if not meta["tags"]:
            del meta["tags"]
        cell.metadata = nbformat.from_dict(meta)
        cells.append(cell)
    if not stubs:
        raise SymhessError(f"no cell is tagged '{SOLUTION_TAG}': nothing to take out for "
                           "the students")
    nb.cells = cells
    nb.metadata.setdefault("symhess", {})["student_version"] = True
    return nb


def write_student(instructor, out=None) -> Path:
    """Write the student version; by default beside the original as ``<name>-student.ipynb``."""
    src = Path(instructor)
    dest = Path(out) if out else src.with_name(f"{src.stem}-student.ipynb")
    if dest.resolve() == src.resolve():
        raise SymhessError(f"{dest}: the student version would overwrite the instructor's")
    nb = make_student(src)
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(dest))
    return dest
