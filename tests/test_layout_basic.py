"""The layout of maps whose elements all have coordinates."""

from __future__ import annotations

import dataclasses

import pytest

import wardleyml as wm
from wardleyml.layout.result import Layout

from .conftest import CORPUS

TEA = CORPUS / "owm-examples" / "default-example-tea-shop.owm"
GOLDEN = CORPUS / "owm-examples" / "golden-master-all-elements.owm"


@pytest.fixture(scope="module")
def tea() -> wm.WardleyMap:
    return wm.load(TEA)


def test_positions_follow_owm(tea: wm.WardleyMap) -> None:
    layout = wm.layout_map(tea)
    assert isinstance(layout, Layout)
    assert (layout.width, layout.height) == (800, 600)
    cup = layout.find("Cup of Tea")
    assert cup is not None
    assert (cup.x, cup.y) == pytest.approx((0.61 * 800, (1 - 0.79) * 600))
    assert layout.to_px(0.61, 0.79) == pytest.approx((cup.x, cup.y))
    assert not cup.placed
    assert cup.label is not None
    assert cup.label.source == "explicit"
    # The author's offset is kept exactly.
    assert (cup.label.x - cup.x, cup.label.y - cup.y) == pytest.approx((-85.48, 3.78))


def test_owm_label_offsets(tea: wm.WardleyMap) -> None:
    layout = wm.layout_map(tea, labels="owm")
    cup = layout.find("Cup")
    assert cup is not None
    assert cup.label is not None
    assert (cup.label.x - cup.x, cup.label.y - cup.y) == (5, -10)
    assert cup.label.anchor == "start"
    business = layout.find("Business")
    assert business is not None
    assert business.label is not None
    assert (business.label.x - business.x, business.label.y - business.y) == (0, -10)
    assert business.label.anchor == "middle"
    # OWM moves the label of an evolving component below it, even an explicit one.
    kettle = layout.find("Kettle")
    assert kettle is not None
    assert kettle.label is not None
    assert (kettle.label.x - kettle.x, kettle.label.y - kettle.y) == (-57, 20)


def test_evolved_copies_links_and_arrows(tea: wm.WardleyMap) -> None:
    layout = wm.layout_map(tea)
    names = [e.name for e in layout.evolved]
    assert names == ["Electric Kettle", "Power"]
    kettle = layout.find("Kettle")
    assert kettle is not None
    assert kettle.evolving
    electric = layout.evolved[0]
    assert electric.y == kettle.y
    assert electric.x == pytest.approx(0.62 * 800)
    arrow = layout.evolve_arrows[0]
    assert (arrow.x1, arrow.x2) == (kettle.x, electric.x)
    # Links join current positions, never evolved copies.
    hot = layout.find("Hot Water")
    assert hot is not None
    link = next(ln for ln in layout.links if ln.element.context)
    assert (link.x1, link.y1, link.x2, link.y2) == (hot.x, hot.y, kettle.x, kettle.y)
    assert link.context is not None
    assert link.context.text.strip() == "limited by"


def test_pipeline_members_evolve_along_their_pipeline() -> None:
    m = wm.loads(
        "component Kettle [0.6, 0.5]\n"
        "pipeline Kettle\n{\n"
        "  component Campfire Kettle [0.3]\n"
        "  component Electric Kettle [0.6]\n}\n"
        "evolve Campfire Kettle 0.45\n"
        "evolve Electric Kettle->Smart Kettle 0.8\n"
    )
    assert not m.diagnostics
    layout = wm.layout_map(m)
    assert [e.name for e in layout.evolved] == ["Campfire Kettle", "Smart Kettle"]
    campfire = layout.find("Campfire Kettle")
    assert campfire is not None
    assert campfire.evolving
    copy = layout.evolved[0]
    # The copy stays on the member's line, inside the pipeline, at the new maturity.
    assert copy.y == campfire.y
    assert copy.x == pytest.approx(0.45 * 800)
    arrows = [(a.x1, a.x2) for a in layout.evolve_arrows]
    assert (campfire.x, copy.x) in arrows
    assert len(arrows) == 2


def test_layout_is_immutable_and_map_untouched(tea: wm.WardleyMap) -> None:
    before = tea.model_dump()
    layout = wm.layout_map(tea)
    with pytest.raises(dataclasses.FrozenInstanceError):
        layout.width = 3  # type: ignore[misc]
    assert tea.model_dump() == before


def test_canvas_holds_every_label() -> None:
    for path in (TEA, GOLDEN):
        layout = wm.layout_map(wm.load(path))
        vb = layout.viewbox
        assert (vb.x0, vb.y0) <= (-35, -45)
        for label in layout.labels():
            b = label.box
            assert b.x0 >= vb.x0, label
            assert b.y0 >= vb.y0, label
            assert b.x1 <= vb.x1, label
            assert b.y1 <= vb.y1, label


def test_golden_master_elements() -> None:
    layout = wm.layout_map(wm.load(GOLDEN))
    assert layout.pipelines
    assert layout.annotations
    assert layout.legend is not None
    assert layout.attitudes
    assert layout.accelerators
    assert layout.axes is not None
    assert len(layout.axes.stage_labels) == 4


def test_same_input_same_output(tea: wm.WardleyMap) -> None:
    assert wm.layout_map(tea) == wm.layout_map(tea)
