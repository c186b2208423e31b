"""The text measurement table agrees with the fonts, and its fallbacks behave."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wardleyml.layout import text


def _font(name: str) -> Any:
    import matplotlib  # the fonts the table was generated from
    from fontTools.ttLib import TTFont

    path = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / name
    # Read it whole and close the file at once.
    return TTFont(path, lazy=False)


@pytest.mark.parametrize(
    ("filename", "bold", "italic", "mono"),
    [
        ("DejaVuSans.ttf", False, False, False),
        ("DejaVuSans-Bold.ttf", True, False, False),
        ("DejaVuSans-Oblique.ttf", False, True, False),
        ("DejaVuSansMono.ttf", False, False, True),
    ],
)
def test_advances_match_the_font(filename: str, bold: bool, italic: bool, mono: bool) -> None:
    font = _font(filename)
    cmap, hmtx, upem = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    sample = "Kettle Cup of Tea — Ärger, Œuvre, Ωμέγα, Щука, “quoted” 1.5€ → ∑"
    expected = sum(hmtx[cmap[ord(c)]][0] for c in sample) / upem * 14
    got = text.measure_line(sample, 14, bold=bold, italic=italic, mono=mono).advance
    assert got == pytest.approx(expected, abs=1e-9)


def test_ink_box_covers_the_glyphs() -> None:
    from fontTools.pens.boundsPen import BoundsPen

    font = _font("DejaVuSans.ttf")
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    for word in ("Agy", "ace", "ÉÇ", "__"):
        lows, highs = [], []
        for c in word:
            pen = BoundsPen(glyphs)
            glyphs[cmap[ord(c)]].draw(pen)
            lows.append(pen.bounds[1])
            highs.append(pen.bounds[3])
        lm = text.measure_line(word, 2048)  # 1 px per font unit
        assert lm.ascent >= max(highs)
        assert lm.ascent - max(*highs, 0) < 32  # boxes always reach the baseline
        assert lm.descent >= -min(lows)


def test_fallbacks() -> None:
    assert not text._covered("中")
    assert text.text_width("中文", 10) == pytest.approx(20)  # east-asian wide: 1 em
    assert text.text_width("e\u0301", 10) == text.text_width("e", 10)  # combining: 0
    thai = text.text_width("\u0e01", 10)  # not in the table: an average letter
    assert 5 < thai < 8


def test_spaces_are_not_ink() -> None:
    lm = text.measure_line("  Tea  ", 14)
    assert lm.left > 0
    assert lm.right < lm.advance
    assert text.text_width("a   b", 14) == text.text_width("a b", 14)
    empty = text.measure_line("", 14)
    assert (empty.advance, empty.width) == (0, 0)


def test_wrap_keeps_lines_within_width() -> None:
    name = "Standardising power allows kettles to evolve faster than ever"
    lines = text.wrap(name, 120, 14)
    assert len(lines) > 1
    assert " ".join(lines) == name
    assert all(text.text_width(line, 14) <= 120 for line in lines)
    assert text.wrap("Supercalifragilistic", 30, 14) == ["Supercalifragilistic"]
    assert text.wrap("a\nb c", 500, 14) == ["a", "b c"]


def test_no_heavy_imports() -> None:
    import subprocess
    import sys

    code = (
        "import sys, wardleyml.layout.text as t; t.text_width('x', 12);"
        "print(any(m in sys.modules for m in ('fontTools', 'matplotlib', 'networkx')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
