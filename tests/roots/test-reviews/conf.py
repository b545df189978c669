extensions = ["myst_parser", "sphinxcontrib.bibtex", "clinical_handbook"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
handbook_today = "2026-06-01"
