"""The example notebook runs from scratch and shows its maps (nbclient)."""

from __future__ import annotations

import importlib.util
import re
from types import ModuleType
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from .test_cli_support import ROOT

FOLDER = ROOT / "docs" / "notebooks"


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_quickstart", FOLDER / "build_quickstart.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_notebook_holds_the_builders_cells() -> None:
    committed = nbformat.read(FOLDER / "quickstart.ipynb", as_version=4)
    expected = _builder().CELLS
    assert [(c.cell_type, c.source) for c in committed.cells] == expected


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    nb = nbformat.read(FOLDER / "quickstart.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    workdir = tmp_path_factory.mktemp("notebook")
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    ).execute()  # raises CellExecutionError if any cell fails
    return nb


def _outputs(nb: Any, index: int) -> list[Any]:
    return list(nb.cells[index].outputs)


def _svgs(nb: Any, index: int) -> list[str]:
    return [
        o.data["image/svg+xml"] for o in _outputs(nb, index) if "image/svg+xml" in o.get("data", {})
    ]


def test_no_cell_fails(executed: Any) -> None:
    errors = [
        o
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert errors == []


def test_maps_show_as_svg(executed: Any) -> None:
    for index in (1, 6, 8, 11):
        (svg,) = _svgs(executed, index)
        assert svg.startswith("<svg ")


def test_moved_kettle_shows_both_maps(executed: Any) -> None:
    assert _outputs(executed, 3)[0].data["text/plain"] == "(0.35, 0.62)"
    before, after = _svgs(executed, 4)
    assert before != after
    ids = [set(re.findall(r'\bid="([^"]+)"', svg)) for svg in (before, after)]
    assert not (ids[0] & ids[1])  # two maps on one page never share an id


def test_problems_are_printed(executed: Any) -> None:
    stream = _outputs(executed, 8)[0]
    assert stream.output_type == "stream"
    assert stream.text.startswith("<text>:8:7: warning: the link names 'Platform'")


def test_png_on_request(executed: Any) -> None:
    (shown,) = _outputs(executed, 13)
    assert shown.data["image/png"]
    assert shown.metadata["image/png"]["width"] > 0
