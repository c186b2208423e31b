"""The scene builder: a laid-out map plus a theme becomes a :class:`Scene`.

The layout owns geometry (where every symbol, line and label goes); this module owns
appearance: which shapes make up each OWM symbol, and their colours, strokes and
fonts. Draw order follows OWM (``ElementGrouping.tsx``): background, title, axes,
PST areas, links, evolve arrows, pipelines, anchors, accelerators, components with
their labels, the annotation legend, notes, annotation circles.

Deliberate differences from OWM's drawing (documented in ``docs/rendering.md``):
labels use the theme's text colours, accelerators carry their names, PST areas are
where their coordinates say (OWM shifts them by the viewBox origin) and the
annotation legend has its frame.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..model.checks import safe_url
from ..model.elements import Component, LinkStyle, Submap
from ..themes import Theme
from .colors import parse_color
from .primitives import (
    Circle,
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
)

if TYPE_CHECKING:
    from ..layout.result import (
        AcceleratorMark,
        AnnotationMark,
        AttitudeArea,
        EvolveArrow,
        EvolvedNode,
        InertiaMark,
        Label,
        Layout,
        Legend,
        LinkSegment,
        NoteMark,
        PipelineBox,
    )
    from ..layout.result import Node as LayoutNode
    from ..model.map import ElementKey, WardleyMap

__all__ = ["build_scene"]

_MONO = ("mono", "consolas", "courier", "menlo", "monaco", "lucida console")


def build_scene(
    m: WardleyMap,
    layout: Layout,
    theme: Theme,
    *,
    title: str | None = None,
    description: str | None = None,
) -> Scene:
    """Turn a laid-out map into a styled scene.

    Parameters
    ----------
    m
        The map (for its title, urls and per-element extensions such as colours).
    layout
        Its layout, from :func:`wardleyml.layout_map` with the same theme.
    theme
        The theme to draw with.
    title, description
        Accessible name and summary; by default the map's title and a one-line
        summary of what the map holds.

    Returns
    -------
    Scene
        Groups with stable ids (from each element's position in the map) and roles.
    """
    return _Builder(m, layout, theme).build(title, description)


class _Builder:
    def __init__(self, m: WardleyMap, layout: Layout, theme: Theme) -> None:
        self.m = m
        self.layout = layout
        self.theme = theme
        self.fonts: dict[str, Font] = {}
        self.urls = {u.name: u.address for u in m.urls}
        self.hatch = Hatch(
            "ecosystem-hatch",
            theme.ecosystem_hatch_color,
            theme.ecosystem_hatch_spacing,
            1.0,
            theme.ecosystem_hatch_opacity,
        )

    # -- the whole scene

    def build(self, title: str | None, description: str | None) -> Scene:
        layout, theme = self.layout, self.theme
        children: list[Node] = []
        add = children.append
        if theme.background_gradient:
            add(self._background())
        if layout.title is not None:
            add(Group("title", "title", (self._text(layout.title),)))
        children.extend(self._axes())
        children.extend(self._attitude(a) for a in layout.attitudes)
        children.extend(self._link(link) for link in layout.links)
        children.extend(self._evolve(arrow) for arrow in layout.evolve_arrows)
        children.extend(self._pipeline(p) for p in layout.pipelines)
        nodes = layout.nodes
        children.extend(self._anchor(n) for n in nodes if n.kind == "anchor")
        children.extend(self._accelerator(a) for a in layout.accelerators)
        children.extend(self._inertia(mark) for mark in layout.inertia)
        children.extend(self._component(n) for n in nodes if n.kind != "anchor")
        children.extend(self._evolved(e) for e in layout.evolved)
        if layout.legend is not None:
            children.append(self._legend(layout.legend))
        children.extend(self._note(note) for note in layout.notes)
        children.extend(self._annotation(mark) for mark in layout.annotations)
        x, y, w, h = layout.viewbox.as_viewbox()
        name = title if title is not None else (self.m.title or "Untitled map")
        return Scene(
            width=w,
            height=h,
            view_box=(x, y, w, h),
            children=tuple(children),
            title=f"Wardley map: {name}" if title is None else name,
            description=description if description is not None else self._summary(),
            background=theme.background,
            fingerprint=self._fingerprint(),
        )

    def _fingerprint(self) -> str:
        # The ids must depend on the input only: the map's statements and the theme.
        from ..dsl.writer import write

        digest = hashlib.sha256()
        digest.update(write(self.m).encode("utf-8", "replace"))
        digest.update(repr(self.theme).encode("utf-8", "replace"))
        digest.update(repr(self.layout.viewbox).encode())
        return digest.hexdigest()

    def _summary(self) -> str:
        layout = self.layout
        counts = [
            (sum(1 for n in layout.nodes if n.kind != "anchor"), "component"),
            (sum(1 for n in layout.nodes if n.kind == "anchor"), "anchor"),
            (len(layout.links), "link"),
            (len(layout.evolved), "evolving component"),
            (len(layout.notes), "note"),
        ]
        parts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts if n]
        anchors = [n.name for n in layout.nodes if n.kind == "anchor"][:5]
        text = "A Wardley map with " + (", ".join(parts) if parts else "no components") + "."
        if anchors:
            text += " Anchors: " + ", ".join(anchors) + "."
        return text

    # -- text

    def _font(self, role: str, size: float) -> Font:
        key = f"{role}/{size}"
        found = self.fonts.get(key)
        if found is None:
            theme = self.theme
            style = theme.text_style(role)
            family = theme.family(role)
            raster = theme.raster_font_family
            if style.family is not None:
                first = style.family.split(",")[0].lower()
                raster = "DejaVu Sans Mono" if any(h in first for h in _MONO) else "DejaVu Sans"
            found = Font(size, family, raster, style.weight, style.style)
            self.fonts[key] = found
        return found

    def _text(self, label: Label, role: str | None = None, color: str | None = None) -> Text:
        role = role or label.role
        style = self.theme.text_style(role)
        return Text(
            x=label.x,
            y=label.y,
            lines=label.lines,
            font=self._font(role, label.size),
            color=color or style.color,
            anchor=label.anchor,
            line_height=label.line_height,
            rotation=label.rotation,
        )

    # -- background and axes

    def _background(self) -> Group:
        w, h = self.layout.width, self.layout.height
        stops = tuple(
            (offset, color, 1.0) for offset, color in self.theme.background_gradient or ()
        )
        gradient = LinearGradient("background", 0.0, 0.0, w, 0.0, stops)
        return Group("background", "background", (Rect(0.0, 0.0, w, h, fill=gradient),))

    def _axes(self) -> list[Group]:
        axes = self.layout.axes
        if axes is None:
            return []
        theme = self.theme
        w, h = self.layout.width, self.layout.height
        groups: list[Group] = []
        stroke = Stroke(theme.axis_color, theme.axis_width)
        if axes.show_value_chain:
            shapes: list[Node] = [
                Line(
                    0.0,
                    h,
                    0.0,
                    0.0,
                    Stroke(theme.axis_color, theme.axis_width, theme.value_chain_dash),
                )
            ]
            if axes.value_chain_title is not None:
                shapes.append(self._text(axes.value_chain_title))
            groups.append(
                Group("value-chain-axis", "axis", tuple(shapes), title="Value chain axis")
            )
        if axes.show_evolution:
            size = theme.axis_arrow_size
            half = size / 2
            shapes = [
                Line(0.0, h, w - size * 0.8, h, stroke),
                Polygon(
                    ((w, h), (w - size, h - half), (w - size, h + half)), fill=theme.axis_color
                ),
            ]
            if axes.evolution_title is not None:
                shapes.append(self._text(axes.evolution_title))
            groups.append(Group("evolution-axis", "axis", tuple(shapes), title="Evolution axis"))
        stages: list[Node] = []
        if axes.show_evolution:
            separator = Stroke(theme.separator_color, theme.separator_width, theme.separator_dash)
            stages.extend(
                Line(x, axes.separator_bottom, x, 0.0, separator) for x in axes.separators
            )
            stages.extend(self._text(label) for label in axes.stage_labels if label.text.strip())
        stages.extend(self._text(label) for label in axes.corner_labels)
        if stages:
            groups.append(Group("stages", "stages", tuple(stages)))
        return groups

    # -- areas, links, evolution

    def _attitude(self, area: AttitudeArea) -> Group:
        theme = self.theme
        colors = theme.pst.get(area.attitude) or next(iter(theme.pst.values()))
        box = area.box
        rect = Rect(
            box.x0,
            box.y0,
            box.width,
            box.height,
            fill=colors.fill,
            fill_opacity=theme.pst_fill_opacity,
            stroke=Stroke(colors.stroke, theme.pst_stroke_width, opacity=theme.pst_stroke_opacity),
            rx=theme.pst_corner_radius,
        )
        return Group(
            _slug("pst", area.key), "pst", (rect, self._text(area.label)), title=area.label.text
        )

    def _link(self, link: LinkSegment) -> Group:
        theme = self.theme
        stroke = self._link_stroke(link.element.style)
        shapes: list[Node] = [Line(link.x1, link.y1, link.x2, link.y2, stroke)]
        if link.kind == "flow":
            shapes.append(
                Line(link.x1, link.y1, link.x2, link.y2, Stroke(theme.flow_color, theme.flow_width))
            )
        if link.context is not None:
            shapes.append(self._text(link.context))
        if link.flow_value is not None:
            shapes.append(self._text(link.flow_value))
        element = link.element
        role = "flow" if link.kind == "flow" else "link"
        return Group(
            _slug("link", link.key), role, tuple(shapes), title=f"{element.start} → {element.end}"
        )

    def _link_stroke(self, style: LinkStyle | None) -> Stroke:
        theme = self.theme
        if style is None:
            return Stroke(theme.link_color, theme.link_width)
        color = _checked_color(style.color, theme.link_color)
        width = style.width if style.width is not None else theme.link_width
        dash: tuple[float, ...] = ()
        if style.dash == "dashed":
            dash = tuple(d * max(width, 1.0) for d in theme.evolve_dash)
        elif style.dash == "dotted":
            dash = tuple(d * max(width, 1.0) for d in theme.dotted_dash)
        return Stroke(color, width, dash, cap="round" if style.dash == "dotted" else "butt")

    def _evolve(self, arrow: EvolveArrow) -> Group:
        theme = self.theme
        target = self._evolved_radius(arrow.key)
        dx, dy = arrow.x2 - arrow.x1, arrow.y2 - arrow.y1
        length = math.hypot(dx, dy)
        shapes: list[Node] = []
        if length > 0:
            ux, uy = dx / length, dy / length
            tip = max(length - target - theme.evolve_arrow_gap, 0.0)
            size = min(theme.evolve_arrow_size, tip)
            tx, ty = arrow.x1 + ux * tip, arrow.y1 + uy * tip
            bx, by = tx - ux * size, ty - uy * size
            half = size / 2
            stroke = Stroke(theme.evolved_link_color, theme.evolved_link_width, theme.evolve_dash)
            shapes.append(Line(arrow.x1, arrow.y1, bx, by, stroke))
            if size > 0:
                shapes.append(
                    Polygon(
                        (
                            (tx, ty),
                            (bx - uy * half, by + ux * half),
                            (bx + uy * half, by - ux * half),
                        ),
                        fill=theme.evolved_link_color,
                    )
                )
        return Group(_slug("evolve", arrow.key), "evolve", tuple(shapes))

    def _evolved_radius(self, key: ElementKey) -> float:
        for node in self.layout.evolved:
            if node.key == key:
                element = node.element
                if element.ecosystem:
                    return self.theme.ecosystem_radius
                if element.market:
                    return self.theme.market_radius
                if element.method:
                    return self.theme.method_radius
                return self.theme.component_radius
        return self.theme.component_radius

    def _pipeline(self, pipe: PipelineBox) -> Group:
        theme = self.theme
        box = pipe.box
        stroke = Stroke(theme.pipeline_stroke, theme.pipeline_stroke_width)
        shapes: list[Node] = [Rect(box.x0, box.y0, box.width, box.height, fill=None, stroke=stroke)]
        shapes.extend(
            Circle(
                x,
                y,
                theme.component_radius,
                fill=theme.component_fill,
                stroke=Stroke(theme.component_stroke, theme.component_stroke_width),
            )
            for x, y in pipe.ends
        )
        return Group(
            _slug("pipeline", pipe.key), "pipeline", tuple(shapes), title=pipe.element.name
        )

    # -- nodes

    def _anchor(self, node: LayoutNode) -> Group:
        shapes: tuple[Node, ...] = (self._text(node.label),) if node.label is not None else ()
        return Group(_slug("anchor", node.key), "anchor", shapes, title=node.name)

    def _inertia(self, mark: InertiaMark) -> Group:
        box = mark.box
        rect = Rect(box.x0, box.y0, box.width, box.height, fill=self.theme.inertia_color)
        return Group(_slug("inertia", mark.key), "inertia", (rect,), title="inertia")

    def _component(self, node: LayoutNode) -> Group:
        theme = self.theme
        element = node.element
        x, y = node.x, node.y
        method = getattr(element, "method", None)
        market = bool(getattr(element, "market", False))
        ecosystem = bool(getattr(element, "ecosystem", False))
        custom = getattr(element, "color", None) if isinstance(element, Component) else None
        stroke_color = _checked_color(custom, theme.component_stroke)
        shapes: list[Node] = []
        shapes.extend(self._symbol(x, y, method, market, ecosystem, stroke_color))
        if node.shape == "square":
            side = theme.pipeline_square
            shapes.append(
                Rect(
                    x - side / 2,
                    y - side / 2,
                    side,
                    side,
                    fill=theme.component_fill,
                    stroke=Stroke(stroke_color, theme.pipeline_stroke_width),
                )
            )
        elif not (market or ecosystem):  # those symbols have their own centre
            shapes.append(
                Circle(
                    x,
                    y,
                    theme.component_radius,
                    fill=theme.component_fill,
                    stroke=Stroke(stroke_color, theme.component_stroke_width),
                )
            )
        href = None
        if isinstance(element, Submap):
            shapes.append(self._submap_glyph(x, y))
            href = self._submap_href(element)
        if node.label is not None:
            shapes.append(self._text(node.label))
        role = "submap" if isinstance(element, Submap) else "component"
        return Group(_slug(role, node.key), role, tuple(shapes), title=node.name, href=href)

    def _evolved(self, node: EvolvedNode) -> Group:
        theme = self.theme
        element = node.element
        shapes: list[Node] = list(
            self._symbol(
                node.x,
                node.y,
                element.method,
                element.market,
                element.ecosystem,
                theme.evolved_stroke,
            )
        )
        if not (element.market or element.ecosystem):
            shapes.append(
                Circle(
                    node.x,
                    node.y,
                    theme.component_radius,
                    fill=theme.evolved_fill,
                    stroke=Stroke(theme.evolved_stroke, theme.component_stroke_width),
                )
            )
        if node.label is not None:
            shapes.append(self._text(node.label))
        return Group(_slug("evolved", node.key), "evolved", tuple(shapes), title=node.name)

    def _symbol(
        self,
        x: float,
        y: float,
        method: str | None,
        market: bool,
        ecosystem: bool,
        stroke_color: str,
    ) -> Iterable[Node]:
        """Method disc, ecosystem rings and market triad around a component centre."""
        theme = self.theme
        if method is not None:
            style = theme.methods.get(method)
            if style is not None:
                yield Circle(
                    x, y, theme.method_radius, fill=style.fill, stroke=Stroke(style.stroke)
                )
        if ecosystem:
            yield Circle(x, y, theme.ecosystem_radius, fill=theme.ecosystem_fill)
            ring = Stroke(theme.ecosystem_ring_stroke)
            yield Circle(x, y, theme.ecosystem_ring_radius, fill="#ffffff", stroke=ring)
            yield Circle(x, y, theme.ecosystem_ring_radius, fill=self.hatch, stroke=ring)
            yield Circle(
                x,
                y,
                theme.ecosystem_core_radius,
                fill="#ffffff",
                stroke=Stroke(theme.ecosystem_core_stroke),
            )
        if market:
            yield Circle(
                x, y, theme.market_radius, fill="#ffffff", stroke=Stroke(stroke_color, 1.0)
            )
            r = theme.market_triangle_radius
            points = tuple(
                (x + r * math.cos(math.radians(a)), y + r * math.sin(math.radians(a)))
                for a in (30.0, 150.0, 270.0)
            )
            yield Polygon(
                points,
                fill=None,
                stroke=Stroke(theme.market_triangle_color, theme.market_triangle_width),
                opacity=theme.market_triangle_opacity,
            )
            node_stroke = Stroke(stroke_color, theme.market_node_stroke_width)
            for px, py in points:
                yield Circle(px, py, theme.market_node_radius, fill="#ffffff", stroke=node_stroke)

    def _submap_glyph(self, x: float, y: float) -> Path:
        """A small "opens another map" glyph left of the circle (OWM's 18 x 18 box)."""
        s = self.theme.submap_glyph_size
        x0, y0 = x - 23.0, y - 8.0
        k = s / 18.0
        # A frame with a gap at the top right and an arrow leaving through it.
        points = [
            ("M", (x0 + 8 * k, y0 + 3 * k)),
            ("L", (x0 + 3 * k, y0 + 3 * k)),
            ("L", (x0 + 3 * k, y0 + 15 * k)),
            ("L", (x0 + 15 * k, y0 + 15 * k)),
            ("L", (x0 + 15 * k, y0 + 10 * k)),
            ("M", (x0 + 9 * k, y0 + 9 * k)),
            ("L", (x0 + 16 * k, y0 + 2 * k)),
            ("M", (x0 + 11 * k, y0 + 2 * k)),
            ("L", (x0 + 16 * k, y0 + 2 * k)),
            ("L", (x0 + 16 * k, y0 + 7 * k)),
        ]
        return Path(
            tuple((cmd, tuple(values)) for cmd, values in points),
            stroke=Stroke(self.theme.submap_glyph_color, 1.5 * k, cap="round"),
        )

    def _submap_href(self, element: Submap) -> str | None:
        if element.url is None:
            return None
        address = self.urls.get(element.url)
        if address is None:
            return None
        # The map check warned about an unsafe address; the picture just leaves it out.
        return safe_url(address)

    # -- accelerators, legend, notes, annotations

    def _accelerator(self, mark: AcceleratorMark) -> Group:
        theme = self.theme
        box = mark.box
        x0, x1, y0, y1 = box.x0, box.x1, box.y0, box.y1
        cy = (y0 + y1) / 2
        w = x1 - x0
        neck = x0 + 0.55 * w
        shaft = (y1 - y0) / 4
        outline = [
            (x0, cy - shaft),
            (neck, cy - shaft),
            (neck, y0),
            (x1, cy),
            (neck, y1),
            (neck, cy + shaft),
            (x0, cy + shaft),
        ]
        if mark.deaccelerator:  # the same arrow pointing left
            outline = [(x0 + x1 - px, py) for px, py in outline]
        start, end = (x1, x0) if mark.deaccelerator else (x0, x1)
        gradient = LinearGradient(
            "accelerator-left" if mark.deaccelerator else "accelerator-right",
            start - x0,
            0.0,
            end - x0,
            0.0,
            ((0.0, "#ffffff", 1.0), (1.0, theme.accelerator_fill, 1.0)),
        )
        # Gradient coordinates are relative to the arrow's box: shift them to it.
        gradient = LinearGradient(
            f"{gradient.name}-{_slug('', mark.key).strip('-')}",
            gradient.x1 + x0,
            y0,
            gradient.x2 + x0,
            y0,
            gradient.stops,
        )
        commands = [("M", outline[0])] + [("L", p) for p in outline[1:]] + [("Z", ())]
        shapes: list[Node] = [
            Path(
                tuple((cmd, tuple(values)) for cmd, values in commands),
                fill=gradient,
                stroke=Stroke(theme.accelerator_stroke, 1.0),
                opacity=theme.accelerator_opacity,
            )
        ]
        if mark.label is not None:
            shapes.append(self._text(mark.label))
        role = "deaccelerator" if mark.deaccelerator else "accelerator"
        return Group(_slug(role, mark.key), "accelerator", tuple(shapes), title=mark.element.name)

    def _legend(self, legend: Legend) -> Group:
        theme = self.theme
        box = legend.box
        shapes: list[Node] = [
            Rect(
                box.x0,
                box.y0,
                box.width,
                box.height,
                fill=theme.legend_fill,
                stroke=Stroke(theme.legend_stroke, theme.legend_stroke_width),
            )
        ]
        title = self._text(legend.title)
        shapes.append(
            Text(
                title.x,
                title.y,
                title.lines,
                title.font,
                title.color,
                title.anchor,
                line_height=title.line_height,
                underline=True,
            )
        )
        shapes.extend(self._text(line) for line in legend.lines)
        return Group("legend", "legend", tuple(shapes), title="Annotations")

    def _note(self, note: NoteMark) -> Group:
        return Group(_slug("note", note.key), "note", (self._text(note.label),))

    def _annotation(self, mark: AnnotationMark) -> Group:
        theme = self.theme
        circle = Circle(
            mark.x,
            mark.y,
            mark.radius,
            fill=theme.annotation_fill,
            stroke=Stroke(theme.annotation_stroke, theme.annotation_stroke_width),
        )
        return Group(
            _slug("annotation", mark.key) + f"-{mark.x:.0f}-{mark.y:.0f}",
            "annotation",
            (circle, self._text(mark.label)),
            title=mark.element.text or f"Annotation {mark.number}",
        )


def _slug(role: str, key: ElementKey) -> str:
    """``component-3`` or ``component-5-2`` from an element key (its place in the map)."""
    return "-".join([role, *(str(k) for k in key)]) if role else "-".join(str(k) for k in key)


def _checked_color(color: str | None, default: str) -> str:
    """A user's CSS colour if it is one we can draw everywhere, else the default."""
    if color is None or parse_color(color) is None:
        return default
    return color
