"""Write ``quickstart.ipynb`` from the cells below, executed, so GitHub shows the maps.

Run ``python docs/notebooks/build_quickstart.py`` after changing a cell. The test
suite executes the notebook again (``tests/test_notebook.py``) and checks that it
still holds exactly these cells, so the notebook can never rot.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTEBOOK = HERE / "quickstart.ipynb"

CELLS: list[tuple[str, str]] = [
    (
        "markdown",
        """\
# wardleyml in a notebook

This notebook builds a Wardley map in Python, draws it, moves one component along the
evolution axis and shows both maps. It is executed by wardleyml's test suite, so every
cell works with the current code.""",
    ),
    (
        "code",
        """\
import wardleyml as wm

tea = wm.WardleyMap(
    elements=[
        wm.Title(text="Tea Shop"),
        wm.Anchor(name="Business", visibility=0.95, maturity=0.63),
        wm.Anchor(name="Public", visibility=0.95, maturity=0.78),
        wm.Component(name="Cup of Tea", visibility=0.79, maturity=0.61),
        wm.Component(name="Tea", visibility=0.63, maturity=0.81),
        wm.Component(name="Hot Water", visibility=0.52, maturity=0.80),
        wm.Component(name="Kettle", visibility=0.43, maturity=0.35),
        wm.Component(name="Power", visibility=0.10, maturity=0.70),
        wm.Link(start="Business", end="Cup of Tea"),
        wm.Link(start="Public", end="Cup of Tea"),
        wm.Link(start="Cup of Tea", end="Tea"),
        wm.Link(start="Cup of Tea", end="Hot Water"),
        wm.Link(start="Hot Water", end="Kettle"),
        wm.Link(start="Kettle", end="Power"),
    ]
)
tea""",
    ),
    (
        "markdown",
        """\
A map is an immutable value: `update` returns a new map with one component changed.
Here the kettle becomes a product.""",
    ),
    (
        "code",
        """\
later = tea.update("Kettle", maturity=0.62)
tea.find("Kettle").maturity, later.find("Kettle").maturity""",
    ),
    (
        "code",
        """\
from IPython.display import display

display(tea, later)""",
    ),
    (
        "markdown",
        """\
To show the movement on one map, add an `evolve` statement instead: the red arrow goes
from where the kettle is to where it is heading.""",
    ),
    (
        "code",
        """\
planned = tea.add(wm.Evolve(name="Kettle", maturity=0.62, rename="Electric Kettle"))
print(wm.dumps(planned))
planned""",
    ),
    (
        "markdown",
        """\
For small maps, text is quicker: `wm.loads` reads the OnlineWardleyMaps format. Problems
are not exceptions; they are collected in `.diagnostics`, each with its line and column.""",
    ),
    (
        "code",
        """\
quick = wm.loads(\"\"\"
title Quick
anchor User [0.9, 0.5]
component Need [0.7, 0.45]
component Capability [0.4, 0.3]
User->Need
Need->Capability
Need->Platform
\"\"\")
for problem in quick.diagnostics:
    print(problem)
quick""",
    ),
    (
        "markdown",
        """\
The `%%wardley` cell magic draws the map written in a cell, with options for the theme,
the size and the format (`%%wardley --help`-style usage: `--theme NAME --size WxH
--scale N --format svg|png --name VARIABLE`).""",
    ),
    (
        "code",
        """\
%load_ext wardleyml.jupyter""",
    ),
    (
        "code",
        """\
%%wardley --theme wardley --size 640x420 --name magic
title From a cell
anchor Reader [0.95, 0.5]
component Notebook [0.75, 0.6]
component Kernel [0.45, 0.8]
Reader->Notebook
Notebook->Kernel
evolve Notebook 0.8""",
    ),
    (
        "markdown",
        """\
Notebooks show SVG by default. PNG is one setting away; it is drawn at twice the
pixels and shown at normal size, so it stays sharp on high-resolution screens.""",
    ),
    (
        "code",
        """\
import wardleyml.jupyter

wardleyml.jupyter.set_format("png")
display(magic)
wardleyml.jupyter.set_format("svg")""",
    ),
]


def build() -> object:
    """The notebook, not yet executed."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    for kind, source in CELLS:
        maker = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        nb.cells.append(maker(source))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"  # stable ids: rebuilding changes nothing
    return nb


def main() -> int:
    """Build, execute and write the notebook."""
    import nbformat
    from nbclient import NotebookClient

    nb = build()
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}
    ).execute()
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nbformat.write(nb, NOTEBOOK)
    print(f"wrote {NOTEBOOK}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
