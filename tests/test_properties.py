"""Property-based tests of the reader and the writer (hypothesis).

1. Any text, and any mutation of a real map, reads into a map or raises WardleyError:
   never another exception.
2. Any map, however hostile its names and texts, survives writing and reading back
   (``loads(dumps(m)) == m``), and writing is a fixed point.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import wardleyml as wm
from wardleyml.model import elements as el

from .conftest import corpus_files

# Characters that matter to the format, plus some that matter to XML and to people.
SPECIAL = [*"[]\"\\;->+'(),/*!#{}<>:|&%$@.=_~`^?", "//", "/*", "*/", "->", "+>", "+'"]
UNICODE = ["é", "ß", "中", "🚀", "\u202e", "\u05d0", "\t", "\u00a0", "\u0301"]
WORDS = [
    "component",
    "anchor",
    "label",
    "inertia",
    "evolve",
    "note",
    "build",
    "market",
    "title",
    "style",
    "url(",
    "pipeline",
    "0.5",
    "1",
    ".9",
    "Kettle",
    "Cup of Tea",
]

text_piece = st.one_of(
    st.sampled_from(SPECIAL),
    st.sampled_from(UNICODE),
    st.sampled_from(WORDS),
    st.text(alphabet="abcXYZ 019", min_size=1, max_size=4),
)
free_text = st.lists(text_piece, min_size=1, max_size=8).map("".join)
line_text = free_text.filter(lambda s: "\n" not in s and "\r" not in s)
coordinate = st.one_of(
    st.none(), st.floats(min_value=-0.5, max_value=1.5, allow_nan=False, width=32)
)
number = st.floats(min_value=-0.5, max_value=1.5, allow_nan=False, width=32)
pixels = st.floats(min_value=-200, max_value=200, allow_nan=False, width=32)
offset = st.one_of(st.none(), st.builds(el.Offset, dx=pixels, dy=pixels))
comment = st.one_of(st.none(), line_text)


def _safe(build: Any) -> Any:
    """Elements whose constraints reject the drawn values are skipped (assume)."""

    def make(**kwargs: Any) -> Any:
        try:
            return build(**kwargs)
        except ValidationError:
            return None

    return make


components = st.builds(
    _safe(el.Component),
    name=free_text,
    visibility=coordinate,
    maturity=coordinate,
    label=offset,
    inertia=st.booleans(),
    method=st.sampled_from([None, "build", "buy", "outsource"]),
    market=st.booleans(),
    ecosystem=st.booleans(),
    stage=st.one_of(st.none(), st.integers(1, 4)),
    color=st.sampled_from([None, "red", "#c00", "#12ab34"]),
    display=st.one_of(st.none(), free_text),
    comment=comment,
)
anchors = st.builds(
    _safe(el.Anchor),
    name=free_text,
    visibility=coordinate,
    maturity=coordinate,
    label=offset,
    comment=comment,
)
links = st.builds(
    _safe(el.Link),
    start=free_text,
    end=free_text,
    flow=st.sampled_from([None, "forward", "backward", "both"]),
    context=st.one_of(st.none(), free_text),
    style=st.one_of(
        st.none(),
        st.builds(
            el.LinkStyle,
            color=st.sampled_from([None, "red", "#d62728"]),
            dash=st.sampled_from([None, "dashed", "dotted", "solid"]),
            width=st.sampled_from([None, 1.0, 2.5, 3.0]),
        ),
    ),
    comment=comment,
)
flows_with_value = st.builds(
    _safe(el.Link),
    start=free_text,
    end=free_text,
    flow=st.sampled_from(["forward", "backward", "both"]),
    flow_value=line_text,
)
evolves = st.builds(
    _safe(el.Evolve),
    name=free_text,
    maturity=number,
    rename=st.one_of(st.none(), free_text),
    label=offset,
    method=st.sampled_from([None, "build", "buy", "outsource"]),
    comment=comment,
)
notes = st.builds(
    _safe(el.Note), text=free_text, visibility=coordinate, maturity=coordinate, comment=comment
)
numbered_annotations = st.builds(
    _safe(el.Annotation),
    number=st.integers(0, 99),
    points=st.lists(st.builds(el.Point, visibility=number, maturity=number), max_size=3).map(tuple),
    text=st.one_of(st.just(""), free_text),
)
titles = st.builds(_safe(el.Title), text=free_text, comment=comment)
styles = st.builds(
    _safe(el.Style), name=st.sampled_from(["plain", "wardley", "dark", "colour", "handwritten"])
)
sizes = st.builds(_safe(el.Size), width=st.integers(1, 3000), height=st.integers(1, 3000))
stage_names = st.one_of(st.just(""), free_text)
evolutions = st.builds(
    _safe(el.Evolution),
    stages=st.lists(
        st.builds(el.Stage, name=stage_names, second=st.one_of(st.none(), free_text)),
        max_size=5,
    ).map(tuple),
    hide=st.booleans(),
)
attitudes = st.builds(
    _safe(el.Attitude),
    attitude=st.sampled_from(["pioneers", "settlers", "townplanners"]),
    visibility=number,
    maturity=number,
    visibility2=number,
    maturity2=number,
)
accelerators = st.builds(
    _safe(el.Accelerator),
    name=free_text,
    visibility=coordinate,
    maturity=coordinate,
    deaccelerator=st.booleans(),
)
urls = st.builds(_safe(el.Url), name=free_text, address=st.one_of(st.none(), line_text))
submaps = st.builds(
    _safe(el.Submap),
    name=free_text,
    visibility=coordinate,
    maturity=coordinate,
    url=st.one_of(st.none(), st.text(alphabet="abcxyz_", min_size=1, max_size=6)),
)
comments = st.builds(_safe(el.Comment), text=line_text)
block_comments = st.builds(_safe(el.Comment), text=free_text, block=st.just(True))
members = st.builds(_safe(el.PipelineComponent), name=free_text, maturity=coordinate, label=offset)
pipelines = st.builds(
    _safe(el.Pipeline),
    name=free_text,
    start=coordinate,
    end=coordinate,
    block=st.one_of(
        st.none(),
        st.lists(st.one_of(members, comments, evolves, links, notes), max_size=4).map(
            lambda items: tuple(i for i in items if i is not None)
        ),
    ),
)

element = st.one_of(
    components,
    anchors,
    links,
    flows_with_value,
    evolves,
    notes,
    numbered_annotations,
    titles,
    styles,
    sizes,
    evolutions,
    attitudes,
    accelerators,
    urls,
    submaps,
    comments,
    block_comments,
    pipelines,
    st.just(el.Blank()),
    st.builds(el.ValueChain),
)


@st.composite
def maps(draw: st.DrawFn) -> wm.WardleyMap:
    items = [e for e in draw(st.lists(element, max_size=12)) if e is not None]
    # Blank lines are separators: none at the ends, never two in a row.
    tidy: list[Any] = []
    for item in items:
        if isinstance(item, el.Blank) and (not tidy or isinstance(tidy[-1], el.Blank)):
            continue
        tidy.append(item)
    while tidy and isinstance(tidy[-1], el.Blank):
        tidy.pop()
    return wm.WardleyMap(elements=tuple(tidy))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(maps())
def test_any_map_survives_writing_and_reading(m: wm.WardleyMap) -> None:
    text = wm.dumps(m)
    again = wm.loads(text, includes=False)
    assert again.errors == (), f"{m.elements!r}\n{text}{wm.errors.format_diagnostics(again.errors)}"
    assert again.elements == m.elements, text
    assert wm.dumps(again) == text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_reads_or_raises_wardley_error(text: str) -> None:
    try:
        m = wm.loads(text)
    except wm.WardleyError:
        return
    assert isinstance(m, wm.WardleyMap)
    # Whatever was read can be written, and what is written reads back the same.
    again = wm.loads(wm.dumps(m), includes=False)
    assert wm.dumps(again) == wm.dumps(m)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*SPECIAL, *WORDS, *UNICODE, " ", "\n", "[0.5, 0.3]"]), max_size=60)
)
def test_format_shaped_garbage_reads(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        m = wm.loads(text)
    except wm.WardleyError:
        return
    again = wm.loads(wm.dumps(m), includes=False)
    assert wm.dumps(again) == wm.dumps(m)


CORPUS_TEXTS = [p.read_text(encoding="utf-8") for p in corpus_files()[::7]]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(CORPUS_TEXTS) - 1), st.randoms(use_true_random=False), st.integers(1, 8))
def test_mutated_real_maps_read(index: int, rnd: random.Random, count: int) -> None:
    text = list(CORPUS_TEXTS[index])
    assume(text)
    for _ in range(count):
        op = rnd.randrange(4)
        pos = rnd.randrange(len(text) + 1)
        if op == 0 and text:
            del text[min(pos, len(text) - 1)]
        elif op == 1:
            text.insert(pos, rnd.choice([*SPECIAL, *UNICODE, "\n", " ", "\x00"]))
        elif op == 2 and text:
            j = rnd.randrange(len(text))
            text[min(pos, len(text) - 1)], text[j] = text[j], text[min(pos, len(text) - 1)]
        else:
            start = rnd.randrange(len(text) + 1)
            text[pos:pos] = text[start : start + rnd.randrange(40)]
    mutated = "".join(text)
    try:
        m = wm.loads(mutated)
    except wm.WardleyError:
        assert "\x00" in mutated
        return
    _assert_valid_model(m)
    again = wm.loads(wm.dumps(m), includes=False)
    assert wm.dumps(again) == wm.dumps(m)


def _assert_valid_model(m: wm.WardleyMap) -> None:
    """What the reader built (without validating, for speed) passes the model's rules."""
    assert wm.WardleyMap.model_validate(m.model_dump()) == m


@pytest.mark.parametrize(
    "line",
    [
        "anchor Worker [0 96,.0.50]",  # found by test_mutated_real_maps_read
        "component A [0 96]",
        "component A [0.96,50. 0]",
        "component A [0.5 1e300]",
    ],
)
def test_numbers_without_commas_keep_their_bounds(line: str) -> None:
    m = wm.loads(line)
    assert "out-of-bounds" in {d.code for d in m.diagnostics}
    _assert_valid_model(m)
    assert wm.dumps(wm.loads(wm.dumps(m))) == wm.dumps(m)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xfe c\x00o\x00m\x00",
        "component Caf\u00e9 [0.5, 0.5]".encode("latin-1"),
    ],
)
def test_bytes_that_are_not_text_raise_wardley_error(tmp_path: Any, data: bytes) -> None:
    path = tmp_path / "map.owm"
    path.write_bytes(data)
    with pytest.raises(wm.WardleyError):
        wm.load(path)


def test_a_50000_line_map_reads() -> None:
    text = "\n".join(f"component C{i} [0.5, 0.5]\nC{i}->C{i + 1}" for i in range(25_000))
    m = wm.loads(text)
    assert len(m.components) == 25_000
    assert len(m.links) == 25_000
    assert [d.code for d in m.diagnostics] == ["unknown-link-end"]


@pytest.mark.parametrize(
    "line",
    [
        "note " + "word [x] " * 22_000 + " [0.5, 0.5]",
        "a->" * 66_000,
        "+'" * 100_000,
        '"' * 200_000,
        "/*" * 100_000,
        "component x [0.1, 0.2] " + "(build)" * 28_000,
    ],
    ids=["note", "arrows", "flow-quotes", "quotes", "comments", "decorators"],
)
def test_a_200000_character_line_reads(line: str) -> None:
    m = wm.loads(line)
    assert isinstance(m, wm.WardleyMap)
