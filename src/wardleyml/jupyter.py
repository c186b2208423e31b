"""Maps in Jupyter: rich display and the ``%%wardley`` cell magic.

A :class:`~wardleyml.WardleyMap` displays itself as SVG (its ``_repr_mimebundle_``
calls :func:`mimebundle`); :func:`set_format` switches notebooks to PNG. Display
never raises: a map that cannot be drawn shows why, as text.

Every SVG carries ids derived from the map's content (``wm-<digest>-...``), so two
different maps in one notebook never share an id, and the same map shown twice
shares identical definitions, which is harmless.

The cell magic draws OWM text written in a cell::

    %load_ext wardleyml

    %%wardley --theme wardley --size 800x500
    title Tea Shop
    anchor Business [0.95, 0.63]
    component Cup of Tea [0.79, 0.61]
    Business->Cup of Tea

IPython is imported only by :func:`load_ipython_extension`; this module itself is
cheap to import.
"""

from __future__ import annotations

import argparse
import shlex
import struct
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model.map import WardleyMap

__all__ = [
    "Drawing",
    "get_format",
    "load_ipython_extension",
    "mimebundle",
    "set_format",
    "wardley_magic",
]

SVG = "image/svg+xml"
PNG = "image/png"
TEXT = "text/plain"

_MIME = {"svg": SVG, "png": PNG}
_PNG_SCALE = 2.0
"""PNGs are drawn at twice the size and shown at half: sharp on high-DPI screens."""

_settings: dict[str, Any] = {"format": "svg", "options": {}}


def set_format(format: str, **options: Any) -> None:
    """Choose how maps display in notebooks: ``"svg"`` (the default) or ``"png"``.

    Parameters
    ----------
    format
        ``"svg"`` or ``"png"``. PNGs are drawn at scale 2 and shown at half that
        size, so they stay sharp on high-DPI screens.
    **options
        Render options for every displayed map, for example ``theme="dark"``.

    Examples
    --------
    >>> import wardleyml.jupyter
    >>> wardleyml.jupyter.set_format("png", theme="wardley")
    >>> wardleyml.jupyter.get_format()
    'png'
    >>> wardleyml.jupyter.set_format("svg")
    """
    fmt = str(format).lower().lstrip(".")
    if fmt not in _MIME:
        from .errors import UnknownNameError

        raise UnknownNameError(f"notebooks show maps as svg or png, not {format!r}")
    _settings["format"] = fmt
    _settings["options"] = dict(options)


def get_format() -> str:
    """The display format currently chosen with :func:`set_format`."""
    return str(_settings["format"])


def mimebundle(
    m: Any,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
    *,
    format: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any] | tuple[dict[str, Any], dict[str, Any]]:
    """The display data of a map: an image and a ``text/plain`` summary.

    Only the requested types are drawn (``include``/``exclude``, as IPython asks).
    Nothing here raises: if drawing fails, the bundle holds the reason as text.

    Returns
    -------
    dict or (dict, dict)
        The data by MIME type, and, for PNG, metadata giving the display size.
    """
    try:
        wanted = set(include) if include is not None else None
        unwanted = set(exclude or ())
        fmt = (format or get_format()).lower()
        mime = _MIME.get(fmt, SVG)
        render_options = {**_settings["options"], **(options or {})}
        data: dict[str, Any] = {}
        metadata: dict[str, Any] = {}
        problem: str | None = None
        if (wanted is None or mime in wanted) and mime not in unwanted:
            try:
                if mime == PNG:
                    render_options.setdefault("scale", _PNG_SCALE)
                    png = m.render("png", **render_options)
                    data[PNG] = png
                    size = _png_size(png)
                    if size is not None:
                        scale = float(render_options["scale"])
                        width, height = size
                        metadata[PNG] = {
                            "width": round(width / scale),
                            "height": round(height / scale),
                        }
                else:
                    data[SVG] = m.render("svg", **render_options).decode("utf-8")
            except Exception as exc:  # display must never raise
                problem = f"could not draw the map: {type(exc).__name__}: {exc}"
        if ((wanted is None or TEXT in wanted) and TEXT not in unwanted) or problem:
            data[TEXT] = _text(m, problem)
        return (data, metadata) if metadata else data
    except Exception as exc:  # pragma: no cover - last resort: a repr that cannot fail
        return {TEXT: f"<WardleyMap: display failed: {type(exc).__name__}: {exc}>"}


def _text(m: Any, problem: str | None) -> str:
    """``repr`` of the map, how many problems it has, and why it was not drawn."""
    lines = [repr(m)]
    diagnostics = getattr(m, "diagnostics", ())
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    if errors or warnings:
        parts = []
        if errors:
            parts.append(f"{errors} error{'s' if errors != 1 else ''}")
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        lines.append(f"{' and '.join(parts)}: see .diagnostics")
    if problem:
        lines.append(problem)
    return "\n".join(lines)


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Pixel size from a PNG's IHDR chunk."""
    if len(data) >= 24 and data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return None


class Drawing:
    """A map shown with particular options (what the ``%%wardley`` magic displays).

    Parameters
    ----------
    m
        The map.
    format
        ``"svg"`` or ``"png"``; ``None`` uses :func:`get_format`.
    **options
        Render options (``theme``, ``size``, ``scale``, ...).
    """

    def __init__(self, m: WardleyMap, format: str | None = None, **options: Any) -> None:
        self.map = m
        self.format = format
        self.options = options

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, Any] | tuple[dict[str, Any], dict[str, Any]]:
        return mimebundle(self.map, include, exclude, format=self.format, options=self.options)

    def __repr__(self) -> str:
        return repr(self.map)


# -- the %%wardley cell magic ------------------------------------------------------------


class _MagicArgumentError(Exception):
    pass


class _MagicParser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise _MagicArgumentError(message)


def _magic_parser() -> argparse.ArgumentParser:
    parser = _MagicParser(
        prog="%%wardley",
        description="Draw the OWM map written in the cell.",
        add_help=False,
    )
    parser.add_argument("--theme", "-t", help="theme name (default: the map's style)")
    parser.add_argument("--size", "-s", help="map area in pixels, as WIDTHxHEIGHT")
    parser.add_argument("--scale", type=float, help="size factor of the picture")
    parser.add_argument("--format", "-f", choices=("svg", "png"), help="svg or png")
    parser.add_argument("--name", "-n", help="also keep the map in this variable")
    return parser


def _size(text: str) -> tuple[float, float]:
    parts = text.lower().replace(",", "x").split("x")
    try:
        width, height = (float(p) for p in parts)
    except ValueError:
        raise _MagicArgumentError(
            f"--size takes WIDTHxHEIGHT, such as 800x600, not {text!r}"
        ) from None
    if width <= 0 or height <= 0:
        raise _MagicArgumentError(f"--size must be positive: {text!r}")
    return width, height


def wardley_magic(line: str, cell: str, namespace: dict[str, Any] | None = None) -> Drawing:
    """What ``%%wardley`` does: read the cell as a map and draw it with the line's options.

    Problems in the map are printed above the picture (the picture hides a
    ``text/plain`` part). With ``--name m`` the map is also stored as ``m``.

    Raises
    ------
    ValueError
        For options that are not understood (IPython shows the message).
    """
    import wardleyml as wm

    try:
        args = _magic_parser().parse_args(shlex.split(line))
    except _MagicArgumentError as exc:
        raise ValueError(f"%%wardley: {exc}") from None
    options: dict[str, Any] = {}
    if args.theme:
        from . import themes
        from .errors import UnknownNameError

        try:
            themes.get(args.theme)
        except UnknownNameError as exc:
            raise ValueError(f"%%wardley: {exc}") from None
        options["theme"] = args.theme
    if args.size:
        try:
            options["size"] = _size(args.size)
        except _MagicArgumentError as exc:
            raise ValueError(f"%%wardley: {exc}") from None
    if args.scale is not None:
        from .renderers.base import check_scale

        try:
            options["scale"] = check_scale(args.scale)
        except wm.WardleyError as exc:
            raise ValueError(f"%%wardley: {exc}") from None
    m = wm.loads(cell, source="<cell>")
    for d in m.diagnostics:
        print(d.format(context=True))
    if args.name and namespace is not None:
        namespace[args.name] = m
    return Drawing(m, args.format, **options)


def load_ipython_extension(ipython: Any) -> None:
    """Register the ``%%wardley`` cell magic (``%load_ext wardleyml``)."""
    from IPython.core.error import UsageError

    def wardley(line: str, cell: str) -> None:
        try:
            drawing = wardley_magic(line, cell, ipython.user_ns)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        from IPython.display import display

        display(drawing)  # type: ignore[no-untyped-call]

    wardley.__doc__ = (
        "Draw the OWM map written in the cell.\n\n"
        "Usage: %%wardley [--theme NAME] [--size WIDTHxHEIGHT] [--scale N] "
        "[--format svg|png] [--name VARIABLE]"
    )
    ipython.register_magic_function(wardley, magic_kind="cell", magic_name="wardley")
