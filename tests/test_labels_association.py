"""Each label reads as its own symbol's name: clearly nearer its own symbol than any other.

OWM users read a name as belonging to the nearest circle. The layout's automatic
labels keep clearly nearer their own symbol wherever the map leaves room; these tests
hold them to "at most half as far from their own symbol as from any other" on the
article's figures, the classic maps and a sparse synthetic map, and to "nearer their
own" on a denser one.
"""

from __future__ import annotations

import math

import pytest

import wardleyml as wm
from wardleyml.layout.result import Box, Layout

from .conftest import CORPUS, ROOT
from .test_labels_legibility import synthetic_map


def _gap(x: float, y: float, r: float, boxes: tuple[Box, ...]) -> float:
    """Pixels between a symbol's edge and the nearest of a label's boxes."""
    best = math.inf
    for b in boxes:
        dx = max(b.x0 - x, 0.0, x - b.x1)
        dy = max(b.y0 - y, 0.0, y - b.y1)
        best = min(best, math.hypot(dx, dy) - r)
    return max(best, 0.0)


def misread(layout: Layout, factor: float = 1.0) -> list[tuple[str, str]]:
    """(label, other symbol) for every automatic label not ``factor`` times nearer its
    own symbol than any other (1: nearer another symbol than its own)."""
    symbols = [(n.key, n.x, n.y, n.radius, n.name) for n in layout.nodes if n.shape != "none"]
    symbols += [(e.key, e.x, e.y, e.radius, e.name) for e in layout.evolved]
    owned = [(n.key, n.x, n.y, n.radius, n.label) for n in layout.nodes if n.shape != "none"]
    owned += [(e.key, e.x, e.y, e.radius, e.label) for e in layout.evolved]
    out = []
    for key, x, y, r, label in owned:
        if label is None or label.source != "auto":
            continue
        boxes = label.line_boxes or (label.box,)
        own = _gap(x, y, r, boxes)
        for other, ox, oy, orad, name in symbols:
            if other != key and _gap(ox, oy, orad, boxes) < factor * own:
                out.append((label.text, name))
                break
    return out


def _sources() -> list[tuple[str, str]]:
    out = []
    for name in (
        "01-software-development-lifecycle",
        "02-maturity-of-software-development-teams",
        "03-levels-of-complexity",
        "04-ml-project-basic-components",
        "05-ml-project-detailed-components",
        "07-ml-project-high-maturity",
    ):
        out.append((name, str(ROOT / "maps" / f"{name}.owm")))
    for name in ("default-example-tea-shop", "golden-master-all-elements"):
        out.append((name, str(CORPUS / "owm-examples" / f"{name}.owm")))
    out.append(("auto-layout", str(ROOT / "docs" / "examples" / "auto-layout.owm")))
    out.append(("synthetic-30", "synthetic-30"))
    return out


SOURCES = _sources()


@pytest.mark.parametrize("source", [s for _, s in SOURCES], ids=[n for n, _ in SOURCES])
def test_labels_clearly_nearer_their_own_symbol(source: str) -> None:
    if source.startswith("synthetic-"):
        m = wm.loads(synthetic_map(int(source.split("-")[1])))
    else:
        m = wm.load(source)
    assert misread(wm.layout_map(m), 2.0) == []


def test_labels_nearer_their_own_symbol_on_a_denser_map() -> None:
    assert misread(wm.layout_map(wm.loads(synthetic_map(60)))) == []


def test_a_label_keeps_off_a_neighbour_when_it_can() -> None:
    # Three siblings close together on a row: each name goes where it reads as its own
    # (OWM's up-right offset would put "Left one" right beside "Middle").
    text = (
        "component Left one [0.5, 0.40]\ncomponent Middle [0.5, 0.47]\n"
        "component Right [0.5, 0.54]\n"
    )
    layout = wm.layout_map(wm.loads(text))
    assert misread(layout, 2.0) == []


def test_no_evolve_arrow_through_a_label() -> None:
    """Figure 7's three arrows run clear of every label (they cross no text)."""
    layout = wm.layout_map(wm.load(ROOT / "maps" / "07-ml-project-high-maturity.owm"))
    for arrow in layout.evolve_arrows:
        lo, hi = sorted((arrow.x1, arrow.x2))
        for label in layout.labels():
            for b in label.line_boxes or (label.box,):
                crosses = b.y0 < arrow.y1 < b.y1 and b.x0 < hi and lo < b.x1
                assert not crosses, label.text
