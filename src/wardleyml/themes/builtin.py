"""OWM's five ``style`` themes, with the values of its ``mapstyles.ts``.

Deliberate differences from OWM's drawing (OWM bugs, see ``docs/themes.md``):

- labels use the theme's text colours (OWM draws every component label and the
  title black, which is illegible on ``dark``; evolved labels are red as intended);
- text is legible on what it is written on (WCAG contrast 4.5:1, tested): evolved
  labels a darker red (OWM's ``#ff0000`` on white is 4:1, ``colour``'s ``#ea7f5b``
  2.7:1) while evolved circles and arrows keep OWM's colours, and the names of the
  pioneers/settlers/town planners areas dark on light themes (OWM writes them white on
  pale blue);
- ``handwritten`` annotation discs are white (OWM's empty fill paints them black);
- on ``dark``, inertia bars and the title are light, like the other text.
"""

from __future__ import annotations

from .model import TextStyle, TextStyles, Theme

__all__ = ["COLOUR", "DARK", "HANDWRITTEN", "PLAIN", "WARDLEY"]

_HELVETICA = '"Helvetica Neue", Helvetica, Arial, "DejaVu Sans", sans-serif'


def _texts(
    *,
    label: float,
    note: float,
    context: float,
    color: str = "#000000",
    evolved: str = "#d00000",
    anchor_color: str | None = None,
    pst_color: str = "#000000",
    grid: str | None = None,
    title_family: str | None = None,
) -> TextStyles:
    """The text roles of a theme from the few values OWM varies between themes."""
    grid = grid or color
    return TextStyles(
        # OWM always writes the title in Helvetica, whatever the theme's font.
        title=TextStyle(size=20, color=color, weight="bold", line_height=24, family=title_family),
        component=TextStyle(size=label, color=color),
        evolved=TextStyle(size=label, color=evolved),
        anchor=TextStyle(size=label, color=anchor_color or color),
        note=TextStyle(size=note, color=color, weight="bold"),
        link_context=TextStyle(size=context, color=color, line_height=context + 2),
        flow_value=TextStyle(size=label, color=color),
        axis_title=TextStyle(size=13, color=grid, weight="bold"),
        stage=TextStyle(size=13, color=grid, style="italic", line_height=13),
        corner=TextStyle(size=11, color=grid, weight="bold"),
        annotation_number=TextStyle(size=14, color="#000000", weight="bold"),
        legend_title=TextStyle(size=14, color="#000000", weight="bold", line_height=18),
        legend=TextStyle(size=14, color="#000000", line_height=18),
        pst=TextStyle(size=12, color=pst_color, weight="bold"),
        accelerator=TextStyle(size=12, color=color, style="italic"),
    )


PLAIN = Theme(
    name="plain",
    text=_texts(label=14, note=12, context=11),
)

WARDLEY = Theme(
    name="wardley",
    # A darker red: the gradient's grey ends are darker than white.
    text=_texts(label=12, note=14, context=11, title_family=_HELVETICA, evolved="#b00000"),
    font_family='Consolas, "Lucida Console", "DejaVu Sans Mono", monospace',
    raster_font_family="DejaVu Sans Mono",
    background_gradient=((0.0, "#c4c4c4"), (0.3, "#ffffff"), (0.7, "#ffffff"), (1.0, "#c4c4c4")),
    separator_color="#b8b8b8",
    corner_labels=True,
)

HANDWRITTEN = Theme(
    name="handwritten",
    text=_texts(label=12, note=14, context=11, title_family=_HELVETICA),
    font_family='"Gloria Hallelujah", "Comic Sans MS", "Comic Neue", cursive, "DejaVu Sans"',
    raster_font_family="DejaVu Sans",
)

COLOUR = Theme(
    name="colour",
    text=_texts(label=14, note=14, context=10, color="#486b1a", evolved="#b3461c", grid="#000000"),
    axis_color="#c23667",
    axis_width=3.0,
    separator_color="#b8b8b8",
    component_radius=7.0,
    component_stroke="#8cb358",
    component_stroke_width=2.0,
    evolved_stroke="#ea7f5b",
    link_color="#5c5c5c",
    evolved_link_color="#ea7f5b",
    evolved_link_width=2.0,
    flow_width=1.0,
    market_stroke="#8cb358",
    annotation_fill="#99c5ee",
    annotation_stroke="#015fa5",
)

_DARK_TEXT = "rgba(255,255,255,0.8)"

DARK = Theme(
    name="dark",
    text=_texts(
        label=13,
        note=12,
        context=10,
        color=_DARK_TEXT,
        evolved="#90caf9",
        grid=_DARK_TEXT,
        pst_color="#ffffff",
    ),
    background="#353347",
    axis_color="#ffffff",
    separator_color="#ffffff",
    component_stroke="#ffffff",
    component_fill=_DARK_TEXT,
    evolved_stroke="#90caf9",
    link_color="#ffffff",
    evolved_link_color="#90caf9",
    market_stroke="#ffffff",
    annotation_fill=_DARK_TEXT,
    inertia_color="#ffffff",
    pipeline_stroke="#ffffff",
    submap_glyph_color="#ffffff",
    accelerator_stroke="#ffffff",
)
