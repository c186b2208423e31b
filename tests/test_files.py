"""Writing files whole or not at all, with ordinary permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import wardleyml as wm
from wardleyml._files import write_atomic


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "out.svg"
        write_atomic(target, b"<svg/>")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"<svg/>"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "map.owm"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_failure_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(tmp_path / "x.svg", b"data")
    assert list(tmp_path.iterdir()) == []


def test_dump_writes_canonical_text(tmp_path: Path) -> None:
    m = wm.loads("component  Kettle [0.70, 0.10]")
    wm.dump(m, tmp_path / "m.owm")
    assert (tmp_path / "m.owm").read_text() == "component Kettle [0.7, 0.1]\n"


def test_a_symbolic_link_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.owm"
    real.write_text("old")
    link = tmp_path / "link.owm"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_a_file_the_process_may_not_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "locked.owm"
    target.write_text("old")
    # The tests run as root, for whom every file is writable: pretend otherwise.
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(PermissionError, match="read-only"):
        write_atomic(target, b"new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked.owm"]
