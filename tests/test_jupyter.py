"""Notebook display: SVG by default, PNG on request, unique ids, never raises; %%wardley."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

import wardleyml as wm
import wardleyml.jupyter as jupyter

from .test_cli_support import GOLDEN, TEA_SHOP


@pytest.fixture(autouse=True)
def _svg_again() -> Iterator[None]:
    yield
    jupyter.set_format("svg")


def test_svg_and_text_by_default() -> None:
    m = wm.load(TEA_SHOP)
    bundle = m._repr_mimebundle_()
    assert isinstance(bundle, dict)
    assert sorted(bundle) == ["image/svg+xml", "text/plain"]
    assert bundle["image/svg+xml"].startswith("<svg ")
    assert bundle["text/plain"] == "WardleyMap('Tea Shop': 7 components, 2 anchors, 8 links)"


def test_text_mentions_problems() -> None:
    m = wm.loads("component A [x, 0.5]\nA->B\n")
    text = m._repr_mimebundle_(include=["text/plain"])["text/plain"]
    assert text.endswith("\n1 error and 1 warning: see .diagnostics")


def test_png_on_request_at_twice_the_pixels() -> None:
    m = wm.load(TEA_SHOP)
    found = re.search(r'width="(\d+)"', m.render().decode())
    assert found is not None
    width = int(found.group(1))
    jupyter.set_format("png")
    data, metadata = m._repr_mimebundle_()
    assert data["image/png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert "image/svg+xml" not in data
    assert metadata["image/png"]["width"] == width
    assert jupyter._png_size(data["image/png"]) == (
        2 * metadata["image/png"]["width"],
        2 * metadata["image/png"]["height"],
    )


def test_set_format_rejects_other_formats() -> None:
    with pytest.raises(wm.UnknownNameError, match="notebooks show maps as svg or png, not 'gif'"):
        jupyter.set_format("gif")


def test_only_requested_types_are_drawn() -> None:
    calls: list[str] = []

    class Counting:
        def render(self, format: str, **options: Any) -> bytes:
            calls.append(format)
            return b"<svg/>"

        def __repr__(self) -> str:
            return "Counting()"

    assert jupyter.mimebundle(Counting(), include=["text/plain"]) == {"text/plain": "Counting()"}
    assert jupyter.mimebundle(Counting(), exclude=["image/svg+xml"]) == {"text/plain": "Counting()"}
    assert calls == []
    assert jupyter.mimebundle(Counting(), include=["image/svg+xml"]) == {"image/svg+xml": "<svg/>"}
    assert calls == ["svg"]


def test_display_never_raises() -> None:
    class Broken:
        def render(self, format: str, **options: Any) -> bytes:
            raise RuntimeError("the renderer fell over")

        def __repr__(self) -> str:
            return "Broken()"

    bundle = jupyter.mimebundle(Broken(), include=["image/svg+xml"])
    assert bundle == {
        "text/plain": "Broken()\ncould not draw the map: RuntimeError: the renderer fell over"
    }
    bundle = jupyter.mimebundle(wm.load(TEA_SHOP), options={"theme": "neon"})
    assert isinstance(bundle, dict)
    assert bundle["text/plain"].endswith(
        "could not draw the map: UnknownNameError: unknown theme 'neon'; "
        "available: colour, dark, handwritten, plain, wardley"
    )


def _ids(svg: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', svg))


def test_two_maps_in_one_notebook_never_share_an_id() -> None:
    first = wm.load(TEA_SHOP)._repr_mimebundle_()["image/svg+xml"]
    second = wm.load(GOLDEN)._repr_mimebundle_()["image/svg+xml"]
    small = wm.loads("component A [0.5, 0.5]")._repr_mimebundle_()["image/svg+xml"]
    changed = wm.load(TEA_SHOP).update("Kettle", maturity=0.6)._repr_mimebundle_()["image/svg+xml"]
    for a, b in [(first, second), (first, small), (second, small), (first, changed)]:
        assert _ids(a)
        assert not (_ids(a) & _ids(b))
    for svg in (first, second, small):
        # every reference points inside its own picture
        assert set(re.findall(r"url\(#([^)]+)\)", svg)) <= _ids(svg)
        assert "<style" not in svg  # a style element would leak into the whole page


def test_same_map_shows_the_same_picture() -> None:
    a = wm.load(TEA_SHOP)._repr_mimebundle_()["image/svg+xml"]
    b = wm.load(TEA_SHOP)._repr_mimebundle_()["image/svg+xml"]
    assert a == b


# -- the %%wardley magic -------------------------------------------------------------------

CELL = "title Magic\nanchor User [0.9, 0.5]\ncomponent Need [0.6, 0.4]\nUser->Need\n"


@pytest.fixture
def ip() -> Any:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "wardleyml.jupyter")
    return shell


def test_magic_draws_the_cell(ip: Any) -> None:
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        ip.run_cell_magic("wardley", "--theme dark --size 640x400 --name magic_map", CELL)
    (shown,) = captured.outputs
    assert shown.data["image/svg+xml"].startswith("<svg ")
    assert 'width="' in shown.data["image/svg+xml"]
    assert ip.user_ns["magic_map"] == wm.loads(CELL)
    plain = wm.render(wm.loads(CELL)).decode()
    assert shown.data["image/svg+xml"] != plain  # the theme and size were applied


def test_magic_png(ip: Any) -> None:
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        ip.run_cell_magic("wardley", "--format png", CELL)
    (shown,) = captured.outputs
    assert "image/png" in shown.data
    assert shown.metadata["image/png"]["width"] > 0


def test_magic_prints_problems_and_still_draws(ip: Any) -> None:
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        ip.run_cell_magic("wardley", "", "component A [x, 0.5]\ncomponent B [0.3, 0.3]\n")
    assert captured.stdout.startswith("<cell>:1:14: error: 'x' is not a number\n")
    assert "image/svg+xml" in captured.outputs[0].data


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "--theme neon",
            "%%wardley: unknown theme 'neon'; available: colour, dark, handwritten, plain, wardley",
        ),
        ("--size big", "%%wardley: --size takes WIDTHxHEIGHT, such as 800x600, not 'big'"),
        ("--bogus", "%%wardley: unrecognized arguments: --bogus"),
        ("--scale -1", "%%wardley: scale must be above 0 and at most 20, not -1.0"),
    ],
)
def test_magic_option_errors(ip: Any, line: str, message: str) -> None:
    from IPython.core.error import UsageError

    with pytest.raises(UsageError) as info:
        ip.run_cell_magic("wardley", line, CELL)
    assert str(info.value) == message
