"""The project's own promises about itself: what the README tells a new user to run."""

from __future__ import annotations

import re

from .conftest import ROOT


def _first_shell_block(text: str) -> list[str]:
    match = re.search(r"```sh\n(.*?)```", text, re.S)
    assert match is not None, "README has no ```sh block"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_ci_runs_the_readme_commands_verbatim() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = _first_shell_block(readme)
    assert len(commands) == 2
    assert commands[1] == ".venv/bin/pytest"
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    # Both, in order, before anything else runs.
    runs = [line for line in ci if line and not line.startswith(("#", "set ", "cd "))]
    assert runs[:2] == commands
