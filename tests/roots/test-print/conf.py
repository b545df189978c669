extensions = ["myst_parser", "sphinx_design", "clinical_handbook"]
exclude_patterns = ["_build"]
html_theme = "pydata_sphinx_theme"
myst_enable_extensions = ["colon_fence"]
# Review dates are tested in test-reviews.
handbook_reviewed_types = []
