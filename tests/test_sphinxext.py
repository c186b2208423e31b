"""The Sphinx extension, through real builds of small projects."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

import wardleyml as wm
import wardleyml.sphinxext

from .conftest import SMALL_TEA

CONF = 'project = "Maps"\nextensions = ["wardleyml.sphinxext"]\n'

TEA = SMALL_TEA

BROKEN = """\
title Broken
component Kettle [0.43, 0.35]
component Cup [x, 0.2]
Kettle->Kettel
"""


def project(root: Path, index: str, **files: str) -> Path:
    """A Sphinx source folder with ``index.rst`` and files (``maps__a.owm`` is maps/a.owm)."""
    src = root / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.rst").write_text(index, encoding="utf-8")
    for name, text in files.items():
        path = src / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return src


def build(src: Path, out: Path, *options: str, builder: str = "html") -> tuple[int, str]:
    """Build ``src`` into ``out``; the exit status and the warnings."""
    warnings = out.with_name(out.name + "-warnings.txt")
    doctrees = out.with_name(out.name + "-doctrees")
    argv = ["-q", "-N", "-b", builder, "-d", str(doctrees), "-w", str(warnings), *options]
    status = build_main([*argv, str(src), str(out)])
    return status, warnings.read_text(encoding="utf-8") if warnings.exists() else ""


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", html, re.S)


def test_setup_declares_version_and_parallel_safety() -> None:
    class App:
        def __getattr__(self, name: str) -> object:
            return lambda *args, **kwargs: None

    meta = wardleyml.sphinxext.setup(App())  # type: ignore[arg-type]
    assert meta == {
        "version": wm.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def test_a_file_and_inline_maps_are_inline_svg(tmp_path: Path) -> None:
    index = """\
Maps
====

.. wardley:: maps/tea.owm
   :caption: The *tea* shop
   :name: tea-map
   :align: center

.. wardley::
   :alt: Just a kettle
   :theme: dark
   :width: 400

   component Kettle [0.43, 0.35]

See :ref:`tea-map`.
"""
    src = project(tmp_path, index, **{"maps__tea.owm": TEA})
    status, warnings = build(src, tmp_path / "out")
    assert (status, warnings) == (0, "")
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    first, second = svgs(html)
    assert 'role="img"' in first
    assert "Wardley map: Tea Shop</title>" in first
    assert all(name in first for name in ("Business", "Cup of Tea", "Kettle"))
    assert "Just a kettle</title>" in second
    assert 'style="width: 400px; height: auto"' in second
    assert "#353347" in second  # the dark theme's background
    # The caption makes a figure that :ref: can point at.
    assert re.search(r'<figure class="align-center" id="tea-map">\s*<div class="wardley">', html)
    assert "<em>tea</em> shop" in html
    assert 'href="#tea-map"' in html


def test_a_broken_map_warns_with_both_places_and_still_draws(tmp_path: Path) -> None:
    index = """\
Maps
====

.. wardley:: maps/broken.owm

Inline:

.. wardley::

   component Water [0.2, 0.3]
   foo bar
"""
    src = project(tmp_path, index, **{"maps__broken.owm": BROKEN})
    status, warnings = build(src, tmp_path / "out")
    assert status == 0
    index_rst = src / "index.rst"
    lines = warnings.splitlines()
    at_directive = f"{index_rst}:4: WARNING: wardley map: maps/broken.owm"
    assert lines[0].startswith(f"{at_directive}:3:16: error: 'x' is not a number")
    assert lines[1].startswith(f"{at_directive}:4:9: warning: the link names 'Kettel'")
    # A map written in the document: the document's own line of the problem.
    assert lines[2].startswith(
        f"{index_rst}:11: WARNING: wardley map: line 2, column 1: error: unknown statement 'foo'"
    )
    assert len(lines) == 3
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    broken, inline = svgs(html)
    assert "Kettle" in broken
    assert "Water" in inline
    # -W makes the same warnings fail the build.
    status, _ = build(src, tmp_path / "strict", "-W")
    assert status != 0


def test_a_map_that_cannot_be_read_is_a_message_and_the_build_goes_on(tmp_path: Path) -> None:
    index = """\
Maps
====

.. wardley:: maps/missing.owm

.. wardley::

.. wardley:: maps/tea.owm

   component Both [0.1, 0.1]

.. wardley::

   component Kettle [0.43, 0.35]

.. wardley:: maps/tea.owm
   :theme: nosuch
"""
    src = project(tmp_path, index)
    (src / "maps").mkdir()
    (src / "maps" / "tea.owm").write_text(TEA, encoding="utf-8")
    status, warnings = build(src, tmp_path / "out")
    assert status == 0
    assert "index.rst:4: WARNING: cannot read the map: maps/missing.owm: no such file" in warnings
    assert "index.rst:6: WARNING: the map is empty" in warnings
    assert "index.rst:8: WARNING: give the map as a file argument or as content" in warnings
    assert "index.rst:16: WARNING: wardley map: cannot draw it: unknown theme 'nosuch'" in (
        warnings
    )
    assert "Traceback" not in warnings
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert len(svgs(html)) == 1
    assert "Kettle" in svgs(html)[0]


def test_editing_a_map_or_a_file_it_includes_rebuilds_the_page(tmp_path: Path) -> None:
    index = "Maps\n====\n\n.. wardley:: maps/tea.owm\n"
    src = project(tmp_path, index)
    maps = src / "maps"
    maps.mkdir()
    (maps / "tea.owm").write_text("//! include: _common.owm\n" + TEA, encoding="utf-8")
    (maps / "_common.owm").write_text("component Water [0.2, 0.3]\n", encoding="utf-8")
    out = tmp_path / "out"
    assert build(src, out) == (0, "")
    page = out / "index.html"
    assert "Water" in page.read_text(encoding="utf-8")

    def edit(path: Path, old: str, new: str) -> None:
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        # Now, not in the future: a future time would make the file look changed
        # in every later build too, and hide a missing dependency.
        now = time.time()
        os.utime(path, (now, now))

    edit(maps / "tea.owm", "Kettle", "Samovar")
    assert build(src, out) == (0, "")
    html = page.read_text(encoding="utf-8")
    assert "Samovar" in html
    assert "Kettle" not in html
    edit(maps / "_common.owm", "Water", "Spring water")
    assert build(src, out) == (0, "")
    assert "Spring water" in page.read_text(encoding="utf-8")


def test_maps_on_one_page_share_no_id_and_builds_are_byte_identical(tmp_path: Path) -> None:
    inline = "\n.. wardley::\n\n   component Kettle [0.43, 0.35]\n"
    index = "Maps\n====\n\n.. wardley:: tea.owm\n" + inline * 2 + "\n.. wardley:: tea.owm\n"
    src = project(tmp_path, index, **{"tea.owm": TEA})
    assert build(src, tmp_path / "one") == (0, "")
    assert build(src, tmp_path / "two") == (0, "")
    html = (tmp_path / "one" / "index.html").read_bytes()
    assert html == (tmp_path / "two" / "index.html").read_bytes()
    text = html.decode("utf-8")
    assert len(svgs(text)) == 4
    ids = re.findall(r'\bid="([^"]+)"', text)
    assert len(ids) >= 4 * 9  # each map: itself, title, desc, axes, stages, components...
    assert len(ids) == len(set(ids))
    # Every reference inside a map points into the same map.
    for svg in svgs(text):
        root = re.search(r'<svg [^>]*\bid="([^"]+)"', svg)
        assert root is not None
        for ref in re.findall(r'(?:url\(#|aria-labelledby=")([^")]+)', svg):
            assert all(part.startswith(root[1]) for part in ref.split())


def test_png_for_html_and_pdf_for_latex_are_written_as_files(tmp_path: Path) -> None:
    index = """\
Maps
====

.. wardley:: tea.owm
   :format: png
   :width: 50%

.. wardley:: tea.owm
   :align: center
"""
    src = project(tmp_path, index, **{"tea.owm": TEA})
    out = tmp_path / "html"
    assert build(src, out) == (0, "")
    html = (out / "index.html").read_text(encoding="utf-8")
    image = re.search(r'<img src="(_images/wardley-[0-9a-f]{16}\.png)" alt="([^"]*)"', html)
    assert image is not None
    assert image[2] == "Wardley map: Tea Shop"
    assert (out / image[1]).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert len(svgs(html)) == 1

    latex = tmp_path / "latex"
    assert build(src, latex, builder="latex") == (0, "")
    tex = (latex / "maps.tex").read_text(encoding="utf-8")
    graphics = re.findall(
        r"\\sphinxincludegraphics(\[[^]]*\])?\{(wardley-[0-9a-f]{16}\.pdf)\}", tex
    )
    assert [options for options, _ in graphics] == ["[width=0.500\\linewidth]", ""]
    assert "\\begin{center}\\sphinxincludegraphics" in tex
    assert (latex / graphics[0][1]).read_bytes().startswith(b"%PDF")


def test_text_output_shows_the_alternative_text(tmp_path: Path) -> None:
    index = "Maps\n====\n\n.. wardley:: tea.owm\n\n.. wardley:: tea.owm\n   :alt: The shop\n"
    src = project(tmp_path, index, **{"tea.owm": TEA})
    assert build(src, tmp_path / "text", builder="text") == (0, "")
    text = (tmp_path / "text" / "index.txt").read_text(encoding="utf-8")
    assert "[Wardley map: Tea Shop]\n\n[The shop]" in text


def test_parallel_builds_draw_every_page(tmp_path: Path) -> None:
    pages = [f"page{n}" for n in range(8)]
    index = "Maps\n====\n\n.. toctree::\n\n" + "".join(f"   {p}\n" for p in pages)
    src = project(tmp_path, index)
    for n, name in enumerate(pages):
        body = f"Page {n}\n======\n\n.. wardley::\n\n   component Part {n} [0.5, 0.5]\n"
        (src / f"{name}.rst").write_text(body, encoding="utf-8")
    assert build(src, tmp_path / "out", "-j", "2") == (0, "")
    for n, name in enumerate(pages):
        html = (tmp_path / "out" / f"{name}.html").read_text(encoding="utf-8")
        assert f"Part {n}" in svgs(html)[0]


@pytest.mark.parametrize("setting", ["wardley_theme = 'dark'", "wardley_html_format = 'png'"])
def test_settings_apply_to_every_map(tmp_path: Path, setting: str) -> None:
    src = project(tmp_path, "Maps\n====\n\n.. wardley:: tea.owm\n", **{"tea.owm": TEA})
    (src / "conf.py").write_text(CONF + setting + "\n", encoding="utf-8")
    assert build(src, tmp_path / "out") == (0, "")
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    if "png" in setting:
        assert not svgs(html)
        assert '<img src="_images/wardley-' in html
    else:
        assert "#353347" in svgs(html)[0]


def test_a_problem_in_an_included_file_names_that_file(tmp_path: Path) -> None:
    index = "Maps\n====\n\n.. wardley:: maps/tea.owm\n"
    src = project(tmp_path, index, **{"maps__tea.owm": "//! include: _common.owm\n" + TEA})
    (src / "maps" / "_common.owm").write_text("component Water [0.2, 0.3]\nfoo\n")
    status, warnings = build(src, tmp_path / "out")
    assert status == 0
    assert warnings.startswith(
        f"{src / 'index.rst'}:4: WARNING: wardley map: maps/_common.owm:2:1: error: unknown"
    )
