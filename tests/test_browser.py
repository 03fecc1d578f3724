"""The course notebooks in a real browser: executed, rendered to HTML by nbconvert with the
local MathJax (never a CDN), loaded in headless Chromium.  The math must be typeset (no raw
``$…$`` or ``\\frac`` left in the page text), every plot image loaded with a non-zero size, and
no error in the console.

Every notebook under notebooks/ is checked; the test reuses the copy executed once per test
process for the run test (tests/_course.py) instead of executing it again.

Screenshots, one per notebook, for looking at the course as a student would::

    .venv/bin/python tests/test_browser.py OUT_DIR [NOTEBOOK ...]

writes OUT_DIR/<notebook>.html and OUT_DIR/<notebook>.png (all notebooks by default).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _course import IDS, NOTEBOOKS, executed, images

MATHJAX = Path("/usr/share/javascript/mathjax/MathJax.js")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
INSTALL = "needs a browser and MathJax: apt-get install chromium libjs-mathjax"
# Injected first in <head>: every script error, failed resource and console.error is recorded;
# once MathJax has finished and the page has loaded, a report is appended for --dump-dom.
PROBE = """<script>
var __problems = [];
window.addEventListener("error", function (e) {
  __problems.push(e.message || ("failed to load " + (e.target.src || e.target.href)));
}, true);
var __consoleError = console.error;
console.error = function () {
  __problems.push(Array.prototype.join.call(arguments, " "));
  __consoleError.apply(console, arguments); };
function __report() {
  var clone = document.body.cloneNode(true);
  // code is not math: a "$" in a Python string is no untypeset formula
  clone.querySelectorAll("script, .MathJax_Preview, .MathJax_CHTML, .mjx-chtml, style, " +
                         ".jp-InputArea-editor, .input_area")
       .forEach(function (n) { n.remove(); });
  var imgs = Array.prototype.map.call(document.images, function (i) {
    return [i.complete, i.naturalWidth, i.naturalHeight]; });
  var out = document.createElement("pre");
  out.id = "__report";
  out.style.display = "none";
  out.textContent = JSON.stringify({problems: __problems, text: clone.innerText, images: imgs,
    typeset: document.querySelectorAll(".MathJax_CHTML, .mjx-chtml").length,
    mathErrors: document.querySelectorAll(".mjx-merror, .MathJax_Error").length,
    mathjax: typeof MathJax !== "undefined",
    height: document.documentElement.scrollHeight});
  document.body.appendChild(out);
}
window.addEventListener("load", function () {
  if (typeof MathJax === "undefined") { __report(); return; }
  MathJax.Hub.Register.MessageHook("TeX Jax - parse error", function (m) {
    __problems.push("TeX: " + String(m[1])); });
  MathJax.Hub.Register.MessageHook("Math Processing Error", function (m) {
    __problems.push("MathJax: " + String(m[2])); });
  MathJax.Hub.Queue(__report);
});
</script>"""


def render(path: Path, out_dir: Path, nb=None) -> Path:
    """Write the executed notebook (executed here unless given) as HTML using the local
    MathJax."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(mathjax_url=f"{MATHJAX.as_uri()}?config=TeX-AMS_CHTML")
    body, _ = exporter.from_notebook_node(executed(path) if nb is None else nb)
    # require.js serves only widgets, which the course does not use: no fetch from a CDN
    body = re.sub(r'<script[^>]*src="https?://[^"]*require[^"]*"[^>]*>\s*</script>', "", body)
    remote = re.findall(r'<(?:script|link|img)[^>]*(?:src|href)="(https?://[^"]+)"', body)
    assert remote == [], f"the page would load {remote}"
    body = body.replace("<head>", "<head>" + PROBE, 1)
    page = out_dir / f"{path.stem}.html"
    page.write_text(body, encoding="utf-8")
    return page


def _chromium(*args, timeout=240):
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                           "--allow-file-access-from-files", "--virtual-time-budget=60000",
                           *args], capture_output=True, text=True, timeout=timeout)


def browser_report(page: Path, width: int = 1100) -> dict:
    done = _chromium("--dump-dom", f"--window-size={width},900", page.as_uri())
    found = re.search(r'<pre id="__report"[^>]*>(.*?)</pre>', done.stdout, re.S)
    assert found, f"the page never finished loading: {done.stderr[-2000:]}"
    return json.loads(html.unescape(found.group(1)))


def screenshot(page: Path, png: Path, width: int = 1100) -> Path:
    """A full-length picture of the page (tall: the whole notebook)."""
    height = min(60000, max(900, browser_report(page, width)["height"] + 40))
    _chromium(f"--screenshot={png}", f"--window-size={width},{height}",
              "--hide-scrollbars", page.as_uri())
    return png


RAW_MATH = re.compile(r"\$[^$\n]{1,200}\$|\\frac|\\begin\{|\\operatorname|\\tfrac")


def _formulas(nb) -> int:
    """How many $…$ / $$…$$ formulas the markdown cells hold."""
    return sum(c.source.count("$") // 2 - c.source.count("$$") // 2
               for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.skipif(CHROMIUM is None or not MATHJAX.exists(), reason=INSTALL)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_in_a_browser_typesets_its_math_and_shows_its_plots(path, tmp_path):
    pytest.importorskip("nbconvert", reason="pip install 'symhess[notebook]' (nbconvert)")
    nb = executed(path)
    page = render(path, tmp_path, nb)
    report = browser_report(page)
    assert report["mathjax"], "MathJax did not load from " + str(MATHJAX)
    assert report["problems"] == [], report["problems"]
    assert report["mathErrors"] == 0
    assert report["typeset"] >= _formulas(nb), (report["typeset"], _formulas(nb))
    raw = RAW_MATH.findall(report["text"])
    assert raw == [], raw[:10]
    html_text = page.read_text(encoding="utf-8")
    assert len(report["images"]) == html_text.count("<img") >= images(nb) >= 1
    assert all(done and w > 0 and h > 0 for done, w, h in report["images"]), report["images"]


def main(argv: list[str]) -> int:
    if CHROMIUM is None or not MATHJAX.exists():
        print(INSTALL, file=sys.stderr)
        return 2
    if not argv:
        print(__doc__.split("::")[1].strip().splitlines()[0], file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    chosen = [Path(p) for p in argv[1:]] or NOTEBOOKS
    for path in chosen:
        page = render(path, out, executed(path.resolve(), ahead=False))
        png = screenshot(out / page.name, out / f"{path.stem}.png")
        print(png)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
