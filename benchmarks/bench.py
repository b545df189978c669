"""Time the handbook's toolchain against plain Sphinx on synthetic handbooks.

Usage::

    .venv/bin/python benchmarks/bench.py [--pages 200 1000] [--runs 3] [--out DIR]

For each size N it writes synthetic handbooks shaped like ours (chapters of at
most 25 pages; techniques that declare contraindications, contraindication
pages with kinds and signs, stages, background pages; every sentence a claim
citing a source from a bibliography with evidence fields, and stating figures
that the source's page records as facts) in these variants:

``plain``   the same sentences with no citation machinery (the floor);
``bibtex``  the same sentences cited through sphinxcontrib-bibtex alone;
``bibcache`` the same, with this project's two caches of sphinxcontrib-bibtex's
            and pybtex's repeated work (``pybtex_cache``, ``citation_cache``);
``full``    the handbook's whole toolchain (``clinical_handbook``);
``nocheck`` the whole toolchain with ``handbook_checks = False``;
``nofacts`` the whole toolchain with ``handbook_source_pages = False`` (no facts check);
``nosources`` the same without the source pages (the handbook before source pages).

It then times, in alternating order, ``runs`` fresh HTML builds of each variant,
a fresh ``dummy`` build (what ``make check`` runs) of ``full``, and an
incremental rebuild of ``full`` after editing one page. It prints a table of
median wall times, ratios to the floor and peak memory (RSS of the build
process). All figures of one table come from one run on one machine: compare
ratios, not seconds, across machines.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from clinical_handbook.evidence import LEVELS

HERE = Path(__file__).resolve().parent
CHAPTER_SIZE = 25
CLAIMS_PER_PAGE = 20
SOURCES = 24
KINDS = ["red-flag", "absolute", "relative"]

# Run one build and report its wall time, peak memory and the time spent in the
# handbook's own code (every clinical_handbook event handler and post-transform,
# timed in the build process: far less noisy than the difference of two builds).
RUNNER = """
import functools, json, resource, sys, time
from sphinx.cmd.build import build_main
from sphinx.events import EventManager
from sphinx.transforms.post_transforms import SphinxPostTransform

own = [0.0]
facts = [0.0]

def timed(function, total=own):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            total[0] += time.perf_counter() - start
    return wrapper

def ours(obj):
    return getattr(obj, "__module__", "").startswith("clinical_handbook")

connect = EventManager.connect
def connect_timed(self, name, callback, priority):
    return connect(self, name, timed(callback) if ours(callback) else callback, priority)
EventManager.connect = connect_timed

apply = SphinxPostTransform.apply
def apply_timed(self, **kwargs):
    return (timed(apply) if ours(type(self)) else apply)(self, **kwargs)
SphinxPostTransform.apply = apply_timed

def facts_timed(module, name):
    setattr(module, name, timed(getattr(module, name), facts))
try:  # the facts check on its own: reading each claim's figures, matching them to the facts
    import clinical_handbook.claim_report as report_module
    import clinical_handbook.claims as claims_module
    facts_timed(report_module, "check_facts")
    facts_timed(claims_module, "figures_in")
    facts_timed(claims_module, "quotations_in")
except ImportError:
    pass

start = time.perf_counter()
status = build_main(sys.argv[1:])
elapsed = time.perf_counter() - start
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"status": status, "seconds": elapsed, "peak_mib": peak_kib / 1024,
                  "own_seconds": own[0], "facts_seconds": facts[0]}))
"""

CONF = {
    "plain": 'extensions = ["myst_parser"]\n',
    "bibtex": 'extensions = ["myst_parser", "sphinxcontrib.bibtex"]\n'
    'bibtex_bibfiles = ["references.bib"]\n',
    # sphinxcontrib-bibtex with this project's two caches of upstream work, and nothing else.
    "bibcache": 'extensions = ["myst_parser", "sphinxcontrib.bibtex", '
    '"clinical_handbook.upstream.pybtex_cache", "clinical_handbook.upstream.citation_cache"]\n'
    'bibtex_bibfiles = ["references.bib"]\n',
    "full": 'extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", '
    '"clinical_handbook"]\nbibtex_bibfiles = ["references.bib"]\n',
}
CONF["nocheck"] = CONF["full"] + "handbook_checks = False\n"
CONF["nofacts"] = CONF["full"] + "handbook_source_pages = False\n"
CONF["nosources"] = CONF["nofacts"]
COMMON_CONF = (
    'project = "Synthetic handbook"\n'
    'html_theme = "pydata_sphinx_theme"\n'
    'html_theme_options = {"navigation_depth": 2, "show_nav_level": 1, '
    '"collapse_navigation": True}\n'
    'exclude_patterns = ["_build"]\n'
    'suppress_warnings = ["config.cache"]\n'
)


def _directness(source: int) -> str:
    if LEVELS[source % len(LEVELS)] == "commercial":
        return "not-applicable"  # a web page studied no population
    return "direct" if source % 2 else "indirect"


def bibliography() -> str:
    entries = []
    for i in range(SOURCES):
        entries.append(
            f"@misc{{src{i:02d},\n  author = {{{{Synthetic Source {i}}}}},\n"
            f"  title = {{Synthetic source number {i}}},\n  year = {{{2000 + i}}},\n"
            f"  evidence = {{{LEVELS[i % len(LEVELS)]}}},\n"
            f"  directness = {{{_directness(i)}}},\n}}\n"
        )
    return "\n".join(entries)


def page_plan(pages: int) -> list[tuple[str, str, str]]:
    """(folder, type, id) for every page: 1/20 contraindications, 1/10 stages."""
    contraindications = max(3, pages // 20)
    stages = max(2, pages // 10)
    techniques = max(2, pages // 3)
    background = max(1, pages - contraindications - stages - techniques)
    plan = []
    for folder, kind, count in (
        ("contraindications", "contraindication", contraindications),
        ("techniques", "technique", techniques),
        ("stages", "stage", stages),
        ("background", "background", background),
    ):
        plan += [(folder, kind, f"{kind}-{i:04d}") for i in range(count)]
    return plan[:pages]


def source_figures(source: int) -> dict[str, str]:
    """The figures source ``source`` records, which the claims citing it repeat."""
    return {
        "adults": str(40 + source),
        "weeks": str(4 + source % 6),
        "points": f"{1 + source / 10:.1f}",
        "low": f"{0.5 + source / 20:.1f}",
        "high": f"{2 + source / 10:.1f}",
    }


def sentence(variant: str, page: int, claim: int) -> str:
    source = (page + claim) % SOURCES
    f = source_figures(source)
    text = (
        f"Item {claim} on page {page} reports that gentle massage over {f['weeks']} weeks "
        f"eased muscle tension by {f['points']} points (95% CI {f['low']} to {f['high']}) "
        f"in {f['adults']} adults"
    )
    if variant == "plain":
        return text + "."
    return f"{text} {{cite:p}}`src{source:02d}`."


def source_page(variant: str, source: int) -> str:
    """The source page of ``source``: its facts (as plain paragraphs without the toolchain)."""
    f = source_figures(source)
    quotes = [
        f"Massage was given over {f['weeks']} weeks to {f['adults']} adults.",
        f"Muscle tension fell by {f['points']} points (95% CI {f['low']}-{f['high']}).",
    ]
    header = front_matter(variant, "source", f"src{source:02d}", [])
    if header:
        header = header.replace("---\n\n", f"population: {f['adults']} adults\n---\n\n", 1)
    body = []
    for quote in quotes:
        if variant in ("full", "nocheck", "nofacts"):
            body.append(
                f"```{{fact}}\n:quote: {quote}\n:seen: https://example.org/src{source:02d}\n"
                f"{quote}\n```"
            )
        else:
            body.append(f"{quote}\n\n> {quote}")
    return f"{header}# Synthetic source {source}\n\n" + "\n\n".join(body) + "\n"


def front_matter(variant: str, kind: str, page_id: str, contraindication_ids: list[str]) -> str:
    if variant in ("plain", "bibtex", "bibcache"):
        return ""
    lines = [f"type: {kind}", f"id: {page_id}"]
    if kind in ("technique", "contraindication", "stage", "background"):
        lines += ["last-reviewed: 2026-11-23", "reviewer: Synthetic reviewer"]
    if kind in ("technique", "stage"):
        lines.append("contraindications: [" + ", ".join(contraindication_ids) + "]")
    if kind == "contraindication":
        number = int(page_id.rsplit("-", 1)[1])
        lines += [
            f"kind: {KINDS[number % len(KINDS)]}",
            "signs: [a first sign, a second sign]",
            "action: [stop, refer]",
            "synonyms: []",
        ]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def write_handbook(root: Path, variant: str, pages: int) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "conf.py").write_text(COMMON_CONF + CONF[variant], encoding="utf-8")
    (root / "references.bib").write_text(bibliography(), encoding="utf-8")
    plan = page_plan(pages)
    contra_ids = [pid for _, kind, pid in plan if kind == "contraindication"]
    chapters: dict[str, list[list[str]]] = {}
    for index, (folder, kind, page_id) in enumerate(plan):
        groups = chapters.setdefault(folder, [[]])
        if len(groups[-1]) >= CHAPTER_SIZE:
            groups.append([])
        chapter = f"{folder}/part{len(groups) - 1:03d}"
        groups[-1].append(page_id)
        declared = [contra_ids[(index + k) % len(contra_ids)] for k in range(2)]
        if kind == "contraindication":
            declared = []
        body = "\n\n".join(sentence(variant, index, c) for c in range(CLAIMS_PER_PAGE))
        path = root / chapter / f"{page_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            front_matter(variant, kind, page_id, declared) + f"# Page {index} ({kind})\n\n{body}\n",
            encoding="utf-8",
        )
    toc = []
    for folder, groups in chapters.items():
        for number, group in enumerate(groups):
            chapter = f"{folder}/part{number:03d}"
            toc.append(f"{chapter}/index")
            header = front_matter(variant, "chapter", f"{folder}-part{number:03d}", [])
            entries = "\n".join(group)
            (root / chapter / "index.md").write_text(
                f"{header}# {folder.capitalize()} part {number}\n\n"
                f"```{{toctree}}\n:maxdepth: 1\n\n{entries}\n```\n",
                encoding="utf-8",
            )
    if variant == "nosources":
        write_index(root, variant, toc)
        return
    (root / "sources").mkdir()
    for source in range(SOURCES):
        (root / "sources" / f"src{source:02d}.md").write_text(
            source_page(variant, source), encoding="utf-8"
        )
    header = front_matter(variant, "chapter", "sources", [])
    (root / "sources" / "index.md").write_text(
        f"{header}# Sources\n\n```{{toctree}}\n:maxdepth: 1\n:glob:\n\n*\n```\n",
        encoding="utf-8",
    )
    toc.append("sources/index")
    write_index(root, variant, toc)


def write_index(root: Path, variant: str, toc: list[str]) -> None:
    index_header = front_matter(variant, "reference", "home", [])
    bibliography_page = "\nbibliography" if variant != "plain" else ""
    (root / "index.md").write_text(
        f"{index_header}# Synthetic handbook\n\n```{{toctree}}\n:maxdepth: 1\n\n"
        + "\n".join(toc)
        + bibliography_page
        + "\n```\n",
        encoding="utf-8",
    )
    if variant != "plain":
        header = front_matter(variant, "reference", "bibliography", [])
        (root / "bibliography.md").write_text(
            f"{header}# Bibliography\n\n```{{bibliography}}\n```\n", encoding="utf-8"
        )


def run_build(
    srcdir: Path,
    outdir: Path,
    builder: str,
    fresh: bool = True,
    doctrees: Path | None = None,
    options: Sequence[str] = (),
) -> dict[str, float]:
    """One ``sphinx-build`` in its own process; ``fresh`` removes the output first."""
    doctrees = doctrees or outdir / ".doctrees"
    if fresh:
        for path in (outdir, doctrees):
            shutil.rmtree(path, ignore_errors=True)
    command = [sys.executable, "-c", RUNNER, "-q", "-b", builder, "-j", "1", *options]
    command += ["-d", str(doctrees), str(srcdir), str(outdir)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    report = json.loads(result.stdout.strip().splitlines()[-1])
    report["wall_seconds"] = wall  # with Python's start-up and Sphinx's imports
    if report["status"] != 0:
        sys.exit(f"build of {srcdir} failed:\n{result.stderr[-3000:]}")
    if result.stderr.strip():
        print(f"warnings in {srcdir.name}:\n{result.stderr[-1500:]}", file=sys.stderr)
    return report


def median(reports: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in reports)


def bench(size: int, runs: int, workdir: Path) -> list[tuple[str, float, float, float, float]]:
    for variant in CONF:
        write_handbook(workdir / f"{size}-{variant}", variant, size)
    timings: dict[str, list[dict[str, float]]] = {}
    for _ in range(runs):
        for variant in CONF:
            src = workdir / f"{size}-{variant}"
            timings.setdefault(variant, []).append(run_build(src, src / "_build" / "html", "html"))
        src = workdir / f"{size}-full"
        timings.setdefault("full (make check)", []).append(
            run_build(src, src / "_build" / "dummy", "dummy")
        )
        # Incremental: the html build above is up to date; edit one page and rebuild.
        page = next((src / "techniques").rglob("technique-*.md"))
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("eases muscle", "relaxes muscle", 1), encoding="utf-8")
        time.sleep(0.01)
        timings.setdefault("full (one page edited)", []).append(
            run_build(src, src / "_build" / "html", "html", fresh=False)
        )
        page.write_text(text, encoding="utf-8")
    return [
        (
            name,
            median(r, "seconds"),
            median(r, "peak_mib"),
            median(r, "own_seconds"),
            median(r, "facts_seconds"),
        )
        for name, r in timings.items()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None, help="keep the handbooks here")
    args = parser.parse_args()
    workdir = args.out or Path(tempfile.mkdtemp(prefix="handbook-bench-"))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.runs} runs, medians")
    print(
        f"{'pages':>6}  {'build':<24} {'seconds':>8} {'x plain':>8} {'peak MiB':>15} "
        f"{'own code s':>10} {'facts s':>8}"
    )
    own: dict[int, float] = {}
    for size in args.pages:
        rows = bench(size, args.runs, workdir)
        floor = next(seconds for name, seconds, *_ in rows if name == "plain")
        floor_mem = next(mem for name, _, mem, *_ in rows if name == "plain")
        for name, seconds, mem, own_seconds, facts_seconds in rows:
            print(
                f"{size:>6}  {name:<24} {seconds:>8.2f} {seconds / floor:>7.2f}x "
                f"{mem:>6.0f} ({mem / floor_mem:.2f}x) {own_seconds:>10.2f} {facts_seconds:>8.3f}"
            )
        own[size] = next(own_s for name, _, _, own_s, _ in rows if name == "full")
        full, facts = next((sec, fs) for name, sec, _, _, fs in rows if name == "full")
        share = 100 * facts / full
        print(f"facts check at {size} pages: {facts:.3f} s, {share:.1f}% of the full build")
    if len(args.pages) > 1:
        small, large = min(args.pages), max(args.pages)
        print(
            f"handbook's own code in the full build: {own[small]:.2f} s at {small} pages, "
            f"{own[large]:.2f} s at {large} pages: {large / small:.0f}x the pages, "
            f"{own[large] / max(own[small], 1e-9):.2f}x the time"
        )
    if not args.out:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
