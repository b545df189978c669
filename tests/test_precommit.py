"""The pre-commit hook (``.pre-commit-hooks.yaml``), as another handbook uses it.

A temporary git repository holds a copy of this toolkit as it is in the working
tree (pre-commit installs a hook repository from a commit); another holds the
starter handbook, whose ``.pre-commit-config.yaml`` names the toolkit by its
URL (a path here). pre-commit installs the hook into a new virtualenv from the
package index, as it would for any handbook: that takes a minute.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from working_tree import copy_working_tree

pytestmark = pytest.mark.slow

HOOK_ID = "clinical-handbook-check"


def environment(tmp_path: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "PRE_COMMIT", "GITHUB_"))
    }
    env.update(
        GIT_AUTHOR_NAME="Test Editor",
        GIT_AUTHOR_EMAIL="editor@example.org",
        GIT_COMMITTER_NAME="Test Editor",
        GIT_COMMITTER_EMAIL="editor@example.org",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
    )
    return env


def git(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def commit_all(cwd: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    assert git(cwd, env, "add", "-A").returncode == 0
    return git(cwd, env, "commit", "-q", "-m", message)


def toolkit_repository(dest: Path, env: dict[str, str]) -> str:
    """This working tree committed in ``dest``: pre-commit installs a hook from a commit."""
    copy_working_tree(dest)
    assert git(dest, env, "init", "-q").returncode == 0
    assert commit_all(dest, env, "toolkit").returncode == 0
    return git(dest, env, "rev-parse", "HEAD").stdout.strip()


def test_a_commit_with_an_uncited_sentence_is_refused(tmp_path: Path) -> None:
    env = environment(tmp_path)
    toolkit = tmp_path / "toolkit"
    rev = toolkit_repository(toolkit, env)

    book = tmp_path / "book"
    script = Path(sys.executable).with_name("clinical-handbook")
    subprocess.run([script, "new", str(book)], check=True, capture_output=True)
    (book / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {toolkit.as_uri()}\n    rev: {rev}\n    hooks:\n"
        f"      - id: {HOOK_ID}\n",
        encoding="utf-8",
    )
    assert git(book, env, "init", "-q").returncode == 0
    install = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=book,
        env=env,
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    first = commit_all(book, env, "A starter handbook")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "clinical handbook checks" in first.stdout + first.stderr

    page = book / "techniques/example-technique.md"
    with page.open("a", encoding="utf-8") as file:
        file.write("\nMassage cures everything.\n")
    refused = commit_all(book, env, "An uncited claim")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert "clinical handbook checks" in output and "Failed" in output
    assert (
        'techniques/example-technique.md:16: WARNING: uncited claim: "Massage cures everything."'
        in output
    )
    assert "check: 1 problem (1 handbook.uncited)" in output
    log = git(book, env, "log", "--format=%s").stdout.splitlines()
    assert log == ["A starter handbook"]
