"""Renderers: a scene in, the bytes of a file out.

Built in: ``svg`` (standalone SVG) and ``matplotlib`` (PNG, PDF, or drawing onto an
``Axes``). Third-party renderers register at run time with :func:`register` or from a
package through the ``wardleyml.renderers`` entry-point group; check one with
:func:`wardleyml.testing.check_renderer`.
"""

from __future__ import annotations

from .base import AxesRenderer, Renderer
from .registry import for_format, formats, get, names, register, unregister

__all__ = [
    "AxesRenderer",
    "Renderer",
    "for_format",
    "formats",
    "get",
    "names",
    "register",
    "unregister",
]
