"""What the reader says about mistakes: the full text of each message is pinned.

Each case is a small map with one kind of mistake; the expected text is what a user
sees from ``wardleyml check`` (location, severity, message, hint).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import wardleyml as wm

CASES: list[tuple[str, str]] = [
    (
        "Component Kettle [0.43, 0.35]",
        "map.owm:1:1: error: unknown statement 'Component'\n"
        "  hint: keywords are lower-case: did you mean 'component'?",
    ),
    (
        "compnent Kettle [0.43, 0.35]",
        "map.owm:1:1: error: unknown statement 'compnent'\n  hint: did you mean 'component'?",
    ),
    (
        "component Kettle [0.43 0.35]",
        "map.owm:1:19: error: numbers in the coordinates must be separated by commas\n"
        "  hint: write [0.43, 0.35]",
    ),
    (
        "component Kettle [0.43, high]",
        "map.owm:1:25: error: 'high' is not a number\n"
        "  hint: coordinates are decimal numbers such as 0.45",
    ),
    (
        "component Kettle [0.43, 0.35",
        "map.owm:1:18: error: the coordinates are missing their closing ']'\n"
        "  hint: write them as [visibility, maturity], e.g. [0.5, 0.3]",
    ),
    (
        "component Kettle [0.4, 0.3, 0.2]",
        "map.owm:1:18: error: the coordinates should be two numbers, not 3\n"
        "  hint: write [visibility, maturity], e.g. [0.5, 0.3]",
    ),
    (
        "component Kettle [0.43, 0.35]\nKettle->Powr",
        "map.owm:2:9: warning: the link names 'Powr', which is not a component or anchor; "
        "it is not drawn",
    ),
    (
        "component Kettle [0.43, 0.35]\nevolve Kettel 0.62",
        "map.owm:2:8: warning: evolve names 'Kettel', which is not a component; nothing evolves\n"
        "  hint: did you mean 'Kettle'?",
    ),
    (
        "component Kettle [0.43, 0.35]\nevolve Kettle",
        "map.owm:2:8: error: 'evolve' needs the component's name and the maturity to evolve to\n"
        "  hint: e.g. evolve Kettle 0.62 or evolve Kettle->Electric Kettle 0.62",
    ),
    (
        "title",
        "map.owm:1:1: error: 'title' needs the map's title after it\n"
        "  hint: e.g. title Tea Shop (OWM stops reading a map with an empty title)",
    ),
    (
        "component Kettle [0.43, 0.35] (bild)",
        "map.owm:1:32: error: unknown decorator (bild)\n"
        "  hint: did you mean (build)? decorators are build, buy, outsource, market, "
        "ecosystem and inertia",
    ),
    (
        "component Kettle [0.43, 0.35] lable [1, 2]",
        "map.owm:1:31: error: unexpected text 'lable [1, 2]' after the statement\n"
        "  hint: did you mean 'label'?",
    ),
    (
        'component "Kettle [0.43, 0.35]',
        "map.owm:1:11: error: the quoted name is never closed\n"
        '  hint: end the name with a double quote; write \\" for a quote inside it',
    ),
    (
        "component Kettle [0.43, 0.35] label [10]",
        "map.owm:1:40: error: the label offset needs two numbers\n"
        "  hint: write label [dx, dy], e.g. label [10, -5]",
    ),
    (
        "# a comment",
        "map.owm:1:1: error: '#' does not start a comment\n"
        "  hint: comments start with // (or are enclosed in /* */)",
    ),
    (
        "component Kettle [0.43, 0.35]\ninertia Kettle",
        "map.owm:2:9: warning: 'inertia Kettle' is not OWM syntax (OWM ignores it); 'Kettle' is "
        "marked with inertia\n  hint: mark the component itself: component Name [v, m] inertia",
    ),
    (
        "/* never closed\ncomponent A [0.1, 0.2]",
        "map.owm:1:1: error: this /* comment is never closed, so it hides the rest of the file\n"
        "  hint: close it with */ where the comment should end",
    ),
    (
        "component Kettle [0.4, 0.3]\npipeline Kettle\n{\n  component A [0.3]",
        "map.owm:2:1: error: the block of pipeline 'Kettle' is never closed\n"
        "  hint: end the list of members with a line holding only }",
    ),
    (
        "component Kettle [1.4, 0.35]",
        "map.owm:1:19: warning: visibility 1.4 is outside 0..1, so it is drawn off the map\n"
        "  hint: positions run from 0 to 1 ([visibility, maturity])",
    ),
    (
        "component A [0.1, 0.1]\ncomponent A [0.2, 0.2]",
        "map.owm:2:11: warning: 'A' is declared twice; links and evolve use the first (line 1)\n"
        "  hint: give the two a different name (the //! display: directive can show the same "
        "text for both)",
    ),
    (
        "component A [0.1, 0.1]\ncomponent B [0.2, 0.2]\nA->B\nB->A",
        "map.owm:3:1: warning: dependency cycle: A -> B -> A\n"
        "  hint: a value chain runs one way; remove or reverse one of these links",
    ),
    (
        "component Kettle //! stage: V",
        "map.owm:1:22: error: 'V' is not an evolution stage\n"
        "  hint: write I, II, III or IV (or genesis, custom, product, commodity)",
    ),
    (
        "component Kettle //! stag: II",
        "map.owm:1:22: error: unknown directive 'stag'\n"
        "  hint: did you mean 'stage'? here: stage, color, display",
    ),
    (
        "annotation x [0.1, 0.2] text",
        "map.owm:1:12: error: an annotation needs a whole number, not 'x'\n"
        "  hint: e.g. annotation 1 [0.5, 0.4] What this point means",
    ),
    (
        "url site",
        "map.owm:1:9: error: url 'site' has no address\n"
        "  hint: write url site [https://example.com/map]",
    ),
    (
        "```wardleymap",
        "map.owm:1:1: error: a Markdown code fence is not part of a map\n"
        "  hint: copy only the lines between the ``` fences",
    ),
    (
        "style fancy",
        "map.owm:1:7: warning: unknown style 'fancy'; the map is drawn in plain\n"
        "  hint: styles: color, colour, dark, handwritten, plain, wardley",
    ),
    (
        "//! include: ../outside.owm",
        "map.owm:1:1: error: cannot include '../outside.owm': it is outside the folder of the "
        "including file\n  hint: move the shared map into this folder (or a folder below it)",
    ),
    (
        "component Kettle [0.4, 0.18]\nevolve Kettle 0.18->0.55",
        "map.owm:2:15: warning: evolve takes the target maturity only: read as 0.55\n"
        "  hint: write evolve Name 0.55 (the starting point is the component's)",
    ),
    (
        "{",
        "map.owm:1:1: error: '{' without a pipeline before it\n"
        "  hint: a pipeline block follows its `pipeline Name` line",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_message(text: str, expected: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # includes are looked for beside map.owm
    m = wm.loads(text, source="map.owm")
    assert m.diagnostics, "expected a diagnostic"
    assert m.diagnostics[0].format() == expected


def test_strict_mode_raises_one_error_listing_every_error_with_carets() -> None:
    text = "component Kettle [0.43 0.35]\nComponent Cup [0.7, 0.7]\nKettle->Cup"
    with pytest.raises(wm.MapSyntaxError) as caught:
        wm.loads(text, source="tea.owm", strict=True)
    assert str(caught.value) == (
        "the map has 2 errors:\n"
        "tea.owm:1:19: error: numbers in the coordinates must be separated by commas\n"
        "    component Kettle [0.43 0.35]\n"
        "                      ^^^^^^^^^\n"
        "  hint: write [0.43, 0.35]\n"
        "tea.owm:2:1: error: unknown statement 'Component'\n"
        "    Component Cup [0.7, 0.7]\n"
        "    ^^^^^^^^^\n"
        "  hint: keywords are lower-case: did you mean 'component'?"
    )
    assert isinstance(caught.value, wm.WardleyError)
    assert [d.line for d in caught.value.diagnostics] == [1, 2]


def test_reading_collects_every_problem_and_keeps_the_rest() -> None:
    text = "Component A [0.1, 0.1]\ncomponent B [0.2 0.3]\ncomponent C [0.5, 0.5]\nB->D"
    m = wm.loads(text)
    assert [(d.line, d.severity) for d in m.diagnostics] == [
        (1, "error"),
        (2, "error"),
        (4, "warning"),
    ]
    # The bad line is skipped, the recoverable one recovered, the rest loaded.
    assert [(c.name, c.visibility, c.maturity) for c in m.components] == [
        ("B", 0.2, 0.3),
        ("C", 0.5, 0.5),
    ]


def test_long_lines_show_the_column_in_context() -> None:
    text = "note " + "x" * 300 + " [0.5 0.5]"
    d = wm.loads(text, source="m.owm").diagnostics[0]
    shown = d.format(context=True).splitlines()
    assert shown[0] == "m.owm:1:308: error: numbers in the coordinates must be separated by commas"
    # The caret stays under the problem even though the line is cut for display.
    assert shown[2].index("^") == shown[1].index("0.5 0.5")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02binary", "looks like a binary file"),
        (b"component Caf\xe9 [0.5, 0.5]", "is not UTF-8 text (byte 14 is 0xe9)"),
    ],
)
def test_files_that_are_not_text(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.owm"
    path.write_bytes(data)
    with pytest.raises(wm.WardleyError, match=message.replace("(", r"\(").replace(")", r"\)")):
        wm.load(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(wm.WardleyError, match="no such file"):
        wm.load(tmp_path / "nope.owm")
    with pytest.raises(wm.WardleyError, match="is a folder, not a map file"):
        wm.load(tmp_path)


def test_editing_with_bad_values_is_a_wardley_error() -> None:
    m = wm.loads("component A [0.5, 0.5]")
    with pytest.raises(wm.WardleyError, match="invalid map element: visibility"):
        m.update("A", visibility="high")
    with pytest.raises(wm.WardleyError, match=r"invalid map element: elements\.1"):
        m.add(3)


def test_two_methods_are_an_error_as_writing_back_would_lose_one() -> None:
    m = wm.loads("component A [0.5, 0.5] (build, buy)")
    assert [(d.severity, d.code) for d in m.diagnostics] == [("error", "several-methods")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("component A [1e300, 0.5]", "1e300 is too far outside the map; it is ignored"),
        ("component A [75, 0.5]", "75 is too far outside the map; it is ignored"),
        ("size [1e9, 700]", "1e9 is too far outside the map; it is ignored"),
        ("component A [0.5, 0.5] label [25000, 0]", "25000 is too far outside the map"),
        ("component A [0.5, 0.5]\nevolve A 1e300", "1e300 is too far outside the map"),
    ],
)
def test_numbers_far_outside_the_map_are_refused(text: str, message: str) -> None:
    m = wm.loads(text)
    assert m.errors[0].message.startswith(message)
    assert b"<svg" in wm.render(m, "svg")  # and the rest still draws, quickly
