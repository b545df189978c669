extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "clinical_handbook"]
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = ["_build"]
# Review dates are tested in test-reviews.
handbook_reviewed_types = []
handbook_source_pages = False  # source pages and their facts are tested in test-sources
