"""Invariants of the layout: pinned positions kept, dependencies downwards, everything
on the canvas, and the same input always giving the same output."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Hashable
from pathlib import Path

import networkx as nx
import pytest

import wardleyml as wm
from wardleyml.layout.place import evolution_layout, value_chain_layout, wardley_layout
from wardleyml.layout.result import Layout

from .conftest import CORPUS, ROOT

TEA = CORPUS / "owm-examples" / "default-example-tea-shop.owm"
AUTO = ROOT / "docs" / "examples" / "auto-layout.owm"

NO_COORDINATES = """\
title Coffee shop, no coordinates
anchor Customer
anchor Barista
component Cup of Coffee //! stage: III
component Espresso Machine //! stage: II
component Beans //! stage: IV
component Milk //! stage: IV
component Water
component Power //! stage: IV
component Cups
component Recipe //! stage: I
component Training
Customer->Cup of Coffee
Barista->Espresso Machine
Cup of Coffee->Espresso Machine
Cup of Coffee->Milk
Cup of Coffee->Cups
Cup of Coffee->Recipe
Espresso Machine->Beans
Espresso Machine->Water
Espresso Machine->Power
Barista->Training
Training->Recipe
"""


def _layout(text: str, **options: object) -> Layout:
    return wm.layout_map(wm.loads(text), **options)


def test_pinned_positions_are_kept() -> None:
    tea = wm.load(TEA)
    # Forget the coordinates of three components; the rest stay pinned.
    m = tea
    for name in ("Cup", "Tea", "Water"):
        m = m.update(name, maturity=None, visibility=None)
    m = m.update("Kettle", visibility=None)  # maturity stays pinned
    layout = wm.layout_map(m)
    for node in layout.nodes:
        element = tea.find(node.name)
        assert element is not None
        if node.name in ("Cup", "Tea", "Water"):
            assert node.placed
            continue
        if node.name == "Kettle":
            assert node.placed
            assert node.maturity == element.maturity
            continue
        assert not node.placed
        assert isinstance(element, (wm.Anchor, wm.Component))
        assert element.maturity is not None
        assert element.visibility is not None
        assert (node.maturity, node.visibility) == (element.maturity, element.visibility)
        assert (node.x, node.y) == pytest.approx(
            (element.maturity * 800, (1 - element.visibility) * 600)
        )


@pytest.mark.parametrize("text", [NO_COORDINATES, "auto"])
def test_dependencies_point_down_when_placed(text: str) -> None:
    m = wm.load(AUTO) if text == "auto" else wm.loads(text)
    layout = wm.layout_map(m)
    assert all(node.placed for node in layout.nodes)
    for link in layout.links:
        start, end = layout.node(link.start), layout.node(link.end)
        assert start.visibility >= end.visibility, (start.name, end.name)
        assert start.y <= end.y
    anchors = [n for n in layout.nodes if n.kind == "anchor"]
    others = [n for n in layout.nodes if n.kind != "anchor"]
    assert min(a.visibility for a in anchors) > max(n.visibility for n in others)


def test_dependencies_point_down_between_pinned_nodes() -> None:
    # Three unplaced components between two pinned ones close together.
    text = (
        "component Top [0.60, 0.5]\ncomponent A\ncomponent B\ncomponent C\n"
        "component Bottom [0.55, 0.5]\nTop->A\nA->B\nB->C\nC->Bottom\n"
    )
    layout = _layout(text)
    v = {n.name: n.visibility for n in layout.nodes}
    assert v["Top"] == 0.60
    assert v["Bottom"] == 0.55
    assert v["Top"] > v["A"] > v["B"] > v["C"] > v["Bottom"]


def test_stages_are_respected() -> None:
    layout = _layout(NO_COORDINATES)
    axes = wm.loads(NO_COORDINATES).axes
    for node in layout.nodes:
        stage = getattr(node.element, "stage", None)
        if stage is not None:
            lo, hi = axes.stage_range(stage)
            assert lo <= node.maturity < hi, node.name


def test_siblings_do_not_stack() -> None:
    text = "anchor U\n" + "".join(f"component S{i} //! stage: IV\nU->S{i}\n" for i in range(6))
    layout = _layout(text)
    points = [(n.x, n.y) for n in layout.nodes if n.kind == "component"]
    for i, (x1, y1) in enumerate(points):
        for x2, y2 in points[i + 1 :]:
            assert (x1 - x2) ** 2 + (y1 - y2) ** 2 > 30**2


@pytest.mark.parametrize(
    "path",
    [TEA, CORPUS / "owm-examples" / "golden-master-all-elements.owm", "no-coordinates"],
    ids=["tea", "golden", "no-coordinates"],
)
def test_everything_within_the_canvas(path: Path | str) -> None:
    m = wm.loads(NO_COORDINATES) if path == "no-coordinates" else wm.load(path)
    layout = wm.layout_map(m)
    vb = layout.viewbox
    for node in layout.nodes:
        if node.placed:
            assert 0 <= node.maturity <= 1
            assert 0 <= node.visibility <= 1
        assert vb.x0 <= node.x - node.radius
        assert node.x + node.radius <= vb.x1
        assert vb.y0 <= node.y - node.radius
        assert node.y + node.radius <= vb.y1
    for label in layout.labels():
        b = label.box
        assert vb.x0 <= b.x0
        assert b.x1 <= vb.x1
        assert vb.y0 <= b.y0
        assert b.y1 <= vb.y1


def test_same_input_same_output() -> None:
    m = wm.loads(NO_COORDINATES)
    assert wm.layout_map(m) == wm.layout_map(m)
    assert wm.layout_map(m, seed=3) == wm.layout_map(m, seed=3)


def _digest(layout: Layout) -> str:
    parts = [repr((n.key, n.x, n.y, n.label)) for n in layout.nodes]
    parts += [repr(label) for label in layout.labels()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def test_same_output_in_another_process() -> None:
    """No dependence on hash seeds or on what ran before in the process."""
    code = (
        "import sys, hashlib, wardleyml as wm\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from tests.test_layout_invariants import NO_COORDINATES, _digest\n"
        "print(_digest(wm.layout_map(wm.loads(NO_COORDINATES))))\n"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code, str(ROOT)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        digests.add(out.stdout.strip())
    assert digests == {_digest(wm.layout_map(wm.loads(NO_COORDINATES)))}


def test_the_map_is_not_changed() -> None:
    m = wm.loads(NO_COORDINATES)
    before = m.model_dump()
    wm.layout_map(m)
    assert m.model_dump() == before
    assert all(c.maturity is None for c in m.components)


# -- the placement functions, networkx style ----------------------------------------------


def _graph() -> nx.DiGraph:
    return wm.to_networkx(wm.loads(NO_COORDINATES))


def test_wardley_layout_returns_every_node() -> None:
    g = _graph()
    pos = wardley_layout(g)
    assert set(pos) == set(g)
    assert all(0 <= mat <= 1 and 0 <= vis <= 1 for mat, vis in pos.values())


def test_fixed_nodes_keep_pos() -> None:
    g = _graph()
    first = next(iter(g))
    pos: dict[Hashable, tuple[float | None, float | None]] = dict.fromkeys(g, (None, None))
    pos[first] = (0.33, 0.77)
    out = wardley_layout(g, pos=pos, fixed=[first])
    assert out[first] == (0.33, 0.77)
    vis = value_chain_layout(g, pos=pos, fixed=[first])
    assert vis[first] == 0.77
    mat = evolution_layout(g, pos=pos, fixed=[first])
    assert mat[first] == 0.33


def test_fixed_without_pos_is_an_error() -> None:
    g = _graph()
    with pytest.raises(ValueError, match="no position"):
        wardley_layout(g, pos={}, fixed=[next(iter(g))])


def test_seed_breaks_ties_reproducibly() -> None:
    text = "anchor U\n" + "".join(f"component S{i}\nU->S{i}\n" for i in range(8))
    g = wm.to_networkx(wm.loads(text))
    assert wardley_layout(g, seed=5) == wardley_layout(g, seed=5)
    assert wardley_layout(g) == wardley_layout(g)


def test_layout_reports_unreachable_components_when_it_places() -> None:
    layout = _layout(NO_COORDINATES + "component Loose\n")
    codes = [d.code for d in layout.diagnostics]
    assert "unreachable" in codes
    loose = [d for d in layout.diagnostics if d.code == "unreachable"]
    assert "Loose" in loose[0].message
    assert loose[0].line == NO_COORDINATES.count("\n") + 1


# -- evolve arrows keep clear of placed components ----------------------------------------

EVOLVING_ROW = """\
anchor User
component Product //! stage: II
component A //! stage: I
component B //! stage: I
component C //! stage: II
component D //! stage: II
component Pinned [0.30, 0.60]
User->Product
Product->A
Product->B
Product->C
Product->D
A->Pinned
evolve A->A as a service 0.85
"""


def _arrow_hits(layout: Layout, gap: float = 8.0) -> list[tuple[str, str]]:
    """(evolving, component) pairs where the symbol of a component the layout placed
    lies on an evolve arrow (within ``gap`` pixels of its edge)."""
    hits = []
    for arrow in layout.evolve_arrows:
        lo, hi = sorted((arrow.x1, arrow.x2))
        source = layout.node(arrow.source)
        for node in layout.nodes:
            if node.key == arrow.source or not node.placed or node.shape == "none":
                continue
            dx = max(lo - node.x, 0.0, node.x - hi)
            dy = node.y - arrow.y1
            if dx * dx + dy * dy < (node.radius + gap) ** 2:
                hits.append((source.name, node.name))
    return hits


@pytest.mark.parametrize(
    "source",
    [EVOLVING_ROW, ROOT / "maps" / "07-ml-project-high-maturity.owm"],
    ids=["row", "figure-7"],
)
def test_no_placed_component_on_an_evolve_arrow(source: str | Path) -> None:
    m = wm.load(source) if isinstance(source, Path) else wm.loads(source)
    layout = wm.layout_map(m)
    assert layout.evolve_arrows
    assert _arrow_hits(layout) == []
    # ... and the usual invariants still hold.
    for link in layout.links:
        start, end = layout.node(link.start), layout.node(link.end)
        assert start.visibility >= end.visibility, (start.name, end.name)
    axes = m.axes
    for node in layout.nodes:
        stage = getattr(node.element, "stage", None)
        if stage is not None:
            lo, hi = axes.stage_range(stage)
            assert lo <= node.maturity < hi, node.name


def test_evolve_arrow_leaves_pinned_components_alone() -> None:
    # A pinned component right on the arrow's row stays where the author put it.
    text = (
        "anchor User [0.95, 0.5]\ncomponent Old [0.5, 0.1]\n"
        "component Blocker [0.5, 0.5]\nUser->Old\nUser->Blocker\nevolve Old 0.9\n"
    )
    layout = wm.layout_map(wm.loads(text))
    blocker = layout.find("Blocker")
    assert blocker is not None
    assert (blocker.maturity, blocker.visibility) == (0.5, 0.5)
    assert not blocker.placed


# -- notes and accelerators without coordinates --------------------------------------------

FREE_MARKS = """\
anchor Business [0.95, 0.63]
component Cup of Tea [0.79, 0.61]
component Kettle [0.43, 0.35]
component Power [0.1, 0.7]
component Hype [0.9, 0.1]
Business->Cup of Tea
Cup of Tea->Kettle
Kettle->Power
accelerator Open source Kettle designs
deaccelerator Power regulation
accelerator Momentum
note Kettles are everywhere
note pinned [0.5, 0.5]
"""


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_accelerators_without_coordinates_go_beside_what_they_name() -> None:
    layout = _layout(FREE_MARKS)
    acc = {a.element.name: a for a in layout.accelerators}
    kettle, power = layout.find("Kettle"), layout.find("Power")
    assert kettle is not None
    assert power is not None
    opened, regulated = acc["Open source Kettle designs"], acc["Power regulation"]
    assert opened.placed
    assert regulated.placed
    # An accelerator to the right of its component, a deaccelerator to the left, close.
    assert kettle.x < opened.box.x0 < kettle.x + 80
    assert abs(opened.y - kettle.y) < 60
    assert power.x - 80 < regulated.box.x1 < power.x
    assert abs(regulated.y - power.y) < 60


def test_free_marks_keep_off_symbols_and_each_other() -> None:
    layout = _layout(FREE_MARKS)
    hype = layout.find("Hype")  # right on OWM's default corner (0.1, 0.9)
    assert hype is not None
    symbols = [
        (n.x - n.radius, n.y - n.radius, n.x + n.radius, n.y + n.radius)
        for n in layout.nodes
        if n.shape != "none"
    ]
    marks = [(a.box.x0, a.box.y0, a.box.x1, a.box.y1) for a in layout.accelerators]
    marks += [
        (n.label.box.x0, n.label.box.y0, n.label.box.x1, n.label.box.y1) for n in layout.notes
    ]
    for i, mark in enumerate(marks):
        assert not any(_overlaps(mark, s) for s in symbols)
        assert not any(_overlaps(mark, other) for other in marks[i + 1 :])
    # What has coordinates stays where the author put it.
    pinned = next(n for n in layout.notes if n.element.text == "pinned")
    assert not pinned.placed
    assert (pinned.x, pinned.y) == pytest.approx((400, 300))


def test_free_marks_stay_in_owm_corner_without_placing() -> None:
    layout = _layout(FREE_MARKS, place=False)
    for mark in layout.accelerators:
        assert not mark.placed
        assert (mark.x, mark.y) == pytest.approx((0.1 * 800, 0.1 * 600))


LEGEND_MAPS = sorted(
    p for p in CORPUS.glob("*/*.owm") if "\nannotation " in p.read_text(encoding="utf-8")
)


def test_the_legend_hides_nothing() -> None:
    """The legend's white box covers no symbol and no label, even on crowded maps.

    Where no place on the map is clear, it goes below or right of the map.
    """
    assert len(LEGEND_MAPS) > 30
    beside = 0
    for path in LEGEND_MAPS:
        layout = wm.layout_map(wm.load(path))
        assert layout.legend is not None, path.name
        f = layout.legend.box
        own = {id(layout.legend.title), *(id(line) for line in layout.legend.lines)}
        covered = [
            n.name
            for n in layout.nodes
            if f.x0 - n.radius < n.x < f.x1 + n.radius and f.y0 - n.radius < n.y < f.y1 + n.radius
        ] + [
            label.text
            for label in layout.labels()
            if id(label) not in own
            and label.box.x0 < f.x1
            and label.box.x1 > f.x0
            and label.box.y0 < f.y1
            and label.box.y1 > f.y0
        ]
        assert covered == [], path.name
        beside += f.y0 >= layout.height or f.x0 >= layout.width
    # The test bites: on these maps the legend often has no room on the map.
    assert beside >= 10
