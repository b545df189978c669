extensions = ["myst_parser", "sphinxcontrib.bibtex", "clinical_handbook"]
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
handbook_reviewed_types = []
handbook_source_pages = False  # source pages are tested in test-sources
handbook_recommendation_types = ["technique"]
