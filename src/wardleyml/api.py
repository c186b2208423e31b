"""The public functions: read and write maps, check them, draw them.

Each function composes the layers (``dsl`` → ``model`` → ``layout`` → ``render``);
the command line, the notebook display and the documentation plugins call only these.
Modules of later layers are imported when first needed, so reading a map does not
import networkx or matplotlib.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ._gc import no_cyclic_gc
from .dsl import NotText, decode, parse, write
from .dsl.includes import included_files, resolve_includes
from .errors import Diagnostic, MapSyntaxError, WardleyError
from .model.checks import OWM_STYLES, check_map
from .model.map import WardleyMap

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes

    from .layout.result import Layout

__all__ = [
    "check",
    "draw",
    "dump",
    "dumps",
    "included_files",
    "layout_map",
    "load",
    "loads",
    "render",
    "save",
    "to_networkx",
]

StrPath = str | os.PathLike[str]


def loads(
    text: str,
    *,
    source: StrPath | None = None,
    strict: bool = False,
    includes: bool = True,
) -> WardleyMap:
    r"""Read a map from OWM text.

    Parameters
    ----------
    text
        The map, in the OWM format with wardleyml's extensions.
    source
        The file the text came from: diagnostics name it, and ``//! include:`` paths
        are relative to its folder (to the current folder when ``None``).
    strict
        Raise :class:`~wardleyml.MapSyntaxError` if the map has any error, instead of
        returning the readable part with the errors in ``map.diagnostics``.
    includes
        Resolve ``//! include:`` directives. ``False`` keeps them as elements, which
        is what a formatter wants.

    Returns
    -------
    WardleyMap
        The map, with its problems in :attr:`WardleyMap.diagnostics`.

    Raises
    ------
    WardleyError
        If the text is not map text at all (it holds NUL characters).
    MapSyntaxError
        With ``strict=True``, if the map has errors.

    Examples
    --------
    >>> import wardleyml as wm
    >>> m = wm.loads("component Tea [0.6, 0.8]\nCup->Tea")
    >>> for problem in m.diagnostics:
    ...     print(problem.location, problem.code)
    <text>:2:1 unknown-link-end
    """
    if not isinstance(text, str):
        raise WardleyError(f"loads() takes the map as text (str), not {type(text).__name__}")
    if "\x00" in text:
        raise WardleyError("the text contains NUL characters; it does not look like a map")
    from .dsl.lexer import normalize_newlines

    file = os.fspath(source) if source is not None else None
    with no_cyclic_gc():
        m, diagnostics = parse(normalize_newlines(text), file=file)
        if includes:
            base = Path(file).parent if file is not None else Path.cwd()
            m = resolve_includes(m, base=base, file=file, diagnostics=diagnostics)
        diagnostics.extend(check_map(m, styles=_theme_names(m)))
    ordered = _ordered(diagnostics)
    m = m.with_diagnostics(ordered, source=file)
    if strict and m.errors:
        raise MapSyntaxError(m.errors)
    return m


def load(
    path: StrPath | bytes | IO[bytes], *, strict: bool = False, includes: bool = True
) -> WardleyMap:
    """Read a map from a file (``.owm``, ``.wm`` or any text file) or a binary stream.

    Parameters
    ----------
    path
        A path, or a file object opened in binary mode.
    strict, includes
        As for :func:`loads`.

    Raises
    ------
    WardleyError
        If the file cannot be read or is not UTF-8 text.
    MapSyntaxError
        With ``strict=True``, if the map has errors.
    """
    if hasattr(path, "read"):
        data = path.read()
        name = getattr(path, "name", None)
        file = os.fspath(name) if isinstance(name, str | os.PathLike) else None
    else:
        file = os.fsdecode(path)
        try:
            data = Path(file).read_bytes()
        except IsADirectoryError:
            raise WardleyError(f"{file}: is a folder, not a map file") from None
        except FileNotFoundError:
            raise WardleyError(f"{file}: no such file") from None
        except OSError as exc:
            raise WardleyError(f"{file}: cannot read it ({exc.strerror or exc})") from None
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        text = decode(data)
    except NotText as exc:
        raise WardleyError(f"{file or 'the stream'}: {exc}") from None
    return loads(text, source=file, strict=strict, includes=includes)


def dumps(m: WardleyMap) -> str:
    """The canonical OWM text of a map.

    Comments, blank lines and the order of the statements are kept; everything else is
    written in one canonical form (see ``docs/format.md``). ``loads(dumps(m)) == m``.

    Examples
    --------
    >>> import wardleyml as wm
    >>> print(wm.dumps(wm.loads("component  Kettle [0.70, .35] // a note")), end="")
    component Kettle [0.7, 0.35] // a note
    """
    return write(m)


def dump(m: WardleyMap, path: StrPath | IO[str]) -> None:
    """Write a map's canonical OWM text to a file or a text stream.

    Parameters
    ----------
    m
        The map.
    path
        A path, written whole or not at all (through a temporary file in the same
        folder, then a rename; a symbolic link is followed), or a text stream.

    Raises
    ------
    WardleyError
        If the file cannot be written.
    """
    text = write(m)
    if hasattr(path, "write"):
        path.write(text)
        return
    from ._files import write_atomic

    target = Path(os.fspath(path))
    try:
        write_atomic(target, text.encode("utf-8"))
    except OSError as exc:
        raise WardleyError(f"{target}: cannot write it ({exc.strerror or exc})") from None


def check(m: WardleyMap) -> list[Diagnostic]:
    """Every problem of a map: what reading found, and the consistency checks.

    Parameters
    ----------
    m
        A map read with :func:`loads` or :func:`load` (its ``diagnostics`` are
        returned) or built in code (the checks run now).

    Returns
    -------
    list of Diagnostic
        In file, line and column order.
    """
    if m.diagnostics:
        return list(m.diagnostics)
    return _ordered(check_map(m, styles=_theme_names(m)))


def layout_map(m: WardleyMap, **options: Any) -> Layout:
    """Work out where everything on the map goes, in pixels.

    Components without coordinates are placed (from the value chain and their
    ``//! stage:``), and labels are kept clear of each other, of symbols and of lines.

    Parameters
    ----------
    m
        The map.
    **options
        ``theme`` (a name or a Theme: font and symbol sizes), ``size`` (``(width,
        height)`` of the map area, default the map's ``size`` or 800 x 600),
        ``labels`` (``"auto"``, or ``"owm"`` for OWM's fixed offsets),
        ``move_explicit`` (also move labels the author placed, where they collide),
        ``wrap_width`` (pixels before a long name wraps), ``place`` (``False`` keeps
        OWM's default positions), ``seed``. See ``docs/layout.md``.

    Returns
    -------
    wardleyml.layout.Layout
        Immutable; its ``diagnostics`` hold the layout's warnings.
    """
    from .layout.api import layout_map as _layout_map

    return _layout_map(m, **options)


def to_networkx(m: WardleyMap) -> nx.DiGraph:
    """The map as a networkx ``DiGraph`` of its anchors and components.

    Nodes carry the model's attributes, edges the links (dependency, flow, styled);
    pipeline members are nodes too. See ``docs/layout.md``.
    """
    from .layout.api import to_networkx as _to_networkx

    return _to_networkx(m)


def render(m: WardleyMap, format: str = "svg", **options: Any) -> bytes:
    """Draw a map and return the bytes of the file.

    Parameters
    ----------
    m
        The map.
    format
        ``"svg"``, ``"png"``, ``"pdf"``, or a format a registered renderer writes.
    **options
        ``theme`` (a name or a :class:`~wardleyml.themes.Theme`; default: the map's
        ``style``), ``scale`` (size multiplier, ``2`` for hi-DPI PNG), ``dpi`` and
        ``transparent`` (PNG/PDF), ``renderer`` (a renderer name), ``title`` and
        ``description`` (the SVG's accessible text), ``report`` (a list the layout's
        warnings are appended to), and the options of :func:`layout_map`.

    Returns
    -------
    bytes
        The file, byte-identical for the same map and options.

    Raises
    ------
    UnknownNameError
        For an unknown format, renderer or theme (the message lists the known ones).
    WardleyError
        For a misspelt option, or a map that cannot be drawn.

    Examples
    --------
    >>> import wardleyml as wm
    >>> svg = wm.render(wm.loads("component Kettle [0.43, 0.35]"), "svg")
    >>> svg.startswith(b"<svg") and b"Kettle" in svg
    True
    """
    from .renderers.api import render_map

    with no_cyclic_gc():
        return render_map(m, format, **options)


def save(m: WardleyMap, path: StrPath, **options: Any) -> Path:
    """Draw a map into a file, the format chosen by its extension (or ``format=``).

    The file is written whole or not at all. Options as for :func:`render`.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    from .renderers.api import save_map

    with no_cyclic_gc():
        return save_map(m, path, **options)


def draw(m: WardleyMap, ax: Axes | None = None, **options: Any) -> Axes:
    """Draw a map onto a matplotlib ``Axes`` and return it.

    With ``ax=None`` a new :class:`matplotlib.figure.Figure` (not pyplot: nothing is
    shown or kept open) of the map's size is made; get it with ``ax.figure``. Options
    as for :func:`render`.
    """
    from .renderers.api import draw_map

    axes: Axes = draw_map(m, ax, **options)
    return axes


def _ordered(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line and column; exact duplicates (a file included twice) once."""
    seen: set[tuple[Any, ...]] = set()
    unique: list[Diagnostic] = []
    for d in diagnostics:
        key = (d.file, d.line, d.column, d.code, d.message)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return sorted(unique, key=lambda d: (d.file or "", d.line, d.column))


def _theme_names(m: WardleyMap) -> tuple[str, ...]:
    """The theme names beyond OWM's that ``m``'s ``style`` lines may use.

    Looked up only for a style OWM does not have: listing the themes scans the
    installed packages' entry points, a noticeable part of a one-map command.
    """
    if all(style.name in OWM_STYLES for _, style in m.keyed("style")):
        return ()
    from . import themes

    return tuple(themes.names())
