"""The SVG renderer: a scene in, a standalone SVG document out, built with svgwrite.

svgwrite is imported here only, when a scene is written, so ``import wardleyml`` and
``wardleyml check`` never load it. How we use it, and why:

- ``Drawing(..., debug=False)``: with validation on (svgwrite's default) every
  attribute is checked against the SVG grammar, which costs more than the rest of the
  rendering together.
- Every id is set by us (``wm-<digest8>-<slug>``). svgwrite's automatic ids come from
  a process-global counter, so they would depend on what ran before in the process.
- Numbers reach svgwrite as strings, already rounded by :func:`fmt`: svgwrite writes
  floats with ``str()`` (``0.30000000000000004``).
- Elements are made by their classes with the drawing as ``factory`` (sharing its
  parameters instead of building a validator per element) and get all their
  attributes in one dictionary update; repeated styles are computed once per scene.
- The document is serialised once. svgwrite's ``tostring()`` writes the whole tree on
  one line; we take its element tree (``get_xml()``), put a line break after each
  child of a container (never inside a ``<text>``, where it would be a space), and
  serialise that with ElementTree, which svgwrite itself uses.

Output properties: explicit ``width``/``height`` and a ``viewBox``; ``role="img"``
with ``<title>`` and ``<desc>``; ids ``wm-<digest8>-<slug>`` where the digest depends
on the scene (so on the map and the options) and nothing else, so two renders are
byte-identical and two different maps inline on one page never share an id; numbers
with at most two decimals; no ``<style>`` element (styles are attributes); text stays
text. Text is escaped by ElementTree; characters XML 1.0 cannot carry even escaped
(C0 controls other than tab and line breaks, U+FFFE/U+FFFF, lone surrogates) become
U+FFFD first.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import RenderError
from ..scene.colors import split_alpha
from ..scene.primitives import (
    Circle,
    Fill,
    Font,
    Group,
    Hatch,
    Line,
    LinearGradient,
    Path,
    Polygon,
    Rect,
    Scene,
    Stroke,
    Text,
    walk,
)
from .base import check_scale

__all__ = ["SvgRenderer", "clean_text", "fmt", "scene_digest"]

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SLUG = re.compile(r"[^a-z0-9_-]+")
_PLAIN_SLUG = re.compile(r"[a-z0-9_][a-z0-9_-]*(?<!-)")
# Elements whose children each go on a line of their own in the output.
_BLOCKS = frozenset({"svg", "g", "a", "defs", "linearGradient", "pattern"})


class _NoFill:
    """Marks a shape without a fill attribute at all (a line)."""


_NO_FILL = _NoFill()


def fmt(value: float) -> str:
    """A number with at most two decimals and no trailing zeros (``-0`` is ``0``)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def clean_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot carry, even escaped, made U+FFFD.

    That is the C0 controls other than tab, line feed and carriage return, U+FFFE,
    U+FFFF and lone surrogates. Escaping (``<``, ``&``, quotes) is left to the XML
    writer.
    """
    return _INVALID_XML.sub("\ufffd", text)


def scene_digest(scene: Scene, options: Mapping[str, Any] | None = None) -> str:
    """Eight hex digits identifying a scene (and the options it is written with)."""
    source = scene.fingerprint or repr(scene)
    extra = repr(sorted((options or {}).items()))
    return hashlib.sha256(f"{source}\n{extra}".encode("utf-8", "replace")).hexdigest()[:8]


class SvgRenderer:
    """Writes scenes as standalone SVG 1.1 documents, through svgwrite.

    Options
    -------
    scale : float
        Multiplies ``width`` and ``height`` (not the drawing's coordinates).
    id_prefix : str
        Replaces the ``wm-<digest8>`` id prefix.
    """

    name = "svg"
    formats = frozenset({"svg"})
    option_names = frozenset({"scale", "id_prefix"})

    def render(
        self, scene: Scene, fmt: str = "svg", *, options: Mapping[str, Any] | None = None
    ) -> bytes:
        """The SVG document of ``scene`` as UTF-8 bytes."""
        if fmt.lower().lstrip(".") != "svg":
            raise RenderError(f"the svg renderer writes only svg, not {fmt!r}")
        options = dict(options or {})
        scale = check_scale(options.pop("scale", None))
        prefix = options.pop("id_prefix", None)
        if prefix is None:
            prefix = f"wm-{scene_digest(scene, {'scale': scale, **options})}"
        writer = _Writer(scene, str(prefix), scale)
        try:
            return writer.write()
        finally:
            # The dispatch table's bound methods hold the writer, which holds the table:
            # a cycle that would keep the svgwrite tree and the scene for the cyclic
            # collector. Broken here, they are freed at once.
            writer.draw.clear()


class _Writer:
    """One document: walks the scene once and builds the svgwrite tree."""

    def __init__(self, scene: Scene, prefix: str, scale: float) -> None:
        import svgwrite
        from svgwrite import base, container, gradients, pattern, shapes
        from svgwrite import path as svgpath
        from svgwrite import text as svgtext

        self.scene = scene
        self.prefix = _SLUG.sub("-", prefix.lower()).strip("-") or "wm"
        self.scale = scale
        self.used: set[str] = set()
        self.paints: dict[str, str] = {}
        self.family, self.servers = self._survey()
        self.styles: dict[tuple[Fill | _NoFill, float, Stroke | None, float], dict[str, str]] = {}
        self.draw: dict[type, Callable[[Any], Any]] = {
            Group: self._group,
            Text: self._text,
            Circle: self._circle,
            Line: self._line,
            Rect: self._rect,
            Polygon: self._polygon,
            Path: self._path,
        }
        self.dwg = svgwrite.Drawing(
            size=(fmt(scene.width * scale), fmt(scene.height * scale)), debug=False
        )
        # Classes bound once: the loop over thousands of shapes looks them up often.
        self.Title = base.Title
        self.Desc = base.Desc
        self.G = container.Group
        self.A = container.Hyperlink
        self.Circle = shapes.Circle
        self.Line = shapes.Line
        self.Rect = shapes.Rect
        self.Polygon = shapes.Polygon
        self.Path = svgpath.Path
        self.Text = svgtext.Text
        self.TSpan = svgtext.TSpan
        self.LinearGradient = gradients.LinearGradient
        self.Pattern = pattern.Pattern

    # -- document -------------------------------------------------------------------------------

    def write(self) -> bytes:
        import xml.etree.ElementTree as ET

        scene, dwg, root = self.scene, self.dwg, self.prefix
        x, y, w, h = scene.view_box
        self.used.update((root, f"{root}-title", f"{root}-desc"))
        dwg.attribs.update(
            {
                "id": root,
                "viewBox": f"{fmt(x)} {fmt(y)} {fmt(w)} {fmt(h)}",
                "role": "img",
                "aria-labelledby": f"{root}-title {root}-desc",
                "font-family": clean_text(self.family),
            }
        )
        title = self.Title(clean_text(scene.title))
        title.xml.set("id", f"{root}-title")
        desc = self.Desc(clean_text(scene.description))
        desc.xml.set("id", f"{root}-desc")
        # The drawing starts with its (empty) <defs>; title and desc go before it.
        dwg.elements[0:0] = [title, desc]
        if not self._defs():
            dwg.elements.remove(dwg.defs)
        add = dwg.elements.append
        if scene.background is not None:
            color, alpha = split_alpha(scene.background)
            background = self.Rect(insert=(fmt(x), fmt(y)), size=(fmt(w), fmt(h)), factory=dwg)
            background.attribs["fill"] = color
            if alpha < 0.9995:
                background.attribs["fill-opacity"] = fmt(alpha)
            add(background)
        draw = self.draw
        for node in scene.children:
            add(draw[type(node)](node))
        tree = dwg.get_xml()
        # Drawing always declares the XML Events namespace; nothing here uses it.
        tree.attrib.pop("xmlns:ev", None)
        for element in tree.iter():
            if element.tag in _BLOCKS:
                element.text = "\n"
                for child in element:
                    child.tail = "\n"
        return ET.tostring(tree, encoding="unicode").encode("utf-8") + b"\n"

    def _survey(self) -> tuple[str, dict[str, LinearGradient | Hatch]]:
        """The most used font family (set once on the root) and the paint servers."""
        families: Counter[str] = Counter()
        servers: dict[str, LinearGradient | Hatch] = {}
        for _, node in walk(self.scene):
            if isinstance(node, Text):
                families[node.font.family] += 1
                continue
            fill = getattr(node, "fill", None)
            if isinstance(fill, LinearGradient | Hatch) and fill.name not in servers:
                servers[fill.name] = fill
        # most_common keeps first-seen order among equals: deterministic.
        family = families.most_common(1)[0][0] if families else "sans-serif"
        return family, servers

    def _id(self, slug: str) -> str:
        """``<prefix>-<slug>``, made unique in the document with a ``-2``, ``-3``... suffix."""
        if _PLAIN_SLUG.fullmatch(slug):  # the usual case, as the scene builder makes them
            base = f"{self.prefix}-{slug}"
        else:
            base = f"{self.prefix}-{_SLUG.sub('-', slug.lower()).strip('-') or 'g'}"
        ident, n = base, 1
        while ident in self.used:
            n += 1
            ident = f"{base}-{n}"
        self.used.add(ident)
        return ident

    # -- paint servers ------------------------------------------------------------------------

    def _defs(self) -> bool:
        """Put every gradient and hatch of the scene into ``<defs>``; False if none."""
        servers = self.servers
        dwg = self.dwg
        for name, server in servers.items():
            ident = self._id(f"paint-{name}")
            self.paints[name] = ident
            if isinstance(server, LinearGradient):
                gradient = self.LinearGradient(
                    start=(fmt(server.x1), fmt(server.y1)),
                    end=(fmt(server.x2), fmt(server.y2)),
                    factory=dwg,
                )
                gradient.attribs.update({"id": ident, "gradientUnits": "userSpaceOnUse"})
                for offset, css, opacity in server.stops:
                    color, alpha = split_alpha(css)
                    stop_opacity = alpha * opacity
                    gradient.add_stop_color(
                        fmt(offset), color, fmt(stop_opacity) if stop_opacity < 0.9995 else None
                    )
                dwg.defs.add(gradient)
                continue
            s = server.spacing
            tile = self.Pattern(size=(fmt(s), fmt(s)), factory=dwg)
            tile.attribs.update({"id": ident, "patternUnits": "userSpaceOnUse"})
            if server.background is not None:
                bg, bg_alpha = split_alpha(server.background)
                back = self.Rect(insert=("0", "0"), size=(fmt(s), fmt(s)), factory=dwg)
                back.attribs["fill"] = bg
                if bg_alpha < 0.9995:
                    back.attribs["fill-opacity"] = fmt(bg_alpha)
                tile.add(back)
            color, alpha = split_alpha(server.color)
            # One diagonal per tile plus the two corner stubs so tiles join up.
            diagonal = self.Path(
                d=(
                    f"M0,{fmt(s)}L{fmt(s)},0M{fmt(-s / 4)},{fmt(s / 4)}"
                    f"L{fmt(s / 4)},{fmt(-s / 4)}M{fmt(s * 3 / 4)},{fmt(s * 5 / 4)}"
                    f"L{fmt(s * 5 / 4)},{fmt(s * 3 / 4)}"
                ),
                factory=dwg,
            )
            diagonal.attribs.update({"stroke": color, "stroke-width": fmt(server.width)})
            if alpha * server.opacity < 0.9995:
                diagonal.attribs["stroke-opacity"] = fmt(alpha * server.opacity)
            tile.add(diagonal)
            dwg.defs.add(tile)
        return bool(servers)

    def _style(
        self, fill: Fill | _NoFill, fill_opacity: float, stroke: Stroke | None, opacity: float
    ) -> dict[str, str]:
        """The presentation attributes of a shape; computed once per distinct style."""
        key = (fill, fill_opacity, stroke, opacity)
        cached = self.styles.get(key)
        if cached is not None:
            return cached
        attrs: dict[str, str] = {}
        if isinstance(fill, _NoFill):
            pass
        elif fill is None:
            attrs["fill"] = "none"
        elif isinstance(fill, LinearGradient | Hatch):
            attrs["fill"] = f"url(#{self.paints[fill.name]})"
            if fill_opacity < 0.9995:
                attrs["fill-opacity"] = fmt(fill_opacity)
        else:
            color, alpha = split_alpha(fill)
            attrs["fill"] = color
            if alpha * fill_opacity < 0.9995:
                attrs["fill-opacity"] = fmt(alpha * fill_opacity)
        if stroke is not None:
            color, alpha = split_alpha(stroke.color)
            attrs["stroke"] = color
            if stroke.width != 1:
                attrs["stroke-width"] = fmt(stroke.width)
            if stroke.dash:
                attrs["stroke-dasharray"] = ",".join(fmt(d) for d in stroke.dash)
            if stroke.cap != "butt":
                attrs["stroke-linecap"] = stroke.cap
            if alpha * stroke.opacity < 0.9995:
                attrs["stroke-opacity"] = fmt(alpha * stroke.opacity)
        if opacity < 0.9995:
            attrs["opacity"] = fmt(opacity)
        self.styles[key] = attrs
        return attrs

    # -- nodes ----------------------------------------------------------------------------------

    def _group(self, node: Group) -> Any:
        element = self.G(factory=self.dwg)
        element.attribs.update({"id": self._id(node.id), "data-role": clean_text(node.role)})
        children = element.elements
        if node.title:
            children.append(self.Title(clean_text(node.title)))
        draw = self.draw
        children.extend([draw[type(child)](child) for child in node.children])
        if not node.href:
            return element
        href = clean_text(node.href)
        link = self.A(href, target="_top", factory=self.dwg)
        # SVG 2 readers use href; SVG 1.1 ones xlink:href.
        link.attribs["href"] = href
        link.elements.append(element)
        return link

    def _circle(self, node: Circle) -> Any:
        element = self.Circle(center=(fmt(node.cx), fmt(node.cy)), r=fmt(node.r), factory=self.dwg)
        element.attribs.update(self._style(node.fill, node.fill_opacity, node.stroke, 1.0))
        return element

    def _line(self, node: Line) -> Any:
        element = self.Line(
            start=(fmt(node.x1), fmt(node.y1)), end=(fmt(node.x2), fmt(node.y2)), factory=self.dwg
        )
        # A line has no inside: no fill attribute (the fill part of the style is skipped).
        element.attribs.update(self._style(_NO_FILL, 1.0, node.stroke, 1.0))
        return element

    def _rect(self, node: Rect) -> Any:
        element = self.Rect(
            insert=(fmt(node.x), fmt(node.y)),
            size=(fmt(node.width), fmt(node.height)),
            rx=fmt(node.rx) if node.rx else None,
            factory=self.dwg,
        )
        element.attribs.update(self._style(node.fill, node.fill_opacity, node.stroke, 1.0))
        return element

    def _polygon(self, node: Polygon) -> Any:
        element = self.Polygon([(fmt(x), fmt(y)) for x, y in node.points], factory=self.dwg)
        element.attribs.update(self._style(node.fill, 1.0, node.stroke, node.opacity))
        return element

    def _path(self, node: Path) -> Any:
        d = "".join(cmd + ",".join(fmt(v) for v in values) for cmd, values in node.commands)
        element = self.Path(d=d, factory=self.dwg)
        element.attribs.update(self._style(node.fill, 1.0, node.stroke, node.opacity))
        return element

    def _text(self, node: Text) -> Any:
        font: Font = node.font
        color, alpha = split_alpha(node.color)
        x, y = fmt(node.x), fmt(node.y)
        attrs = {"x": x, "y": y, "font-size": fmt(font.size), "fill": color}
        if font.family != self.family:
            attrs["font-family"] = clean_text(font.family)
        if font.weight != "normal":
            attrs["font-weight"] = font.weight
        if font.style != "normal":
            attrs["font-style"] = font.style
        if alpha * node.opacity < 0.9995:
            attrs["fill-opacity"] = fmt(alpha * node.opacity)
        if node.anchor != "start":
            attrs["text-anchor"] = node.anchor
        if node.baseline == "middle":
            attrs["dominant-baseline"] = "central"
        if node.underline:
            attrs["text-decoration"] = "underline"
        if node.rotation:
            attrs["transform"] = f"rotate({fmt(node.rotation)} {x} {y})"
        lines = [clean_text(line) for line in node.lines]
        if any("  " in line or line != line.strip() for line in lines):
            attrs["xml:space"] = "preserve"
        if len(lines) == 1:
            element = self.Text(lines[0], factory=self.dwg)
            element.attribs.update(attrs)
            return element
        element = self.Text("", factory=self.dwg)
        element.attribs.update(attrs)
        dy = fmt(node.line_height)
        for index, line in enumerate(lines):
            span = self.TSpan(line, factory=self.dwg)
            span.attribs.update({"x": x, "dy": dy} if index else {"x": x})
            element.elements.append(span)
        return element
