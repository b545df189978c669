"""The README's reference tables are the ones the code generates."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO_ROOT

from clinical_handbook.reference import (
    END,
    START,
    SUBTYPE_DOCS,
    config_values,
    emitted_subtypes,
    markdown,
)


def test_the_readme_holds_the_generated_reference() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme[readme.index(START) : readme.index(END) + len(END)]
    assert shown == markdown(), "run: python -m clinical_handbook.reference, and paste it"


def test_every_setting_and_warning_is_described() -> None:
    values = config_values()
    assert len(values) >= 10
    assert [v.name for v in values if not v.description] == []
    assert sorted(emitted_subtypes() - set(SUBTYPE_DOCS)) == []
    assert sorted(set(SUBTYPE_DOCS) - emitted_subtypes()) == []  # no stale line


def test_a_new_subtype_is_found(tmp_path: Path) -> None:  # the scan can fail
    (tmp_path / "feature.py").write_text(
        'NEW = "brand-new"\n\ndef check():\n    warn("message", NEW, "page")\n'
        '    warn("message", "another", "page")\n',
        encoding="utf-8",
    )
    assert emitted_subtypes(tmp_path) == {"brand-new", "another"}
