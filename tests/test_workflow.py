"""The GitHub Actions workflow does what the README says CI does.

No network: the workflow file is parsed and its steps read, not run.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from conftest import REPO_ROOT

WORKFLOW = REPO_ROOT / ".github/workflows/handbook.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    (job,) = workflow["jobs"].values()
    return job["steps"]


def _runs(steps: list[dict[str, Any]]) -> str:
    return "\n".join(step.get("run", "") for step in steps)


def _index(steps: list[dict[str, Any]], pattern: str) -> int:
    found = [i for i, step in enumerate(steps) if re.search(pattern, step.get("run", ""))]
    assert found, pattern
    return found[0]


def test_workflow_runs_on_pushes_and_pull_requests(workflow: dict[Any, Any]) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request"} <= set(triggers)
    assert workflow["permissions"]["security-events"] == "write"  # upload-sarif needs it


def test_workflow_sets_up_python_311(steps: list[dict[str, Any]]) -> None:
    uses = [step.get("uses", "") for step in steps]
    assert uses[0].startswith("actions/checkout@")
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert str(python["with"]["python-version"]) == "3.11"


def test_workflow_installs_tex_epubcheck_and_chromium(steps: list[dict[str, Any]]) -> None:
    install = _index(steps, r"make pdf-deps")
    assert "epub-deps" in steps[install]["run"] and "browser-deps" in steps[install]["run"]
    assert install < _index(steps, r"^make test$")


def test_workflow_requires_the_pdf_epub_and_browser_tests(workflow: dict[Any, Any]) -> None:
    (job,) = workflow["jobs"].values()
    env = job["env"]
    assert env["CI"] == "true"
    for name in ("HANDBOOK_REQUIRE_PDF", "HANDBOOK_REQUIRE_EPUB", "HANDBOOK_REQUIRE_BROWSER"):
        assert env[name] == "1", name


def test_workflow_checks_with_the_command_line(steps: list[dict[str, Any]]) -> None:
    runs = _runs(steps)
    assert 'make check O="--format github"' in runs  # annotations and the job summary
    sarif = _index(steps, r"clinical-handbook check protocols --format sarif -o handbook\.sarif")
    upload = next(
        i
        for i, s in enumerate(steps)
        if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    )
    assert sarif < upload
    assert steps[upload]["with"]["sarif_file"] == "handbook.sarif"
    assert "cancelled()" in steps[upload]["if"]  # uploaded when the check finds problems too


def test_workflow_builds_and_uploads_every_format(steps: list[dict[str, Any]]) -> None:
    runs = _runs(steps)
    for target in ("make html", "make pdf", "make epub"):
        assert re.search(rf"^{target}$", runs, re.MULTILINE), target
    paths = [
        str(s["with"]["path"])
        for s in steps
        if s.get("uses", "").startswith("actions/upload-artifact@")
    ]
    assert "_build/epub/handbook.epub" in paths and "_build/html" in paths


def test_ci_script_installs_epubcheck_when_missing() -> None:
    script = (REPO_ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "command -v epubcheck" in script and "make epub-deps" in script
    assert "HANDBOOK_REQUIRE_EPUB=1" in script
