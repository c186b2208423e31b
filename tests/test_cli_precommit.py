"""The pre-commit hooks: valid definitions whose commands work the way pre-commit calls them."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from .test_cli_support import ROOT, SCRIPT, clean_env, write

HOOKS = ROOT / ".pre-commit-hooks.yaml"


@pytest.fixture(scope="module")
def hooks() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(HOOKS.read_text())
    return {hook["id"]: hook for hook in data}


def test_hooks_are_defined(hooks: dict[str, dict[str, Any]]) -> None:
    assert sorted(hooks) == ["wardleyml-check", "wardleyml-fmt"]
    for hook in hooks.values():
        # the keys pre-commit requires, and a language that installs this package
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"
        files = re.compile(hook["files"])
        assert files.search("maps/tea.owm")
        assert files.search("team.wm")
        assert not files.search("tea.svg")
        assert not files.search("tea.owm.bak")


def _run(hook: dict[str, Any], *files: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # pre-commit runs `entry` with its args and the staged files appended.
    assert SCRIPT is not None
    command = shlex.split(hook["entry"])
    assert command[0] == "wardleyml"
    return subprocess.run(
        [SCRIPT, *command[1:], *hook.get("args", []), *files],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=120,
    )


def test_check_hook(hooks: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    write(tmp_path / "good.owm", "component A [0.5, 0.5]\n")
    write(tmp_path / "bad.owm", "component A [x, 0.5]\n")
    assert _run(hooks["wardleyml-check"], "good.owm", cwd=tmp_path).returncode == 0
    failed = _run(hooks["wardleyml-check"], "good.owm", "bad.owm", cwd=tmp_path)
    assert failed.returncode == 1
    assert failed.stdout.startswith("bad.owm:1:14: error: 'x' is not a number\n")


def test_fmt_hook(hooks: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    path = write(tmp_path / "messy.owm", "component  A [0.5,0.5]\n")
    result = _run(hooks["wardleyml-fmt"], "messy.owm", cwd=tmp_path)
    # pre-commit fails the hook because the file changed; the map is now formatted
    assert result.returncode == 0
    assert path.read_text() == "component A [0.5, 0.5]\n"
    assert _run(hooks["wardleyml-fmt"], "messy.owm", cwd=tmp_path).stderr == (
        "1 map already formatted.\n"
    )
