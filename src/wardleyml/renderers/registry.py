"""Choosing a renderer: by name, or by the format / file extension to write."""

from __future__ import annotations

import os
from pathlib import PurePath

from .._registry import Registry
from ..errors import UnknownNameError, WardleyError
from .base import Renderer

__all__ = ["for_format", "formats", "get", "names", "register", "unregister"]

BUILTINS = {
    "svg": "wardleyml.renderers.svg:SvgRenderer",
    "matplotlib": "wardleyml.renderers.mpl:MatplotlibRenderer",
}

# Which built-in writes which format, known without importing the renderers.
_BUILTIN_FORMATS = {"svg": "svg", "png": "matplotlib", "pdf": "matplotlib"}


def _check(obj: object) -> Renderer:
    if isinstance(obj, type):
        obj = obj()
    if not isinstance(obj, Renderer):
        raise TypeError(
            "a renderer needs a name, a set of formats and render(scene, fmt, *, options)"
        )
    if not isinstance(obj.name, str) or not obj.name:
        raise TypeError("its name must be a non-empty string")
    if isinstance(obj.formats, str) or not all(isinstance(f, str) for f in obj.formats):
        raise TypeError("its formats must be a set of strings")
    return obj


_REGISTRY: Registry[Renderer] = Registry(
    "renderer", "wardleyml.renderers", BUILTINS, _check, aliases={"mpl": "matplotlib"}
)


def names() -> list[str]:
    """Every available renderer name, sorted."""
    return _REGISTRY.names()


def get(name: str) -> Renderer:
    """The renderer called ``name``.

    Raises
    ------
    wardleyml.UnknownNameError
        If there is none; the message lists the available renderers.
    """
    return _REGISTRY.get(name)


def register(renderer: object, name: str | None = None, *, replace: bool = False) -> Renderer:
    """Add a renderer (an instance, or a class taking no arguments) at run time.

    It then serves its ``formats`` that no built-in writes.

    Raises
    ------
    wardleyml.WardleyError
        If the object is not a renderer, or the name is taken.
    """
    try:
        checked = _check(renderer)
    except TypeError as exc:
        raise WardleyError(f"{renderer!r} is not a usable renderer: {exc}") from None
    return _REGISTRY.register(checked, name or checked.name, replace=replace)


def unregister(name: str) -> None:
    """Forget a renderer added with :func:`register`."""
    _REGISTRY.unregister(name)


def formats() -> dict[str, str]:
    """Every writable format with the renderer that writes it by default."""
    table = dict(_BUILTIN_FORMATS)
    for name in names():
        if name in BUILTINS:
            continue
        try:
            renderer = get(name)
        except Exception:  # a broken plugin must not hide the others
            continue
        for fmt in sorted(renderer.formats):
            table.setdefault(fmt.lower(), name)
    return dict(sorted(table.items()))


def normalize_format(fmt: str | os.PathLike[str]) -> str:
    """``"PNG"``, ``".png"`` or ``"out/map.png"`` → ``"png"``."""
    text = os.fspath(fmt)
    suffix = PurePath(text).suffix
    if suffix and ("/" in text or "\\" in text or "." in text.lstrip(".")):
        text = suffix
    return text.strip().lower().lstrip(".")


def for_format(fmt: str | os.PathLike[str], renderer: str | None = None) -> tuple[Renderer, str]:
    """The renderer to write ``fmt`` (a format name or a file name) and the format.

    With ``renderer`` given, that renderer is used and must support the format.

    Raises
    ------
    wardleyml.UnknownNameError
        For a format no renderer writes (the message lists the writable formats), or
        an unknown renderer name.
    """
    name = normalize_format(fmt)
    if renderer is not None:
        chosen = get(renderer)
        if name not in {f.lower() for f in chosen.formats}:
            raise UnknownNameError(
                f"the {chosen.name} renderer does not write {name!r}; "
                f"it writes: {', '.join(sorted(chosen.formats))}"
            )
        return chosen, name
    table = formats() if name not in _BUILTIN_FORMATS else _BUILTIN_FORMATS
    if name not in table:
        shown = name or os.fspath(fmt)
        raise UnknownNameError(
            f"no renderer writes {shown!r}; available formats: {', '.join(formats())}"
        )
    return get(table[name]), name
