"""wardleyml: Wardley maps from text to publishable pictures.

Read a map written in the OnlineWardleyMaps (OWM) format, check it, lay it out and
draw it as SVG or PNG::

    >>> import wardleyml as wm
    >>> m = wm.loads('''
    ... title Tea Shop
    ... anchor Business [0.95, 0.63]
    ... component Cup of Tea [0.79, 0.61]
    ... Business->Cup of Tea
    ... ''')
    >>> m.title, len(m.components), len(m.links)
    ('Tea Shop', 1, 1)
"""

from __future__ import annotations

from .api import (
    check,
    draw,
    dump,
    dumps,
    included_files,
    layout_map,
    load,
    loads,
    render,
    save,
    to_networkx,
)
from .errors import Diagnostic, MapSyntaxError, RenderError, UnknownNameError, WardleyError
from .model import (
    Accelerator,
    Anchor,
    Annotation,
    AnnotationsLegend,
    Attitude,
    Blank,
    Comment,
    Component,
    Evolution,
    Evolve,
    Include,
    Link,
    LinkStyle,
    Note,
    Offset,
    Pipeline,
    PipelineComponent,
    Point,
    Size,
    Stage,
    Style,
    Submap,
    Title,
    Unparsed,
    Url,
    ValueChain,
    WardleyMap,
)

__version__ = "0.1.0.dev0"


def load_ipython_extension(ipython: object) -> None:
    """Register the ``%%wardley`` cell magic (``%load_ext wardleyml``)."""
    from .jupyter import load_ipython_extension as _load

    _load(ipython)


__all__ = [
    "Accelerator",
    "Anchor",
    "Annotation",
    "AnnotationsLegend",
    "Attitude",
    "Blank",
    "Comment",
    "Component",
    "Diagnostic",
    "Evolution",
    "Evolve",
    "Include",
    "Link",
    "LinkStyle",
    "MapSyntaxError",
    "Note",
    "Offset",
    "Pipeline",
    "PipelineComponent",
    "Point",
    "RenderError",
    "Size",
    "Stage",
    "Style",
    "Submap",
    "Title",
    "UnknownNameError",
    "Unparsed",
    "Url",
    "ValueChain",
    "WardleyError",
    "WardleyMap",
    "__version__",
    "check",
    "draw",
    "dump",
    "dumps",
    "included_files",
    "layout_map",
    "load",
    "load_ipython_extension",
    "loads",
    "render",
    "save",
    "to_networkx",
]
