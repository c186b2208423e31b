"""Helpers for people who write renderers (and themes) for wardleyml.

Run :func:`check_renderer` in your plugin's test suite::

    from wardleyml.testing import check_renderer

    def test_my_renderer():
        check_renderer(MyRenderer())

It draws a sample scene that uses every primitive (and hostile text) in each format
the renderer declares, and checks the contract every renderer must keep.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from typing import Any

from .errors import WardleyError
from .renderers.base import Renderer
from .scene.primitives import (
    Circle,
    Font,
    Group,
    Hatch,
    Line,
    LinearGradient,
    Path,
    Polygon,
    Rect,
    Scene,
    Stroke,
    Text,
)

__all__ = ["RendererCheckError", "check_renderer", "sample_scene"]

HOSTILE_TEXT = "<script>alert(\"x\")</script> ]]> & 'q' \x07\x1b שלום"
"""Text every renderer must survive: markup, CDATA end, quotes, control characters, RTL."""

_SIGNATURES = {
    "png": b"\x89PNG\r\n\x1a\n",
    "pdf": b"%PDF",
    "svg": b"<svg",
}


class RendererCheckError(AssertionError):
    """A renderer broke the contract; the message lists every failed check."""


def sample_scene(text: str = "Kettle") -> Scene:
    """A small scene with every kind of primitive, paint server and text feature."""
    font = Font(size=14, family='"Helvetica Neue", Arial, "DejaVu Sans", sans-serif')
    gradient = LinearGradient(
        "gradient",
        0,
        0,
        200,
        0,
        ((0.0, "#c4c4c4", 1.0), (0.5, "#ffffff", 1.0), (1.0, "#c4c4c4", 1.0)),
    )
    return Scene(
        width=240,
        height=160,
        view_box=(-20, -20, 240, 160),
        title="Sample map",
        description="A scene using every primitive.",
        children=(
            Group("area", "background", (Rect(0, 0, 200, 120, fill=gradient),)),
            Group(
                "axes",
                "axis",
                (
                    Line(0, 120, 0, 0, Stroke("#000000", 1, (2, 2))),
                    Line(0, 120, 190, 120, Stroke("#000000")),
                    Polygon(((200, 120), (190, 115), (190, 125)), fill="#000000"),
                ),
            ),
            Group(
                "eco",
                "component",
                (
                    Circle(50, 50, 30, fill="#d7d7d7"),
                    Circle(50, 50, 25, fill=Hatch("hatch", "#808080", opacity=0.5)),
                    Circle(50, 50, 5, fill="#ffffff", stroke=Stroke("#000000")),
                    Text(60, 40, (text,), font),
                ),
                title="an ecosystem",
            ),
            Group(
                "link",
                "link",
                (
                    Line(50, 50, 150, 90, Stroke("#99c5ee9e", 10)),
                    Text(100, 65, ("context",), Font(size=11), rotation=21.8, anchor="middle"),
                ),
            ),
            Group(
                "pst",
                "pst",
                (Rect(120, 5, 60, 40, fill="#3ccaf8", fill_opacity=0.4, rx=4),),
            ),
            Group(
                "arrow",
                "accelerator",
                (
                    Path(
                        (
                            ("M", (110.0, 60.0)),
                            ("L", (130.0, 60.0)),
                            ("C", (135.0, 60.0, 140.0, 65.0, 140.0, 70.0)),
                            ("L", (110.0, 70.0)),
                            ("Z", ()),
                        ),
                        fill="#808080",
                        stroke=Stroke("#000000", 1, cap="round"),
                        opacity=0.8,
                    ),
                ),
                href="https://example.com/submap",
            ),
            Group(
                "labels",
                "label",
                (
                    Text(100, 135, ("two", "lines"), Font(size=12, weight="bold"), anchor="end"),
                    Text(0, -5, (HOSTILE_TEXT,), Font(size=12, style="italic"), underline=True),
                    Text(150, 90, ("9",), Font(size=12), anchor="middle", baseline="middle"),
                ),
            ),
        ),
    )


def check_renderer(
    renderer: Renderer,
    *,
    formats: Iterable[str] | None = None,
    validate: Callable[[str, bytes], None] | None = None,
) -> list[str]:
    """Check that ``renderer`` keeps the renderer contract; return the checks passed.

    Parameters
    ----------
    renderer
        The renderer instance.
    formats
        Formats to exercise (default: all of ``renderer.formats``).
    validate
        Extra check of one output, ``validate(fmt, data)``, raising on a problem.

    Raises
    ------
    RendererCheckError
        Listing every failed check.
    """
    passed: list[str] = []
    failed: list[str] = []
    declared: object = getattr(renderer, "formats", None)

    def check(what: str, test: Callable[[], Any]) -> Any:
        try:
            result = test()
        except Exception as exc:  # each failure is reported, not just the first
            failed.append(f"{what}: {type(exc).__name__}: {exc}")
            return None
        passed.append(what)
        return result

    def expect(condition: bool, message: str) -> None:
        if not condition:
            raise AssertionError(message)

    check(
        "name is a non-empty string",
        lambda: expect(isinstance(renderer.name, str) and bool(renderer.name), repr(renderer.name)),
    )
    check(
        "formats is a non-empty set of lower-case names",
        lambda: expect(
            isinstance(declared, frozenset | set)
            and bool(declared)
            and all(isinstance(f, str) and f == f.lower() and f for f in declared),
            repr(declared),
        ),
    )
    scene = sample_scene()
    hostile = sample_scene(HOSTILE_TEXT)
    chosen = formats if formats is not None else declared if isinstance(declared, Iterable) else ()
    for fmt in sorted(str(f) for f in chosen):
        _check_format(renderer, fmt, scene, hostile, check, validate)

    def unsupported() -> None:
        try:
            renderer.render(scene, "no-such-format", options={})
        except WardleyError:
            return
        raise AssertionError("no WardleyError (RenderError) for an unknown format")

    check("an unknown format raises RenderError", unsupported)
    draw = getattr(renderer, "draw", None)
    if callable(draw):
        check("draw() draws onto a matplotlib Axes", lambda: _draw_check(draw, scene))
    if failed:
        raise RendererCheckError(
            f"renderer {getattr(renderer, 'name', renderer)!r} failed {len(failed)} check(s):\n  "
            + "\n  ".join(failed)
        )
    return passed


def _check_format(
    renderer: Renderer,
    fmt: str,
    scene: Scene,
    hostile: Scene,
    check: Callable[[str, Callable[[], Any]], Any],
    validate: Callable[[str, bytes], None] | None,
) -> None:
    """The checks of one output format."""

    def render(target: Scene = scene, options: dict[str, Any] | None = None) -> bytes:
        return renderer.render(target, fmt, options=options or {})

    first: bytes | None = check(f"{fmt}: renders", render)
    if first is None:
        return
    data: bytes = first

    def non_empty() -> None:
        if not isinstance(data, bytes) or not data:
            raise AssertionError(f"got {type(data).__name__} of length {len(data)}")

    def signature() -> None:
        head = _SIGNATURES.get(fmt)
        start = data.lstrip()
        if head is not None and not (
            start.startswith(head) or (fmt == "svg" and start.startswith(b"<?xml"))
        ):
            raise AssertionError(f"starts with {data[:16]!r}")

    def deterministic() -> None:
        if render() != data:
            raise AssertionError("two renders of the same scene differ")

    def hostile_escaped() -> None:
        out = render(hostile)
        if fmt == "svg":
            ET.fromstring(out)
            if b"<script" in out:
                raise AssertionError("markup from a label reached the SVG unescaped")

    check(f"{fmt}: returns non-empty bytes", non_empty)
    check(f"{fmt}: output starts like a {fmt} file", signature)
    if fmt == "svg":
        check(f"{fmt}: parses as XML", lambda: ET.fromstring(data))
    check(f"{fmt}: same input gives the same bytes", deterministic)
    check(f"{fmt}: ignores options it does not know", lambda: render(options={"no_such_xyz": 1}))
    check(f"{fmt}: survives hostile text (escaped)", hostile_escaped)
    if validate is not None:
        check(f"{fmt}: custom validation", lambda: validate(fmt, data))


def _draw_check(draw: Callable[[Scene, Any], Any], scene: Scene) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    draw(scene, ax)
    if not (ax.patches or ax.lines or ax.texts or ax.collections):
        raise AssertionError("nothing was drawn on the Axes")
    fig.canvas.draw()
