"""Every command has Vietnamese help text, so the docs cannot rot."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from nqreport import __version__
from nqreport.cli import main


def test_every_command_has_help() -> None:
    runner = CliRunner()
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        assert command.help, name
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Hiện hướng dẫn này rồi thoát." in result.output
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, (name, param.name)


def test_version_and_module_entry_point() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.output.strip() == f"nqreport {__version__}"
    done = subprocess.run(
        [sys.executable, "-m", "nqreport", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == f"nqreport {__version__}"


def test_usage_error_exits_2() -> None:
    result = CliRunner().invoke(main, ["validate", "--no-such-option"])
    assert result.exit_code == 2
