"""The article's seven figures: maps/ to docs/figures/ (issue: the article's figures).

- every figure's map is clean (``wardleyml check maps/`` reports nothing);
- the committed SVG and PNG are what the map draws today (regenerate them with
  ``wardleyml render maps/ -o docs/figures/ --format svg,png`` and look at them);
- figures 6 and 7 are figure 5 with the delivery side moved, so a change to a shared
  component of figure 5 shows in both;
- no label overlaps another or a component, and no text is clipped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest

import wardleyml as wm
from wardleyml.layout.result import Layout

from .conftest import ROOT, SHARED

MAPS = ROOT / "maps"
FIGURES = ROOT / "docs" / "figures"
FIGURE_MAPS = sorted(MAPS.glob("[0-9][0-9]-*.owm"))
SOFTWARE_SIDE = (
    "Requirements",
    "Technical design",
    "Code",
    "Version control",
    "Build and continuous integration",
    "Test",
    "Deploy",
    "Operate and monitor",
    "Infrastructure",
)


def test_there_are_seven_figures_in_order() -> None:
    assert [p.name[:3] for p in FIGURE_MAPS] == [f"0{i}-" for i in range(1, 8)]


@pytest.mark.parametrize("path", FIGURE_MAPS, ids=lambda p: p.stem)
def test_figure_map_is_clean(path: Path) -> None:
    assert wm.load(path).diagnostics == ()


@pytest.mark.parametrize("path", FIGURE_MAPS, ids=lambda p: p.stem)
def test_committed_svg_is_up_to_date(path: Path) -> None:
    committed = FIGURES / f"{path.stem}.svg"
    assert committed.exists(), f"missing {committed.relative_to(ROOT)}"
    assert wm.render(wm.load(path), "svg") == committed.read_bytes(), (
        f"{committed.relative_to(ROOT)} is out of date: run "
        "wardleyml render maps/ -o docs/figures/ --format svg,png"
    )


def _pixels(data: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(BytesIO(data)).convert("L"), dtype=float)


@pytest.mark.parametrize("path", FIGURE_MAPS, ids=lambda p: p.stem)
def test_committed_png_is_up_to_date(path: Path) -> None:
    committed = FIGURES / f"{path.stem}.png"
    assert committed.exists(), f"missing {committed.relative_to(ROOT)}"
    fresh = _pixels(wm.render(wm.load(path), "png"))
    old = _pixels(committed.read_bytes())
    assert fresh.shape == old.shape
    # Font rasterisation may differ a little between FreeType builds; a changed map
    # moves whole labels and symbols.
    assert np.abs(fresh - old).mean() < 1.0


def _components(m: wm.WardleyMap) -> set[str]:
    return {c.name for c in m.components} | {a.name for a in m.anchors}


def test_figures_5_6_7_show_the_same_components() -> None:
    five, six, seven = (wm.load(p) for p in FIGURE_MAPS[4:7])
    assert _components(five) == _components(six) == _components(seven)
    assert len(five.links) == len(six.links) == len(seven.links)
    assert len(seven.evolves) == 3
    assert not five.evolves
    assert not six.evolves


def _stage_of(m: wm.WardleyMap, layout: Layout, name: str) -> int:
    key = m.resolve(name)
    assert key is not None
    maturity = layout.node(key).maturity
    return m.axes.stage_of(maturity)


def test_the_delivery_side_moves_between_figures() -> None:
    stages = {}
    for path in FIGURE_MAPS[4:7]:
        m = wm.load(path)
        layout = wm.layout_map(m)
        stages[path.name[:2]] = {name: _stage_of(m, layout, name) for name in SOFTWARE_SIDE}
    assert set(stages["05"].values()) == {3}
    assert set(stages["06"].values()) <= {1, 2}
    assert set(stages["07"].values()) == {4}


def test_renaming_a_component_in_figure_5_renames_it_in_6_and_7(tmp_path: Path) -> None:
    copy = tmp_path / "maps"
    shutil.copytree(MAPS, copy)
    five = copy / FIGURE_MAPS[4].name
    five.write_text(five.read_text().replace("Labelling tools", "Annotation tools"))
    for path in (copy / FIGURE_MAPS[5].name, copy / FIGURE_MAPS[6].name):
        m = wm.load(path)
        names = _components(m)
        assert "Annotation tools" in names
        assert "Labelling tools" not in names
        assert m.diagnostics == ()
        assert b"Annotation tools" in wm.render(m, "svg")


OVERLAPS = SHARED / "tools" / "overlaps" / "overlaps.py"


def test_no_label_overlaps_and_no_clipped_text() -> None:
    svgs = [str(FIGURES / f"{p.stem}.svg") for p in FIGURE_MAPS]
    result = subprocess.run(
        [sys.executable, str(OVERLAPS), *svgs], capture_output=True, text=True, check=True
    )
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(rows) == len(svgs)
    for row in rows:
        name = Path(row["file"]).name
        assert (row["text_text"], row["text_circle"], row["clipped"]) == (0, 0, 0), name
