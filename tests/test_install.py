"""A non-editable install in a fresh virtualenv finds the shipped sample assignment."""

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _source_copy(dest: Path) -> None:
    """The tracked files (as they are in the work tree), and the package-data link."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.split(b"\0")
    for name in filter(None, files):
        src = ROOT / name.decode()
        if src.is_file() or src.is_symlink():
            target = dest / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            if src.is_symlink():
                target.symlink_to(src.readlink())
            else:
                target.write_bytes(src.read_bytes())


@pytest.mark.slow
def test_a_wheel_install_finds_the_sample_assignment_by_name(tmp_path):
    src = tmp_path / "src"
    _source_copy(src)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                            str(tmp_path / "dist"), str(src)], capture_output=True, text=True)
    if built.returncode != 0:
        pytest.skip("building a wheel needs setuptools>=68 from the package index: "
                    + built.stderr.strip().splitlines()[-1][:200])
    [wheel] = (tmp_path / "dist").glob("symhess-*.whl")
    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig."
                                "get_paths()['purelib'])"], capture_output=True, text=True,
                               check=True).stdout.strip())
    # symhess's dependencies from this environment; symhess itself only from the wheel
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--no-deps", "-q", str(wheel)], check=True, capture_output=True)
    away = tmp_path / "elsewhere"
    away.mkdir()
    probe = ("import symhess\n"
             "ex = symhess.exercise('hessian-basics', student='ada')\n"
             "print(symhess.__file__)\nprint(ex.assignment.folder)\nprint(len(ex.prompts()))")
    done = subprocess.run([str(python), "-c", probe], cwd=away, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    module, folder, count = done.stdout.split()
    assert module.startswith(str(site)) and folder.startswith(str(site))
    assert count == "9"
    checked = subprocess.run([str(python), "-m", "symhess", "check-assignment",
                              "hessian-basics", "--students", "2"], cwd=away,
                             capture_output=True, text=True)
    assert checked.returncode == 0 and "0 errors" in checked.stdout
    missing = subprocess.run([str(python), "-m", "symhess", "check-assignment", "no-such"],
                             cwd=away, capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
