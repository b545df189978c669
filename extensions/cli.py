"""The toolkit's command line, ``clinical-handbook``.

* ``clinical-handbook check [DIR]``: every check of the handbook on a Sphinx
  project, with Sphinx's ``dummy`` builder (it writes no pages), as ``make
  html`` runs them (``-n``, every warning fails); prints every warning and the
  summary of ``make check``, and exits 1 on any problem. ``--format`` gives
  ``text`` (the default), ``json``, ``sarif`` (SARIF 2.1.0 for GitHub code
  scanning) or ``github`` (workflow annotations and a job summary):
  :mod:`.cli_formats`.
* ``clinical-handbook new DIR``: writes the starter handbook (the package's
  ``starter/`` folder), which builds clean with ``-W -n``.
* ``clinical-handbook stats [DIR]``: the counts a reviewer wants, from the
  build's data: the records ``claims.json`` is written from and the page records.

``DIR`` is the folder of the pages (the source directory, ``.`` by default).
Its ``conf.py`` is in ``DIR`` or in its parent folder (this repository keeps it
at the root and the pages in ``protocols/``), or where ``--conf-dir`` says. The
build's data go to ``_build/`` beside ``conf.py``, the folder ``make html``
uses, so a check after a build reads only the pages changed since.

Sphinx runs in this process. Every warning is collected as a record (file,
line, type, subtype, message) by a filter on Sphinx's own warning handler,
after Sphinx has located it and applied ``suppress_warnings``. Mistakes a user
can make (not a Sphinx project, no bibliography, a bad option, an error in
``conf.py``) are one line on standard error and exit status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from importlib import resources
from io import StringIO
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from . import cli_formats as formats
from .cli_formats import Finding

PROG = "clinical-handbook"
FORMATS = ("text", "json", "sarif", "github")
#: The starter's files whose name starts with this are written with a dot instead
#: (``dot-gitignore`` is ``.gitignore``): package data leaves hidden files out.
DOT_PREFIX = "dot-"
#: Replaced in the starter's files by :func:`write_starter`.
TODAY_MARK = "@@TODAY@@"
TITLE_MARK = "@@TITLE@@"
VERSION_MARK = "@@VERSION@@"


class UserError(Exception):
    """A mistake of the user's: one line, exit status 2, no traceback."""


# --- the project ------------------------------------------------------------------
@dataclass(frozen=True)
class Project:
    srcdir: Path
    confdir: Path
    builddir: Path
    root: Path
    """The repository root: every path in the outputs is relative to it."""

    def shown(self, path: Path) -> str:
        """``path`` as the user's messages name it: relative to the working directory."""
        return formats.relative_to(path, Path.cwd()) or "."


def repository_root(start: Path) -> Path:
    """The nearest folder above ``start`` (or itself) holding ``.git``; else ``start``."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def find_project(directory: str, conf_dir: str | None, build_dir: str | None) -> Project:
    srcdir = Path(directory).resolve()
    if not srcdir.is_dir():
        raise UserError(f"{directory} {'is not a folder' if srcdir.exists() else 'does not exist'}")
    if conf_dir:
        confdir = Path(conf_dir).resolve()
        if not (confdir / "conf.py").is_file():
            raise UserError(f"{conf_dir} is not a Sphinx project: it has no conf.py")
    else:
        found = next((d for d in (srcdir, srcdir.parent) if (d / "conf.py").is_file()), None)
        if found is None:
            raise UserError(
                f"{directory} is not a Sphinx project: no conf.py in it or in its parent "
                "folder (give the folder of conf.py with --conf-dir)"
            )
        confdir = found
    builddir = Path(build_dir).resolve() if build_dir else confdir / "_build"
    return Project(srcdir, confdir, builddir, repository_root(confdir))


def _config_error(error: Exception, conf_py: Path, shown: str) -> UserError:
    """One line for an error raised by running ``conf.py``."""
    cause = error.__cause__
    if cause is None or isinstance(cause, SyntaxError | SystemExit):
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return UserError(f"{shown}: {first}")
    frames = [f for f in traceback.extract_tb(cause.__traceback__) if f.filename == str(conf_py)]
    line = f":{frames[-1].lineno}" if frames else ""
    return UserError(f"{shown}{line}: {type(cause).__name__}: {cause}")


def preflight(project: Project) -> None:
    """The mistakes that would otherwise be a traceback or a flood of warnings."""
    from sphinx.config import eval_config_file
    from sphinx.errors import ConfigError
    from sphinx.util.tags import Tags

    conf_py = project.confdir / "conf.py"
    shown = project.shown(conf_py)
    try:
        namespace = eval_config_file(conf_py, Tags())
    except ConfigError as error:
        raise _config_error(error, conf_py, shown) from error
    extensions = namespace.get("extensions") or []
    if "clinical_handbook" not in extensions:
        raise UserError(
            f'{shown} does not load the toolkit: add "clinical_handbook" to its extensions'
        )
    root_doc = namespace.get("root_doc") or namespace.get("master_doc") or "index"
    suffixes = namespace.get("source_suffix") or (".rst", ".md")
    suffixes = [suffixes] if isinstance(suffixes, str) else list(suffixes)
    suffixes = {*suffixes, ".md", ".rst"}

    def has_root(folder: Path) -> bool:
        return any((folder / f"{root_doc}{suffix}").is_file() for suffix in suffixes)

    if not has_root(project.srcdir):
        inside = sorted(d for d in project.srcdir.iterdir() if d.is_dir() and has_root(d))
        hint = f"{PROG} check {project.shown(inside[0])}" if len(inside) == 1 else "SOURCE_DIR"
        raise UserError(
            f"{project.shown(project.srcdir)} holds no {root_doc}.md or {root_doc}.rst: "
            f"give the folder of the pages ({hint})"
        )
    bibfiles = namespace.get("bibtex_bibfiles")
    if not bibfiles:
        raise UserError(
            f'{shown} names no bibliography: add bibtex_bibfiles = ["references.bib"] '
            "(a BibTeX file beside conf.py)"
        )
    for bibfile in [bibfiles] if isinstance(bibfiles, str) else bibfiles:
        path = project.confdir / bibfile
        if not path.is_file():
            raise UserError(
                f"the bibliography {project.shown(path)} does not exist "
                f"(bibtex_bibfiles in {shown})"
            )


# --- the build --------------------------------------------------------------------
class Collector(logging.Filter):
    """The last filter of Sphinx's warning handler: every warning shown, as a record."""

    def __init__(self, root: Path, on_finding: Callable[[Finding], None] | None = None) -> None:
        super().__init__()
        self.root = root
        self.on_finding = on_finding
        self.findings: list[Finding] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        warning_type = getattr(record, "type", None) or None
        subtype = getattr(record, "subtype", None) or None
        try:  # not getMessage(): Sphinx's records prepend the location and "WARNING:"
            message = str(record.msg) % record.args if record.args else str(record.msg)
        except (TypeError, ValueError):
            message = str(record.msg)
        if warning_type:  # show_warning_types appends " [type.subtype]"
            suffix = f" [{warning_type}.{subtype}]" if subtype else f" [{warning_type}]"
            message = message.removesuffix(suffix)
        location = getattr(record, "location", None)
        file, line = formats.split_location(
            location if isinstance(location, str) else None, self.root
        )
        finding = Finding(
            rule=formats.rule_id(warning_type, subtype),
            message=message,
            file=file,
            line=line,
            level="error" if record.levelno >= logging.ERROR else "warning",
        )
        self.findings.append(finding)
        if self.on_finding is not None:
            self.on_finding(finding)
        return True


@contextlib.contextmanager
def collecting(collector: Collector) -> Iterator[None]:
    """Add ``collector`` to Sphinx's warning handler as soon as Sphinx makes it.

    Sphinx sets up its logging first thing in ``Sphinx.__init__``, before it reads
    ``conf.py`` or loads an extension, so no warning is missed.
    """
    from sphinx.util import logging as sphinx_logging

    original = sphinx_logging.setup

    def setup(app: Any, status: Any, warning: Any, *args: Any, **kwargs: Any) -> None:
        original(app, status, warning, *args, **kwargs)
        for handler in logging.getLogger(sphinx_logging.NAMESPACE).handlers:
            if isinstance(handler, sphinx_logging.WarningStreamHandler):
                handler.addFilter(collector)

    sphinx_logging.setup = setup  # type: ignore[assignment]
    try:
        yield
    finally:
        sphinx_logging.setup = original  # type: ignore[assignment]


@contextlib.contextmanager
def without_annotations(off: bool) -> Iterator[None]:
    """Keep the extensions' own GitHub annotations (:mod:`.annotations`) out of a
    machine-readable output: they read ``GITHUB_ACTIONS`` when Sphinx loads them."""
    value = os.environ.pop("GITHUB_ACTIONS", None) if off else None
    try:
        yield
    finally:
        if value is not None:
            os.environ["GITHUB_ACTIONS"] = value


@dataclass
class BuildResult:
    app: Any
    findings: list[Finding] = field(default_factory=list)


def run_build(
    project: Project,
    *,
    fresh: bool = False,
    jobs: int = 0,
    overrides: dict[str, Any] | None = None,
    on_finding: Callable[[Finding], None] | None = None,
    verbose: bool = False,
    annotations: bool = True,
) -> BuildResult:
    """The ``dummy`` build of the project, as ``make check``: nitpicky, every warning kept."""
    from sphinx.application import Sphinx
    from sphinx.errors import ConfigError, SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    collector = Collector(project.root, on_finding)
    with (
        collecting(collector),
        without_annotations(not annotations),
        patch_docutils(project.confdir),
        docutils_namespace(),
    ):
        try:
            app = Sphinx(
                srcdir=project.srcdir,
                confdir=project.confdir,
                outdir=project.builddir / "dummy",
                doctreedir=project.builddir / "doctrees",
                buildername="dummy",
                confoverrides={"nitpicky": True, **(overrides or {})},
                status=sys.stderr if verbose else None,
                warning=StringIO(),  # every warning is in the collector
                freshenv=fresh,
                parallel=jobs,
            )
            app.build()
        except ConfigError as error:
            conf_py = project.confdir / "conf.py"
            raise _config_error(error, conf_py, project.shown(conf_py)) from error
        except SphinxError as error:
            text = str(error).strip().splitlines()
            raise UserError(f"{error.category}: {text[0] if text else error!r}") from error
    return BuildResult(app, collector.findings)


# --- check ------------------------------------------------------------------------
def _summary(app: Any) -> list[str]:
    from .claim_report import summary_lines

    if not app.config.handbook_checks:
        return []
    try:
        return list(summary_lines(app.env))
    except Exception as error:  # never a traceback: the warnings already say why
        return ["", f"(no summary: {error})"]


def _totals(app: Any) -> dict[str, Any]:
    from .claim_report import get_report

    if not app.config.handbook_checks:
        return {}
    try:
        totals = get_report(app.env).totals
    except Exception:
        return {}
    return {**asdict(totals), "sources_unused": totals.sources_unused}


def _write(text: str, output: str | None) -> None:
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise UserError(f"cannot write {output}: {error.strerror}") from error
    else:
        sys.stdout.write(text)


def cmd_check(args: argparse.Namespace) -> int:
    project = find_project(args.directory, args.conf_dir, args.build_dir)
    preflight(project)
    fmt = args.format

    def live(finding: Finding) -> None:
        """As Sphinx prints it, with the path relative to the working directory."""
        if finding.file:
            finding = replace(finding, file=project.shown(project.root / finding.file))
        print(formats.text_line(finding), file=sys.stderr, flush=True)

    result = run_build(
        project,
        fresh=args.fresh,
        jobs=args.jobs,
        overrides=dict(args.define),
        on_finding=live if fmt == "text" else None,
        verbose=args.verbose,
        annotations=fmt == "text",
    )
    findings = result.findings
    failed = bool(findings) or result.app.statuscode != 0
    summary = _summary(result.app)
    verdict = formats.verdict(findings)
    if fmt == "text":
        for line in summary:
            print(line)
        print(verdict)
    elif fmt == "json":
        _write(formats.to_json(findings, summary, _totals(result.app)), args.output)
        print(verdict, file=sys.stderr)
    elif fmt == "sarif":
        conf_py = project.shown(project.confdir / "conf.py")
        _write(formats.to_sarif(findings, __version__, conf_py), args.output)
        print(verdict, file=sys.stderr)
    else:  # github
        for finding in sorted(findings, key=Finding.sort_key):
            print(formats.annotation(finding))
        for line in summary:
            print(line)
        print(verdict)
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:
            try:
                with open(step_summary, "a", encoding="utf-8") as file:
                    file.write(formats.step_summary(findings, summary))
            except OSError as error:
                raise UserError(f"cannot write the job summary: {error.strerror}") from error
    return 1 if failed else 0


# --- stats ------------------------------------------------------------------------
def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _add_years(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def compute_stats(app: Any, project: Project, due_within: int) -> dict[str, Any]:
    """The counts, from the data ``claims.json`` is written from and the page records."""
    from .evidence import LEVELS
    from .pagetypes import get_pages
    from .register import claims_data
    from .reviews import DATE_FIELD, parse_date, today

    env = app.env
    data = claims_data(app)
    claims = list(data["claims"])
    totals = data["totals"]
    pages = get_pages(env).pages
    by_type = Counter(page.type or "(no type)" for page in pages.values())
    strongest = Counter(claim["strongest"] or "unknown" for claim in claims)
    levels = [*LEVELS, "unknown"]
    sources = data["sources"]
    source_levels = Counter(source["evidence"] or "unknown" for source in sources.values())
    web_only = sum(1 for claim in claims if "commercial" in claim["markers"])
    indirect = sum(1 for claim in claims if "indirect" in claim["markers"])

    now = today(app)
    interval = app.config.handbook_review_interval_years
    horizon = now + dt.timedelta(days=due_within)
    reviewed = [p for p in pages.values() if p.type in app.config.handbook_reviewed_types]
    due, undated = [], []
    for page in sorted(reviewed, key=lambda p: p.docname):
        file = project.shown(Path(env.doc2path(page.docname)))
        date = parse_date(page.fields.get(DATE_FIELD))
        if date is None:
            undated.append(file)
            continue
        next_review = _add_years(date, interval)
        if next_review <= horizon:
            due.append(
                {
                    "file": file,
                    "last_reviewed": date.isoformat(),
                    "due": next_review.isoformat(),
                    "overdue": next_review < now,
                }
            )
    due.sort(key=lambda d: (d["due"], d["file"]))  # the most overdue first
    return {
        "version": 1,
        "project": data["project"],
        "pages": {"total": len(pages), "by_type": dict(sorted(by_type.items()))},
        "claims": {
            "total": totals["claims"],
            "uncited": totals["uncited"],
            "citations": totals["citations"],
        },
        "evidence": {
            "claims_by_strongest_source": {lv: strongest[lv] for lv in levels if strongest[lv]},
            "sources_by_level": {lv: source_levels[lv] for lv in levels if source_levels[lv]},
        },
        "web_only": {"claims": web_only, "percent": _share(web_only, len(claims))},
        "indirect_only": {"claims": indirect, "percent": _share(indirect, len(claims))},
        "sources": {"total": totals["sources"], "unused": totals["sources_unused"]},
        "exemptions": totals["exemptions"],
        "reviews": {
            "today": now.isoformat(),
            "interval_years": interval,
            "reviewed_pages": len(reviewed),
            "due_by": horizon.isoformat(),
            "due": due,
            "overdue": sum(1 for d in due if d["overdue"]),
            "undated": undated,
        },
    }


def stats_lines(stats: dict[str, Any]) -> Iterator[str]:
    pages = stats["pages"]
    types = ", ".join(f"{n} {t}" for t, n in pages["by_type"].items())
    yield f"pages: {pages['total']} ({types})"
    claims = stats["claims"]
    yield (
        f"claims: {claims['total']} ({claims['uncited']} uncited), {claims['citations']} citations"
    )
    total = claims["total"]
    mix = stats["evidence"]["claims_by_strongest_source"]
    parts = ", ".join(f"{lv} {n} ({_share(n, total)}%)" for lv, n in mix.items())
    yield f"evidence of the claims (strongest source): {parts or 'none'}"
    for key, label in (("web_only", "web-only claims"), ("indirect_only", "indirect-only claims")):
        yield f"{label}: {stats[key]['claims']} of {total} ({stats[key]['percent']}%)"
    sources = stats["sources"]
    levels = ", ".join(f"{n} {lv}" for lv, n in stats["evidence"]["sources_by_level"].items())
    yield f"sources: {sources['total']} ({levels or 'none'}), {sources['unused']} unused"
    yield f"exemptions (editorial notes): {stats['exemptions']}"
    reviews = stats["reviews"]
    due = reviews["due"]
    yield (
        f"reviews: {reviews['reviewed_pages']} pages reviewed every "
        f"{reviews['interval_years']} years; {reviews['overdue']} overdue, "
        f"{len(due) - reviews['overdue']} more due by {reviews['due_by']}"
    )
    for page in due:
        late = " (overdue)" if page["overdue"] else ""
        yield f"  {page['file']}: last reviewed {page['last_reviewed']}, due {page['due']}{late}"
    for file in reviews["undated"]:
        yield f"  {file}: no review date"


def cmd_stats(args: argparse.Namespace) -> int:
    project = find_project(args.directory, args.conf_dir, args.build_dir)
    preflight(project)
    result = run_build(project, jobs=args.jobs, annotations=False)
    if not result.app.config.handbook_checks:
        raise UserError("handbook_checks = False: there are no claims to count")
    stats = compute_stats(result.app, project, args.due_within)
    if args.format == "json":
        sys.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2) + "\n")
    else:
        for line in stats_lines(stats):
            print(line)
    if result.findings:
        count = len(result.findings)
        print(
            f"stats: the build gave {count} warning{'s' if count != 1 else ''}; "
            f"'{PROG} check' lists them",
            file=sys.stderr,
        )
    return 0


# --- new --------------------------------------------------------------------------
def starter_files() -> Iterator[tuple[str, str]]:
    """Every file of the starter handbook: (path in the new folder, text)."""
    root = resources.files("clinical_handbook").joinpath("starter")

    def walk(folder: Any, prefix: str) -> Iterator[tuple[str, str]]:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name == "__pycache__":
                continue
            name = entry.name
            if name.startswith(DOT_PREFIX):
                name = "." + name.removeprefix(DOT_PREFIX)
            if entry.is_dir():
                yield from walk(entry, f"{prefix}{name}/")
            else:
                yield f"{prefix}{name}", entry.read_text(encoding="utf-8")

    yield from walk(root, "")


def write_starter(target: Path, title: str, today: dt.date) -> list[str]:
    written = []
    for path, text in starter_files():
        text = (
            text.replace(TODAY_MARK, today.isoformat())
            .replace(TITLE_MARK, title)
            .replace(VERSION_MARK, __version__)
        )
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def cmd_new(args: argparse.Namespace) -> int:
    target = Path(args.directory)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UserError(f"{args.directory} already exists and is not empty: name a new folder")
    if "\n" in args.title or not args.title.strip():
        raise UserError("--title must be one line of text")
    try:
        target.mkdir(parents=True, exist_ok=True)
        written = write_starter(target, args.title.strip(), dt.date.today())
    except OSError as error:
        raise UserError(f"cannot write {args.directory}: {error.strerror}") from error
    print(f"new: wrote a starter handbook of {len(written)} files in {args.directory}")
    print(f"  cd {args.directory} && make html   # set up .venv, check and build the HTML")
    print(f"  {PROG} check {args.directory}   # every check, without writing pages")
    return 0


# --- the parser -------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    """Usage mistakes as one line (argparse prints the usage too)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message} (see '{self.prog} --help')\n")


def _define(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, not {text!r}")
    return name, value


def _project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "directory",
        nargs="?",
        default=".",
        metavar="DIR",
        help="the folder of the pages (default: .); conf.py is in it or in its parent",
    )
    parser.add_argument("--conf-dir", metavar="DIR", help="the folder of conf.py")
    parser.add_argument(
        "--build-dir",
        metavar="DIR",
        help="where the build's data go (default: _build beside conf.py)",
    )
    parser.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help="parallel jobs")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG, description="Check, start and count a clinical handbook built with Sphinx."
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--traceback", action="store_true", help="show the traceback of an error (for bug reports)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser(
        "check",
        help="run every handbook check; exit 1 on any problem",
        description=(
            "Run every check of the handbook (Sphinx's dummy builder, nitpicky, as make check), "
            "print every warning and the summary, and exit 1 on any problem."
        ),
    )
    _project_options(check)
    check.add_argument("--format", choices=FORMATS, default="text", help="output format")
    check.add_argument(
        "-o", "--output", metavar="FILE", help="write the json or sarif output to FILE"
    )
    check.add_argument(
        "-E", "--fresh", action="store_true", help="read every page again (no saved environment)"
    )
    check.add_argument(
        "-D",
        dest="define",
        action="append",
        type=_define,
        default=[],
        metavar="NAME=VALUE",
        help="override a conf.py setting",
    )
    check.add_argument("-v", "--verbose", action="store_true", help="show Sphinx's progress")
    check.set_defaults(func=cmd_check)

    new = commands.add_parser("new", help="write a starter handbook into a new folder")
    new.add_argument("directory", metavar="DIR", help="the new folder")
    new.add_argument("--title", default="A clinical handbook", help="the handbook's title")
    new.set_defaults(func=cmd_new)

    stats = commands.add_parser("stats", help="the counts a reviewer wants, as text or JSON")
    _project_options(stats)
    stats.add_argument("--format", choices=("text", "json"), default="text")
    stats.add_argument(
        "--due-within",
        type=int,
        default=90,
        metavar="DAYS",
        help="list the reviews due within DAYS days (default: 90)",
    )
    stats.set_defaults(func=cmd_stats)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check" and args.output and args.format not in ("json", "sarif"):
        parser.error("--output is for --format json or sarif")
    try:
        return args.func(args)
    except UserError as error:
        if args.traceback:
            raise
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
