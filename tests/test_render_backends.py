"""The renderers and their registry, on hand-built scenes (no map, no layout)."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

import pytest

from wardleyml import renderers
from wardleyml.errors import RenderError, UnknownNameError, WardleyError
from wardleyml.renderers.mpl import MatplotlibRenderer
from wardleyml.renderers.svg import SvgRenderer, fmt
from wardleyml.scene import Font, Group, Scene, Text
from wardleyml.testing import HOSTILE_TEXT, RendererCheckError, check_renderer, sample_scene

SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_of(scene: Scene, **options: Any) -> str:
    return SvgRenderer().render(scene, "svg", options=options).decode()


# -- SVG ---------------------------------------------------------------------------------


def test_svg_document_properties() -> None:
    text = svg_of(sample_scene())
    root = ET.fromstring(text)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("width") == "240"
    assert root.get("height") == "160"
    assert root.get("viewBox") == "-20 -20 240 160"
    assert root.get("role") == "img"
    assert root.find(f"{SVG_NS}title").text == "Sample map"  # type: ignore[union-attr]
    assert root.find(f"{SVG_NS}desc").text == "A scene using every primitive."  # type: ignore[union-attr]
    labelled = (root.get("aria-labelledby") or "").split()
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert set(labelled) <= set(ids)
    assert "<style" not in text
    assert "<text" in text  # text stays text


def test_svg_ids_unique_prefixed_and_references_resolve() -> None:
    text = svg_of(sample_scene())
    root = ET.fromstring(text)
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    prefix = root.get("id")
    assert prefix is not None
    assert re.fullmatch(r"wm-[0-9a-f]{8}", prefix)
    assert all(i.startswith(prefix) for i in ids)
    for ref in re.findall(r"url\(#([^)]+)\)", text):
        assert ref in ids


def test_svg_ids_differ_between_scenes_but_not_between_runs() -> None:
    a1, a2 = svg_of(sample_scene("A")), svg_of(sample_scene("A"))
    b = svg_of(sample_scene("B"))
    assert a1 == a2
    id_a = ET.fromstring(a1).get("id")
    id_b = ET.fromstring(b).get("id")
    assert id_a != id_b
    assert svg_of(sample_scene("A"), scale=2) != a1


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "]]><x/>",
        "quote \" and ' apostrophe",
        "amp & lt < gt >",
        "bell \x07 escape \x1b nul \x00",
        "עברית وعربي mixed RTL",
        "lone surrogate \ud800 end",
    ],
)
def test_svg_escapes_hostile_text(hostile: str) -> None:
    scene = Scene(
        100,
        100,
        (0, 0, 100, 100),
        title=hostile,
        description=hostile,
        children=(Group("g", "label", (Text(1, 1, (hostile, hostile), Font(12)),), title=hostile),),
    )
    data = SvgRenderer().render(scene, "svg")
    root = ET.fromstring(data)  # well-formed whatever the text
    assert b"<script" not in data
    assert b"<x/>" not in data
    texts = "".join(root.itertext())
    visible = hostile.replace("\x07", "\ufffd").replace("\x1b", "\ufffd").replace("\x00", "\ufffd")
    visible = visible.replace("\ud800", "\ufffd")
    assert visible in texts


def test_svg_numbers_are_rounded() -> None:
    assert fmt(1.23456) == "1.23"
    assert fmt(2.0) == "2"
    assert fmt(2.5) == "2.5"
    assert fmt(-0.001) == "0"
    scene = Scene(10, 10, (0, 0, 10, 10), children=(Text(1 / 3, 2 / 3, ("x",), Font(12)),))
    assert 'x="0.33" y="0.67"' in svg_of(scene)


def test_svg_scale_changes_only_the_size() -> None:
    root = ET.fromstring(svg_of(sample_scene(), scale=2))
    assert root.get("width") == "480"
    assert root.get("viewBox") == "-20 -20 240 160"


def test_svg_rejects_other_formats() -> None:
    with pytest.raises(RenderError, match="only svg"):
        SvgRenderer().render(sample_scene(), "png")


def test_svg_alpha_is_split_for_svg11() -> None:
    text = svg_of(sample_scene())
    assert "#99c5ee9e" not in text
    assert 'stroke="#99c5ee"' in text


# -- matplotlib ---------------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_png_size_scale_and_dpi() -> None:
    mpl = MatplotlibRenderer()
    assert png_size(mpl.render(sample_scene(), "png")) == (240, 160)
    assert png_size(mpl.render(sample_scene(), "png", options={"scale": 2})) == (480, 320)
    assert png_size(mpl.render(sample_scene(), "png", options={"dpi": 192})) == (480, 320)
    with pytest.raises(RenderError):
        mpl.render(sample_scene(), "png", options={"scale": -1})
    with pytest.raises(RenderError):
        mpl.render(sample_scene(), "png", options={"scale": "big"})


def test_png_and_pdf_are_byte_identical_run_after_run() -> None:
    mpl = MatplotlibRenderer()
    for fmt_name in ("png", "pdf"):
        assert mpl.render(sample_scene(), fmt_name) == mpl.render(sample_scene(), fmt_name)
    pdf = mpl.render(sample_scene(), "pdf")
    assert pdf.startswith(b"%PDF")
    assert b"CreationDate" not in pdf


def test_matplotlib_leaves_no_global_state() -> None:
    import matplotlib
    import matplotlib.pyplot as plt

    before = dict(matplotlib.rcParams)
    figures = plt.get_fignums()
    mpl = MatplotlibRenderer()
    for _ in range(20):
        mpl.render(sample_scene(), "png")
    assert plt.get_fignums() == figures
    assert dict(matplotlib.rcParams) == before


def test_matplotlib_ignores_user_rcparams_that_would_change_text() -> None:
    import matplotlib

    mpl = MatplotlibRenderer()
    scene = sample_scene("cost $5 and $6")
    expected = mpl.render(scene, "png")
    with matplotlib.rc_context({"text.parse_math": True, "lines.scale_dashes": False}):
        assert mpl.render(scene, "png") == expected


def test_draw_on_a_callers_axes() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    out = MatplotlibRenderer().draw(sample_scene(), ax)
    assert out is ax
    assert ax.get_xlim() == (-20, 220)
    assert ax.get_ylim() == (140, -20)  # y grows downwards, as in the scene
    assert any(t.get_text() == "context" for t in ax.texts)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_matplotlib_rejects_other_formats() -> None:
    with pytest.raises(RenderError, match="png"):
        MatplotlibRenderer().render(sample_scene(), "svg")


# -- conformance and registry ------------------------------------------------------------


@pytest.mark.parametrize("renderer", [SvgRenderer(), MatplotlibRenderer()], ids=["svg", "mpl"])
def test_builtins_pass_the_conformance_check(renderer: Any) -> None:
    passed = check_renderer(renderer)
    assert any("same input gives the same bytes" in p for p in passed)


class ToyRenderer:
    """Writes the texts of a scene, one per line: a third-party renderer."""

    name = "toy"
    formats = frozenset({"txt"})

    def render(self, scene: Scene, fmt: str, *, options: Mapping[str, Any] | None = None) -> bytes:
        if fmt != "txt":
            raise RenderError(f"toy writes txt, not {fmt}")
        from wardleyml.scene import walk

        lines = [n.text for _, n in walk(scene) if isinstance(n, Text)]
        return "\n".join(lines).encode("utf-8", "replace")


class BrokenRenderer(ToyRenderer):
    name = "broken"

    def render(self, scene: Scene, fmt: str, *, options: Mapping[str, Any] | None = None) -> bytes:
        if options:
            raise KeyError("unknown option")
        return b"x" if fmt == "txt" else b""


def test_toy_renderer_registered_at_run_time() -> None:
    check_renderer(ToyRenderer())
    renderers.register(ToyRenderer)
    try:
        assert "toy" in renderers.names()
        chosen, name = renderers.for_format("notes/map.txt")
        assert isinstance(chosen, ToyRenderer)
        assert name == "txt"
        assert renderers.formats()["txt"] == "toy"
        with pytest.raises(WardleyError, match="already registered"):
            renderers.register(ToyRenderer())
    finally:
        renderers.unregister("toy")
    assert "toy" not in renderers.names()


def test_conformance_check_reports_failures() -> None:
    with pytest.raises(RendererCheckError) as info:
        check_renderer(BrokenRenderer())
    message = str(info.value)
    assert "ignores options" in message
    assert "unknown format raises RenderError" in message


def test_registry_names_and_lookup() -> None:
    assert {"svg", "matplotlib"} <= set(renderers.names())
    assert renderers.get("svg").name == "svg"
    assert renderers.get("mpl").name == "matplotlib"
    assert renderers.for_format("png")[0].name == "matplotlib"
    assert renderers.for_format("out/Map.SVG")[1] == "svg"
    assert renderers.for_format(".pdf")[1] == "pdf"


def test_unknown_renderer_and_format_list_what_exists() -> None:
    with pytest.raises(UnknownNameError, match="svg") as info:
        renderers.get("cairo")
    assert "matplotlib" in str(info.value)
    with pytest.raises(UnknownNameError, match="png") as info2:
        renderers.for_format("map.gif")
    assert "svg" in str(info2.value)
    with pytest.raises(UnknownNameError, match="writes"):
        renderers.for_format("png", renderer="svg")


def test_builtins_cannot_be_shadowed() -> None:
    class Fake(ToyRenderer):
        name = "svg"

    with pytest.raises(WardleyError, match="built-in"):
        renderers.register(Fake())
    with pytest.raises(WardleyError, match="not a usable renderer"):
        renderers.register(object(), name="thing")


def test_entry_point_plugins_are_found_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.metadata import EntryPoint

    from wardleyml.renderers import plugins, registry

    points = [
        EntryPoint("toyep", f"{__name__}:ToyRenderer", "wardleyml.renderers"),
        EntryPoint("svg", f"{__name__}:ToyRenderer", "wardleyml.renderers"),
    ]

    def fake_entry_points(group: str) -> list[EntryPoint]:
        assert group == "wardleyml.renderers"
        return points

    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "entry_points", fake_entry_points)
    fresh = plugins.Registry("renderer", "wardleyml.renderers", registry.BUILTINS, registry._check)
    with pytest.warns(RuntimeWarning, match="shadow a built-in"):
        assert fresh.names() == ["matplotlib", "svg", "toyep"]
    assert isinstance(fresh.get("toyep"), ToyRenderer)
    assert fresh.get("svg").name == "svg"  # the built-in, not the entry point
    assert HOSTILE_TEXT  # the shared sample stays importable
