"""Shared pytest set-up: Sphinx's testing fixtures and the test-root folder."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent

#: Fixtures that need TeX, EPUBCheck or Chromium: a test that uses one must carry
#: the marker, so ``pytest -m "not pdf and not epub and not browser"`` never starts
#: TeX, EPUBCheck or a browser.
NEEDS = {
    "pdf": {"latex_build", "pdf_path", "pdf_reader"},
    "epub": {"epubcheck"},
    "browser": {"browser", "page"},
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for marker, fixtures in NEEDS.items():
            callspec = getattr(item, "callspec", None)  # a parametrized argument is no fixture
            params = set(callspec.params) if callspec else set()
            used = fixtures & (set(getattr(item, "fixturenames", ())) - params)
            if used and item.get_closest_marker(marker) is None:
                msg = f"{item.nodeid} uses {', '.join(sorted(used))}: mark it @pytest.mark.{marker}"
                raise pytest.UsageError(msg)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot="x")`` finds ``roots/test-x``."""
    return TESTS_DIR / "roots"


@pytest.fixture(scope="session")
def handbook_html(tmp_path_factory: pytest.TempPathFactory):
    """The real handbook, built once per test session in HTML."""
    from handbook_build import build_handbook

    return build_handbook(tmp_path_factory.mktemp("handbook-html"), "html")
