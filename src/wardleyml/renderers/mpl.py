"""The matplotlib renderer: PNG and PDF, or drawing onto a caller's ``Axes``.

matplotlib is imported here only, when the renderer is used. The renderer never
touches global state: it builds a bare :class:`matplotlib.figure.Figure` with its own
Agg (or PDF) canvas, never pyplot, and never changes ``rcParams`` (every setting it
depends on is passed explicitly: fonts, TeX and mathtext off, dash scaling). A notebook
that renders a hundred maps has no open figures afterwards.

Scene pixels become points at 72 dpi, so a PNG at ``scale=1`` has the pixel size of the
SVG; ``scale=2`` (or ``dpi=192``) doubles it for hi-DPI screens.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from ..errors import RenderError
from ..scene.colors import to_rgba
from ..scene.primitives import (
    Circle,
    Fill,
    Font,
    Group,
    Hatch,
    Line,
    LinearGradient,
    Node,
    Path,
    Polygon,
    Rect,
    Scene,
    Shape,
    Stroke,
    Text,
)
from .base import check_scale

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

__all__ = ["MatplotlibRenderer"]

# Fixed PDF metadata: no dates, no version numbers, so the bytes only change with the map.
_PDF_METADATA = {
    "Creator": "wardleyml",
    "Producer": "wardleyml",
    "CreationDate": None,
    "ModDate": None,
}

_CSS_PX_PER_INCH = 96.0
# The largest PNG drawn: Agg refuses sides of 2**16 pixels and more, and a picture of
# 100 million pixels already takes 400 MB while it is drawn.
MAX_RASTER_SIDE = 32_768
MAX_RASTER_PIXELS = 100_000_000
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")

_CAPS: dict[str, Literal["butt", "projecting", "round"]] = {
    "butt": "butt",
    "round": "round",
    "square": "projecting",
}


class MatplotlibRenderer:
    """Draws scenes with matplotlib: ``png`` and ``pdf`` files, or onto an ``Axes``.

    Options
    -------
    scale : float
        Pixels per scene pixel in a PNG (default 1; 2 for hi-DPI).
    dpi : float
        Alternative to ``scale``: ``scale = dpi / 96`` (CSS pixels are 1/96 inch).
    transparent : bool
        Leave the background out.
    """

    name = "matplotlib"
    formats = frozenset({"png", "pdf"})
    option_names = frozenset({"scale", "dpi", "transparent"})

    def render(
        self, scene: Scene, fmt: str = "png", *, options: Mapping[str, Any] | None = None
    ) -> bytes:
        """The PNG or PDF bytes of ``scene``."""
        fmt = fmt.lower().lstrip(".")
        if fmt not in self.formats:
            raise RenderError(
                f"the matplotlib renderer writes {', '.join(sorted(self.formats))}, not {fmt!r}"
            )
        options = dict(options or {})
        scale = _scale(options)
        if fmt == "png":
            _check_raster_size(scene, scale)
        transparent = bool(options.get("transparent", False))
        buffer = io.BytesIO()
        with _quiet_glyph_warnings():
            fig = self._figure(scene, scale, transparent)
            if fmt == "png":
                from matplotlib.backends.backend_agg import FigureCanvasAgg

                FigureCanvasAgg(fig).print_png(  # type: ignore[no-untyped-call]
                    buffer, metadata={"Software": None}
                )
            else:
                from matplotlib.backends.backend_pdf import FigureCanvasPdf

                FigureCanvasPdf(fig).print_pdf(  # type: ignore[no-untyped-call]
                    buffer, metadata=dict(_PDF_METADATA)
                )
        return buffer.getvalue()

    def draw(self, scene: Scene, ax: Axes) -> Axes:
        """Draw ``scene`` onto ``ax`` (limits set to the scene, y down, axis hidden)."""
        x, y, w, h = scene.view_box
        ax.set_xlim(x, x + w)
        ax.set_ylim(y + h, y)
        ax.set_aspect("equal")
        ax.set_axis_off()
        fig = ax.get_figure()
        if fig is None:
            raise RenderError("the Axes is not in a figure")
        extent = ax.get_window_extent()
        points = min(extent.width / w, extent.height / h) * 72.0 / fig.dpi if w and h else 1.0
        _Painter(ax, points).paint(scene, background=scene.background is not None)
        ax.set_aspect("equal")  # imshow (gradients) sets it to "auto"
        return ax

    # -- internals ----------------------------------------------------------------------------

    @staticmethod
    def _figure(scene: Scene, scale: float, transparent: bool) -> Figure:
        from matplotlib.figure import Figure

        x, y, w, h = scene.view_box
        if w <= 0 or h <= 0 or scene.width <= 0 or scene.height <= 0:
            raise RenderError(f"cannot draw a scene of size {scene.width}x{scene.height}")
        # 1 inch = 72 scene px; pixel size comes out as round(width * scale).
        fig = Figure(figsize=(scene.width / 72.0, scene.height / 72.0), dpi=72.0 * scale)
        fig.patch.set_alpha(0.0)
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_axis_off()
        ax.set_xlim(x, x + w)
        ax.set_ylim(y + h, y)
        ax.set_aspect("auto")
        ax.patch.set_alpha(0.0)
        painter = _Painter(ax, scene.width / w)
        painter.paint(scene, background=not transparent and scene.background is not None)
        return fig


def _check_raster_size(scene: Scene, scale: float) -> None:
    """Refuse a PNG too large to draw, saying which scale would fit."""
    width, height = round(scene.width * scale), round(scene.height * scale)
    if max(width, height) <= MAX_RASTER_SIDE and width * height <= MAX_RASTER_PIXELS:
        return
    fits = min(
        MAX_RASTER_SIDE / max(scene.width, scene.height, 1.0),
        (MAX_RASTER_PIXELS / max(scene.width * scene.height, 1.0)) ** 0.5,
    )
    raise RenderError(
        f"a PNG of {width} x {height} pixels is too large to draw (at most "
        f"{MAX_RASTER_SIDE} pixels a side and {MAX_RASTER_PIXELS // 1_000_000} million "
        f"in all); use a scale of at most {math.floor(fits * 100) / 100:g} for this map, "
        "or SVG or PDF, which have no such limit"
    )


def _scale(options: Mapping[str, Any]) -> float:
    dpi = options.get("dpi")
    raw = options.get("scale")
    if dpi is not None and raw is not None:
        raise RenderError("give scale or dpi, not both")
    if dpi is not None:
        try:
            raw = float(dpi) / _CSS_PX_PER_INCH
        except (TypeError, ValueError):
            raise RenderError(f"dpi must be a number, not {dpi!r}") from None
    return check_scale(raw)


class _quiet_glyph_warnings(warnings.catch_warnings):
    """Silence "Glyph ... missing from font" while drawing (emoji in labels).

    DejaVu lacks some glyphs; matplotlib then draws a box and warns once per glyph.
    """

    def __enter__(self) -> None:
        super().__enter__()
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
        warnings.filterwarnings(
            "ignore", message=r"Matplotlib currently does not support", category=UserWarning
        )


class _Batch:
    """Consecutive shapes of one style, to be drawn as one matplotlib collection."""

    __slots__ = ("key", "nodes", "z")

    def __init__(self, key: tuple[Any, ...], z: float) -> None:
        self.key = key
        self.z = z
        self.nodes: list[Line | Circle | Rect | Polygon | Path] = []


class _Painter:
    """Adds a scene to an Axes in scene coordinates, shapes batched into collections.

    One artist per shape costs matplotlib a few hundred microseconds each to create
    and draw; a collection draws all its paths in one call. Consecutive solid shapes of
    one style (in drawing order) therefore share a ``LineCollection`` or
    ``PathCollection``; a shape of another style closes the batch, so shapes keep their
    stacking order. Texts are separate artists and do not close a batch: a label is
    drawn above the shapes of its batch, also those that follow it in the scene (where
    the SVG draws a later symbol over it). Gradient and hatch fills, and rounded
    rectangles, are drawn one by one.
    """

    def __init__(self, ax: Axes, points_per_px: float) -> None:
        import matplotlib as mpl

        self.ax = ax
        self.k = points_per_px
        self.z = 0
        # matplotlib multiplies dash patterns by the line width when this is on.
        self.scale_dashes = bool(mpl.rcParams["lines.scale_dashes"])
        self.batch: _Batch | None = None
        self.fonts: dict[Font, Any] = {}
        self.axes_clip: Any = None

    def paint(self, scene: Scene, *, background: bool) -> None:
        if background and scene.background is not None:
            x, y, w, h = scene.view_box
            self._shape(Rect(x, y, w, h, fill=scene.background))
        for node in scene.children:
            self._node(node)
        self._flush()

    def _add(self, artist: Artist) -> None:
        # add_artist, not add_patch/add_line: those compute data limits from Bezier
        # extents for every shape, which costs more than drawing it; limits are set.
        artist.set_transform(self.ax.transData)
        self.ax.add_artist(artist)

    def _next_z(self) -> float:
        self.z += 1
        return self.z / 1000.0

    def _node(self, node: Node) -> None:
        if isinstance(node, Group):
            for child in node.children:
                self._node(child)
        else:
            self._shape(node)

    # -- styling --------------------------------------------------------------------------------

    def _stroke_kwargs(self, stroke: Stroke | None, opacity: float = 1.0) -> dict[str, Any]:
        if stroke is None:
            return {"edgecolor": "none", "linewidth": 0.0}
        r, g, b, a = to_rgba(stroke.color)
        width = stroke.width * self.k
        kwargs: dict[str, Any] = {
            "edgecolor": (r, g, b, a * stroke.opacity * opacity),
            "linewidth": width,
            "capstyle": _CAPS[stroke.cap],
            "joinstyle": "miter",
        }
        if stroke.dash:
            kwargs["linestyle"] = (0.0, self._dashes(stroke))
        return kwargs

    def _dashes(self, stroke: Stroke) -> tuple[float, ...]:
        width = stroke.width * self.k
        factor = self.k / width if self.scale_dashes and width > 0 else self.k
        return tuple(d * factor for d in stroke.dash)

    def _face(self, fill: Fill, opacity: float = 1.0) -> Any:
        if fill is None or isinstance(fill, LinearGradient | Hatch):
            return "none"
        r, g, b, a = to_rgba(fill)
        return (r, g, b, a * opacity)

    # -- batches --------------------------------------------------------------------------------

    def _batch(self, key: tuple[Any, ...]) -> _Batch:
        """The open batch for shapes of style ``key``, opening a new one if needed."""
        batch = self.batch
        if batch is None or batch.key != key:
            self._flush()
            batch = self.batch = _Batch(key, self._next_z())
        return batch

    def _flush(self) -> None:
        batch, self.batch = self.batch, None
        if batch is None:
            return
        if len(batch.nodes) == 1:
            # A collection of one path is drawn by matplotlib as a marker, snapped to
            # whole pixels; a lone shape is drawn as a patch (or line) of its own.
            self._single(batch.nodes[0], batch.z)
            return
        from matplotlib.collections import LineCollection, PathCollection

        collection: Any
        if batch.key[0] == "line":
            stroke: Stroke = batch.key[1]
            r, g, b, a = to_rgba(stroke.color)
            collection = LineCollection(
                [((n.x1, n.y1), (n.x2, n.y2)) for n in batch.nodes if isinstance(n, Line)],
                colors=[(r, g, b, a * stroke.opacity)],
                linewidths=[stroke.width * self.k],
                linestyles=[(0.0, self._dashes(stroke)) if stroke.dash else "solid"],
                capstyle=_CAPS[stroke.cap],
                joinstyle="miter",
                antialiaseds=[True],
                zorder=batch.z,
            )
        else:
            _, fill, fill_opacity, stroke, opacity = batch.key
            style = self._stroke_kwargs(stroke, opacity)
            collection = PathCollection(
                [_outline(n) for n in batch.nodes if not isinstance(n, Line)],
                facecolors=[self._face(fill, fill_opacity * opacity)],
                edgecolors=[style["edgecolor"]],
                linewidths=[style["linewidth"]],
                linestyles=[style.get("linestyle", "solid")],
                capstyle=style.get("capstyle", "butt"),
                joinstyle="miter",
                antialiaseds=[True],
                zorder=batch.z,
            )
        collection.set_transform(self.ax.transData)
        self.ax.add_collection(collection, autolim=False)

    # -- shapes ---------------------------------------------------------------------------------

    def _shape(self, node: Shape) -> None:
        if isinstance(node, Text):
            self._text(node)
            return
        key: tuple[Any, ...] | None = None
        if isinstance(node, Line):
            key = ("line", node.stroke)
        elif isinstance(node.fill, LinearGradient | Hatch):
            key = None  # drawn under a clip path, one by one
        elif isinstance(node, Circle):
            key = ("path", node.fill, node.fill_opacity, node.stroke, 1.0)
        elif isinstance(node, Rect):
            if not node.rx:  # rounded corners come from a box style: one by one
                key = ("path", node.fill, node.fill_opacity, node.stroke, 1.0)
        elif isinstance(node, Polygon | Path):
            key = ("path", node.fill, 1.0, node.stroke, node.opacity)
        if key is None:
            self._flush()
            self._single(node, self._next_z())
            return
        self._batch(key).nodes.append(node)

    def _single(self, node: Line | Circle | Rect | Polygon | Path, z: float) -> None:
        """One shape as its own artist at stacking position ``z``."""
        from matplotlib import patches
        from matplotlib.lines import Line2D

        ax = self.ax
        if isinstance(node, Line):
            stroke = node.stroke
            r, g, b, a = to_rgba(stroke.color)
            line = Line2D(
                [node.x1, node.x2],
                [node.y1, node.y2],
                color=(r, g, b, a * stroke.opacity),
                linewidth=stroke.width * self.k,
                solid_capstyle=_CAPS[stroke.cap],
                dash_capstyle="butt",
                zorder=z,
            )
            if stroke.dash:
                line.set_linestyle((0.0, self._dashes(stroke)))
            self._add(line)
            return
        patch: Patch
        fill: Fill
        if isinstance(node, Circle):
            fill = node.fill
            patch = patches.Circle(
                (node.cx, node.cy),
                node.r,
                facecolor=self._face(fill, node.fill_opacity),
                **self._stroke_kwargs(node.stroke),
            )
            opacity = node.fill_opacity
        elif isinstance(node, Rect):
            fill = node.fill
            if node.rx:
                patch = patches.FancyBboxPatch(
                    (node.x + node.rx, node.y + node.rx),
                    max(node.width - 2 * node.rx, 0.0),
                    max(node.height - 2 * node.rx, 0.0),
                    boxstyle=patches.BoxStyle.Round(pad=node.rx, rounding_size=node.rx),
                    facecolor=self._face(fill, node.fill_opacity),
                    **self._stroke_kwargs(node.stroke),
                )
            else:
                patch = patches.Rectangle(
                    (node.x, node.y),
                    node.width,
                    node.height,
                    facecolor=self._face(fill, node.fill_opacity),
                    **self._stroke_kwargs(node.stroke),
                )
            opacity = node.fill_opacity
        else:
            fill = node.fill
            patch = patches.PathPatch(
                _outline(node),
                facecolor=self._face(fill, node.opacity),
                **self._stroke_kwargs(node.stroke, node.opacity),
            )
            opacity = node.opacity
        if isinstance(fill, LinearGradient | Hatch):
            # The paint goes underneath, clipped to the shape; the outline on top.
            clip = _copy_outline(patch)
            clip.set_transform(ax.transData)
            self._paint_server(fill, patch, clip, opacity)
        patch.set_zorder(z)
        self._add(patch)

    def _paint_server(
        self, fill: LinearGradient | Hatch, patch: Patch, clip: Patch, opacity: float
    ) -> None:
        import numpy as np

        ax = self.ax
        self._add(clip)
        clip.set_visible(False)
        x0, y0, x1, y1 = _data_bounds(patch)
        if isinstance(fill, LinearGradient):
            nx, ny = 256, (2 if fill.y1 == fill.y2 else 256)
            xs = np.linspace(x0, x1, nx)
            ys = np.linspace(y0, y1, ny)
            gx, gy = np.meshgrid(xs, ys)
            dx, dy = fill.x2 - fill.x1, fill.y2 - fill.y1
            length = dx * dx + dy * dy or 1.0
            t = np.clip(((gx - fill.x1) * dx + (gy - fill.y1) * dy) / length, 0.0, 1.0)
            offsets = [s[0] for s in fill.stops]
            channels = []
            for c in range(4):
                values = [to_rgba(s[1])[c] * (s[2] if c == 3 else 1.0) for s in fill.stops]
                channels.append(np.interp(t, offsets, values))
            image = np.dstack(channels)
            image[..., 3] *= opacity
            artist: Artist = ax.imshow(
                image,
                extent=(x0, x1, y1, y0),
                origin="upper",
                interpolation="bilinear",
                aspect="auto",
                zorder=self._next_z(),
            )
            artist.set_clip_path(clip)
            return
        from matplotlib.collections import LineCollection

        if fill.background is not None:
            back = _copy_outline(patch)
            back.set_facecolor(to_rgba(fill.background))
            back.set_edgecolor("none")
            back.set_zorder(self._next_z())
            self._add(back)
        step = fill.spacing
        segments = []
        # Lines x + y = c rising to the right, as the SVG pattern's diagonals.
        level = math.floor((x0 + y0) / step) * step
        while level <= x1 + y1 + step:
            segments.append([(level - y1, y1), (level - y0, y0)])
            level += step
        r, g, b, a = to_rgba(fill.color)
        lines = LineCollection(
            segments,
            colors=[(r, g, b, a * fill.opacity * opacity)],
            linewidths=fill.width * self.k,
            zorder=self._next_z(),
        )
        lines.set_clip_path(clip)
        ax.add_collection(lines, autolim=False)

    def _text(self, node: Text) -> None:
        from matplotlib.font_manager import FontProperties
        from matplotlib.text import Text as MplText

        font = node.font
        props = self.fonts.get(font)
        if props is None:
            # One FontProperties per font; DejaVu Sans (bundled) as the fallback for
            # missing glyphs, named once if it is the font itself (each family listed
            # is looked up again for every text drawn).
            families = [font.raster_family]
            if font.raster_family != "DejaVu Sans":
                families.append("DejaVu Sans")
            props = self.fonts[font] = FontProperties(
                family=families, size=font.size * self.k, weight=font.weight, style=font.style
            )
        if self.axes_clip is None:
            from matplotlib.transforms import TransformedPatchPath

            # Axes.add_artist gives an artist without a clip path a new one built from
            # the Axes patch, which costs about as much as drawing a short label. The
            # texts are not clipped (clip_on=False), so they all share one.
            self.axes_clip = TransformedPatchPath(self.ax.patch)
        r, g, b, a = to_rgba(node.color)
        color = (r, g, b, a * node.opacity)
        angle = math.radians(node.rotation)
        # Each line is its own artist so line spacing is exact, in scene pixels.
        for index, raw in enumerate(node.lines):
            line = _clean(raw)
            if not line:
                continue
            offset = index * node.line_height
            x = node.x - offset * math.sin(angle)
            y = node.y + offset * math.cos(angle)
            artist = MplText(
                x,
                y,
                line,
                transform=self.ax.transData,
                clip_path=self.axes_clip,
                fontproperties=props,
                color=color,
                ha={"start": "left", "middle": "center", "end": "right"}[node.anchor],
                va="center_baseline" if node.baseline == "middle" else "baseline",
                # Screen rotation is clockwise with y down; matplotlib's is counter-clockwise.
                rotation=-node.rotation,
                rotation_mode="anchor",
                usetex=False,
                parse_math=False,
                zorder=self._next_z(),
                clip_on=False,
            )
            self.ax.add_artist(artist)
            if node.underline:
                self._underline(artist, node, x, y)

    def _underline(self, artist: Any, node: Text, x: float, y: float) -> None:
        from matplotlib.lines import Line2D
        from matplotlib.textpath import TextToPath

        # Width from the font metrics of the text as drawn (points at size * k).
        points, _, _ = TextToPath().get_text_width_height_descent(
            artist.get_text(), artist.get_fontproperties(), ismath=False
        )
        width = points / self.k
        start = {"start": x, "middle": x - width / 2, "end": x - width}[node.anchor]
        r, g, b, a = to_rgba(node.color)
        self._add(
            Line2D(
                [start, start + width],
                [y + node.font.size * 0.12] * 2,
                color=(r, g, b, a),
                linewidth=max(node.font.size / 14.0, 0.5) * self.k,
                zorder=self._next_z(),
            )
        )


def _clean(text: str) -> str:
    """Control characters (which no font has) become U+FFFD, as in the SVG."""
    return _CONTROL.sub("\ufffd", text)


def _outline(node: Circle | Rect | Polygon | Path) -> Any:
    """The outline of a shape as a matplotlib path in scene coordinates."""
    from matplotlib.path import Path as MplPath

    if isinstance(node, Circle):
        return MplPath.circle((node.cx, node.cy), node.r)
    if isinstance(node, Rect):
        x0, y0, x1, y1 = node.x, node.y, node.x + node.width, node.y + node.height
        return MplPath([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], closed=True)
    if isinstance(node, Polygon):
        points = list(node.points)
        return MplPath([*points, points[0]] if points else [(0.0, 0.0)], closed=True)
    return _mpl_path(node)


def _mpl_path(node: Path) -> Any:
    from matplotlib.path import Path as MplPath

    vertices: list[tuple[float, float]] = []
    codes: list[Any] = []
    start = (0.0, 0.0)
    for command, values in node.commands:
        if command == "M":
            start = (values[0], values[1])
            vertices.append(start)
            codes.append(MplPath.MOVETO)
        elif command == "L":
            vertices.append((values[0], values[1]))
            codes.append(MplPath.LINETO)
        elif command == "C":
            vertices.extend(
                [(values[0], values[1]), (values[2], values[3]), (values[4], values[5])]
            )
            codes.extend([MplPath.CURVE4] * 3)
        elif command == "Z":
            vertices.append(start)
            codes.append(MplPath.CLOSEPOLY)
        else:
            raise RenderError(f"unknown path command {command!r}")
    return MplPath(vertices, codes)


def _copy_outline(patch: Patch) -> Patch:
    from matplotlib.patches import PathPatch

    path = patch.get_path().transformed(patch.get_patch_transform())
    return PathPatch(path, facecolor="none", edgecolor="none")


def _data_bounds(patch: Patch) -> tuple[float, float, float, float]:
    path = patch.get_path().transformed(patch.get_patch_transform())
    extents = path.get_extents()
    return (extents.x0, extents.y0, extents.x1, extents.y1)
