"""Golden pictures: SVG compared as text, PNG within a tolerance, and SVG vs PNG.

Regenerate after a deliberate change with ``.venv/bin/python scripts/regen_golden.py``
(see tests/golden/README.md) and look at every changed picture before committing.
"""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import numpy as np
import pytest

from .conftest import ROOT
from .golden.cases import CASES, HERE, TEA, render_case

REGEN = "regenerate with `.venv/bin/python scripts/regen_golden.py` after checking the change"


def pixels(data: bytes, blur: float = 0.0) -> np.ndarray:
    from PIL import Image, ImageFilter

    image = Image.open(io.BytesIO(data)).convert("RGB")
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    return np.asarray(image, dtype=float)


def rasterise(svg: bytes) -> bytes:
    import matplotlib
    import resvg_py  # a dev dependency: a missing one fails, never skips

    fonts = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=svg.decode("utf-8"),
            skip_system_fonts=True,
            font_dirs=[fonts],
            sans_serif_family="DejaVu Sans",
            monospace_family="DejaVu Sans Mono",
            cursive_family="DejaVu Sans",
        )
    )


def differs(a: bytes, b: bytes) -> tuple[float, float]:
    """Mean absolute difference after a 2 px blur, and the share of pixels off by > 40."""
    pa, pb = pixels(a, 2.0), pixels(b, 2.0)
    assert pa.shape == pb.shape, f"sizes differ: {pa.shape} vs {pb.shape}"
    diff = np.abs(pa - pb)
    return float(diff.mean()), float((diff > 40).mean())


@pytest.mark.parametrize("name", list(CASES))
def test_svg_matches_golden_text(name: str) -> None:
    expected = (HERE / f"{name}.svg").read_text(encoding="utf-8")
    actual = render_case(name, "svg").decode("utf-8")
    if actual != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(True), actual.splitlines(True), "golden", "now", n=1
                )
            )[:40]
        )
        pytest.fail(f"{name}.svg changed; {REGEN}\n{diff}")


@pytest.mark.parametrize("name", list(CASES))
def test_png_matches_golden_within_tolerance(name: str) -> None:
    expected = (HERE / f"{name}.png").read_bytes()
    actual = render_case(name, "png")
    a, b = pixels(expected), pixels(actual)
    assert a.shape == b.shape, f"{name}.png changed size; {REGEN}"
    rms = float(np.sqrt(((a - b) ** 2).mean()))
    assert rms <= 2.0, f"{name}.png differs (RMS {rms:.2f}); {REGEN}"


@pytest.mark.parametrize("name", list(CASES))
def test_svg_and_png_agree(name: str) -> None:
    svg = (HERE / f"{name}.svg").read_bytes()
    png = (HERE / f"{name}.png").read_bytes()
    mean, far = differs(rasterise(svg), png)
    # Text is hinted differently by resvg and Agg; shapes and colours must agree.
    assert mean <= 2.0, f"{name}: SVG and PNG differ on average by {mean:.2f}"
    assert far <= 0.01, f"{name}: {far:.2%} of pixels differ a lot between SVG and PNG"


def test_agreement_check_catches_a_different_picture() -> None:
    svg = (HERE / "tea-shop-plain.svg").read_bytes()
    png = (HERE / "tea-shop-dark.png").read_bytes()
    mean, _ = differs(rasterise(svg), png)
    assert mean > 20


def test_golden_files_are_complete() -> None:
    on_disk = {p.stem for p in HERE.glob("*.svg")} | {p.stem for p in HERE.glob("*.png")}
    assert on_disk == set(CASES)


DOCS_PICTURES = {
    "tea-shop.svg": TEA,
    "auto-layout.svg": ROOT / "docs" / "examples" / "auto-layout.owm",
    "auto-layout.png": ROOT / "docs" / "examples" / "auto-layout.owm",
}


@pytest.mark.parametrize("name", sorted(DOCS_PICTURES))
def test_docs_pictures_are_current(name: str) -> None:
    import wardleyml as wm

    committed = ROOT / "docs" / "img" / name
    fresh = wm.render(wm.load(DOCS_PICTURES[name]), name.rsplit(".", 1)[1])
    if name.endswith(".svg"):
        assert committed.read_bytes() == fresh, f"docs/img/{name} is out of date: {REGEN}"
    else:
        old, new = pixels(committed.read_bytes()), pixels(fresh)
        assert old.shape == new.shape, f"docs/img/{name} is out of date: {REGEN}"
        assert np.abs(old - new).mean() < 1.0, f"docs/img/{name} is out of date: {REGEN}"
