"""The public drawing functions behind ``wardleyml.render``, ``save`` and ``draw``."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UnknownNameError, WardleyError
from ..model.map import WardleyMap

if TYPE_CHECKING:
    from ..scene.primitives import Scene
    from ..themes.model import Theme

__all__ = ["draw_map", "render_map", "save_map", "scene_of"]

# Options that shape the picture rather than the file; they go to the layout.
_LAYOUT_OPTIONS = ("size", "labels", "move_explicit", "wrap_width", "place", "seed")


def _theme(m: WardleyMap, theme: Any) -> Theme:
    from .. import themes

    return themes.for_map(theme, m.style)


def scene_of(m: WardleyMap, **options: Any) -> Scene:
    """Lay out ``m`` and build its scene.

    Options used: ``theme``, ``title``, ``description`` and the layout options
    ``size``, ``labels``, ``move_explicit``, ``wrap_width``, ``place``, ``seed``.
    """
    if not isinstance(m, WardleyMap):
        raise WardleyError(f"expected a WardleyMap, not {type(m).__name__}")
    from ..layout.api import layout_map
    from ..scene.build import build_scene

    theme = _theme(m, options.get("theme"))
    layout_options = {k: options[k] for k in _LAYOUT_OPTIONS if options.get(k) is not None}
    layout = layout_map(m, theme=theme, **layout_options)
    report = options.get("report")
    if report is not None:
        report.extend(layout.diagnostics)
    return build_scene(
        m, layout, theme, title=options.get("title"), description=options.get("description")
    )


_COMMON_OPTIONS = frozenset(
    {"theme", "renderer", "title", "description", "report", *_LAYOUT_OPTIONS}
)


def _check_options(renderer: Any, options: Mapping[str, Any]) -> None:
    """Refuse misspelt options: a renderer may say which ones it reads.

    Renderers that do not declare ``option_names`` get every option and ignore what
    they do not know (the protocol's rule); the built-in ones declare theirs.
    """
    accepted = getattr(renderer, "option_names", None)
    if accepted is None:
        return
    unknown = sorted(set(options) - _COMMON_OPTIONS - set(accepted))
    if unknown:
        known = ", ".join(sorted(_COMMON_OPTIONS | set(accepted)))
        raise WardleyError(
            f"unknown option {unknown[0]!r} for the {renderer.name} renderer; options are: {known}"
        )


def _render_options(options: Mapping[str, Any]) -> dict[str, Any]:
    skip = _COMMON_OPTIONS
    return {k: v for k, v in options.items() if k not in skip and v is not None}


def render_map(m: WardleyMap, format: str = "svg", **options: Any) -> bytes:
    """Draw a map and return the bytes of the file.

    Parameters
    ----------
    m
        The map.
    format
        ``"svg"``, ``"png"``, ``"pdf"`` or any format a registered renderer writes.
    **options
        ``theme`` (a name or a :class:`~wardleyml.themes.Theme`; default: the map's
        ``style``), ``renderer`` (a renderer name; default: the one for the format),
        ``scale`` (size multiplier; 2 for hi-DPI PNG), ``dpi`` (PNG), ``title`` and
        ``description`` (accessible text), layout options (``size``, ``labels``,
        ``wrap_width``, ...), ``report`` (a list: the layout's warnings, such as
        labels it could not keep apart, are appended to it). Other options go to the
        renderer.

    Raises
    ------
    wardleyml.UnknownNameError
        For an unknown format, renderer or theme (the message lists the known ones).
    wardleyml.RenderError
        If the map cannot be drawn.
    """
    from .registry import for_format

    renderer, fmt = for_format(format, options.get("renderer"))
    _check_options(renderer, options)
    scene = scene_of(m, **options)
    return renderer.render(scene, fmt, options=_render_options(options))


def save_map(m: WardleyMap, path: str | os.PathLike[str], **options: Any) -> Path:
    """Draw a map into a file, the format chosen by its extension (or ``format=``).

    The file is written whole or not at all (through a temporary file and a rename).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    from .._files import write_atomic

    target = Path(os.fspath(path))
    fmt = options.pop("format", None) or target.suffix
    if not fmt:
        raise UnknownNameError(
            f"{target}: no file extension to choose the format from; "
            "add one (.svg, .png, .pdf) or pass format="
        )
    data = render_map(m, str(fmt), **options)
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise WardleyError(f"{target}: cannot write it ({exc.strerror or exc})") from None
    return target


def draw_map(m: WardleyMap, ax: Any = None, **options: Any) -> Any:
    """Draw a map onto a matplotlib ``Axes`` and return the ``Axes``.

    With ``ax=None`` a new :class:`matplotlib.figure.Figure` (not pyplot: nothing is
    shown or kept open) of the map's size is made; get it with ``ax.figure``.
    """
    from .registry import get

    name = options.get("renderer") or "matplotlib"
    renderer = get(name)
    draw = getattr(renderer, "draw", None)
    if not callable(draw):
        raise UnknownNameError(f"the {renderer.name} renderer cannot draw onto an Axes")
    scene = scene_of(m, **options)
    if ax is None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=(scene.width / 72.0, scene.height / 72.0), dpi=72.0)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        return draw(scene, ax)
