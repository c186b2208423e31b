"""Wardley maps in MkDocs pages: the ``wardleyml`` plugin.

List it in ``mkdocs.yml``::

    plugins:
      - search
      - wardleyml:
          theme: colour

and write maps in fenced blocks; each becomes the map's SVG, inline::

    ```wardley
    title Tea Shop
    component Kettle [0.43, 0.35]
    ```

The opening line may set ``theme=NAME`` and ``alt="..."`` (the SVG's accessible
name) for one map. A map's problems are MkDocs warnings naming the page, line and
column, so ``mkdocs build --strict`` fails on them; a map with problems is still
drawn from what could be read. The plugin uses only wardleyml's public API.
"""

from __future__ import annotations

import hashlib
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, get_plugin_logger

import wardleyml as wm

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

__all__ = ["WardleyConfig", "WardleyPlugin"]

log = get_plugin_logger(__name__)

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>.*?)[ \t]*$")
_OPTIONS = ("theme", "alt")


class WardleyConfig(Config):  # type: ignore[no-untyped-call]  # mkdocs' hook is untyped
    """The plugin's settings in ``mkdocs.yml``."""

    theme = config_options.Type(str, default="")
    """The theme of every map without ``theme=``; empty: the map's own ``style``."""


@dataclass
class _Fence:
    """A ``wardley`` block found in a page."""

    start: int  # 0-based line of the opening fence in the Markdown given to the plugin
    end: int  # 0-based line after the closing fence
    indent: str
    info: str
    code: str


@dataclass
class _PageState:
    """Pictures waiting for their placeholders to come out of Markdown."""

    pictures: dict[str, str] = field(default_factory=dict)
    prefixes: dict[str, int] = field(default_factory=dict)


class WardleyPlugin(BasePlugin[WardleyConfig]):  # type: ignore[no-untyped-call]
    """Replaces ```` ```wardley ```` blocks with the maps' SVG."""

    def __init__(self) -> None:
        self._state: dict[str, _PageState] = {}

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Draw each ``wardley`` block; a placeholder stands where its SVG goes.

        The SVG is put in after Markdown has run (:meth:`on_page_content`), so nothing
        in it is read as Markdown, in any container (lists, admonitions, tabs).
        """
        lines = markdown.split("\n")
        fences = _find_fences(lines, page)
        if not fences:
            return None
        state = self._state.setdefault(page.file.src_uri, _PageState())
        offset = _front_matter_lines(markdown, page)
        out: list[str] = []
        done = 0
        for fence in fences:
            out.extend(lines[done : fence.start])
            done = fence.end
            html = self._draw(fence, page, offset, state)
            if html is None:
                out.extend(lines[fence.start : fence.end])  # the source stays readable
                continue
            token = f"wardleyml-map-{len(state.pictures) + 1}-{_digest(page.file.src_uri)}"
            state.pictures[token] = html
            out.extend(["", fence.indent + token, ""])
        out.extend(lines[done:])
        return "\n".join(out)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Put each map's SVG where its placeholder came out."""
        state = self._state.pop(page.file.src_uri, None)
        if state is None:
            return None
        for token, picture in state.pictures.items():
            html = html.replace(f"<p>{token}</p>", picture).replace(token, picture)
        return html

    def _draw(self, fence: _Fence, page: Page, offset: int, state: _PageState) -> str | None:
        """The HTML of one map, or ``None`` if it cannot be drawn (after a warning)."""
        where = page.file.src_uri
        first = offset + fence.start + 1  # 1-based page line of the opening fence
        try:
            words = shlex.split(fence.info)[1:]
        except ValueError as exc:
            log.warning(f"{where}:{first}: the wardley block's options: {exc}")
            return None
        options: dict[str, str] = {}
        for word in words:
            key, sep, value = word.partition("=")
            if not sep or key not in _OPTIONS:
                log.warning(
                    f"{where}:{first}: unknown option {word!r} of a wardley block"
                    f" (it takes {', '.join(k + '=' for k in _OPTIONS)})"
                )
                return None
            options[key] = value
        source = page.file.abs_src_path or page.file.src_uri
        try:
            m = wm.loads(fence.code, source=source)
        except wm.WardleyError as exc:
            log.warning(f"{where}:{first}: cannot read the map: {exc}")
            return None
        for d in m.diagnostics:
            if d.file == source and d.line > 0:
                place = f"{page.file.src_uri}:{first + d.line}:{d.column + len(fence.indent)}"
            else:  # a file the map includes, or the whole map
                place = f"{_relative(d.file)}:{d.line}:{d.column} (included at line {first})"
            hint = f" (hint: {d.hint})" if d.hint else ""
            log.warning(f"{place}: {d.severity}: {d.message}{hint}")

        theme = options.get("theme") or self.config.theme
        render: dict[str, Any] = {"id_prefix": _prefix(fence.code, theme, state)}
        if theme:
            render["theme"] = theme
        if options.get("alt"):
            render["title"] = options["alt"]
        report: list[wm.Diagnostic] = []
        try:
            svg = wm.render(m, "svg", report=report, **render).decode("utf-8")
        except wm.WardleyError as exc:
            log.warning(f"{where}:{first}: cannot draw the map: {exc}")
            return None
        for d in report:
            log.warning(f"{where}:{first}: {d.severity}: {d.message}")
        # Scaled down (never up) to the column.
        svg = svg.replace("<svg ", '<svg style="max-width: 100%; height: auto" ', 1).rstrip()
        return f'<div class="wardley">\n{svg}\n</div>'


def _find_fences(lines: list[str], page: Page) -> list[_Fence]:
    """The ``wardley`` blocks of a page, skipping fences inside other fenced blocks.

    A block closes with a fence of the same character at least as long as the one
    that opened it (as in CommonMark); an unclosed block is left alone, with a warning.
    """
    found: list[_Fence] = []
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match is None or (match["fence"][0] == "`" and "`" in match["info"]):
            i += 1
            continue
        fence, indent, info = match["fence"], match["indent"], match["info"]
        close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = next((j for j in range(i + 1, len(lines)) if close.match(lines[j])), None)
        is_map = info.split(maxsplit=1)[:1] == ["wardley"]
        if end is None:
            if is_map:
                log.warning(
                    f"{page.file.src_uri}:{i + 1}: the wardley block is not closed;"
                    " it is left as it is"
                )
            break
        if is_map:
            body = [line.removeprefix(indent) for line in lines[i + 1 : end]]
            found.append(_Fence(i, end + 1, indent, info, "\n".join(body) + "\n"))
        i = end + 1
    return found


def _front_matter_lines(markdown: str, page: Page) -> int:
    """How many lines of the page's file come before ``markdown`` (its front matter)."""
    try:
        path = page.file.abs_src_path
        raw = Path(path).read_text(encoding="utf-8-sig") if path else ""
    except OSError:
        return 0
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if raw.endswith(markdown) and len(raw) > len(markdown):
        return raw[: len(raw) - len(markdown)].count("\n")
    return 0


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:8]


def _prefix(code: str, theme: str, state: _PageState) -> str:
    """An id prefix no other map on the page has, the same build after build."""
    base = f"wm-{_digest(code + chr(0) + theme)}"
    count = state.prefixes.get(base, 0) + 1
    state.prefixes[base] = count
    return base if count == 1 else f"{base}n{count}"


def _relative(file: str | None) -> str:
    if file is None:
        return "<text>"
    try:
        return os.path.relpath(file)
    except ValueError:  # pragma: no cover - another drive on Windows
        return file
