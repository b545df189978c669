"""Shared pytest set-up: Sphinx's testing fixtures and the test-root folder."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot="x")`` finds ``roots/test-x``."""
    return TESTS_DIR / "roots"


@pytest.fixture(scope="session")
def handbook_html(tmp_path_factory: pytest.TempPathFactory):
    """The real handbook, built once per test session in HTML."""
    from handbook_build import build_handbook

    return build_handbook(tmp_path_factory.mktemp("handbook-html"), "html")
