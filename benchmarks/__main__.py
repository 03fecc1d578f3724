"""Run the benchmarks: ``python -m benchmarks [NAME ...] [--quick]``.

Every ``benchmarks/bench_<name>.py`` defines ``main(quick: bool) -> None`` and prints its own
table, with each ratio measured against its peer (SymPy, scipy.optimize, mpmath, nbclient) in
the same run.  ``--quick`` uses the smaller sizes only.
"""

import argparse
import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(argv=None) -> int:
    here = Path(__file__).parent
    names = sorted(m.name[len("bench_"):] for m in pkgutil.iter_modules([str(here)])
                   if m.name.startswith("bench_"))
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"which suites (default all): {', '.join(names)}")
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(names))
    if unknown:
        parser.error(f"no benchmark named {', '.join(unknown)}; there are {', '.join(names)}")
    for name in args.names or names:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        print(f"\n=== {name} ===", flush=True)
        start = time.perf_counter()
        module.main(quick=args.quick)
        print(f"({name}: {time.perf_counter() - start:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
