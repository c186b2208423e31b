"""``wardleyml check``: diagnostics, exit status, JSON output, paths and colour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_cli_support import TEA_SHOP, run_main, run_script, write

CLEAN = "title Clean\ncomponent A [0.5, 0.5]\ncomponent B [0.3, 0.4]\nA->B\n"
WARNS = "component A [0.5, 0.5]\nA->B\n"
ERRORS = "title T\ncomponent A [x, 0.5]\n"


@pytest.fixture
def maps(tmp_path: Path) -> Path:
    write(tmp_path / "clean.owm", CLEAN)
    write(tmp_path / "sub" / "warns.wm", WARNS)
    write(tmp_path / "sub" / "notes.txt", "not a map")
    write(tmp_path / ".hidden" / "skipped.owm", ERRORS)
    write(tmp_path / "_partial.owm", ERRORS)
    return tmp_path


def test_clean_map_exits_0(capsys: pytest.CaptureFixture[str], maps: Path) -> None:
    r = run_main(capsys, "check", str(maps / "clean.owm"))
    assert r.code == 0
    assert r.out == ""
    assert r.err == "1 map checked: no problems.\n"


def test_warning_is_printed_but_exits_0(capsys: pytest.CaptureFixture[str], maps: Path) -> None:
    path = maps / "sub" / "warns.wm"
    r = run_main(capsys, "check", str(path))
    assert r.code == 0
    assert r.out == (
        f"{path}:2:4: warning: the link names 'B', which is not a component or anchor; "
        "it is not drawn\n"
    )


def test_strict_makes_warnings_fail(capsys: pytest.CaptureFixture[str], maps: Path) -> None:
    r = run_main(capsys, "check", "--strict", str(maps / "sub" / "warns.wm"))
    assert r.code == 1
    assert "(--strict: warnings count as errors)" in r.err


def test_error_with_hint_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "err.owm", ERRORS)
    r = run_main(capsys, "check", str(path))
    assert r.code == 1
    assert r.out == (
        f"{path}:2:14: error: 'x' is not a number\n"
        "  hint: coordinates are decimal numbers such as 0.45\n"
    )
    assert r.err == "1 map checked: 1 error; 1 map failed.\n"


def test_verbose_shows_source_line_and_caret(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "err.owm", ERRORS)
    r = run_main(capsys, "check", "-v", str(path))
    assert r.out.splitlines()[1:3] == ["    component A [x, 0.5]", "                 ^"]


def test_folder_is_searched_recursively_skipping_hidden(
    capsys: pytest.CaptureFixture[str], maps: Path
) -> None:
    r = run_main(capsys, "check", str(maps))
    assert r.code == 0
    assert r.err == "2 maps checked: 1 warning.\n"
    assert "skipped.owm" not in r.out


def test_partials_are_skipped_in_folders_and_globs_but_not_by_name(
    capsys: pytest.CaptureFixture[str], maps: Path
) -> None:
    r = run_main(capsys, "check", str(maps / "*.owm"))
    assert r.err == "1 map checked: no problems.\n"
    r = run_main(capsys, "check", str(maps / "_partial.owm"))
    assert r.code == 1


def test_glob_is_expanded(capsys: pytest.CaptureFixture[str], maps: Path) -> None:
    r = run_main(capsys, "check", str(maps / "**" / "*.wm"))
    assert r.code == 0
    assert r.err == "1 map checked: 1 warning.\n"


def test_json_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    err = write(tmp_path / "err.owm", ERRORS)
    warn = write(tmp_path / "warn.owm", WARNS)
    r = run_main(capsys, "check", "--format", "json", "-q", str(err), str(warn))
    assert r.code == 1
    assert r.err == ""
    records = json.loads(r.out)
    assert records == [
        {
            "file": str(err),
            "line": 2,
            "column": 14,
            "severity": "error",
            "code": "bad-number",
            "message": "'x' is not a number",
            "hint": "coordinates are decimal numbers such as 0.45",
        },
        {
            "file": str(warn),
            "line": 2,
            "column": 4,
            "severity": "warning",
            "code": "unknown-link-end",
            "message": "the link names 'B', which is not a component or anchor; it is not drawn",
            "hint": None,
        },
    ]


def test_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nothing.owm"
    r = run_main(capsys, "check", str(missing))
    assert r.code == 2
    assert r.err == f"wardleyml: error: no such file or folder: {missing}\n"


def test_glob_without_match_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    r = run_main(capsys, "check", str(tmp_path / "*.owm"))
    assert r.code == 2
    assert r.err == f"wardleyml: error: no maps match '{tmp_path / '*.owm'}'\n"


def test_folder_without_maps_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    r = run_main(capsys, "check", str(tmp_path))
    assert r.code == 2
    assert r.err == (
        f"wardleyml: error: no maps found in {tmp_path} (looked for *.owm and *.wm files)\n"
    )


def test_empty_folder_beside_maps_only_warns(
    capsys: pytest.CaptureFixture[str], maps: Path, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    r = run_main(capsys, "check", str(maps / "clean.owm"), str(tmp_path / "empty"))
    assert r.code == 0
    assert f"wardleyml: warning: no maps in {tmp_path / 'empty'}\n" in r.err


def test_not_utf8_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "latin1.owm"
    path.write_bytes("title Café\n".encode("latin-1"))
    r = run_main(capsys, "check", str(path))
    assert r.code == 1
    assert r.out == (
        f"{path}: error: it is not UTF-8 text (byte 10 is 0xe9); save the file as UTF-8\n"
    )


def test_binary_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "binary.owm"
    path.write_bytes(b"\x89PNG\x00\x00")
    r = run_main(capsys, "check", str(path))
    assert r.code == 1
    assert r.out == (
        f"{path}: error: it looks like a binary file (it contains NUL bytes), not map text\n"
    )


def test_unreadable_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, where chmod does not stop reading: fail the read instead.
    path = write(tmp_path / "secret.owm", CLEAN)
    real = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self.name == "secret.owm":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    r = run_main(capsys, "check", str(path))
    assert r.code == 1
    assert r.out == f"{path}: error: cannot read it (Permission denied)\n"


def test_unreadable_file_in_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "binary.owm"
    path.write_bytes(b"\x00")
    r = run_main(capsys, "check", "--format=json", str(path))
    assert r.code == 1
    assert json.loads(r.out)[0]["code"] == "unreadable"


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    fake = io.TextIOWrapper(io.BytesIO(ERRORS.encode()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", fake)
    r = run_main(capsys, "check", "-")
    assert r.code == 1
    assert r.out.startswith("<stdin>:2:14: error: 'x' is not a number\n")


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    r = run_main(capsys, "check", "--bogus", "x.owm")
    assert r.code == 2
    assert r.err.startswith("usage: wardleyml check")
    assert r.err.endswith("wardleyml: error: unrecognized arguments: --bogus\n")


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    r = run_main(capsys)
    assert r.code == 2
    assert "usage: wardleyml" in r.err


def test_help_has_examples_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("check", "fmt", "render", "convert", "schema", "watch"):
        r = run_main(capsys, command, "--help")
        assert r.code == 0, command
        assert "examples:" in r.out, command
        assert f"wardleyml {command}" in r.out, command


def test_color_only_when_asked_or_on_a_terminal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "err.owm", ERRORS)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    plain = run_main(capsys, "check", str(path))
    assert "\x1b[" not in plain.out  # captured output is not a terminal
    colored = run_main(capsys, "check", "--color=always", str(path))
    assert "\x1b[1;31merror\x1b[0m" in colored.out
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run_main(capsys, "check", str(path)).out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_main(capsys, "check", str(path)).out


# -- the installed console script ----------------------------------------------------------


def test_script_check_clean_map() -> None:
    r = run_script("check", str(TEA_SHOP))
    assert (r.code, r.out, r.err) == (0, "", "1 map checked: no problems.\n")


def test_script_check_problems(tmp_path: Path) -> None:
    write(tmp_path / "err.owm", ERRORS)
    r = run_script("check", "err.owm", cwd=tmp_path)
    assert r.code == 1
    assert r.out.startswith("err.owm:2:14: error: 'x' is not a number\n")
    assert "Traceback" not in r.err


def test_script_missing_file(tmp_path: Path) -> None:
    r = run_script("check", "nothing.owm", cwd=tmp_path)
    assert (r.code, r.out) == (2, "")
    assert r.err == "wardleyml: error: no such file or folder: nothing.owm\n"


def test_script_no_color_env(tmp_path: Path) -> None:
    write(tmp_path / "err.owm", ERRORS)
    r = run_script("check", "err.owm", cwd=tmp_path, FORCE_COLOR="1", NO_COLOR="1")
    assert "\x1b[" not in r.out


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    write(tmp_path / "err.owm", ERRORS)
    proc = subprocess.run(
        [sys.executable, "-m", "wardleyml", "check", "err.owm"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith("err.owm:2:14: error:")
