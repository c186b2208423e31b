"""``wardleyml convert`` to and from Mermaid wardley-beta."""

from __future__ import annotations

from pathlib import Path

import pytest

import wardleyml as wm

from .test_cli_support import TEA_SHOP, files_below, run_main, run_script, write


def test_owm_to_mermaid_and_back(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    mmd = tmp_path / "tea.mmd"
    r = run_main(capsys, "convert", str(TEA_SHOP), "-o", str(mmd))
    assert r.code == 0
    assert mmd.read_text().startswith("wardley-beta\ntitle Tea Shop\n")
    assert r.err.splitlines() == [
        f"{TEA_SHOP}:10:1: warning: Mermaid cannot express evolve renames (`evolve A->B`): "
        "Kettle->Electric Kettle",
        "  hint: the exact OWM statements are kept in '%% owm:' comments for the way back",
        f"{TEA_SHOP}:10:1: warning: Mermaid cannot express label offsets and decorators of "
        "evolved components: Kettle, Power",
        "  hint: the exact OWM statements are kept in '%% owm:' comments for the way back",
        f"{TEA_SHOP}:28:1: warning: Mermaid cannot express themes (`style`): style wardley",
        "  hint: the exact OWM statements are kept in '%% owm:' comments for the way back",
        f"wrote {mmd}",
    ]
    back = tmp_path / "tea.owm"
    r = run_main(capsys, "convert", str(mmd), "-o", str(back))
    assert (r.code, r.err) == (0, f"wrote {back}\n")
    assert back.read_text() == wm.dumps(wm.load(TEA_SHOP))


def test_strict_refuses_a_lossy_conversion(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    mmd = tmp_path / "tea.mmd"
    r = run_main(capsys, "convert", "--strict", str(TEA_SHOP), "-o", str(mmd))
    assert r.code == 1
    assert r.err.endswith(
        f"{TEA_SHOP}: error: not converted: mermaid cannot express all of it (--strict)\n"
    )
    assert files_below(tmp_path) == []


def test_plain_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    r = run_main(capsys, "convert", "--plain", "-q", str(TEA_SHOP), "--to", "mermaid")
    assert r.code == 0
    assert "%%" not in r.out
    assert "evolve Kettle 0.62" in r.out.splitlines()


def test_mermaid_with_problems(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write(tmp_path / "x.mmd", "wardley-beta\ncomponent A [0.5, 0.5]\nwhat is this\n")
    r = run_main(capsys, "convert", str(src), "--to", "owm")
    assert r.code == 1
    assert r.err == (
        f"{src}:3:1: error: 'what is this' is not a wardley-beta statement; it is left out\n"
        "  hint: see docs/mermaid.md for the statements Mermaid knows\n"
    )
    assert r.out.splitlines()[-1] == "what is this"  # kept, as OWM keeps lines it cannot read


def test_not_mermaid(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write(tmp_path / "x.mmd", "graph TD\n  A-->B\n")
    r = run_main(capsys, "convert", str(src), "-o", str(tmp_path / "x.owm"))
    assert r.code == 1
    assert r.err == (
        f"{src}: error: not a Mermaid wardley-beta diagram (line 1 is 'graph TD', "
        "not 'wardley-beta')\n"
    )
    assert files_below(tmp_path) == ["x.mmd"]


def test_script_stdin_to_stdout() -> None:
    r = run_script("convert", "-", "--from", "owm", "--to", "mermaid", stdin=TEA_SHOP.read_text())
    assert r.code == 0
    assert r.out.startswith("wardley-beta\ntitle Tea Shop\n")
    back = run_script("convert", "-", "--from", "mermaid", "--to", "owm", stdin=r.out)
    assert back.code == 0
    assert back.out == wm.dumps(wm.load(TEA_SHOP))
