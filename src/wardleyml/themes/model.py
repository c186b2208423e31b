"""The theme model: every colour, font, stroke and symbol size a map is drawn with.

A :class:`Theme` is plain frozen data. The layout layer reads font sizes and symbol
radii from it (to measure labels and keep them off symbols); the scene builder reads
everything else. Sizes are pixels at the map's drawing size (the unit of OWM's
``label [dx, dy]`` offsets); colours are CSS colour strings.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from .._values import value_semantics

__all__ = [
    "FontStyle",
    "FontWeight",
    "MethodStyle",
    "PstStyle",
    "TextRole",
    "TextStyle",
    "TextStyles",
    "Theme",
]

FontWeight = Literal["normal", "bold"]
FontStyle = Literal["normal", "italic"]

TextRole = Literal[
    "title",
    "component",
    "evolved",
    "anchor",
    "note",
    "link_context",
    "flow_value",
    "axis_title",
    "stage",
    "corner",
    "annotation_number",
    "legend_title",
    "legend",
    "pst",
    "accelerator",
]
"""Every kind of text on a map; :meth:`Theme.text_style` takes one of these."""


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class TextStyle:
    """How one kind of text looks.

    Parameters
    ----------
    size
        Font size in pixels.
    color
        CSS colour of the glyphs.
    weight, style
        ``"normal"``/``"bold"`` and ``"normal"``/``"italic"``.
    line_height
        Distance between the baselines of a multi-line text, in pixels.
    family
        A CSS font stack for this role only; ``None`` uses :attr:`Theme.font_family`.
    """

    size: float
    color: str = "black"
    weight: FontWeight = "normal"
    style: FontStyle = "normal"
    line_height: float = 15.0
    family: str | None = None


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class TextStyles:
    """One :class:`TextStyle` per text role (see :data:`TextRole`)."""

    title: TextStyle
    component: TextStyle
    """Component, submap and pipeline-member names, and flow values."""
    evolved: TextStyle
    """Names of evolved copies (red in OWM's light themes)."""
    anchor: TextStyle
    note: TextStyle
    link_context: TextStyle
    """The ``; context`` text written along a link."""
    flow_value: TextStyle
    """The value of a ``+'value'>`` flow, written at the end component."""
    axis_title: TextStyle
    """"Value Chain" and "Evolution"."""
    stage: TextStyle
    """Stage labels under the evolution axis (both lines)."""
    corner: TextStyle
    """"Uncharted" / "Industrialised" (themes with :attr:`Theme.corner_labels`)."""
    annotation_number: TextStyle
    legend_title: TextStyle
    legend: TextStyle
    pst: TextStyle
    """"Pioneers", "Settlers", "Town Planners" inside their areas."""
    accelerator: TextStyle


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class MethodStyle:
    """The disc drawn under a component that is built, bought or outsourced."""

    fill: str
    stroke: str


@value_semantics
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class PstStyle:
    """A pioneers, settlers or town planners area."""

    fill: str
    stroke: str


def _default_methods() -> dict[str, MethodStyle]:
    return {
        "build": MethodStyle(fill="#d6d6d6", stroke="#000000"),
        "buy": MethodStyle(fill="#aaa5a9", stroke="#d6d6d6"),
        "outsource": MethodStyle(fill="#444444", stroke="#444444"),
    }


def _default_pst() -> dict[str, PstStyle]:
    return {
        "pioneers": PstStyle(fill="#3ccaf8", stroke="#3490dd"),
        "settlers": PstStyle(fill="#599afa", stroke="#396dc0"),
        "townplanners": PstStyle(fill="#936ff9", stroke="#4768c8"),
    }


@value_semantics
@dataclass(frozen=True, repr=False, eq=False)
class Theme:
    """Everything a map is drawn with, apart from geometry.

    Build a variant of an existing theme with :meth:`derive`::

        >>> from wardleyml import themes
        >>> big = themes.get("plain").derive(name="big", component_radius=8)
        >>> big.component_radius, big.text.component.size
        (8, 14)

    The field names are stable: later versions add fields, never rename them.
    """

    name: str
    text: TextStyles

    # -- fonts
    font_family: str = '"Helvetica Neue", Helvetica, Arial, "DejaVu Sans", sans-serif'
    """CSS font stack written into SVG (the viewer picks the first it has)."""
    raster_font_family: str = "DejaVu Sans"
    """Font for PNG/PDF: one that ships with matplotlib, so rasters look alike everywhere."""

    # -- canvas
    background: str = "#ffffff"
    """Colour of the whole canvas."""
    background_gradient: tuple[tuple[float, str], ...] | None = None
    """Horizontal gradient ``(offset 0..1, colour)`` stops over the map area, or ``None``."""

    # -- axes and stages
    axis_color: str = "#000000"
    axis_width: float = 1.0
    value_chain_dash: tuple[float, ...] = (2.0, 2.0)
    """Dash pattern of the value-chain (vertical) axis; ``()`` for a solid line."""
    axis_arrow_size: float = 12.0
    """Length of the arrowhead at the right end of the evolution axis."""
    separator_color: str = "#000000"
    separator_width: float = 1.0
    separator_dash: tuple[float, ...] = (2.0, 2.0)
    corner_labels: bool = False
    """Write "Uncharted" top left and "Industrialised" top right (OWM's wardley style)."""

    # -- components
    component_radius: float = 5.0
    component_stroke: str = "#000000"
    component_stroke_width: float = 1.0
    component_fill: str = "#ffffff"
    evolved_stroke: str = "#ff0000"
    evolved_fill: str = "#ffffff"

    # -- links and evolution
    link_color: str = "#808080"
    link_width: float = 1.0
    evolved_link_color: str = "#ff0000"
    """Colour of evolve arrows (and of links between evolved copies)."""
    evolved_link_width: float = 1.0
    evolve_dash: tuple[float, ...] = (5.0, 5.0)
    evolve_arrow_size: float = 10.0
    """Length of the arrowhead of an evolve arrow."""
    evolve_arrow_gap: float = 5.0
    """How far short of the evolved copy's edge the evolve arrow's tip stops."""
    flow_color: str = "#99c5ee9e"
    flow_width: float = 10.0
    dotted_dash: tuple[float, ...] = (1.0, 3.0)
    """Dash pattern for links styled ``dotted`` (``dashed`` uses :attr:`evolve_dash`)."""

    # -- symbols
    method_radius: float = 15.0
    methods: dict[str, MethodStyle] = field(default_factory=_default_methods)
    """Disc colours per method: ``"build"``, ``"buy"``, ``"outsource"``."""
    market_radius: float = 18.0
    market_stroke: str = "#000000"
    market_node_radius: float = 5.0
    market_node_stroke_width: float = 3.0
    market_triangle_radius: float = 10.0
    market_triangle_color: str = "#000000"
    market_triangle_width: float = 2.0
    market_triangle_opacity: float = 0.8
    ecosystem_radius: float = 30.0
    ecosystem_fill: str = "#d7d7d7"
    ecosystem_ring_radius: float = 25.0
    ecosystem_ring_stroke: str = "#9e9b9e"
    ecosystem_hatch_color: str = "#808080"
    ecosystem_hatch_opacity: float = 0.5
    ecosystem_hatch_spacing: float = 4.0
    ecosystem_core_radius: float = 10.0
    ecosystem_core_stroke: str = "#6e6e6e"
    inertia_color: str = "#000000"
    inertia_width: float = 6.0
    inertia_height: float = 20.0
    pipeline_square: float = 10.0
    """Side of the square drawn for a component that names a pipeline."""
    pipeline_stroke: str = "#000000"
    pipeline_stroke_width: float = 1.0
    pipeline_box_height: float = 22.0
    pipeline_padding: float = 15.0
    """How far the pipeline box reaches beyond its first and last member."""
    submap_glyph_size: float = 18.0
    submap_glyph_color: str = "#000000"

    # -- annotations, notes, areas, accelerators
    annotation_radius: float = 15.0
    annotation_fill: str = "#ffffff"
    annotation_stroke: str = "#595959"
    annotation_stroke_width: float = 2.0
    legend_fill: str = "#ffffff"
    legend_stroke: str = "#595959"
    legend_stroke_width: float = 1.0
    legend_padding: float = 6.0
    pst: dict[str, PstStyle] = field(default_factory=_default_pst)
    """Area colours per attitude: ``"pioneers"``, ``"settlers"``, ``"townplanners"``."""
    pst_fill_opacity: float = 0.4
    pst_stroke_opacity: float = 0.7
    pst_stroke_width: float = 1.0
    pst_corner_radius: float = 4.0
    accelerator_size: float = 50.0
    """Width and height of the (de)accelerator block arrow."""
    accelerator_fill: str = "#808080"
    """Colour the accelerator's gradient runs to (from white)."""
    accelerator_opacity: float = 0.8
    accelerator_stroke: str = "#000000"

    # -- derived

    def text_style(self, role: TextRole | str) -> TextStyle:
        """The :class:`TextStyle` of a text role such as ``"component"``."""
        try:
            style: TextStyle = getattr(self.text, role)
        except AttributeError:
            roles = ", ".join(f.name for f in dataclasses.fields(TextStyles))
            raise KeyError(f"no text role {role!r}; roles: {roles}") from None
        return style

    def font_size(self, role: TextRole | str) -> float:
        """Font size in pixels of a text role."""
        return self.text_style(role).size

    def family(self, role: TextRole | str) -> str:
        """The CSS font stack used for a text role."""
        return self.text_style(role).family or self.font_family

    def symbol_radius(self, kind: str) -> float:
        """Radius of the round symbol drawn for ``kind``, for keeping labels clear of it.

        ``kind`` is ``"component"``, ``"method"``, ``"market"``, ``"ecosystem"``,
        ``"annotation"`` or ``"pipeline"`` (half the square's diagonal).
        """
        radii = {
            "component": self.component_radius,
            "method": self.method_radius,
            "market": self.market_radius,
            "ecosystem": self.ecosystem_radius,
            "annotation": self.annotation_radius,
            "pipeline": self.pipeline_square * 0.7072,
        }
        try:
            return radii[kind]
        except KeyError:
            raise KeyError(f"no symbol {kind!r}; symbols: {', '.join(radii)}") from None

    def derive(self, **changes: Any) -> Theme:
        """A copy of the theme with ``changes`` applied (fields of :class:`Theme`).

        Text roles can be changed with ``text={"note": TextStyle(...)}`` (a mapping of
        the roles to replace) or with a whole :class:`TextStyles`.
        """
        text = changes.get("text")
        if isinstance(text, dict):
            changes["text"] = dataclasses.replace(self.text, **text)
        for name in ("methods", "pst"):
            if name in changes:
                changes[name] = {**getattr(self, name), **changes[name]}
        return dataclasses.replace(self, **changes)

    def __hash__(self) -> int:
        return hash(repr(self))
