extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "clinical_handbook"]
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = ["_build"]
handbook_reviewed_types = []
