"""What the layout needs from a theme: font sizes per text role and symbol sizes.

The layout reads a theme only through :class:`Metrics`, so it works with the theme
model of :mod:`wardleyml.themes` and falls back to OWM's plain-theme numbers for any
value a theme does not have.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Font", "Metrics", "metrics_for"]


@dataclass(frozen=True, slots=True)
class Font:
    """The font a text role is set in (for measuring)."""

    size: float
    line_height: float
    bold: bool = False
    italic: bool = False
    mono: bool = False


_MONO_HINTS = ("mono", "consolas", "courier", "lucida console", "menlo", "monaco")
# OWM's plain theme (OWM-DSL §5.2, §5.3): size, line height, bold, italic.
_PLAIN_FONTS: dict[str, Font] = {
    "title": Font(20, 24, bold=True),
    "component": Font(14, 15),
    "evolved": Font(14, 15),
    "anchor": Font(14, 15),
    "note": Font(12, 15, bold=True),
    "link_context": Font(11, 13),
    "flow_value": Font(14, 15),
    "axis_title": Font(13, 15, bold=True),
    "stage": Font(13, 13, italic=True),
    "corner": Font(11, 13, bold=True),
    "annotation_number": Font(14, 15, bold=True),
    "legend_title": Font(14, 18, bold=True),
    "legend": Font(14, 18),
    "pst": Font(12, 15, bold=True),
    "accelerator": Font(12, 15, italic=True),
}

_PLAIN_SIZES: dict[str, float] = {
    "component_radius": 5.0,
    "method_radius": 15.0,
    "market_radius": 18.0,
    "ecosystem_radius": 30.0,
    "annotation_radius": 15.0,
    "pipeline_square": 10.0,
    "pipeline_box_height": 22.0,
    "pipeline_padding": 15.0,
    "inertia_width": 6.0,
    "inertia_height": 20.0,
    "accelerator_size": 50.0,
    "legend_padding": 6.0,
    "submap_glyph_size": 18.0,
}


class Metrics:
    """Font and symbol sizes read from a theme, with OWM plain fallbacks.

    Parameters
    ----------
    theme
        A :class:`wardleyml.themes.Theme` (or anything with the same attributes), or
        ``None`` for OWM's plain theme.
    """

    def __init__(self, theme: Any = None) -> None:
        self.theme = theme
        self.corner_labels = bool(getattr(theme, "corner_labels", False))
        self._fonts: dict[str, Font] = {}
        for name, value in _PLAIN_SIZES.items():
            setattr(self, name, float(getattr(theme, name, value)))

    # Declared for type checkers; set in __init__.
    component_radius: float
    method_radius: float
    market_radius: float
    ecosystem_radius: float
    annotation_radius: float
    pipeline_square: float
    pipeline_box_height: float
    pipeline_padding: float
    inertia_width: float
    inertia_height: float
    accelerator_size: float
    legend_padding: float
    submap_glyph_size: float

    def font(self, role: str) -> Font:
        """The font of a text role (``"component"``, ``"note"``, ...)."""
        found = self._fonts.get(role)
        if found is not None:
            return found
        fallback = _PLAIN_FONTS[role]
        style = None
        text_style = getattr(self.theme, "text_style", None)
        if callable(text_style):
            try:
                style = text_style(role)
            except (KeyError, AttributeError):
                style = None
        if style is None:
            found = fallback
        else:
            family = getattr(self.theme, "family", None)
            stack = str(family(role)) if callable(family) else ""
            found = Font(
                float(getattr(style, "size", fallback.size)),
                float(getattr(style, "line_height", fallback.line_height)),
                getattr(style, "weight", "normal") == "bold",
                getattr(style, "style", "normal") == "italic",
                _is_mono(stack),
            )
        self._fonts[role] = found
        return found


def metrics_for(theme: Any, style_name: str) -> Metrics:
    """Metrics of ``theme``: a theme, a registered name, or ``None`` for the map's style.

    Any other object with a theme's attributes is measured as it is (missing values
    fall back to OWM's plain theme).
    """
    from .. import themes  # light: data classes and a registry

    if theme is None or isinstance(theme, str):
        theme = themes.for_map(theme, style_name)
    return Metrics(theme)


def _is_mono(stack: str) -> bool:
    """Whether the first family of a CSS font stack is monospaced (by name)."""
    first = stack.split(",")[0].strip().strip("\"'").lower()
    return any(hint in first for hint in _MONO_HINTS)
