"""Helpers shared by the command-line tests (this module holds no tests itself)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from wardleyml.cli import main

from .conftest import CORPUS as CORPUS
from .conftest import ROOT as ROOT

TEA_SHOP = CORPUS / "owm-examples" / "default-example-tea-shop.owm"
GOLDEN = CORPUS / "owm-examples" / "golden-master-all-elements.owm"

SCRIPT = shutil.which("wardleyml", path=str(Path(sys.executable).parent))


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    """Call ``main(argv)`` in this process and capture what it prints."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess, without colour switches unless asked."""
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    env.update(extra)
    return env


def run_script(*argv: str, cwd: Path | None = None, stdin: str | None = None, **env: str) -> Result:
    """Run the installed ``wardleyml`` console script in a subprocess."""
    assert SCRIPT is not None, "the wardleyml console script is not installed in the venv"
    proc = subprocess.run(
        [SCRIPT, *argv],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=clean_env(**env),
        timeout=120,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def files_below(folder: Path) -> list[str]:
    """Every file below ``folder`` (relative, sorted): to prove nothing else was written."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
