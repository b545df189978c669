"""Sphinx configuration of the handbook (written by `clinical-handbook new`).

The pages are the Markdown files beside this file; `make html` builds them with
warnings as errors and `make check` runs every check of the handbook.
"""

project = "@@TITLE@@"
author = "The handbook's editors"
language = "en"
root_doc = "index"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "clinical_handbook",
]

# Not pages: the build's output, the virtualenv, the README and the CI files.
exclude_patterns = ["_build", ".venv", "README.md", ".github", "**/.ipynb_checkpoints"]
nitpicky = True

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# The one bibliography: every entry carries `evidence` and `directness`.
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "handbook"
bibtex_reference_style = "handbook_author_year"

html_theme = "pydata_sphinx_theme"
html_title = project
html_show_sourcelink = False
html_copy_source = False
