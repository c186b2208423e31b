"""The SVG renderer: a scene in, a standalone SVG document out.

The document is written directly as text rather than through svgwrite: svgwrite
builds an object per element and serialises through ElementTree, which costs about
30 µs per element (0.5 s for 5000 components), several times our whole budget. What
svgwrite gave us — escaping and well-formed XML — is done here and pinned by tests
(every output is parsed as XML).

Output properties: explicit ``width``/``height`` and a ``viewBox``; ``role="img"``
with ``<title>`` and ``<desc>``; ids ``wm-<digest8>-<slug>`` where the digest depends
on the scene (so on the map and the options) and nothing else, so two renders are
byte-identical and two different maps inline on one page never share an id; numbers
with at most two decimals; no ``<style>`` element (styles are attributes); text stays
text.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping
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
    Node,
    Path,
    Polygon,
    Rect,
    Scene,
    Stroke,
    Text,
    walk,
)

__all__ = ["SvgRenderer", "fmt", "scene_digest"]

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SLUG = re.compile(r"[^a-z0-9_-]+")


def fmt(value: float) -> str:
    """A number with at most two decimals and no trailing zeros (``-0`` is ``0``)."""
    text = f"{value:.2f}"
    if text.endswith("00"):
        text = text[:-3]
    elif text.endswith("0"):
        text = text[:-1]
    return "0" if text == "-0" else text


def _clean(text: str) -> str:
    """Replace characters XML 1.0 cannot carry, even escaped, with U+FFFD."""
    return _INVALID_XML.sub("\ufffd", text)


def _text(text: str) -> str:
    return _clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return (
        _text(text)
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def scene_digest(scene: Scene, options: Mapping[str, Any] | None = None) -> str:
    """Eight hex digits identifying a scene (and the options it is written with)."""
    source = scene.fingerprint or repr(scene)
    extra = repr(sorted((options or {}).items()))
    return hashlib.sha256(f"{source}\n{extra}".encode("utf-8", "replace")).hexdigest()[:8]


class SvgRenderer:
    """Writes scenes as standalone SVG 1.1 documents.

    Options
    -------
    scale : float
        Multiplies ``width`` and ``height`` (not the drawing's coordinates).
    id_prefix : str
        Replaces the ``wm-<digest8>`` id prefix.
    """

    name = "svg"
    formats = frozenset({"svg"})

    def render(
        self, scene: Scene, fmt: str = "svg", *, options: Mapping[str, Any] | None = None
    ) -> bytes:
        """The SVG document of ``scene`` as UTF-8 bytes."""
        if fmt.lower().lstrip(".") != "svg":
            raise RenderError(f"the svg renderer writes only svg, not {fmt!r}")
        options = dict(options or {})
        scale = float(options.pop("scale", 1.0) or 1.0)
        if not scale > 0:
            raise RenderError(f"scale must be positive, not {scale!r}")
        prefix = options.pop("id_prefix", None)
        if prefix is None:
            prefix = f"wm-{scene_digest(scene, {'scale': scale, **options})}"
        return _Writer(scene, str(prefix), scale).write().encode("utf-8")


class _Writer:
    def __init__(self, scene: Scene, prefix: str, scale: float) -> None:
        self.scene = scene
        self.prefix = _SLUG.sub("-", prefix.lower()).strip("-") or "wm"
        self.scale = scale
        self.out: list[str] = []
        self.used: set[str] = set()
        self.paints: dict[str, str] = {}
        self.family = self._main_family()

    # -- document -------------------------------------------------------------------------------

    def write(self) -> str:
        scene = self.scene
        out = self.out
        root = self.prefix
        x, y, w, h = scene.view_box
        self.used.update((root, f"{root}-title", f"{root}-desc"))
        has_href = any(isinstance(n, Group) and n.href for _, n in walk(scene))
        out.append(
            '<svg xmlns="http://www.w3.org/2000/svg"'
            + (' xmlns:xlink="http://www.w3.org/1999/xlink"' if has_href else "")
            + f' version="1.1" id="{root}"'
            f' width="{fmt(scene.width * self.scale)}" height="{fmt(scene.height * self.scale)}"'
            f' viewBox="{fmt(x)} {fmt(y)} {fmt(w)} {fmt(h)}"'
            f' role="img" aria-labelledby="{root}-title {root}-desc"'
            f' font-family="{_attr(self.family)}">'
        )
        out.append(f'<title id="{root}-title">{_text(scene.title)}</title>')
        out.append(f'<desc id="{root}-desc">{_text(scene.description)}</desc>')
        self._defs()
        if scene.background is not None:
            color, alpha = split_alpha(scene.background)
            out.append(
                f'<rect x="{fmt(x)}" y="{fmt(y)}" width="{fmt(w)}" height="{fmt(h)}"'
                f' fill="{color}"{_opacity("fill-opacity", alpha)}/>'
            )
        for node in scene.children:
            self._node(node)
        out.append("</svg>\n")
        return "\n".join(out)

    def _main_family(self) -> str:
        families = Counter(n.font.family for _, n in walk(self.scene) if isinstance(n, Text))
        if not families:
            return "sans-serif"
        # most_common keeps first-seen order among equals: deterministic.
        return families.most_common(1)[0][0]

    def _id(self, slug: str) -> str:
        base = f"{self.prefix}-{_SLUG.sub('-', slug.lower()).strip('-') or 'g'}"
        ident, n = base, 1
        while ident in self.used:
            n += 1
            ident = f"{base}-{n}"
        self.used.add(ident)
        return ident

    # -- paint servers ------------------------------------------------------------------------

    def _defs(self) -> None:
        servers: dict[str, LinearGradient | Hatch] = {}
        for _, node in walk(self.scene):
            fill = getattr(node, "fill", None)
            if isinstance(fill, LinearGradient | Hatch) and fill.name not in servers:
                servers[fill.name] = fill
        if not servers:
            return
        out = self.out
        out.append("<defs>")
        for name, server in servers.items():
            ident = self._id(f"paint-{name}")
            self.paints[name] = ident
            if isinstance(server, LinearGradient):
                out.append(
                    f'<linearGradient id="{ident}" gradientUnits="userSpaceOnUse"'
                    f' x1="{fmt(server.x1)}" y1="{fmt(server.y1)}"'
                    f' x2="{fmt(server.x2)}" y2="{fmt(server.y2)}">'
                )
                for offset, css, opacity in server.stops:
                    color, alpha = split_alpha(css)
                    out.append(
                        f'<stop offset="{fmt(offset)}" stop-color="{color}"'
                        f"{_opacity('stop-opacity', alpha * opacity)}/>"
                    )
                out.append("</linearGradient>")
            else:
                s = server.spacing
                color, alpha = split_alpha(server.color)
                out.append(
                    f'<pattern id="{ident}" patternUnits="userSpaceOnUse"'
                    f' width="{fmt(s)}" height="{fmt(s)}">'
                )
                if server.background is not None:
                    bg, bg_alpha = split_alpha(server.background)
                    out.append(
                        f'<rect width="{fmt(s)}" height="{fmt(s)}" fill="{bg}"'
                        f"{_opacity('fill-opacity', bg_alpha)}/>"
                    )
                # One diagonal per tile plus the two corner stubs so tiles join up.
                out.append(
                    f'<path d="M0,{fmt(s)}L{fmt(s)},0M{fmt(-s / 4)},{fmt(s / 4)}'
                    f"L{fmt(s / 4)},{fmt(-s / 4)}M{fmt(s * 3 / 4)},{fmt(s * 5 / 4)}"
                    f'L{fmt(s * 5 / 4)},{fmt(s * 3 / 4)}" stroke="{color}"'
                    f' stroke-width="{fmt(server.width)}"'
                    f"{_opacity('stroke-opacity', alpha * server.opacity)}/>"
                )
                out.append("</pattern>")
        out.append("</defs>")

    def _fill(self, fill: Fill, opacity: float = 1.0) -> str:
        if fill is None:
            return ' fill="none"'
        if isinstance(fill, LinearGradient | Hatch):
            return f' fill="url(#{self.paints[fill.name]})"{_opacity("fill-opacity", opacity)}'
        color, alpha = split_alpha(fill)
        return f' fill="{color}"{_opacity("fill-opacity", alpha * opacity)}'

    @staticmethod
    def _stroke(stroke: Stroke | None) -> str:
        if stroke is None:
            return ""
        color, alpha = split_alpha(stroke.color)
        parts = f' stroke="{color}"'
        if stroke.width != 1:
            parts += f' stroke-width="{fmt(stroke.width)}"'
        if stroke.dash:
            parts += f' stroke-dasharray="{",".join(fmt(d) for d in stroke.dash)}"'
        if stroke.cap != "butt":
            parts += f' stroke-linecap="{stroke.cap}"'
        return parts + _opacity("stroke-opacity", alpha * stroke.opacity)

    # -- nodes ----------------------------------------------------------------------------------

    def _node(self, node: Node) -> None:
        out = self.out
        if isinstance(node, Group):
            close = "</g>"
            head = f'<g id="{self._id(node.id)}" data-role="{_attr(node.role)}">'
            if node.href:
                head = (
                    f'<a href="{_attr(node.href)}" xlink:href="{_attr(node.href)}"'
                    f' target="_top">{head}'
                )
                close = "</g></a>"
            out.append(head)
            if node.title:
                out.append(f"<title>{_text(node.title)}</title>")
            for child in node.children:
                self._node(child)
            out.append(close)
        elif isinstance(node, Circle):
            out.append(
                f'<circle cx="{fmt(node.cx)}" cy="{fmt(node.cy)}" r="{fmt(node.r)}"'
                f"{self._fill(node.fill, node.fill_opacity)}{self._stroke(node.stroke)}/>"
            )
        elif isinstance(node, Line):
            out.append(
                f'<line x1="{fmt(node.x1)}" y1="{fmt(node.y1)}" x2="{fmt(node.x2)}"'
                f' y2="{fmt(node.y2)}"{self._stroke(node.stroke)}/>'
            )
        elif isinstance(node, Text):
            self._write_text(node)
        elif isinstance(node, Rect):
            rx = f' rx="{fmt(node.rx)}"' if node.rx else ""
            out.append(
                f'<rect x="{fmt(node.x)}" y="{fmt(node.y)}" width="{fmt(node.width)}"'
                f' height="{fmt(node.height)}"{rx}'
                f"{self._fill(node.fill, node.fill_opacity)}{self._stroke(node.stroke)}/>"
            )
        elif isinstance(node, Polygon):
            points = " ".join(f"{fmt(px)},{fmt(py)}" for px, py in node.points)
            out.append(
                f'<polygon points="{points}"{self._fill(node.fill)}{self._stroke(node.stroke)}'
                f"{_opacity('opacity', node.opacity)}/>"
            )
        elif isinstance(node, Path):
            d = "".join(cmd + ",".join(fmt(v) for v in values) for cmd, values in node.commands)
            out.append(
                f'<path d="{d}"{self._fill(node.fill)}{self._stroke(node.stroke)}'
                f"{_opacity('opacity', node.opacity)}/>"
            )
        else:  # pragma: no cover - the Node union is closed
            raise RenderError(f"the svg renderer cannot draw {type(node).__name__}")

    def _write_text(self, node: Text) -> None:
        font: Font = node.font
        color, alpha = split_alpha(node.color)
        attrs = f'x="{fmt(node.x)}" y="{fmt(node.y)}"'
        if font.family != self.family:
            attrs += f' font-family="{_attr(font.family)}"'
        attrs += f' font-size="{fmt(font.size)}"'
        if font.weight != "normal":
            attrs += f' font-weight="{font.weight}"'
        if font.style != "normal":
            attrs += f' font-style="{font.style}"'
        attrs += f' fill="{color}"{_opacity("fill-opacity", alpha * node.opacity)}'
        if node.anchor != "start":
            attrs += f' text-anchor="{node.anchor}"'
        if node.baseline == "middle":
            attrs += ' dominant-baseline="central"'
        if node.underline:
            attrs += ' text-decoration="underline"'
        if node.rotation:
            attrs += f' transform="rotate({fmt(node.rotation)} {fmt(node.x)} {fmt(node.y)})"'
        lines = node.lines
        if any("  " in line or line != line.strip() for line in lines):
            attrs += ' xml:space="preserve"'
        if len(lines) == 1:
            self.out.append(f"<text {attrs}>{_text(lines[0])}</text>")
            return
        spans = []
        for index, line in enumerate(lines):
            dy = "" if index == 0 else f' dy="{fmt(node.line_height)}"'
            spans.append(f'<tspan x="{fmt(node.x)}"{dy}>{_text(line)}</tspan>')
        self.out.append(f"<text {attrs}>{''.join(spans)}</text>")


def _opacity(name: str, value: float) -> str:
    return "" if value >= 0.9995 else f' {name}="{fmt(value)}"'
