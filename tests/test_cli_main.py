"""What every command shares: internal errors, interruption, closed pipes, --version."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import wardleyml
from wardleyml import cli

from .test_cli_support import CORPUS, SCRIPT, clean_env, run_main, write


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    r = run_main(capsys, "--version")
    assert (r.code, r.out) == (0, f"wardleyml {wardleyml.__version__}\n")


def _explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a bug")


def test_internal_error_without_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write(tmp_path / "a.owm", "component A [0.5, 0.5]\n")
    monkeypatch.setattr(wardleyml, "load", _explode)
    r = run_main(capsys, "check", str(src))
    assert r.code == 3
    assert r.err == (
        "wardleyml: error: internal error: RuntimeError: a bug (run with --verbose for "
        "details); please report it\n"
    )


def test_internal_error_with_verbose_shows_the_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write(tmp_path / "a.owm", "component A [0.5, 0.5]\n")
    monkeypatch.setattr(wardleyml, "load", _explode)
    r = run_main(capsys, "check", "--verbose", str(src))
    assert r.code == 3
    assert r.err.startswith("Traceback (most recent call last):\n")
    assert r.err.endswith(
        "wardleyml: error: internal error: RuntimeError: a bug; please report it\n"
    )


def test_interrupt(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write(tmp_path / "a.owm", "component A [0.5, 0.5]\n")

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_load", interrupt)
    r = run_main(capsys, "check", str(src))
    assert r.code == 130
    assert r.err.endswith("wardleyml: error: interrupted\n")


def test_closed_pipe_is_not_an_error() -> None:
    assert SCRIPT is not None
    # `head` exits after one line while check still has plenty to print.
    proc = subprocess.run(
        f"'{SCRIPT}' check '{CORPUS}' | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=120,
    )
    assert proc.stdout.count("\n") == 1
    assert "Traceback" not in proc.stderr
    assert "BrokenPipeError" not in proc.stderr
