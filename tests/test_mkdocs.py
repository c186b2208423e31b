"""The MkDocs plugin, through real builds of small sites."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from .conftest import SMALL_TEA

TEA = SMALL_TEA


def site(root: Path, page: str, plugin: str = "  - wardleyml\n") -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text(page, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(f"site_name: Maps\nplugins:\n{plugin}", encoding="utf-8")
    return config


def build_site(
    config: Path, caplog: pytest.LogCaptureFixture, *, strict: bool = False
) -> tuple[str, list[str]]:
    """Build in this process; the page's HTML and the plugin's warnings."""
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        build(load_config(config_file=str(config), strict=strict))
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    html = (config.parent / "site" / "index.html").read_text(encoding="utf-8")
    return html, warnings


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", html, re.S)


def fence(body: str, info: str = "wardley", indent: str = "") -> str:
    lines = [f"```{info}", *body.splitlines(), "```"]
    return "".join(f"{indent}{line}\n" for line in lines)


def test_fences_become_inline_svg(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    page = (
        "# Maps\n\n"
        + fence(TEA)
        + "\n- In a list:\n\n"
        + fence("component Kettle [0.43, 0.35]", 'wardley theme=dark alt="A dark kettle"', "    ")
        + "\n````markdown\n"
        + fence("component Shown As Code [0.1, 0.1]")
        + "````\n"
    )
    html, warnings = build_site(site(tmp_path, page), caplog)
    assert warnings == []
    tea, kettle = svgs(html)
    assert 'role="img"' in tea
    assert all(name in tea for name in ("Business", "Cup of Tea", "Kettle"))
    assert re.search(r'<div class="wardley">\s*<svg style="max-width: 100%; height: auto"', html)
    assert "A dark kettle</title>" in kettle
    assert "#353347" in kettle  # the dark theme's background
    assert re.search(r"<li>\s*<p>In a list:</p>\s*<div class=\"wardley\">", html)
    # A fence inside another fenced block is an example, not a map.
    assert "```wardley\ncomponent Shown As Code [0.1, 0.1]\n```" in html
    assert "wardleyml-map-" not in html


def test_the_theme_setting_applies_to_every_map(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = site(tmp_path, fence(TEA), plugin="  - wardleyml:\n      theme: dark\n")
    html, warnings = build_site(config, caplog)
    assert warnings == []
    assert "#353347" in svgs(html)[0]


def test_problems_name_the_page_line_and_column(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    page = (
        "---\ntitle: Maps\n---\n# Maps\n\n"  # front matter: lines 1-3
        + fence("component Kettle [0.43, 0.35]\ncomponent Cup [x, 0.2]\nKettle->Kettel")
        + "\n- Indented:\n\n"
        + fence("component Water [0.2, 0.3]\nfoo bar", indent="    ")
    )
    html, warnings = build_site(site(tmp_path, page), caplog)
    assert [w.split(" (hint")[0] for w in warnings] == [
        "wardleyml: index.md:8:16: error: 'x' is not a number",
        "wardleyml: index.md:9:9: warning: the link names 'Kettel', which is not a component or "
        "anchor; it is not drawn",
        "wardleyml: index.md:16:5: error: unknown statement 'foo'",
    ]
    # Maps with problems are drawn from what could be read.
    first, second = svgs(html)
    assert "Kettle" in first
    assert "Water" in second


def test_strict_builds_fail_on_a_map_problem(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = site(tmp_path, fence("component Kettle [0.43, 0.35]\nfoo bar"))
    with pytest.raises(Abort):
        build_site(config, caplog, strict=True)
    # The installed command, as a site's CI runs it.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "index.md:3:1: error: unknown statement 'foo'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_blocks_are_warnings_and_stay_as_code(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    page = (
        fence("component A [0.5, 0.5]", "wardley size=big")
        + "\n"
        + fence("component B [0.5, 0.5]", "wardley theme=nosuch")
        + "\n```wardley\ncomponent C [0.5, 0.5]\n"
    )
    html, warnings = build_site(site(tmp_path, page), caplog)
    assert len(warnings) == 3
    assert "wardleyml: index.md:9: the wardley block is not closed; it is left as it is" in warnings
    assert (
        "wardleyml: index.md:1: unknown option 'size=big' of a wardley block"
        " (it takes theme=, alt=)"
    ) in warnings
    assert "wardleyml: index.md:5: cannot draw the map: unknown theme 'nosuch'; available: " in (
        "\n".join(warnings)
    )
    assert svgs(html) == []
    assert "component A [0.5, 0.5]" in html
    assert "component B [0.5, 0.5]" in html


def test_maps_on_one_page_share_no_id_and_builds_are_byte_identical(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the theme writes the build date
    page = fence(TEA) + "\n" + fence(TEA) + "\n" + fence("component Kettle [0.43, 0.35]")
    one, _ = build_site(site(tmp_path / "one", page), caplog)
    two, _ = build_site(site(tmp_path / "two", page), caplog)
    assert one == two
    assert len(svgs(one)) == 3
    ids = re.findall(r'\bid="([^"]+)"', "".join(svgs(one)))
    assert len(ids) >= 3 * 9
    assert len(ids) == len(set(ids))
