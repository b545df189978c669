"""What ``clinical-handbook check`` prints: every warning of a build as a record, in four formats.

A :class:`Finding` is one warning of the build (ours or any other: Sphinx's,
MyST's, sphinxcontrib-bibtex's), with its rule id ``type.subtype`` (for
example ``handbook.uncited``; ``sphinx`` when the warning has no type), its file
relative to the repository root, its line and its message. The formats:

* ``text``: ``file:line: WARNING: message [rule]``, as Sphinx prints it, with
  the path relative to the repository root;
* ``json``: every finding and the claim totals, for other tools;
* ``sarif``: SARIF 2.1.0 for GitHub code scanning, one rule per rule id, one
  result per finding, paths relative to ``%SRCROOT%``;
* ``github``: a workflow annotation per finding (``::error file=...``) and,
  in the job summary, a Markdown table of every finding: GitHub shows at most
  10 error annotations per step and 50 per job, the table shows them all.

Pure code on the records: :mod:`.cli` runs the build and collects them.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

#: The rule id of a warning that has no type.
UNTYPED_RULE = "sphinx"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_VERSION = "2.1.0"
TOOL_NAME = "clinical-handbook"

_LOCATION = re.compile(r"^(?P<path>.*?)(?::(?P<line>\d+))?:?$")

#: What the handbook's own rules check, for the SARIF rule descriptions. A rule
#: not listed here is described by its id.
RULE_DESCRIPTIONS: dict[str, str] = {
    "handbook.uncited": "Every sentence of running text cites a source in that sentence.",
    "handbook.evidence-field": "Every bibliography entry carries valid evidence and directness.",
    "handbook.unused-source": "Every bibliography entry is cited somewhere.",
    "handbook.exemption-reason": "Every editorial note gives its reason.",
    "handbook.no-claims": "Every page has cited text or an editorial note.",
    "handbook.figure": "Every figure of a claim is in a recorded fact of a source it cites.",
    "handbook.quotation": "Every quotation of a claim is in a recorded quote of a source it cites.",
    "handbook.source-page": "Every cited entry has a source page, and every source page an entry.",
    "handbook.fact": "Every recorded fact has its words, where they were seen, and a statement.",
    "handbook.checker-error": "The handbook's checks could read the page.",
    "handbook.unlinked-mention": "A contraindication named in prose links to its page.",
    "handbook.recommendation": "A recommendation is complete and its certainty is supported.",
    "handbook.review-date": "A reviewed page declares a valid review date and a reviewer.",
    "handbook.review-overdue": "A reviewed page was reviewed within the review interval.",
}


@dataclass(frozen=True)
class Finding:
    """One warning of the build."""

    rule: str
    """``type.subtype``, ``type``, or :data:`UNTYPED_RULE`."""
    message: str
    file: str
    """Relative to the repository root with ``/`` (absolute outside it); empty when
    the warning names no file."""
    line: int | None
    level: str = "warning"
    """``warning`` or ``error`` (Sphinx's logging level)."""

    @property
    def where(self) -> str:
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line or 0, self.rule, self.message)


def rule_id(warning_type: str | None, subtype: str | None) -> str:
    if not warning_type:
        return UNTYPED_RULE
    return f"{warning_type}.{subtype}" if subtype else warning_type


def split_location(location: str | None, root: Path) -> tuple[str, int | None]:
    """``(file, line)`` from a location as Sphinx prints it (``/abs/path:12``)."""
    if not location:
        return "", None
    match = _LOCATION.match(location)
    path = match.group("path") if match else location
    line = int(match.group("line")) if match and match.group("line") else None
    if not path or path == "<unknown>":
        return "", line
    return relative_to(path, root), line


def relative_to(path: str | Path, root: Path) -> str:
    """``path`` relative to ``root`` with ``/``; absolute when it is outside ``root``."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


def counts(findings: Iterable[Finding]) -> Counter[str]:
    return Counter(finding.rule for finding in findings)


def verdict(findings: Sequence[Finding]) -> str:
    """The last line of the text output."""
    if not findings:
        return "check: no problems"
    by_rule = counts(findings)
    detail = ", ".join(f"{by_rule[rule]} {rule}" for rule in sorted(by_rule))
    noun = "problem" if len(findings) == 1 else "problems"
    return f"check: {len(findings)} {noun} ({detail})"


# --- text -----------------------------------------------------------------------
def text_line(finding: Finding) -> str:
    label = "ERROR" if finding.level == "error" else "WARNING"
    where = f"{finding.where}: " if finding.where else ""
    return f"{where}{label}: {finding.message} [{finding.rule}]"


# --- json -----------------------------------------------------------------------
def to_json(
    findings: Sequence[Finding], summary: Sequence[str], totals: dict[str, Any] | None
) -> str:
    data = {
        "version": 1,
        "tool": TOOL_NAME,
        "ok": not findings,
        "problems": [asdict(f) for f in sorted(findings, key=Finding.sort_key)],
        "counts": dict(sorted(counts(findings).items())),
        "totals": totals or {},
        "summary": [line for line in summary if line],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- sarif ----------------------------------------------------------------------
def _rule(rule: str) -> dict[str, Any]:
    if rule in RULE_DESCRIPTIONS:
        description = RULE_DESCRIPTIONS[rule]
    elif rule == UNTYPED_RULE:
        description = "A warning of the Sphinx build that has no warning type."
    else:
        description = f"A warning of the Sphinx build of type {rule}."
    return {
        "id": rule,
        "name": rule,
        "shortDescription": {"text": description},
        "fullDescription": {"text": description},
        "help": {"text": f"{description} Every warning fails the handbook's build."},
        "defaultConfiguration": {"level": "error"},
    }


def to_sarif(findings: Sequence[Finding], version: str, fallback_file: str) -> str:
    """A SARIF 2.1.0 log; a finding that names no file is placed on ``fallback_file``
    (the project's ``conf.py``), since code scanning needs a location for each result."""
    ordered = sorted(findings, key=Finding.sort_key)
    rules = sorted({f.rule for f in ordered})
    index = {rule: number for number, rule in enumerate(rules)}
    results = []
    for finding in ordered:
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": finding.file or fallback_file, "uriBaseId": "%SRCROOT%"}
        }
        if finding.file and Path(finding.file).is_absolute():
            physical["artifactLocation"] = {"uri": Path(finding.file).as_uri()}
        if finding.file and finding.line:
            physical["region"] = {"startLine": finding.line}
        results.append(
            {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                "level": "error",
                "message": {"text": finding.message},
                "locations": [{"physicalLocation": physical}],
            }
        )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": version,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


# --- github ---------------------------------------------------------------------
def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """``::error file=...,line=...,title=rule::message``."""
    props = []
    if finding.file:
        props.append(f"file={_escape_property(finding.file)}")
        if finding.line:
            props.append(f"line={finding.line}")
    props.append(f"title={_escape_property(finding.rule)}")
    return f"::error {','.join(props)}::{_escape_data(finding.message)}"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def step_summary(findings: Sequence[Finding], summary: Sequence[str]) -> str:
    """The job summary: a table of every finding, then the check's summary."""
    ordered = sorted(findings, key=Finding.sort_key)
    lines = []
    if not ordered:
        lines.append("## Handbook check: no problems")
    else:
        noun = "problem" if len(ordered) == 1 else "problems"
        lines += [
            f"## Handbook check: {len(ordered)} {noun}",
            "",
            "Every problem of the build (GitHub shows only the first annotations).",
            "",
            "| # | rule | file | line | message |",
            "|---:|---|---|---:|---|",
        ]
        for number, finding in enumerate(ordered, 1):
            file = f"`{_cell(finding.file)}`" if finding.file else ""
            lines.append(
                f"| {number} | `{finding.rule}` | {file} | {finding.line or ''} "
                f"| {_cell(finding.message)} |"
            )
    body = [line for line in summary if line]
    if body:
        lines += ["", "```text", *body, "```"]
    return "\n".join(lines) + "\n"
