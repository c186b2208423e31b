"""``//! include:``: maps as changes over other maps."""

from __future__ import annotations

from pathlib import Path

import pytest

import wardleyml as wm


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


BASE = """title Base
component A [0.9, 0.1]
component B [0.5, 0.5]
A->B
note shared note [0.2, 0.2]
"""


def test_included_statements_take_the_directive_place(tmp_path: Path) -> None:
    write(tmp_path / "base.owm", BASE)
    m = wm.load(write(tmp_path / "m.owm", "//! include: base.owm\ncomponent C [0.1, 0.1]\n"))
    assert m.title == "Base"
    assert [c.name for c in m.components] == ["A", "B", "C"]
    assert [(lk.start, lk.end) for lk in m.links] == [("A", "B")]
    assert m.diagnostics == ()


def test_same_identity_replaces_in_place(tmp_path: Path) -> None:
    write(tmp_path / "base.owm", BASE)
    text = "//! include: base.owm\ntitle Changed\ncomponent b [0.2, 0.8]\nnote another [0.3, 0.3]\n"
    m = wm.load(write(tmp_path / "m.owm", text))
    assert m.title == "Changed"
    # B keeps its place among the components, with the new position.
    assert [(c.name, c.visibility, c.maturity) for c in m.components] == [
        ("A", 0.9, 0.1),
        ("b", 0.2, 0.8),
    ]
    assert [n.text for n in m.notes] == ["shared note", "another"]


def test_a_change_in_the_included_map_shows_in_the_including_one(tmp_path: Path) -> None:
    base = write(tmp_path / "base.owm", BASE)
    including = write(tmp_path / "m.owm", "//! include: base.owm\ntitle Changed\n")
    base.write_text(BASE.replace("component B", "component Bee").replace("A->B", "A->Bee"))
    m = wm.load(including)
    assert [c.name for c in m.components] == ["A", "Bee"]
    assert m.diagnostics == ()


def test_nested_includes_and_subfolders(tmp_path: Path) -> None:
    write(tmp_path / "parts" / "axis.owm", "evolution A->B->C->D\n")
    write(tmp_path / "parts" / "base.owm", "//! include: axis.owm\ncomponent X [0.5, 0.5]\n")
    m = wm.load(write(tmp_path / "m.owm", "//! include: parts/base.owm\n"))
    assert [s.name for s in m.axes.stages] == ["A", "B", "C", "D"]
    assert [c.name for c in m.components] == ["X"]


def test_problems_in_an_included_file_name_that_file(tmp_path: Path) -> None:
    write(tmp_path / "base.owm", "component A [0.5 0.5]\n")
    m = wm.load(write(tmp_path / "m.owm", "//! include: base.owm\n"))
    (problem,) = m.diagnostics
    assert problem.file is not None
    assert problem.file.endswith("base.owm")
    assert (problem.line, problem.code) == (1, "missing-comma")


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        ("//! include: nope.owm", "cannot include 'nope.owm': no such file"),
        (
            "//! include: ../outside.owm",
            "cannot include '../outside.owm': it is outside the folder of the including file",
        ),
        ("//! include: /etc/passwd", "cannot include '/etc/passwd': it is outside the folder"),
    ],
)
def test_include_errors(tmp_path: Path, directive: str, message: str) -> None:
    write(tmp_path / "outside.owm", "component Secret [0.5, 0.5]\n")
    path = write(tmp_path / "maps" / "m.owm", directive + "\ncomponent Kept [0.5, 0.5]\n")
    m = wm.load(path)
    (problem,) = m.errors
    assert problem.message.startswith(message)
    assert (problem.file, problem.line, problem.column) == (str(path), 1, 1)
    assert [c.name for c in m.components] == ["Kept"]


def test_circular_include_is_an_error_not_a_hang(tmp_path: Path) -> None:
    write(tmp_path / "a.owm", "//! include: b.owm\ncomponent A [0.5, 0.5]\n")
    write(tmp_path / "b.owm", "//! include: a.owm\ncomponent B [0.5, 0.5]\n")
    m = wm.load(tmp_path / "a.owm")
    (problem,) = m.errors
    assert problem.message == "circular include: a.owm -> b.owm -> a.owm"
    assert [c.name for c in m.components] == ["B", "A"]


def test_a_file_including_itself(tmp_path: Path) -> None:
    m = wm.load(write(tmp_path / "self.owm", "//! include: self.owm\n"))
    assert m.errors[0].message == "circular include: self.owm -> self.owm"


def test_includes_can_be_kept_for_formatting(tmp_path: Path) -> None:
    write(tmp_path / "base.owm", BASE)
    text = "//! include: base.owm\ntitle Changed\n"
    m = wm.load(write(tmp_path / "m.owm", text), includes=False)
    assert wm.dumps(m) == text


def test_loads_resolves_includes_beside_its_source(tmp_path: Path) -> None:
    write(tmp_path / "base.owm", BASE)
    m = wm.loads("//! include: base.owm\n", source=tmp_path / "virtual.owm")
    assert m.title == "Base"


def test_including_a_folder(tmp_path: Path) -> None:
    (tmp_path / "parts").mkdir()
    m = wm.load(write(tmp_path / "m.owm", "//! include: parts\n"))
    assert m.errors[0].message == "cannot include 'parts': it is a folder, not a map file"


def test_included_files_lists_what_to_watch(tmp_path: Path) -> None:
    top = write(tmp_path / "top.owm", "//! include: _part.owm\ncomponent A [0.5, 0.5]\n")
    write(tmp_path / "_part.owm", "//!   include:   parts/_deep.owm\r\n")
    write(tmp_path / "parts" / "_deep.owm", "//! include: _leaf.owm\n//! include: _gone.owm\n")
    write(tmp_path / "parts" / "_leaf.owm", "//! include: ../top.owm\n")  # a cycle: ends
    real = tmp_path.resolve()
    assert wm.included_files(top) == (
        real / "_part.owm",
        real / "parts" / "_deep.owm",
        real / "parts" / "_leaf.owm",
        real / "parts" / "_gone.owm",  # missing: creating it changes the map
        real / "top.owm",
    )
    assert wm.included_files(write(tmp_path / "plain.owm", "component A [0.5, 0.5]\n")) == ()
    # Text not (yet) in the file: includes relative to the file's folder.
    doc = tmp_path / "docs" / "page.rst"
    assert wm.included_files(doc, "//! include: ../_part.owm\n")[0] == real / "_part.owm"
