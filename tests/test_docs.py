"""Docs as tests: every command has help with an example and is in the README."""

from __future__ import annotations

import click
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_has_help_with_an_example_and_a_readme_mention() -> None:
    assert isinstance(main, click.Group)
    for name in main.commands:
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output, name
        assert f"kg {name}" in README, name


def test_readme_gives_the_two_commands() -> None:
    assert "make run" in README and "make test" in README
