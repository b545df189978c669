"""The toolkit's reference, generated from the code so that it cannot drift.

* :func:`config_values`: every ``handbook_*`` configuration value the extensions
  register, with its default, what a change rebuilds and its description (the
  ``description`` of ``add_config_value``).
* :func:`emitted_subtypes`: every warning subtype (``handbook.<subtype>``) the
  extensions can emit, read from their source: a string given as ``subtype=``,
  as the second argument of ``warn(message, subtype, ...)``, as the first of
  ``Problem(subtype, ...)``, or listed in a ``SUBTYPES`` tuple, directly or
  through a module-level constant. :data:`SUBTYPE_DOCS` says what each means.

``python -m clinical_handbook.reference`` prints both as Markdown tables: the
README's reference section is that output, and a test compares the two.
"""

from __future__ import annotations

import ast
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
PREFIX = "handbook_"
START, END = "<!-- reference: start -->", "<!-- reference: end -->"

#: What each warning subtype means (a test requires one line for every subtype).
SUBTYPE_DOCS: dict[str, str] = {
    "bibfile": "a BibTeX syntax error, repeated key or duplicate field, or a byte not in UTF-8",
    "checker-error": "the claim checker could not read a page (a bug to report; never a traceback)",
    "contraindication-field": "a contraindication's kind, signs, action, urgency or escalate is "
    "missing or wrong",
    "diagram": "a generated figure's directive has an option or content, or a profile's page has "
    "no claims",
    "duplicate-contraindication": "a page declares the same contraindication twice",
    "duplicate-id": "two pages declare the same id",
    "encoding": "a page is not UTF-8",
    "evidence-field": "a bibliography entry lacks evidence or directness, or has an unknown value",
    "exemption-reason": "an editorial note gives no reason",
    "fact": "a source page's fact is malformed, or a fact appears outside a source page",
    "figure": "a number in a claim is not held by a recorded fact of a source it cites",
    "folder": "a typed page is not in its type's folder",
    "no-claims": "a content page holds no claim",
    "no-contraindications": "a technique or stage page declares no contraindication",
    "offline": "a page would load a script or stylesheet from another host",
    "orphan-contraindication": "no technique or stage declares a contraindication page",
    "page-id": "a page declares no id, or an id that is not lowercase-hyphenated",
    "page-type": "a page declares no type or an unknown one",
    "quotation": "a quotation in a claim is not a recorded quote of a source it cites",
    "raw-markup": "a page holds raw HTML or other raw markup (it is dropped)",
    "recommendation": "a recommendation's statement, strength, certainty or wording breaks the "
    "rules, or a required page gives none",
    "review-date": "a reviewed page's last-reviewed date or reviewer is missing or malformed",
    "review-overdue": "a page's last review is older than the review interval",
    "sheet": "an unknown sheet value, or a client sheet whose text no clinical page includes",
    "source-page": "a cited source has no source page, or a source page names no entry",
    "unclosed-fence": "a MyST fence is never closed (it says what it swallows)",
    "uncited": "a sentence of running text cites no source",
    "unknown-contraindication": "a page names a contraindication id that does not exist",
    "unlinked-mention": "text names a contraindication without the {contra} role",
    "unused-source": "a bibliography entry that nothing cites",
    "wrong-type": "a {contra} link points at a page that is not a contraindication",
}


@dataclass(frozen=True)
class ConfigValue:
    name: str
    default: Any
    rebuild: str
    description: str


def config_values() -> list[ConfigValue]:
    """The ``handbook_*`` configuration values, as Sphinx registers them."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    # docutils_namespace: the directives and roles Sphinx registers are undone after.
    with tempfile.TemporaryDirectory() as folder, docutils_namespace():
        root = Path(folder)
        (root / "refs.bib").write_text("", encoding="utf-8")
        (root / "conf.py").write_text(
            'extensions = ["myst_parser", "sphinxcontrib.bibtex", "clinical_handbook"]\n'
            'bibtex_bibfiles = ["refs.bib"]\n',
            encoding="utf-8",
        )
        app = Sphinx(root, root, root / "out", root / "doctrees", "dummy", status=None)
        options = app.config._options  # Sphinx keeps no public list of descriptions
        return [
            ConfigValue(name, option.default, option.rebuild or "", option.description)
            for name, option in sorted(options.items())
            if name.startswith(PREFIX)
        ]


def _constants(tree: ast.Module) -> dict[str, str]:
    """A module's top-level ``NAME = "text"`` assignments."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.update({t.id: value.value for t in targets if isinstance(t, ast.Name)})
    return found


def emitted_subtypes(package: Path = PACKAGE) -> set[str]:
    """Every warning subtype the package's modules can emit, read from their source."""
    found: set[str] = set()
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)

        def text(node: ast.AST, constants: dict[str, str] = constants) -> str | None:
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                return node.value
            return constants.get(node.id) if isinstance(node, ast.Name) else None

        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                given = [k.value for k in node.keywords if k.arg == "subtype"]
                if name == "warn" and len(node.args) > 1:
                    given.append(node.args[1])
                if name == "Problem" and node.args:
                    given.append(node.args[0])
                found.update(t for t in map(text, given) if t)
            elif (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Tuple)
                and "SUBTYPES" in {getattr(target, "id", "") for target in node.targets}
            ):
                found.update(t for t in map(text, node.value.elts) if t)
    return found


def _cell(value: Any) -> str:
    text = (
        repr(value)
        if not isinstance(value, dict)
        else "{" + ", ".join(f"{k!r}: {v!r}" for k, v in value.items()) + "}"
    )
    return f"`{text}`".replace("|", "\\|")


def markdown() -> str:
    """The README's reference section: configuration values and warning types."""
    lines = [
        START,
        "",
        "| configuration value | default | a change rebuilds | what it is |",
        "|---|---|---|---|",
    ]
    for value in config_values():
        rebuild = value.rebuild or "nothing"
        lines.append(
            f"| `{value.name}` | {_cell(value.default)} | {rebuild} | {value.description} |"
        )
    lines += ["", "| warning | what it means |", "|---|---|"]
    for subtype in sorted(emitted_subtypes()):
        lines.append(f"| `handbook.{subtype}` | {SUBTYPE_DOCS.get(subtype, '')} |")
    lines += ["", END]
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
