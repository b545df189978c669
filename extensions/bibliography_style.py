"""The bibliography's styles: "et al.", short labels, and light citations on screen.

BibTeX writes an author list it cannot complete as ``Sherman, K. J. and
others``. pybtex's ``plain`` style and sphinxcontrib-bibtex's ``author_year``
citations both print that last "others" as if it were a name: "K. J. Sherman
and others", "[Sherman and others, 2005]". A reader can take "others" for a
person. The two styles registered here are those styles, except that such a
list ends in "et al." ("K. J. Sherman et al.", "[Sherman et al., 2005]"), as
BibTeX's own styles print it. Select them in ``conf.py``::

    bibtex_default_style = "handbook"
    bibtex_reference_style = "handbook_author_year"

A source with no author or editor is cited by its title; a whole article title
makes a label of several phone lines. Such an entry may give a ``shorttitle``
(BibLaTeX's field), which the citation uses instead; the bibliography entry
still prints the whole title.

Citations on screen: ``handbook_html_reference_style`` names the referencing
style of HTML-format builders only (for example ``"handbook_super"``: small
superscript numbers, the full entry in the link's title and on the source page
it opens), while the PDFs keep ``bibtex_reference_style``'s full citations.
sphinxcontrib-bibtex formats citations when a page is written, so the two
builders share one environment and nothing is read twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import field as bib_field
from pybtex.style.template import first_of, join, node, optional, sentence, tag
from pybtex.style.template import names as pybtex_names
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.referencing.super_ import SuperReferenceStyle
from sphinxcontrib.bibtex.style.template import names as sphinx_names

#: The name BibTeX gives an author list's unknown rest.
OTHERS = "others"
ET_AL = "et al."


def _ends_in_others(persons: list[Any]) -> bool:
    return len(persons) > 1 and str(persons[-1]) == OTHERS


@node
def names_et_al(children: list[Any], data: dict[str, Any], role: str, **kwargs: Any) -> Text:
    """pybtex's ``names``, with a list ending in "others" closed by "et al."."""
    assert not children
    style = data["style"]
    person_style = getattr(style, "person", None)  # a sphinxcontrib-bibtex referencing style
    persons = data["entry"].persons.get(role, [])
    if not _ends_in_others(persons):
        plain = sphinx_names if person_style is not None else pybtex_names
        return plain(role, **kwargs).format_data(data)
    if person_style is not None:
        known = [person_style.style_plugin.format(p, person_style.abbreviate) for p in persons[:-1]]
        closing = person_style.other or Text(" ", ET_AL)  # as a long list is shortened
    else:
        known = [style.format_name(p, style.abbreviate_names) for p in persons[:-1]]
        closing = Text(" ", ET_AL)
    return Text(join(sep=kwargs.get("sep", ", "))[known].format_data(data), closing)


class HandbookStyle(PlainStyle):
    """pybtex's ``plain``, with "et al." for an author list that ends in "others"."""

    def format_names(self, role: str, as_sentence: bool = True) -> Any:
        formatted = names_et_al(role, sep=", ", sep2=" and ", last_sep=", and ")
        return sentence[formatted] if as_sentence else formatted


@dataclass
class HandbookPersonStyle(PersonStyle):
    """Citation names as ``author_year`` gives them, with "et al." for "others"."""

    def names(self, role: str, full: bool) -> Any:
        return names_et_al(role=role, **self._separators(full))

    def author_or_editor_or_title(self, full: bool) -> Any:
        separators = self._separators(full)
        return first_of[
            optional[names_et_al("author", **separators)],
            optional[names_et_al("editor", **separators)],
            optional[tag("em")[bib_field("shorttitle", raw=True)]],
            tag("em")[bib_field("title")],
        ]

    def _separators(self, full: bool) -> dict[str, Any]:
        return {
            "sep": self.sep,
            "sep2": self.sep2,
            "last_sep": self.last_sep,
            "other": None if full else self.other,
        }


@dataclass
class HandbookAuthorYearStyle(AuthorYearReferenceStyle):
    """sphinxcontrib-bibtex's ``author_year`` citations with :class:`HandbookPersonStyle`."""

    person: PersonStyle = field(default_factory=HandbookPersonStyle)


@dataclass
class HandbookSuperStyle(SuperReferenceStyle):
    """sphinxcontrib-bibtex's ``super`` citations with :class:`HandbookPersonStyle`."""

    person: PersonStyle = field(default_factory=HandbookPersonStyle)


REFERENCING = "sphinxcontrib.bibtex.style.referencing"


def _check_config(app: Sphinx, config: Config) -> None:
    """``config-inited``: ``handbook_html_reference_style`` names a referencing style."""
    name = config.handbook_html_reference_style
    if not name:
        return
    try:
        sphinxcontrib.bibtex.plugin.find_plugin(REFERENCING, name)
    except ImportError:  # how sphinxcontrib-bibtex says "plugin ... not found"
        msg = (
            f"handbook_html_reference_style = {name!r} is not a referencing style of "
            "sphinxcontrib-bibtex (for example 'label', 'super', 'author_year' or "
            "'handbook_super')"
        )
        raise ConfigError(msg) from None


def _screen_citations(app: Sphinx) -> None:
    """``builder-inited``, after sphinxcontrib-bibtex's: HTML's own referencing style."""
    name = app.config.handbook_html_reference_style
    if name and app.builder.format == "html":
        style = sphinxcontrib.bibtex.plugin.find_plugin(REFERENCING, name)
        app.env.get_domain("cite").reference_style = style()  # type: ignore[attr-defined]


def setup_bibliography_style(app: Sphinx) -> None:
    pybtex.plugin.register_plugin("pybtex.style.formatting", "handbook", HandbookStyle, force=True)
    for name, style in (
        ("handbook_author_year", HandbookAuthorYearStyle),
        ("handbook_super", HandbookSuperStyle),
    ):
        sphinxcontrib.bibtex.plugin.register_plugin(REFERENCING, name, style, force=True)
    app.add_config_value(
        "handbook_html_reference_style",
        "",
        "html",
        types=(str,),
        description="referencing style of HTML builders only (empty: bibtex_reference_style)",
    )
    app.connect("config-inited", _check_config)
    app.connect("builder-inited", _screen_citations, priority=600)
