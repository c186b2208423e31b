"""Mermaid wardley-beta: writing, reading, and the way back to OWM."""

from __future__ import annotations

from pathlib import Path

import pytest

import wardleyml as wm
from wardleyml.convert.mermaid import MERMAID_CANNOT, from_mermaid, to_mermaid

from .conftest import corpus_files
from .test_cli_support import GOLDEN, TEA_SHOP


def _statements(m: wm.WardleyMap) -> dict[str, object]:
    """What the acceptance criterion names: every kind of thing a reader looks at."""
    return {
        "components": m.components,
        "pipeline members": m.pipeline_components,
        "anchors": m.anchors,
        "links": m.links,
        "evolves": m.evolves,
        "notes": m.notes,
        "annotations": m.annotations,
        "legend": m.legend_position,
        "title": m.title,
        "axes": m.axes,
    }


@pytest.mark.parametrize("path", [TEA_SHOP, GOLDEN], ids=["tea-shop", "golden-master"])
def test_owm_mermaid_owm_keeps_everything(path: Path) -> None:
    m = wm.load(path)
    text, _ = to_mermaid(m)
    back = from_mermaid(text)
    assert _statements(back) == _statements(m)
    assert back == m  # and, in fact, every statement and comment
    assert wm.dumps(back) == wm.dumps(m)
    assert [d for d in back.diagnostics if d.severity == "error"] == []


def test_corpus_round_trips() -> None:
    # Every third map keeps the suite quick; all 322 round-trip (checked when written).
    failures = []
    for path in corpus_files()[::3]:
        m = wm.load(path)
        back = from_mermaid(to_mermaid(m)[0])
        stale = [d for d in back.diagnostics if d.code == "stale-owm-comment"]
        if back != m or stale:
            failures.append(path.name)
    assert failures == []


def test_tea_shop_in_plain_mermaid() -> None:
    text, warnings = to_mermaid(wm.load(TEA_SHOP), carry=False)
    assert "%%" not in text
    lines = text.splitlines()
    assert lines[:4] == [
        "wardley-beta",
        "title Tea Shop",
        'evolution Genesis@0.175 -> "Custom-Built"@0.4 -> Product@0.7 / "(+rental)" '
        '-> Commodity@1.0 / "(+utility)"',
        "anchor Business [0.95, 0.63]",
    ]
    for line in [
        "component Cup of Tea [0.79, 0.61] label [-85, 4]",
        "component Kettle [0.43, 0.35] label [-57, 4]",
        "evolve Kettle 0.62",
        "Hot Water -> Kettle; limited by",
        'annotation 1,[0.43, 0.49] "Standardising power allows Kettles to evolve faster"',
        'annotation 1,[0.08, 0.79] ""',
        "annotations [0.72, 0.03]",
        'note "+a generic note appeared" [0.23, 0.33]',
    ]:
        assert line in lines
    assert [w.message for w in warnings] == [
        "Mermaid cannot express evolve renames (`evolve A->B`): Kettle->Electric Kettle",
        "Mermaid cannot express label offsets and decorators of evolved components: Kettle, Power",
        "Mermaid cannot express themes (`style`): style wardley",
    ]
    assert warnings[0].line == 10  # points at the first such statement
    assert warnings[0].code == "mermaid-cannot-express"


def test_carried_statement_precedes_its_mermaid_line() -> None:
    m = wm.loads("component Kettle [0.43, 0.35]\nevolve Kettle->Electric Kettle 0.62\n")
    lines = to_mermaid(m)[0].splitlines()
    i = lines.index("evolve Kettle 0.62")
    assert lines[i - 1].startswith("%% owm#")
    assert lines[i - 1].endswith(": evolve Kettle->Electric Kettle 0.62")


def test_golden_master_lists_what_mermaid_cannot_express() -> None:
    _, warnings = to_mermaid(wm.load(GOLDEN))
    kinds = [w.message.split(":")[0].removeprefix("Mermaid cannot express ") for w in warnings]
    assert kinds == [
        MERMAID_CANNOT[k]
        for k in (
            "placed",
            "style",
            "attitude",
            "ecosystem",
            "evolve-extras",
            "pipeline-range",
            "pipeline-other",
            "submap",
        )
    ]


def test_edited_mermaid_line_wins_over_its_stale_comment() -> None:
    m = wm.loads("component Kettle [0.43, 0.35]\nevolve Kettle->Electric Kettle 0.62\n")
    text = to_mermaid(m)[0].replace("evolve Kettle 0.62", "evolve Kettle 0.8")
    back = from_mermaid(text, source="tea.mmd")
    assert back.evolves == (wm.Evolve(name="Kettle", maturity=0.8),)
    (stale,) = [d for d in back.diagnostics if d.code == "stale-owm-comment"]
    assert stale.format() == (
        f"tea.mmd:{stale.line}:1: warning: the '%% owm' comment on line {stale.line} no "
        "longer matches the Mermaid statement after it (edited since?); the Mermaid "
        "statement is used\n  hint: delete the comment, or undo the edit"
    )


# -- reading Mermaid written by people ------------------------------------------------------

HANDWRITTEN = """\
```mermaid
---
title: Platform
---
wardley-beta
accTitle: The platform map
size [1100, 800]
evolution Genesis@0.25 -> Custom@0.5 -> Product@0.75 / Rental -> Commodity@1.0

anchor Customer [0.95, 0.5]
component "Web App" [0.8, 0.6] label [-60, 10] (build) %% the shop front
component real-time feed [0.6, 0.3] (outsource) (inertia)
component Database [55, 70] (market) inertia
"Web App" -> "real-time feed"; needs data
Customer->"Web App"
"Web App" +'orders'> Database
Database +<> real-time feed
Customer -.-> Database
evolve Database 0.85
pipeline Database {
  component Files [0.2]
  component "SQL" [0.5] label [-20, 30]
}
note "Fast moving" [0.9, 0.2]
annotations [0.1, 0.9]
annotation 1,[0.6, 0.3] "Vendor lock-in"
accelerator "Open source" [0.3, 0.7]
deaccelerator Regulation [0.2, 0.4]
```
"""


def test_reads_handwritten_mermaid() -> None:
    m = from_mermaid(HANDWRITTEN, source="platform.md")
    assert m.title == "Platform"
    assert m.size == (1100.0, 800.0)
    assert m.axes.boundaries == (0.25, 0.5, 0.75)
    assert [s.name for s in m.axes.stages] == ["Genesis", "Custom", "Product", "Commodity"]
    assert m.axes.stages[2].second == "Rental"
    assert m.find("Web App") == wm.Component(
        name="Web App",
        visibility=0.8,
        maturity=0.6,
        label=wm.Offset(dx=-60, dy=10),
        method="build",
        comment=" the shop front",
    )
    assert m.find("real-time feed") == wm.Component(
        name="real-time feed", visibility=0.6, maturity=0.3, method="outsource", inertia=True
    )
    database = m.find("Database")
    assert isinstance(database, wm.Component)
    assert (database.visibility, database.maturity) == (0.55, 0.7)  # percentages
    assert database.market
    assert database.inertia
    assert m.links == (
        wm.Link(start="Web App", end="real-time feed", context="needs data"),
        wm.Link(start="Customer", end="Web App"),
        wm.Link(start="Web App", end="Database", flow="forward", flow_value="orders"),
        wm.Link(start="Database", end="real-time feed", flow="both"),
        wm.Link(start="Customer", end="Database", style=wm.LinkStyle(dash="dashed")),
    )
    assert m.evolves == (wm.Evolve(name="Database", maturity=0.85),)
    assert m.pipeline_components == (
        wm.PipelineComponent(name="Files", maturity=0.2),
        wm.PipelineComponent(name="SQL", maturity=0.5, label=wm.Offset(dx=-20, dy=30)),
    )
    assert m.notes == (wm.Note(text="Fast moving", visibility=0.9, maturity=0.2),)
    assert m.legend_position == wm.Point(visibility=0.1, maturity=0.9)
    assert m.annotations == (
        wm.Annotation(
            number=1, points=(wm.Point(visibility=0.6, maturity=0.3),), text="Vendor lock-in"
        ),
    )
    assert m.accelerators == (
        wm.Accelerator(name="Open source", visibility=0.3, maturity=0.7),
        wm.Accelerator(name="Regulation", visibility=0.2, maturity=0.4, deaccelerator=True),
    )
    assert [d.message for d in m.errors] == []
    (acc,) = [d for d in m.diagnostics if d.code == "owm-cannot-express"]
    assert (
        acc.message == "OWM cannot express `accTitle` and `accDescr` (kept as comments): accTitle"
    )
    assert wm.loads(wm.dumps(m)) == m  # and the OWM text reads back the same


def test_problems_point_at_mermaid_lines() -> None:
    text = "wardley-beta\ncomponent A [0.5, 0.5]\nA -> Nowhere\nbogus line here\n"
    m = from_mermaid(text, source="x.mmd")
    assert [(d.line, d.severity, d.code) for d in m.diagnostics] == [
        (3, "warning", "unknown-link-end"),
        (4, "error", "unknown-statement"),
    ]
    assert m.diagnostics[1].format() == (
        "x.mmd:4:1: error: 'bogus line here' is not a wardley-beta statement; it is left out"
        "\n  hint: see docs/mermaid.md for the statements Mermaid knows"
    )


def test_unclosed_pipeline() -> None:
    m = from_mermaid("wardley-beta\ncomponent P [0.5, 0.5]\npipeline P {\n  component X [0.3]\n")
    assert [(d.line, d.code) for d in m.errors] == [(3, "unclosed-pipeline")]
    assert m.pipeline_components == (wm.PipelineComponent(name="X", maturity=0.3),)


def test_not_a_wardley_diagram() -> None:
    with pytest.raises(wm.WardleyError) as info:
        from_mermaid("flowchart LR\n  A --> B\n", source="flow.mmd")
    assert str(info.value) == (
        "flow.mmd: not a Mermaid wardley-beta diagram (line 1 is 'flowchart LR', "
        "not 'wardley-beta')"
    )
    with pytest.raises(wm.WardleyError) as info:
        from_mermaid("\n%% nothing\n")
    assert str(info.value) == "<mermaid>: empty: no 'wardley-beta' diagram"


def test_names_that_need_quotes() -> None:
    names = ["notes app", "buyer", "Web 2.0", "Joe's café", 'say "hi"', "a-b", "x->y"]
    m = wm.WardleyMap(
        elements=[
            wm.Component(name=n, visibility=0.5, maturity=0.1 * i) for i, n in enumerate(names)
        ]
    )
    text, warnings = to_mermaid(m, carry=False)
    assert warnings == []
    assert [c.name for c in from_mermaid(text).components] == names
    assert 'component "notes app" [0.5, 0.0]' in text.splitlines()
    assert "component 'say \"hi\"' [0.5, 0.4]" in text.splitlines()


def test_coordinates_outside_the_map_are_clamped_and_reported() -> None:
    m = wm.loads("component Far [1.2, -0.1]\n")
    text, warnings = to_mermaid(m)
    assert "component Far [1.0, 0.0]" in text.splitlines()
    assert warnings[0].message == (
        "Mermaid cannot express coordinates outside 0..1 (clamped): Far 1.2, Far -0.1"
    )
    assert from_mermaid(text) == m
