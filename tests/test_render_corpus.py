"""Every map of the shared corpus renders to SVG and PNG without an exception."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import wardleyml as wm

from .conftest import corpus_files

FILES = corpus_files()


def test_corpus_is_there() -> None:
    assert len(FILES) == 322


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_renders_svg_and_png(path: Path) -> None:
    m = wm.load(path)
    svg = wm.render(m, "svg")
    png = wm.render(m, "png", scale=0.5)
    root = ET.fromstring(svg)
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert png.startswith(b"\x89PNG")
