"""Themes: how a map looks (colours, fonts, stroke widths, symbol sizes).

The five OWM ``style`` names are built in (``plain``, ``wardley``, ``colour`` with its
alias ``color``, ``dark``, ``handwritten``). Define your own in Python and register it,
or publish it from a package under the ``wardleyml.themes`` entry-point group::

    >>> from wardleyml import themes
    >>> themes.names()
    ['colour', 'dark', 'handwritten', 'plain', 'wardley']
    >>> mine = themes.get("plain").derive(name="mine", link_color="#1f77b4")
    >>> _ = themes.register(mine)
    >>> themes.get("mine").link_color
    '#1f77b4'
    >>> themes.unregister("mine")
"""

from __future__ import annotations

from .._registry import Registry
from ..errors import UnknownNameError, WardleyError
from .builtin import COLOUR, DARK, HANDWRITTEN, PLAIN, WARDLEY
from .model import MethodStyle, PstStyle, TextRole, TextStyle, TextStyles, Theme

__all__ = [
    "MethodStyle",
    "PstStyle",
    "TextRole",
    "TextStyle",
    "TextStyles",
    "Theme",
    "for_map",
    "get",
    "names",
    "register",
    "resolve",
    "unregister",
]


def _check(obj: object) -> Theme:
    if isinstance(obj, Theme):
        return obj
    if callable(obj):
        # An entry point may name a function returning the theme.
        made = obj()
        if isinstance(made, Theme):
            return made
    raise TypeError(f"expected a wardleyml.themes.Theme, got {type(obj).__name__}")


_REGISTRY: Registry[Theme] = Registry(
    "theme",
    "wardleyml.themes",
    {t.name: t for t in (PLAIN, WARDLEY, COLOUR, DARK, HANDWRITTEN)},
    _check,
    aliases={"color": "colour"},
)


def names() -> list[str]:
    """The names of every available theme, sorted (aliases such as ``color`` left out)."""
    return _REGISTRY.names()


def get(name: str) -> Theme:
    """The theme called ``name`` (case-insensitive; ``color`` is ``colour``).

    Raises
    ------
    wardleyml.UnknownNameError
        If there is no such theme; the message lists the available ones.
    """
    return _REGISTRY.get(name)


def register(theme: Theme, name: str | None = None, *, replace: bool = False) -> Theme:
    """Make ``theme`` available by ``name`` (default: ``theme.name``) and return it.

    Raises
    ------
    wardleyml.WardleyError
        If the name is a built-in theme's, or taken and ``replace`` is false.
    """
    return _REGISTRY.register(theme, name or theme.name, replace=replace)


def unregister(name: str) -> None:
    """Forget a theme added with :func:`register`."""
    _REGISTRY.unregister(name)


def resolve(theme: Theme | str | None, default: str = "plain") -> Theme:
    """A theme given as an object, a name, or ``None`` (then ``default``, a name)."""
    if isinstance(theme, Theme):
        return theme
    return get(default if theme is None else theme)


def for_map(theme: Theme | str | None, style: str) -> Theme:
    """The theme a map is drawn in: ``theme`` if given, else the map's ``style``.

    The one rule for every door and layer: an explicit name must exist (an unknown
    one raises and lists the available themes); the map's own ``style`` line falls
    back to ``plain`` when unknown, as OWM draws it (the map checker warns about it).

    Raises
    ------
    wardleyml.UnknownNameError
        If ``theme`` names no theme.
    wardleyml.WardleyError
        If ``theme`` is neither a name nor a :class:`Theme`.
    """
    if isinstance(theme, Theme):
        return theme
    if isinstance(theme, str):
        return get(theme)
    if theme is not None:
        raise WardleyError(f"theme must be a theme name or a Theme, not {type(theme).__name__}")
    try:
        return get(style)
    except UnknownNameError:
        return get("plain")
