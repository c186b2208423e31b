"""Every label legible, measured on the SVG with real font metrics.

The scorer is the shared ``overlaps.py`` (the one the reference engine's figures come
from): it lays out each ``<text>`` of an SVG with the fonts' metrics and counts
text-text overlaps, texts over another component's circle and clipped texts.
"""

from __future__ import annotations

import gc
import importlib.util
import random
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import wardleyml as wm

from .conftest import CORPUS, ROOT, SHARED

SCORER = SHARED / "tools" / "overlaps" / "overlaps.py"

# The scorer opens font files lazily and leaves them to the garbage collector.
pytestmark = [
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

WORDS = [
    "Customer",
    "Order",
    "Payment",
    "Data",
    "Platform",
    "Model",
    "Compute",
    "Identity",
    "Search",
    "Billing",
    "Kettle",
    "Power",
    "Storage",
    "Network",
    "Analytics",
    "Support",
    "Training",
    "Serving",
    "Labelling",
    "Monitoring",
    "Registry",
    "Gateway",
    "Cache",
    "Queue",
]


def synthetic_map(n: int, seed: int = 3, min_distance: float = 44.0) -> str:
    """``n`` components with names of one to three words, spread over 800 x 600.

    Components keep ``min_distance`` pixels apart (real maps do not stack symbols);
    each is needed by a component above it that is close in evolution.
    """
    rng = random.Random(seed)
    points: list[tuple[float, float]] = []
    while len(points) < n:
        maturity, visibility = rng.uniform(0.04, 0.96), rng.uniform(0.04, 0.9)
        x, y = maturity * 800, (1 - visibility) * 600
        if all(
            (x - maturity_b * 800) ** 2 + (y - (1 - visibility_b) * 600) ** 2 >= min_distance**2
            for maturity_b, visibility_b in points
        ):
            points.append((maturity, visibility))
    points.sort(key=lambda p: -p[1])
    lines = [f"title Synthetic {n}", "anchor User [0.97, 0.5]"]
    names = []
    for i, (maturity, visibility) in enumerate(points):
        name = " ".join(rng.sample(WORDS, rng.choice((1, 1, 2, 2, 3)))) + f" {i}"
        names.append(name)
        lines.append(f"component {name} [{visibility:.3f}, {maturity:.3f}]")
    lines.append(f"User->{names[0]}")
    for i in range(1, n):
        parent = min(range(max(0, i - 8), i), key=lambda j: abs(points[j][0] - points[i][0]))
        lines.append(f"{names[parent]}->{names[i]}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def scorer() -> Iterator[Any]:
    spec = importlib.util.spec_from_file_location("overlaps_scorer", SCORER)
    assert spec is not None
    assert spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    with warnings.catch_warnings():
        # It opens every font file to read its names and leaves them to the collector;
        # collect them here rather than in some later test.
        warnings.simplefilter("ignore", ResourceWarning)
        library = module.FontLibrary()
        gc.collect()
    builder = module.SceneBuilder(library)

    def score(svg: bytes, tmp: Path) -> dict[str, Any]:
        path = tmp / "map.svg"
        path.write_bytes(svg)
        result: dict[str, Any] = module.count(builder.build(str(path)), details=True)
        return result

    yield score
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        for face in library._open.values():
            face.font.close()
        gc.collect()


def _maps() -> list[tuple[str, str]]:
    """The maps whose labels must all be legible: ours, the classics, synthetic ones.

    Files named ``_*.owm`` in ``maps/`` are parts included by the others, not maps.
    """
    found = [
        (f"maps/{p.name}", p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "maps").glob("*.owm"))
        if not p.name.startswith("_")
    ]
    found.append(("auto-layout", (ROOT / "docs" / "examples" / "auto-layout.owm").read_text()))
    for name in ("default-example-tea-shop", "golden-master-all-elements"):
        found.append((name, (CORPUS / "owm-examples" / f"{name}.owm").read_text()))
    found.append(("synthetic-30", synthetic_map(30)))
    found.append(("synthetic-100", synthetic_map(100)))
    return found


MAPS = _maps()


@pytest.mark.parametrize(("name", "text"), MAPS, ids=[name for name, _ in MAPS])
def test_no_label_overlaps(name: str, text: str, scorer: Any, tmp_path: Path) -> None:
    m = wm.loads(text, source=ROOT / name if name.startswith("maps/") else None)
    result = scorer(wm.render(m, "svg"), tmp_path)
    details = result["details"]
    assert result["text_text"] == 0, details["text_text"]
    assert result["text_circle"] == 0, details["text_circle"]
    assert result["clipped"] == 0, details["clipped"]


def test_owm_offsets_do_overlap(scorer: Any, tmp_path: Path) -> None:
    """The same synthetic map with OWM's fixed offsets is not legible: the test bites."""
    m = wm.loads(synthetic_map(100))
    result = scorer(wm.render(m, "svg", labels="owm"), tmp_path)
    assert result["text_text"] > 10
    assert result["text_circle"] > 10


def test_layout_boxes_match_the_scorer(scorer: Any, tmp_path: Path) -> None:
    """The layout's own boxes agree with what the scorer measures on the SVG."""
    m = wm.load(CORPUS / "owm-examples" / "default-example-tea-shop.owm")
    layout = wm.layout_map(m, labels="owm")
    ours = 0
    labels = list(layout.labels())
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if sum(x.overlap(y) for x in a.line_boxes for y in b.line_boxes) > 2:
                ours += 1
    result = scorer(wm.render(m, "svg", labels="owm"), tmp_path)
    assert ours == result["text_text"]
