"""``wardleyml fmt``: canonical formatting in place, --check, --diff, safety."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import wardleyml as wm

from .test_cli_support import run_main, run_script, write

MESSY = (
    "// the tea shop\ntitle  Tea\ncomponent Tea [0.63,0.80]   // leaves\n\n\n"
    "anchor Shop [0.95, 0.6]\nShop->Tea\n"
)
TIDY = (
    "// the tea shop\ntitle Tea\ncomponent Tea [0.63, 0.8] // leaves\n\n"
    "anchor Shop [0.95, 0.6]\nShop->Tea\n"
)


def test_tidy_text_is_a_fixed_point() -> None:
    # The expectations below rely on this being what the writer produces.
    assert wm.dumps(wm.loads(MESSY)) == TIDY
    assert wm.dumps(wm.loads(TIDY)) == TIDY


def test_formats_in_place_keeping_comments(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "tea.owm", MESSY)
    r = run_main(capsys, "fmt", str(path))
    assert r.code == 0
    assert path.read_text() == TIDY
    assert r.err == f"reformatted {path}\n1 map reformatted.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["tea.owm"]  # no temporary file left


def test_already_formatted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "tea.owm", TIDY)
    before = path.stat().st_mtime_ns
    r = run_main(capsys, "fmt", str(path))
    assert (r.code, r.err) == (0, "1 map already formatted.\n")
    assert path.stat().st_mtime_ns == before


def test_check_reports_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    messy = write(tmp_path / "a.owm", MESSY)
    tidy = write(tmp_path / "b.owm", TIDY)
    r = run_main(capsys, "fmt", "--check", str(tmp_path))
    assert r.code == 1
    assert r.err == (
        f"would reformat {messy}\n1 map would be reformatted, 1 map already formatted.\n"
    )
    assert messy.read_text() == MESSY
    assert tidy.read_text() == TIDY


def test_check_passes_when_formatted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(tmp_path / "b.owm", TIDY)
    assert run_main(capsys, "fmt", "--check", str(tmp_path)).code == 0


def test_diff(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "tea.owm", MESSY)
    r = run_main(capsys, "fmt", "--diff", str(path))
    assert r.code == 1
    assert path.read_text() == MESSY
    assert r.out.startswith(f"--- {path} (original)\n+++ {path} (formatted)\n@@ ")
    lines = r.out.splitlines()
    assert "-title  Tea" in lines
    assert "+title Tea" in lines
    assert "-component Tea [0.63,0.80]   // leaves" in lines
    assert "+component Tea [0.63, 0.8] // leaves" in lines
    assert " // the tea shop" in lines  # the comment is context, unchanged


def test_map_with_errors_is_left_alone(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = "title  T\ncomponent A [x, 0.5]\n"
    path = write(tmp_path / "err.owm", text)
    r = run_main(capsys, "fmt", str(path))
    assert r.code == 1
    assert path.read_text() == text
    assert r.err == (
        f"{path}:2:14: error: 'x' is not a number\n"
        "  hint: coordinates are decimal numbers such as 0.45\n"
        f"{path}: error: not formatted: fix its errors first (formatting could lose lines)\n"
        "1 map left alone (errors).\n"
    )


def test_warnings_do_not_block_formatting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "w.owm", "component A  [0.5, 0.5]\nA->Nowhere\n")
    assert run_main(capsys, "fmt", str(path)).code == 0
    assert path.read_text() == "component A [0.5, 0.5]\nA->Nowhere\n"


def test_includes_are_kept_not_expanded(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(tmp_path / "common.owm", "anchor Shop [0.95, 0.6]\n")
    path = write(tmp_path / "main.owm", "//! include: common.owm\ncomponent  Tea [0.6, 0.8]\n")
    assert run_main(capsys, "fmt", str(path)).code == 0
    assert path.read_text() == "//! include: common.owm\ncomponent Tea [0.6, 0.8]\n"


def test_crlf_line_endings_are_kept(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "win.owm"
    path.write_bytes(MESSY.replace("\n", "\r\n").encode())
    assert run_main(capsys, "fmt", str(path)).code == 0
    assert path.read_bytes() == TIDY.replace("\n", "\r\n").encode()
    assert run_main(capsys, "fmt", "--check", str(path)).code == 0


def test_stdin_to_stdout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MESSY.encode()), "utf-8"))
    r = run_main(capsys, "fmt", "-")
    assert (r.code, r.out, r.err) == (0, TIDY, "")


def test_write_failure_leaves_the_file_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wardleyml._files

    path = write(tmp_path / "tea.owm", MESSY)

    def refuse(target: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(wardleyml._files, "write_atomic", refuse)
    r = run_main(capsys, "fmt", str(path))
    assert r.code == 1
    assert f"{path}: error: cannot write it (Permission denied)\n" in r.err
    assert path.read_text() == MESSY


def test_corpus_maps_format_to_a_fixed_point(tmp_path: Path) -> None:
    # fmt twice changes nothing the second time, across a varied sample of real maps.
    import shutil

    from .test_cli_support import CORPUS

    sample = sorted(CORPUS.rglob("*.owm"))[::10]
    for src in sample:
        shutil.copy(src, tmp_path / src.name)
    first = run_script("fmt", "-q", str(tmp_path))
    assert first.code in (0, 1)  # maps with errors are left alone
    second = run_script("fmt", "--check", "-q", str(tmp_path))
    refused = first.err.count("not formatted: fix its errors first")
    assert second.err.count("would reformat") == 0
    assert second.err.count("not formatted: fix its errors first") == refused


def test_script_fmt_check(tmp_path: Path) -> None:
    write(tmp_path / "a.owm", MESSY)
    r = run_script("fmt", "--check", "a.owm", cwd=tmp_path)
    assert r.code == 1
    assert r.err == "would reformat a.owm\n1 map would be reformatted.\n"
