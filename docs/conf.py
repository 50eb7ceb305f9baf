"""Sphinx configuration for the sonla_forecast documentation.

Build (warnings are errors; the same command CI runs through ``.ci/docs``)::

    .venv/bin/sphinx-build -W --keep-going -b html docs docs/_build/html

Pages are MyST markdown (``*.md``); the API reference is autodoc + numpydoc on the package's
own docstrings. Nothing is fetched at build time (no intersphinx), so the build works offline.
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

# The package is normally installed (editable) in the venv; fall back to the checkout's src/.
_SRC = Path(__file__).resolve().parents[1] / "src"
try:
    import sonla_forecast
except ImportError:  # pragma: no cover - only when building without installing
    sys.path.insert(0, str(_SRC))
    import sonla_forecast

# -- Project ---------------------------------------------------------------------------------

project = "sonla_forecast"
author = "sonla_forecast developers"
copyright = "2024-2026, sonla_forecast developers"
release = sonla_forecast.__version__
version = ".".join(release.split(".")[:2])
language = "en"

# -- General ---------------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "requirements.txt"]
templates_path: list[str] = []

# Every warning is an error in CI (-W), and no warning category is silenced. (Cross-references
# that do not resolve are not warnings unless nitpicky mode is on, which it is not: several
# docstrings name private helpers that the reference does not document.)
suppress_warnings: list[str] = []

# -- MyST ------------------------------------------------------------------------------------

myst_enable_extensions = [
    "dollarmath",  # $...$ and $$...$$ in methods.md, rendered by MathJax
    "colon_fence",  # ::: fences for directives
]
# Anchors for headings h1-h3, so pages can link to `page.md#section`.
myst_heading_anchors = 3

# -- autodoc / autosummary / numpydoc --------------------------------------------------------

# reference.md lists objects with autosummary tables that point at autodoc entries on the
# same page; no stub pages are generated (nothing is written into docs/ by the build).
autosummary_generate = False
autodoc_default_options = {
    "members": True,
    "member-order": "bysource",
}
autodoc_typehints = "none"  # numpydoc's Parameters sections already give the types
autodoc_class_signature = "mixed"
autodoc_preserve_defaults = True

# numpydoc renders the Parameters/Returns/Examples sections. The class member tables it can
# add duplicate autodoc's :members: (and would each need a stub page), so they are off.
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_show_inherited_class_members = False
# numpydoc's style validation is off: the build checks that every docstring renders, not its
# style.
numpydoc_validation_checks: set[str] = set()
numpydoc_xref_param_type = False


# Module docstrings are not rewritten by numpydoc, so a numpydoc section in one ("Examples",
# "References" underlined with dashes) would become a real section of the reference page,
# with its own heading in the table of contents. Render those headings as rubrics instead,
# as numpydoc does for functions and classes.
_SECTION_UNDERLINE = re.compile(r"^-{3,}\s*$")


def _module_sections_as_rubrics(app, what, name, obj, options, lines):
    if what != "module":
        return
    out: list[str] = []
    i = 0
    while i < len(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        title = lines[i].strip()
        if title and _SECTION_UNDERLINE.match(nxt) and len(nxt.strip()) == len(title):
            out += [f".. rubric:: {title}", ""]
            i += 2
            continue
        out.append(lines[i])
        i += 1
    lines[:] = out


# A module-level constant without a ``#:`` comment would otherwise show its type's docstring
# (e.g. ``int([x]) -> integer``); show nothing from the object, only what the page adds.
def _drop_builtin_type_docstrings(app, what, name, obj, options, lines):
    if what in ("data", "attribute") and lines:
        type_doc = inspect.getdoc(type(obj)) or ""
        if type_doc and "\n".join(lines).strip() == type_doc.strip():
            lines[:] = []


def setup(app):
    # Before numpydoc's own handler (priority 500), which reformats the lines.
    app.connect("autodoc-process-docstring", _module_sections_as_rubrics, priority=400)
    app.connect("autodoc-process-docstring", _drop_builtin_type_docstrings, priority=400)


# -- HTML ------------------------------------------------------------------------------------

html_theme = "alabaster"
html_title = f"sonla_forecast {release}"
html_static_path: list[str] = []
html_show_sourcelink = False
