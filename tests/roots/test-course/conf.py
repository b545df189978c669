extensions = ["myst_parser", "sphinxcontrib.bibtex", "clinical_handbook"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
# Review dates are tested in test-reviews.
handbook_reviewed_types = []
myst_enable_extensions = ["colon_fence"]
