extensions = ["myst_parser", "clinical_handbook"]
exclude_patterns = ["_build"]
html_js_files = ["https://cdn.example.org/tracker.js"]
html_css_files = ["local.css"]
# Review dates are tested in test-reviews.
handbook_reviewed_types = []
