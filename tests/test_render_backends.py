"""The renderers and their registry, on hand-built scenes (no map, no layout)."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

import pytest

import wardleyml as wm
from wardleyml import renderers
from wardleyml.errors import RenderError, UnknownNameError, WardleyError
from wardleyml.renderers.api import scene_of
from wardleyml.renderers.mpl import MatplotlibRenderer, _check_raster_size
from wardleyml.renderers.svg import SvgRenderer, fmt
from wardleyml.scene import Circle, Font, Group, Line, Path, Polygon, Rect, Scene, Stroke, Text
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
    title, desc = root.find(f"{SVG_NS}title"), root.find(f"{SVG_NS}desc")
    assert title is not None
    assert desc is not None
    assert title.text == "Sample map"
    assert desc.text == "A scene using every primitive."
    labelled = (root.get("aria-labelledby") or "").split()
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert set(labelled) <= set(ids)
    assert "<style" not in text
    assert "<text" in text  # text stays text


def test_svg_ids_unique_prefixed_and_references_resolve() -> None:
    text = svg_of(sample_scene())
    root = ET.fromstring(text)
    ids = [i for el in root.iter() if (i := el.get("id"))]
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


def test_svg_is_built_with_svgwrite_without_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    import svgwrite

    made: list[dict[str, Any]] = []
    original = svgwrite.Drawing

    def spy(*args: Any, **kwargs: Any) -> Any:
        made.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(svgwrite, "Drawing", spy)
    svg_of(sample_scene())
    assert len(made) == 1
    assert made[0]["debug"] is False


def test_svg_never_uses_svgwrites_automatic_ids() -> None:
    from svgwrite.utils import AutoID

    # svgwrite numbers automatic ids from one counter per process: if a render took
    # one, the next id handed out would have moved by more than one.
    before = AutoID.next_id()
    text = svg_of(sample_scene(HOSTILE_TEXT))
    after = AutoID.next_id()
    assert int(after[2:]) == int(before[2:]) + 1
    ids = [el.get("id") for el in ET.fromstring(text).iter() if el.get("id")]
    assert not any(re.fullmatch(r"id\d+", i or "") for i in ids)


def test_svg_bytes_are_the_same_in_another_process() -> None:
    import hashlib
    import os
    import subprocess
    import sys

    code = (
        "import hashlib\n"
        "from wardleyml.renderers.svg import SvgRenderer\n"
        "from wardleyml.testing import HOSTILE_TEXT, sample_scene\n"
        "for text in ('Kettle', HOSTILE_TEXT):\n"
        "    data = SvgRenderer().render(sample_scene(text), 'svg')\n"
        "    print(hashlib.sha256(data).hexdigest())\n"
    )
    # Another hash seed, and svgwrite's id counter moved: neither may change a byte.
    from svgwrite.utils import AutoID

    AutoID.next_id(1000)
    expected = [
        hashlib.sha256(svg_of(sample_scene(text)).encode()).hexdigest()
        for text in ("Kettle", HOSTILE_TEXT)
    ]
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout.split()
    assert out == expected


def test_svg_replaces_characters_xml_cannot_carry() -> None:
    forbidden = [chr(c) for c in range(32) if chr(c) not in "\t\n\r"]
    forbidden += ["\ufffe", "\uffff", "\ud800", "\udfff"]
    bad = "a" + "".join(forbidden) + "z"
    scene = Scene(
        100,
        100,
        (0, 0, 100, 100),
        title=bad,
        description=bad,
        children=(
            Group(
                "g",
                bad,
                (Text(1, 1, (bad, "tab\there"), Font(12, family=f"{bad}, serif")),),
                title=bad,
                href=f"https://example.com/{bad}",
            ),
        ),
    )
    data = SvgRenderer().render(scene, "svg")
    root = ET.fromstring(data)  # expat rejects every one of them, even as &#1;
    replaced = "a" + "\ufffd" * len(forbidden) + "z"
    assert root.findtext(f"{SVG_NS}title") == replaced
    assert root.findtext(f"{SVG_NS}desc") == replaced
    group = root.find(f".//{SVG_NS}g")
    assert group is not None
    assert group.get("data-role") == replaced
    text = group.find(f"{SVG_NS}text")
    assert text is not None
    assert root.get("font-family") == f"{replaced}, serif"  # the only family: on the root
    assert "".join(text.itertext()) == replaced + "tab\there"  # a tab is allowed
    assert not any(c in data.decode() for c in forbidden if c < "\ud800")


def test_svg_numbers_reach_the_document_rounded() -> None:
    third = 1 / 3
    scene = Scene(
        100 + third,
        50 + third,
        (third, -third, 100 + third, 50 + third),
        children=(
            Group(
                "g",
                "component",
                (
                    Circle(third, 2 * third, 5 + third, fill="#fff", stroke=Stroke("#000", third)),
                    Line(third, third, 7 / 3, 11 / 3, Stroke("#000", 1, (third, 2 * third))),
                    Rect(third, third, 10 + third, 4 + third, fill="#eee", rx=third),
                    Polygon(((third, 0.0), (1.0, third), (2 * third, 2 * third)), opacity=third),
                    Path((("M", (third, third)), ("C", (1.0, third, 2.0, 1 / 7, 3.0, 2 / 7)))),
                    Text(third, third, ("a", "b"), Font(12 + third), rotation=third),
                ),
            ),
        ),
    )
    root = ET.fromstring(svg_of(scene, scale=1.1))
    values = [v for el in root.iter() for v in el.attrib.values()]
    assert any("0.33" in v for v in values)
    long_numbers = [v for v in values if re.search(r"\d\.\d{3}", v)]
    assert long_numbers == []


def test_svg_puts_children_on_lines_but_never_whitespace_inside_text() -> None:
    text = svg_of(sample_scene())
    lines = text.splitlines()
    assert lines[0].startswith("<svg ")
    assert lines[-1] == "</svg>"
    assert text.endswith("</svg>\n")
    for line in lines:
        if line.startswith("<text"):
            assert line.endswith("</text>")  # tspans included: a line break would be a space
    assert "<defs>" in lines
    assert sum(line.startswith("<g ") for line in lines) == text.count("<g ")


def test_svg_has_no_empty_defs_and_no_event_namespace() -> None:
    plain = Scene(
        10, 10, (0, 0, 10, 10), children=(Group("g", "label", (Line(0, 0, 1, 1, Stroke("#000")),)),)
    )
    text = svg_of(plain)
    assert "<defs" not in text
    assert "xmlns:ev" not in text
    assert ET.fromstring(text).get("width") == "10"


def test_svg_renderer_imports_svgwrite_only_when_it_draws() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import wardleyml, wardleyml.renderers.svg, wardleyml.renderers.api\n"
        "print('svgwrite' in sys.modules)\n"
        "from wardleyml.testing import sample_scene\n"
        "wardleyml.renderers.svg.SvgRenderer().render(sample_scene(), 'svg')\n"
        "print('svgwrite' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "True"]


def test_primitives_behave_as_frozen_dataclasses() -> None:
    import dataclasses

    stroke = Stroke("#000000", 2.0, (1.0, 2.0))
    assert (
        repr(stroke)
        == "Stroke(color='#000000', width=2.0, dash=(1.0, 2.0), opacity=1.0, cap='butt')"
    )
    assert stroke == Stroke("#000000", 2.0, (1.0, 2.0))
    assert hash(stroke) == hash(Stroke("#000000", 2.0, (1.0, 2.0)))
    assert stroke != Stroke("#000000", 2.0)
    as_tuple: object = ("#000000", 2.0, (1.0, 2.0), 1.0, "butt")
    assert stroke != as_tuple
    assert dataclasses.replace(stroke, width=3.0).width == 3.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        stroke.width = 5.0  # type: ignore[misc]
    # Scene.fingerprint is not compared (field(compare=False)), so not hashed either.
    a = Scene(1, 1, (0, 0, 1, 1), fingerprint="a")
    b = Scene(1, 1, (0, 0, 1, 1), fingerprint="b")
    assert a == b
    assert hash(a) == hash(b)
    assert sample_scene() == sample_scene()
    assert sample_scene("A") != sample_scene("B")


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


def test_a_png_too_large_to_draw_is_refused_with_a_scale_that_fits() -> None:
    m = wm.loads("size [20000, 15000]\ncomponent A [0.5, 0.5]")
    with pytest.raises(RenderError) as info:
        wm.render(m, "png")
    message = str(info.value)
    assert message.startswith("a PNG of 20105 x 15137 pixels is too large to draw")
    fits = float(message.split("use a scale of at most ")[1].split()[0])
    assert 0.5 < fits < 0.6
    # The scale it names is one that draws (checked on the size alone: cheap).
    scene = scene_of(m)
    _check_raster_size(scene, fits)
    with pytest.raises(RenderError):
        _check_raster_size(scene, fits + 0.02)
    # Vector formats have no such limit.
    assert wm.render(m, "pdf").startswith(b"%PDF")


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


def _axes() -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3))
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def test_png_draws_shapes_of_one_style_as_one_collection() -> None:
    from matplotlib.collections import LineCollection, PathCollection

    links = tuple(Line(0, i, 100, i + 5, Stroke("#808080")) for i in range(20))
    circles = tuple(
        Circle(10 + 5 * i, 10, 2, fill="#ffffff", stroke=Stroke("#000000")) for i in range(30)
    )
    labels = tuple(Text(10 + 5 * i, 20, (f"c{i}",), Font(8)) for i in range(30))
    mixed = tuple(node for pair in zip(circles, labels, strict=True) for node in pair)
    scene = Scene(
        200,
        100,
        (0, 0, 200, 100),
        children=(Group("links", "link", links), Group("parts", "component", mixed)),
    )
    ax = _axes()
    MatplotlibRenderer().draw(scene, ax)
    kinds = [(type(c).__name__, len(c.get_paths())) for c in ax.collections]
    assert kinds == [("LineCollection", 20), ("PathCollection", 30)]
    assert isinstance(ax.collections[0], LineCollection)
    assert isinstance(ax.collections[1], PathCollection)
    assert [t.get_text() for t in ax.texts] == [f"c{i}" for i in range(30)]
    assert len(ax.patches) == 1  # the background, alone in its style


def test_png_keeps_the_stacking_of_shapes_of_different_styles() -> None:
    from PIL import Image

    red, green = "#ff0000", "#00ff00"
    scene = Scene(
        100,
        100,
        (0, 0, 100, 100),
        children=(
            Group(
                "discs",
                "component",
                (
                    Circle(40, 50, 20, fill=red),
                    Circle(50, 50, 20, fill=green),
                    Circle(60, 50, 20, fill=red),  # same style as the first, but on top
                ),
            ),
        ),
    )
    image = Image.open(io.BytesIO(MatplotlibRenderer().render(scene, "png"))).convert("RGB")
    assert image.getpixel((35, 50)) == (0, 255, 0)  # the green disc covers the first
    assert image.getpixel((55, 50)) == (255, 0, 0)  # the last red disc covers the green
    assert image.getpixel((25, 50)) == (255, 0, 0)  # only the first disc


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

    from wardleyml import _registry
    from wardleyml.renderers import registry

    points = [
        EntryPoint("toyep", f"{__name__}:ToyRenderer", "wardleyml.renderers"),
        EntryPoint("svg", f"{__name__}:ToyRenderer", "wardleyml.renderers"),
    ]

    def fake_entry_points(group: str) -> list[EntryPoint]:
        assert group == "wardleyml.renderers"
        return points

    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "entry_points", fake_entry_points)
    fresh = _registry.Registry(
        "renderer", "wardleyml.renderers", registry.BUILTINS, registry._check
    )
    with pytest.warns(RuntimeWarning, match="shadow a built-in"):
        assert fresh.names() == ["matplotlib", "svg", "toyep"]
    assert isinstance(fresh.get("toyep"), ToyRenderer)
    assert fresh.get("svg").name == "svg"  # the built-in, not the entry point
