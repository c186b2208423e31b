"""Wardley maps in Sphinx documents: the ``wardley`` directive.

Add ``"wardleyml.sphinxext"`` to ``extensions`` in ``conf.py``, then write a map in
the document or name a map file::

    .. wardley:: maps/tea.owm
       :caption: The tea shop
       :theme: colour

    .. wardley::
       :alt: A kettle

       component Kettle [0.43, 0.35]

HTML pages get the SVG inline (or a PNG with ``:format: png``), LaTeX a PDF, text,
man and Texinfo output the alternative text. The map is read when the document is
read: its problems are Sphinx warnings at the document's line, each naming the map's
``file:line:col``, and a map file is a dependency of its document, so editing the map
rebuilds the page. Pictures are drawn when the page is written. The extension uses
only wardleyml's public API (``load``, ``loads``, ``render``, ``included_files``).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import struct
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import wardleyml as wm

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator
    from sphinx.writers.manpage import ManualPageTranslator
    from sphinx.writers.texinfo import TexinfoTranslator
    from sphinx.writers.text import TextTranslator

__all__ = ["WardleyDirective", "setup", "wardley"]

logger = logging.getLogger(__name__)

_ALIGN = ("left", "center", "right")
_HTML_FORMATS = ("svg", "png")


# docutils has no type hints; its nodes are named in lower case.
class wardley(nodes.General, nodes.Element):  # type: ignore[misc]
    """A map to draw: its text, where it came from and how to draw it.

    Attributes are plain strings (the doctree is pickled and may be read by another
    process): ``code`` the map text, ``path`` the map file relative to the source
    folder (or the document itself for a map written inline), ``theme``, ``alt``,
    ``align``, ``width`` and ``format``.
    """


class WardleyDirective(SphinxDirective):
    """``.. wardley:: [FILE]`` with the map as content, or read from FILE."""

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = False
    option_spec: ClassVar[dict[str, Any]] = {
        "alt": directives.unchanged,
        "align": lambda arg: directives.choice(arg, _ALIGN),
        "caption": directives.unchanged,
        "class": directives.class_option,
        "format": lambda arg: directives.choice(arg, _HTML_FORMATS),
        "name": directives.unchanged,
        "theme": directives.unchanged_required,
        "width": directives.length_or_percentage_or_unitless,
    }

    def run(self) -> list[nodes.Node]:
        """Read and check the map; a node that draws it when the page is written."""
        env = self.env
        if self.arguments and self.content:
            return [self._problem("give the map as a file argument or as content, not both")]
        if self.arguments:
            rel, path = env.relfn2path(self.arguments[0], env.docname)
            env.note_dependency(rel)
            try:
                m = wm.load(path)
            except wm.WardleyError as exc:
                return [self._problem(f"cannot read the map: {_relative(str(exc), env.srcdir)}")]
            code = ""  # read again when the page is written: a dependency, so current
            first_line = None  # problems are reported at the directive
        else:
            if not "".join(self.content).strip():
                return [self._problem("the map is empty: give a file argument or content")]
            code = "\n".join(self.content) + "\n"
            # Named after the document, so includes are relative to its folder.
            path = str(env.doc2path(env.docname))
            try:
                m = wm.loads(code, source=path)
            except wm.WardleyError as exc:
                return [self._problem(f"cannot read the map: {exc}")]
            first_line = self.content_offset
        for included in wm.included_files(path, code or None):
            env.note_dependency(os.fspath(included))
        self._report(m.diagnostics, path, first_line)

        theme = self.options.get("theme") or env.config.wardley_theme or None
        node = wardley()
        node["code"] = code
        node["path"] = os.path.relpath(path, env.srcdir)
        node["theme"] = theme or ""
        node["alt"] = self.options.get("alt") or _default_alt(m)
        node["align"] = self.options.get("align", "")
        node["width"] = self.options.get("width", "")
        node["format"] = self.options.get("format", "")
        node["classes"] = ["wardley", *self.options.get("class", [])]
        self.set_source_info(node)
        caption = self.options.get("caption")
        if caption:
            return [self._figure(node, caption)]
        self.add_name(node)
        return [node]

    def _figure(self, node: wardley, caption: str) -> nodes.figure:
        """``node`` in a figure with ``caption`` (numbered and referable like an image)."""
        figure = nodes.figure("", node)
        if node["align"]:
            figure["align"] = node["align"]
            node["align"] = ""
        text_nodes, messages = self.state.inline_text(caption, self.lineno)
        caption_node = nodes.caption(caption, "", *text_nodes)
        caption_node.extend(messages)
        self.set_source_info(caption_node)
        self.set_source_info(figure)
        figure += caption_node
        self.add_name(figure)
        return figure

    def _problem(self, message: str) -> nodes.system_message:
        """A warning at the directive, shown as a system message in the document."""
        msg: nodes.system_message = self.state_machine.reporter.warning(message, line=self.lineno)
        return msg

    def _report(
        self, diagnostics: tuple[wm.Diagnostic, ...], path: str, first_line: int | None
    ) -> None:
        """Each problem of the map as a warning at the document's line.

        A problem in map text written in the document is put at its own line of the
        document; one in a map file (or a file it includes) at the directive's line,
        and the message names the file, line and column.
        """
        srcdir = self.env.srcdir
        for d in diagnostics:
            inline = first_line is not None and d.file == path and d.line > 0
            line = first_line + d.line if inline and first_line is not None else self.lineno
            source, doc_line = self.state_machine.get_source_and_line(line)
            if inline:
                place = f"line {d.line}, column {d.column}"
            else:
                place = f"{_in_srcdir(d.file, srcdir)}:{d.line}:{d.column}"
            text = f"{place}: {d.severity}: {d.message}"
            if d.hint:
                text += f" (hint: {d.hint})"
            logger.warning(
                "wardley map: %s",
                text,
                location=f"{source}:{doc_line}",
                type="wardley",
                subtype=d.code,
            )


def _relative(text: str, srcdir: str | os.PathLike[str]) -> str:
    """``text`` with the source folder's absolute path made relative to it."""
    return text.replace(os.path.join(os.fspath(srcdir), ""), "")


def _in_srcdir(file: str | None, srcdir: str | os.PathLike[str]) -> str:
    """A diagnostic's file, relative to the source folder.

    wardleyml names an included file relative to the current folder.
    """
    if file is None:
        return "<text>"
    path = os.path.abspath(file)
    relative = os.path.relpath(path, srcdir)
    return path if relative.startswith("..") else relative


def _default_alt(m: wm.WardleyMap) -> str:
    return f"Wardley map: {m.title}" if m.title else "Wardley map"


# -- drawing, when a page is written ---------------------------------------------------


def _load(translator: Any, node: wardley) -> wm.WardleyMap:
    source = os.path.join(translator.builder.env.srcdir, node["path"])
    return wm.loads(node["code"], source=source) if node["code"] else wm.load(source)


def _render(translator: Any, node: wardley, fmt: str, **options: Any) -> bytes | None:
    """The picture of ``node`` in ``fmt``, or ``None`` (and a warning) if it cannot be drawn.

    Layout problems (a label that found no free spot) are warnings too.
    """
    if node["theme"]:
        options["theme"] = node["theme"]
    report: list[wm.Diagnostic] = []
    try:
        data = wm.render(_load(translator, node), fmt, report=report, **options)
    except wm.WardleyError as exc:
        logger.warning("wardley map: cannot draw it: %s", exc, location=node, type="wardley")
        return None
    for d in report:
        logger.warning("wardley map: %s", d, location=node, type="wardley", subtype=d.code)
    return data


def _write_image(translator: Any, data: bytes, ext: str) -> str:
    """Write ``data`` into the builder's image folder; its file name.

    The name is a digest of the bytes, so the same picture is written once and a
    changed one never overwrites a file another page uses (parallel writers are safe).
    """
    builder = translator.builder
    name = f"wardley-{hashlib.sha256(data).hexdigest()[:16]}.{ext}"
    folder = Path(builder.outdir, builder.imagedir)
    target = folder / name
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{name}.{os.getpid()}"
        temporary.write_bytes(data)
        os.replace(temporary, target)
    return name


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _prefix(translator: Any, node: wardley) -> str:
    """An id prefix for this map that no other map on the page has.

    A digest of the map and how it is drawn, so pages stay byte-identical build after
    build; the same map drawn twice on a page gets a counter.
    """
    key = "\0".join((node["path"], node["code"], node["theme"]))
    base = f"wm-{hashlib.sha256(key.encode('utf-8', 'replace')).hexdigest()[:8]}"
    used: dict[str, int] = translator.__dict__.setdefault("_wardley_prefixes", {})
    count = used.get(base, 0) + 1
    used[base] = count
    return base if count == 1 else f"{base}n{count}"


def _css_width(width: str) -> str:
    return f"{width}px" if width and width[-1].isdigit() else width


def html_visit_wardley(self: HTML5Translator, node: wardley) -> None:
    """Inline SVG (or an ``<img>`` of a PNG) in a ``<div>``."""
    classes = list(node["classes"])
    if node["align"]:
        classes.append(f"align-{node['align']}")
    width = _css_width(node["width"])
    if (node["format"] or self.config.wardley_html_format) == "png":
        data = _render(self, node, "png", scale=2)
        if data is None:
            raise nodes.SkipNode
        name = _write_image(self, data, "png")
        src = posixpath.join(self.builder.imgpath, name)
        w, h = _png_size(data)
        size = f' style="width: {width}; height: auto"' if width else ""
        body = (
            f'<img src="{self.attval(src)}" alt="{self.attval(node["alt"])}"'
            f' width="{w // 2}" height="{h // 2}"{size} />'
        )
    else:
        svg = _render(self, node, "svg", title=node["alt"], id_prefix=_prefix(self, node))
        if svg is None:
            raise nodes.SkipNode
        # Scaled down (never up) to the column; an explicit :width: sets the size.
        style = f"width: {width}; height: auto" if width else "max-width: 100%; height: auto"
        body = svg.decode("utf-8").replace("<svg ", f'<svg style="{style}" ', 1).rstrip("\n")
    self.body.append(f'<div class="{" ".join(classes)}">\n{body}\n</div>\n')
    raise nodes.SkipNode


def latex_visit_wardley(self: LaTeXTranslator, node: wardley) -> None:
    """``sphinxincludegraphics`` of a PDF drawn into the output folder."""
    data = _render(self, node, "pdf")
    if data is None:
        raise nodes.SkipNode
    name = _write_image(self, data, "pdf")
    length = self.latex_image_length(node["width"]) if node["width"] else None
    options = f"[width={length}]" if length else ""
    graphic = f"\\sphinxincludegraphics{options}{{{posixpath.join(self.builder.imagedir, name)}}}"
    in_figure = isinstance(node.parent, nodes.figure)
    if in_figure or not node["align"]:
        self.body.append(f"\n{graphic}\n" if not in_figure else f"{graphic}\n")
    elif node["align"] == "center":
        self.body.append(f"\n\\begin{{center}}{graphic}\\end{{center}}\n")
    elif node["align"] == "left":
        self.body.append(f"\n{{{graphic}\\hspace*{{\\fill}}}}\n")
    else:
        self.body.append(f"\n{{\\hspace*{{\\fill}}{graphic}}}\n")
    raise nodes.SkipNode


def text_visit_wardley(self: TextTranslator, node: wardley) -> None:
    """The alternative text, as a paragraph of its own."""
    self.new_state(0)
    self.add_text(f"[{node['alt']}]")
    self.end_state()
    raise nodes.SkipNode


def texinfo_visit_wardley(self: TexinfoTranslator, node: wardley) -> None:
    """The alternative text, escaped for Texinfo."""
    self.body.append(self.escape(f"[{node['alt']}]"))
    raise nodes.SkipNode


def man_visit_wardley(self: ManualPageTranslator, node: wardley) -> None:
    """The alternative text, for a manual page."""
    self.body.append(f"[{node['alt']}]")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``wardley`` directive, its node and its settings.

    Settings: ``wardley_theme`` (the theme of every map without ``:theme:``; default:
    the map's own ``style``) and ``wardley_html_format`` (``"svg"``, inline, or
    ``"png"``, an image file).
    """
    app.add_config_value("wardley_theme", "", "env", types=frozenset({str}))
    app.add_config_value("wardley_html_format", "svg", "html", types=frozenset({str}))
    app.add_node(
        wardley,
        html=(html_visit_wardley, None),
        latex=(latex_visit_wardley, None),
        text=(text_visit_wardley, None),
        man=(man_visit_wardley, None),
        texinfo=(texinfo_visit_wardley, None),
    )
    app.add_directive("wardley", WardleyDirective)
    return {"version": wm.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
