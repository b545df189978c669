"""Time the real handbook: ``make check`` against ``make html``, and rebuilds after one edit.

Usage::

    .venv/bin/python benchmarks/handbook.py [--runs 5]

It copies ``conf.py`` and ``protocols/`` to a temporary folder (the working tree
is never touched) and builds them as the Makefile does, with every extension on
and one ``_build/doctrees`` shared by the builders. It prints the median of
``runs`` runs of each case: the build's own time (``build_main``, as in
``bench.py``), its ratio to a fresh ``make html``, the whole process's time
(with Python's start-up and Sphinx's imports) and the time in the handbook's
own code:

* ``make html`` and ``make check`` (the dummy builder) from a clean clone;
* ``make check`` right after ``make html`` (the environment is reused);
* ``make html`` again with nothing changed (Sphinx's start-up and checks);
* ``make html`` after one page gets a blank line (the page alone changes);
* ``make html`` after one sentence of a technique page is edited (its claim,
  so the evidence register, changes too).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import run_build

ROOT = Path(__file__).resolve().parent.parent
EDITED_PAGE = Path("protocols/techniques/swedish-massage.md")


def copy_handbook(workdir: Path) -> Path:
    shutil.copy2(ROOT / "conf.py", workdir / "conf.py")
    shutil.copytree(ROOT / "protocols", workdir / "protocols")
    return workdir


def edit_a_claim(text: str) -> str:
    """The first cited sentence of the page gets one more word."""
    return text.replace(" {cite", " indeed {cite", 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    workdir = copy_handbook(Path(tempfile.mkdtemp(prefix="handbook-time-")))
    build = workdir / "_build"
    options = ["-c", str(workdir)]
    page = workdir / EDITED_PAGE
    original = page.read_text(encoding="utf-8")

    def sphinx(builder: str, fresh: bool) -> dict[str, float]:
        return run_build(
            workdir / "protocols",
            build / builder,
            builder,
            fresh=fresh,
            doctrees=build / "doctrees",
            options=options,
        )

    def after(edit: Callable[[str], str]) -> dict[str, float]:
        page.write_text(edit(original), encoding="utf-8")
        time.sleep(0.01)
        try:
            return sphinx("html", fresh=False)
        finally:
            page.write_text(original, encoding="utf-8")
            sphinx("html", fresh=False)  # back in step for the next case

    cases: dict[str, list[dict[str, float]]] = {}
    for _ in range(args.runs):
        shutil.rmtree(build, ignore_errors=True)
        cases.setdefault("make check, clean clone", []).append(sphinx("dummy", fresh=True))
        shutil.rmtree(build, ignore_errors=True)
        cases.setdefault("make html, clean clone", []).append(sphinx("html", fresh=True))
        cases.setdefault("make check after make html", []).append(sphinx("dummy", fresh=False))
        cases.setdefault("make html, nothing changed", []).append(sphinx("html", fresh=False))
        cases.setdefault("make html, blank line added", []).append(after(lambda text: text + "\n"))
        cases.setdefault("make html, one sentence edited", []).append(after(edit_a_claim))
    shutil.rmtree(workdir, ignore_errors=True)

    floor = statistics.median(r["seconds"] for r in cases["make html, clean clone"])
    print(f"python {sys.version.split()[0]}, {args.runs} runs, medians; the handbook's 37 pages")
    print(f"{'case':<32} {'build s':>8} {'x make html':>12} {'process s':>10} {'own code s':>10}")
    for name, reports in cases.items():
        seconds = statistics.median(r["seconds"] for r in reports)
        wall = statistics.median(r["wall_seconds"] for r in reports)
        own = statistics.median(r["own_seconds"] for r in reports)
        print(f"{name:<32} {seconds:>8.2f} {seconds / floor:>11.2f}x {wall:>10.2f} {own:>10.2f}")


if __name__ == "__main__":
    main()
