"""The renderer protocol: what a backend must provide."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from ..errors import RenderError
from ..scene.primitives import Scene

__all__ = ["MAX_SCALE", "AxesRenderer", "Renderer", "check_scale"]

MAX_SCALE = 20.0
"""The largest ``scale`` a built-in renderer accepts (a 20x picture is already huge)."""


def check_scale(value: Any) -> float:
    """``value`` as a scale factor, or :class:`~wardleyml.RenderError` saying why not.

    ``None`` means 1. A scale must be a finite number above 0 and at most
    :data:`MAX_SCALE`; every renderer and door checks it here, the same way.
    """
    if value is None:
        return 1.0
    try:
        scale = float(value)
    except (TypeError, ValueError):
        raise RenderError(f"scale must be a number, not {value!r}") from None
    if not 0 < scale <= MAX_SCALE:  # also false for NaN
        raise RenderError(f"scale must be above 0 and at most {MAX_SCALE:g}, not {value!r}")
    return scale


@runtime_checkable
class Renderer(Protocol):
    """Turns a :class:`~wardleyml.scene.Scene` into the bytes of a file.

    Attributes
    ----------
    name
        The registry name (``"svg"``, ``"matplotlib"``).
    formats
        Lower-case file formats the renderer writes (``{"png", "pdf"}``); the first
        renderer registered for a format is chosen for files with that extension.

    A renderer must accept options it does not know and ignore them (the same options
    go to every renderer), and raise :class:`wardleyml.RenderError` for a format it
    does not write. Check one with :func:`wardleyml.testing.check_renderer`.
    """

    name: str
    formats: frozenset[str]

    def render(self, scene: Scene, fmt: str, *, options: Mapping[str, Any] | None = None) -> bytes:
        """The file's bytes for ``scene`` in format ``fmt``."""
        ...


@runtime_checkable
class AxesRenderer(Renderer, Protocol):
    """A renderer that can also draw onto an existing matplotlib ``Axes``."""

    def draw(self, scene: Scene, ax: Any) -> Any:
        """Draw ``scene`` onto ``ax`` and return it."""
        ...
