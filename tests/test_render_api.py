"""wardleyml.render / save / draw and the scene builder on real maps."""

from __future__ import annotations

import gc
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import wardleyml as wm
from wardleyml.errors import UnknownNameError, WardleyError
from wardleyml.model.checks import safe_url
from wardleyml.scene import Circle, Group, Polygon, Rect, Text, walk

from .conftest import CORPUS

TEA = CORPUS / "owm-examples" / "default-example-tea-shop.owm"
GOLDEN = CORPUS / "owm-examples" / "golden-master-all-elements.owm"


def scene(text: str, **options: object) -> wm.scene.Scene:
    from wardleyml.renderers.api import scene_of

    return scene_of(wm.loads(text), **options)


def roles(text: str, **options: object) -> dict[str, list[Group]]:
    found: dict[str, list[Group]] = {}
    for _, node in walk(scene(text, **options)):
        if isinstance(node, Group):
            found.setdefault(node.role, []).append(node)
    return found


def test_render_svg_and_png() -> None:
    m = wm.load(TEA)
    svg = wm.render(m)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert "Tea Shop" in "".join(root.itertext())
    png = m.render("png", scale=2)
    assert png.startswith(b"\x89PNG")
    width = int.from_bytes(png[16:20], "big")
    assert width == 2 * float(root.get("width") or 0)


def test_same_map_same_bytes_different_maps_different_ids() -> None:
    a = wm.load(TEA)
    assert wm.render(a) == wm.render(wm.load(TEA))
    assert wm.render(a, "png") == wm.render(a, "png")
    b = a.update("Kettle", maturity=0.5)
    id_a = ET.fromstring(wm.render(a)).get("id")
    id_b = ET.fromstring(wm.render(b)).get("id")
    assert id_a != id_b
    other_theme = ET.fromstring(wm.render(a, theme="dark")).get("id")
    assert other_theme != id_a


def test_theme_from_map_style_and_option() -> None:
    text = "style dark\ncomponent A [0.5, 0.5]"
    assert scene(text).background == "#353347"
    assert scene(text, theme="plain").background == "#ffffff"
    custom = wm.themes.get("plain").derive(name="custom", background="#fafafa")
    assert scene(text, theme=custom).background == "#fafafa"
    # An unknown style draws in plain, as OWM does.
    assert scene("style neon\ncomponent A [0.5, 0.5]").background == "#ffffff"
    with pytest.raises(UnknownNameError, match="wardley"):
        wm.render(wm.loads(text), theme="neon")


def test_unknown_format_and_renderer() -> None:
    m = wm.loads("component A [0.5, 0.5]")
    with pytest.raises(UnknownNameError, match="svg"):
        wm.render(m, "gif")
    with pytest.raises(UnknownNameError, match="matplotlib"):
        wm.render(m, "svg", renderer="cairo")


def test_save_picks_the_format_from_the_extension(tmp_path: Path) -> None:
    m = wm.load(TEA)
    for suffix, head in ((".svg", b"<svg"), (".png", b"\x89PNG"), (".pdf", b"%PDF")):
        out = m.save(tmp_path / f"tea{suffix}")
        assert out.read_bytes().startswith(head)
    with pytest.raises(UnknownNameError, match="extension"):
        wm.save(m, tmp_path / "noext")
    with pytest.raises(UnknownNameError):
        wm.save(m, tmp_path / "x.gif")
    assert not (tmp_path / "x.gif").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tea.pdf", "tea.png", "tea.svg"]
    with pytest.raises(WardleyError, match="cannot write"):
        wm.save(m, tmp_path / "missing-dir" / "a.svg")


def test_draw_on_axes_leaves_no_pyplot_figures() -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    m = wm.load(TEA)
    for _ in range(5):
        ax = wm.draw(m)
    assert plt.get_fignums() == before
    assert any(t.get_text() == "Tea Shop" for t in ax.texts)

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure()
    FigureCanvasAgg(fig)
    mine = fig.add_subplot()
    assert wm.draw(m, ax=mine, theme="dark") is mine
    fig.canvas.draw()


def test_every_owm_element_gets_its_group() -> None:
    found = roles(GOLDEN.read_text())
    for role in (
        "title",
        "axis",
        "stages",
        "pst",
        "link",
        "evolve",
        "pipeline",
        "component",
        "evolved",
        "submap",
        "inertia",
        "accelerator",
        "legend",
        "note",
        "annotation",
    ):
        assert role in found, role
    assert len(found["pst"]) == 3
    assert len(found["accelerator"]) == 2


def test_ids_are_unique_and_stable_slugs() -> None:
    s = scene(GOLDEN.read_text())
    ids = [n.id for _, n in walk(s) if isinstance(n, Group)]
    assert len(ids) == len(set(ids))
    assert "component-5" in ids  # the element's position in the file


def test_symbols_follow_owm_conventions() -> None:
    text = """
component Built [0.7, 0.1] (build)
component Mkt [0.5, 0.5] (market)
component Eco [0.3, 0.3] (ecosystem)
"""
    found = roles(text)
    radii = {
        g.title: sorted(c.r for c in g.children if isinstance(c, Circle))
        for g in found["component"]
    }
    assert radii["Built"] == [5, 15]
    assert radii["Mkt"] == [5, 5, 5, 18]
    assert radii["Eco"] == [10, 25, 25, 30]
    market = next(g for g in found["component"] if g.title == "Mkt")
    assert any(isinstance(c, Polygon) for c in market.children)


def test_labels_use_theme_text_colours_on_dark() -> None:
    s = scene(TEA.read_text(), theme="dark")
    title = next(n for p, n in walk(s) if isinstance(n, Text) and p[-1].role == "title")
    assert title.color != "#000000"  # OWM draws it black on #353347
    labels = [
        n for parents, n in walk(s) if isinstance(n, Text) and parents[-1].role == "component"
    ]
    assert labels
    assert all(t.color == "rgba(255,255,255,0.8)" for t in labels)
    evolved = [n for parents, n in walk(s) if isinstance(n, Text) and parents[-1].role == "evolved"]
    assert evolved
    assert all(t.color == "#90caf9" for t in evolved)


def test_accelerators_are_labelled_and_pst_not_shifted() -> None:
    text = "accelerator Go Faster [0.5, 0.5]\npioneers [0.9, 0.1, 0.7, 0.4]"
    found = roles(text)
    (acc,) = found["accelerator"]
    assert any(isinstance(t, Text) and t.text == "Go Faster" for t in acc.children)
    (pst,) = found["pst"]
    rect = next(c for c in pst.children if isinstance(c, Rect))
    # 800 x 600 map: maturity 0.1 -> x 80, visibility 0.9 -> y 60 (OWM draws it at 45, 15).
    assert (round(rect.x), round(rect.y)) == (80, 60)


def test_styled_links_keep_their_style() -> None:
    text = "component A [0.6, 0.2]\ncomponent B [0.4, 0.6]\nA->B //! style: red dashed thick\nB->A"
    found = roles(text)
    styled, plain = found["link"]
    line = styled.children[0]
    assert not isinstance(line, (Text, Group))  # a stroked shape
    stroke = line.stroke
    assert stroke is not None
    assert stroke.color == "red"
    assert stroke.dash
    assert stroke.width > 1
    plain_line = plain.children[0]
    assert not isinstance(plain_line, (Text, Group))
    assert plain_line.stroke is not None
    assert plain_line.stroke.dash == ()


def test_flow_links_get_a_band() -> None:
    found = roles("component A [0.6, 0.2]\ncomponent B [0.4, 0.6]\nA+'$5'>B")
    (flow,) = found["flow"]
    widths = sorted(c.stroke.width for c in flow.children if hasattr(c, "stroke") and c.stroke)
    assert widths == [1, 10]
    assert any(isinstance(t, Text) and t.text == "$5" for t in flow.children)


def test_hidden_axes_and_two_line_stage_labels() -> None:
    hidden = roles("evolution --hide\nvaluechain --hide\ncomponent A [0.5, 0.5]")
    assert "axis" not in hidden
    assert "stages" not in hidden
    shown = scene(
        "evolution Genesis->Custom->Product->Commodity"
        " //! sublabels: manual -> manual -> manual -> automatic\n"
        "component A [0.5, 0.5]"
    )
    stage_texts = [n for _, n in walk(shown) if isinstance(n, Text) and n.font.style == "italic"]
    assert [t.lines for t in stage_texts] == [
        ("Genesis", "manual"),
        ("Custom", "manual"),
        ("Product", "manual"),
        ("Commodity", "automatic"),
    ]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("https://example.com/a", "https://example.com/a"),
        ("http://example.com", "http://example.com"),
        ("maps/other.owm", "maps/other.owm"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<b>", None),
        ("", None),
    ],
)
def test_safe_url(address: str, expected: str | None) -> None:
    assert safe_url(address) == expected


def test_javascript_submap_url_is_dropped_with_a_warning() -> None:
    text = "submap Site [0.5, 0.5] url(u)\nurl u [javascript:alert(1)]"
    m = wm.loads(text)
    assert [(d.line, d.code) for d in m.diagnostics] == [(2, "unsafe-url")]
    svg = wm.render(m)
    assert b"javascript" not in svg
    ok = wm.render(wm.loads("submap Site [0.5, 0.5] url(u)\nurl u [https://example.com/m]"))
    assert b'href="https://example.com/m"' in ok


def test_hostile_names_are_escaped_end_to_end() -> None:
    text = (
        'title <script>alert("t")</script>\n'
        'component "A ]]> & \\"q\\"" [0.5, 0.5]\n'
        "component <img src=x onerror=alert(1)> [0.4, 0.4]\n"
        "note עברית RTL \u202e reversed [0.3, 0.3]\n"
    )
    svg = wm.render(wm.loads(text))
    root = ET.fromstring(svg)
    assert b"<script" not in svg
    assert b"<img" not in svg
    texts = "".join(root.itertext())
    assert "<script>" in texts
    assert "<img src=x onerror=alert(1)>" in texts
    assert "עברית" in texts
    wm.render(wm.loads(text), "png")


def test_import_and_svg_path_do_not_import_matplotlib() -> None:
    code = (
        "import sys, wardleyml as wm\n"
        f"wm.render(wm.load({str(TEA)!r}))\n"
        "bad = [m for m in ('matplotlib', 'networkx') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert "matplotlib" not in out


def test_accessible_title_and_description() -> None:
    root = ET.fromstring(wm.render(wm.load(TEA)))
    ns = "{http://www.w3.org/2000/svg}"
    assert root.findtext(f"{ns}title") == "Wardley map: Tea Shop"
    desc = root.findtext(f"{ns}desc") or ""
    assert re.search(r"\d+ components", desc)
    assert "Business" in desc
    custom = ET.fromstring(wm.render(wm.load(TEA), title="T", description="D"))
    assert custom.findtext(f"{ns}title") == "T"
    assert custom.findtext(f"{ns}desc") == "D"


def test_a_misspelt_option_is_refused_with_the_known_ones() -> None:
    m = wm.loads("component A [0.5, 0.5]")
    with pytest.raises(wm.WardleyError, match="unknown option 'scael' for the svg renderer"):
        wm.render(m, "svg", scael=2)
    with pytest.raises(wm.WardleyError, match=r"options are: .*dpi.*transparent"):
        wm.render(m, "png", transparant=True)


@pytest.mark.parametrize("path", [TEA, GOLDEN], ids=["tea-shop", "golden-master"])
def test_drawing_leaves_no_reference_cycles(path: Path) -> None:
    """Layout, scene and SVG free their work by reference counting alone.

    A cycle (a closure calling itself, an object holding its own bound methods) left
    every candidate label or SVG element of a map to the cyclic collector: a second of
    collection after a 5000-component map. networkx graphs (built only to place
    components without coordinates) cache views of themselves; those are theirs.
    """
    m = wm.load(path)
    wm.render(m, "svg")  # first calls build classes lazily; those are not garbage
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        wm.layout_map(m)
        wm.render(m, "svg")
        gc.collect()
        garbage = [o for o in gc.garbage if not _of_networkx(o)]
        kinds = sorted({type(o).__qualname__ for o in garbage})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert kinds == []


def _of_networkx(obj: object) -> bool:
    """Whether ``obj`` is a networkx graph, one of its views or its plain data."""
    if type(obj).__module__.startswith("networkx"):
        return True
    # A graph's dicts and sets of adjacency and attributes, and its views' helpers.
    return type(obj) in (dict, set, tuple, type(len))
