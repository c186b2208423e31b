"""``wardleyml watch``: renders on save, survives errors, keeps the last good picture."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from wardleyml.cli import Console, RenderOptions, RenderOutcome, watch

from .test_cli_support import SCRIPT, clean_env, write

GOOD = "title Watched\ncomponent A [0.5, 0.5]\n"
BETTER = "title Watched\ncomponent A [0.5, 0.5]\ncomponent B [0.3, 0.7]\nA->B\n"
BROKEN = "title Watched\ncomponent A [x, 0.5]\n"


def _wait(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the watcher")
        time.sleep(0.05)


def test_watch_renders_again_on_save_and_survives_errors(tmp_path: Path) -> None:
    maps = tmp_path / "maps"
    src = write(maps / "a.owm", GOOD)
    out = tmp_path / "out"
    rounds: list[list[RenderOutcome]] = []
    stop = threading.Event()
    err = io.StringIO()
    console = Console(stdout=io.StringIO(), stderr=err)
    thread = threading.Thread(
        target=watch,
        args=([str(maps)], str(out), RenderOptions(strict=True), console),
        kwargs={"stop_event": stop, "on_round": rounds.append},
        daemon=True,
    )
    thread.start()
    try:
        _wait(lambda: len(rounds) == 1)
        first = (out / "a.svg").read_bytes()
        assert first.startswith(b"<svg ")

        time.sleep(0.3)  # let the watcher start before the file changes
        src.write_text(BROKEN)
        _wait(lambda: len(rounds) == 2)
        assert rounds[1][0].failure == "not drawn: the map has errors (--strict)"
        assert (out / "a.svg").read_bytes() == first  # the last good picture stays
        assert f"{src}:2:14: error: 'x' is not a number" in err.getvalue()
        assert "has errors; kept the last good picture" in err.getvalue()

        src.write_text(BETTER)
        _wait(lambda: len(rounds) == 3)
        assert rounds[2][0].failure is None
        assert (out / "a.svg").read_bytes() != first
        assert sorted(p.name for p in out.iterdir()) == ["a.svg"]  # nothing half-written
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_watch_command_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    assert SCRIPT is not None
    write(tmp_path / "a.owm", GOOD)
    proc = subprocess.Popen(
        [SCRIPT, "watch", "a.owm", "-o", "out"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(),
    )
    try:
        _wait(lambda: (tmp_path / "out" / "a.svg").exists())
        time.sleep(0.5)
        os.kill(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0
    assert "a.owm -> out/a.svg" in err
    assert "watching a.owm (Ctrl-C to stop)" in err
    assert err.endswith("stopped watching.\n")
    assert "Traceback" not in err


def test_included_files_are_followed_through_every_spelling(tmp_path: Path) -> None:
    from wardleyml.cli import _included_files, _key

    top = write(tmp_path / "top.owm", "//!include: _part.owm\ncomponent A [0.5, 0.5]\n")
    write(tmp_path / "_part.owm", "//!   include:   parts/_deep.owm\n")
    write(tmp_path / "parts" / "_deep.owm", "//! include: _leaf.owm\n//! include: _gone.owm\n")
    write(tmp_path / "parts" / "_leaf.owm", "//! include: ../top.owm\n")  # a cycle: ends
    assert _included_files(top) == {
        _key(tmp_path / name)
        for name in (
            "_part.owm",
            "parts/_deep.owm",
            "parts/_leaf.owm",
            "parts/_gone.owm",
            "top.owm",
        )
    }
    assert _included_files(write(tmp_path / "plain.owm", GOOD)) == frozenset()


def _watch_in_thread(
    paths: list[str], out: Path, rounds: list[list[RenderOutcome]], stop: threading.Event
) -> threading.Thread:
    console = Console(stdout=io.StringIO(), stderr=io.StringIO())
    thread = threading.Thread(
        target=watch,
        args=(paths, str(out), RenderOptions(strict=True), console),
        kwargs={"stop_event": stop, "on_round": rounds.append},
        daemon=True,
    )
    thread.start()
    return thread


def test_watching_a_file_redraws_it_when_an_included_file_changes(tmp_path: Path) -> None:
    # No space after '//!' (allowed), the map named as a file (not its folder), and
    # the included file included again from a subfolder: each one was missed before.
    src = write(tmp_path / "tea.owm", "//!include: parts/_base.owm\ncomponent A [0.5, 0.5]\n")
    write(tmp_path / "parts" / "_base.owm", "//! include: _axis.txt\n")
    axis = write(tmp_path / "parts" / "_axis.txt", "title First\n")
    other = write(tmp_path / "other.owm", GOOD)
    out = tmp_path / "out"
    rounds: list[list[RenderOutcome]] = []
    stop = threading.Event()
    thread = _watch_in_thread([str(src)], out, rounds, stop)
    try:
        _wait(lambda: len(rounds) == 1)
        first = (out / "tea.svg").read_bytes()
        assert b"First" in first

        time.sleep(0.3)  # let the watcher start before the file changes
        other.write_text(BETTER)  # a map not watched: no round
        axis.write_text("title Second\n")
        _wait(lambda: len(rounds) == 2)
        assert [o.source for o in rounds[1]] == [str(src)]
        assert rounds[1][0].failure is None
        assert b"Second" in (out / "tea.svg").read_bytes()
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert len(rounds) == 2
    assert sorted(p.name for p in out.iterdir()) == ["tea.svg"]
