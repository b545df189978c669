# The handbook's commands. Run `make help` for the list.
#
# Every target that needs Python sets up .venv itself, so on a fresh machine
# `make html` and `make test` are the only commands a user has to know.

PYTHON3     ?= python3
VENV        ?= .venv
PY          := $(VENV)/bin/python
SPHINXBUILD := $(VENV)/bin/sphinx-build
SOURCEDIR   := protocols
BUILDDIR    := _build
# -W: warnings fail the build; -n: nitpicky references; --keep-going: report
# every problem of the run, not just the first.
SPHINXOPTS  ?= -W -n --keep-going
ALLOPTS      = -c . $(SPHINXOPTS) $(O)

TEX_PACKAGES := texlive-latex-recommended texlive-fonts-recommended \
                texlive-latex-extra tex-gyre latexmk libcairo2
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.DEFAULT_GOAL := help
.PHONY: help html pdf pdf-deps epub epub-deps browser-deps check test serve lint clean

help:
	@echo "make html      build the HTML handbook into $(BUILDDIR)/html (sets up $(VENV) first)"
	@echo "make test      install the test extra and run the test suite"
	@echo "make pdf       build the three PDFs into $(BUILDDIR)/latex and $(BUILDDIR)/html/pdf (needs TeX: make pdf-deps)"
	@echo "make pdf-deps  install the Debian TeX packages the PDF needs (apt-get)"
	@echo "make epub      build the EPUB into $(BUILDDIR)/epub/handbook.epub"
	@echo "make epub-deps install Debian's EPUBCheck, for the EPUB test (apt-get)"
	@echo "make browser-deps  install Debian's Chromium, for the print test"
	@echo "make check     run every handbook check without writing output (fast)"
	@echo "make serve     live preview with sphinx-autobuild"
	@echo "make lint      ruff on the extensions and tests"
	@echo "make clean     remove $(BUILDDIR)"

# --- set-up ------------------------------------------------------------------
# One stamp per extra; each is redone when pyproject.toml changes.
$(VENV)/bin/python:
	$(PYTHON3) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-serve: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[serve]'
	@touch $@ $(VENV)/.installed

# --- the handbook ------------------------------------------------------------
html: $(VENV)/.installed
	$(SPHINXBUILD) -M html $(SOURCEDIR) $(BUILDDIR) $(ALLOPTS)

# The toolkit's command line: the dummy builder with -n, every warning a problem,
# the summary, exit status 1 on any problem (O=-j2, O=-E, O=--format=json...).
check: $(VENV)/.installed
	$(VENV)/bin/clinical-handbook check $(SOURCEDIR) --build-dir $(BUILDDIR) $(O)

pdf: $(VENV)/.installed
	@command -v latexmk >/dev/null 2>&1 || { \
	  echo "make pdf: TeX is missing; run 'make pdf-deps' to install the Debian packages $(TEX_PACKAGES)" >&2; \
	  exit 1; }
	$(SPHINXBUILD) -M latexpdf $(SOURCEDIR) $(BUILDDIR) $(ALLOPTS)
	@# The site links to the PDFs at pdf/ beside the HTML (the pdf-links directive):
	@# one PDF per .tex file, that is per entry of latex_documents (not the figures).
	mkdir -p $(BUILDDIR)/html/pdf
	for tex in $(BUILDDIR)/latex/*.tex; do cp "$${tex%.tex}.pdf" $(BUILDDIR)/html/pdf/; done

# The EPUB 3 book: Sphinx's epub builder (extensions/epub.py); tests/test_epub.py
# validates it with EPUBCheck.
epub: $(VENV)/.installed
	$(SPHINXBUILD) -M epub $(SOURCEDIR) $(BUILDDIR) $(ALLOPTS)

epub-deps:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq epubcheck

pdf-deps:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(TEX_PACKAGES)

browser-deps:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

serve: $(VENV)/.installed-serve
	$(VENV)/bin/sphinx-autobuild $(SOURCEDIR) $(BUILDDIR)/html $(ALLOPTS) \
	  --watch conf.py --watch extensions

# --- development -------------------------------------------------------------
test: $(VENV)/.installed-test
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check extensions tests benchmarks conf.py
	$(VENV)/bin/ruff format --check extensions tests benchmarks conf.py

clean:
	rm -rf $(BUILDDIR)
