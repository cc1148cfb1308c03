"""Every command has Vietnamese help text, so the docs cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def _run(code: str, option: str, columns: int | None) -> subprocess.CompletedProcess[bytes]:
    """A fresh process, its output a pipe (no terminal), with COLUMNS as given (or none)."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run([sys.executable, "-c", code, option], capture_output=True, env=env, check=False)


#: The installed program (nqreport.launch), then which of click and the command line it loaded.
_LAUNCH = ("import sys; import nqreport.launch as launch; launch.main(); "
           "print(' '.join(sorted(m for m in ('click', 'nqreport.cli') if m in sys.modules)), file=sys.stderr)")
#: Click's own help, as every other command's.
_CLICK = "import sys; from nqreport.cli import main; main(prog_name='nqreport')"


def test_help_page_is_clicks_own_at_every_width_without_loading_click() -> None:
    """``nqreport --help`` is printed from data/help.txt: it must read exactly as click writes it, in a
    terminal of any width and without one; and it must not load click (that is its point)."""
    from nqreport.cli.app import help_pages

    shipped = (Path(__file__).resolve().parent.parent / "src" / "nqreport" / "data" / "help.txt")
    assert shipped.read_text(encoding="utf-8") == help_pages(), "chạy lại: python tools/make_docs.py"
    pages = set()
    for columns in (None, 20, 51, 52, 70, 80, 81, 99, 100, 101, 200):
        expected = _run(_CLICK, "--help", columns)
        assert expected.returncode == 0, expected.stderr
        pages.add(expected.stdout)
        for option in ("--help", "-h"):
            done = _run(_LAUNCH, option, columns)
            assert done.returncode == 0, done.stderr
            assert done.stdout == expected.stdout, (columns, option)
            assert done.stderr.decode().strip() == "", (columns, "click was loaded")
    assert len(pages) >= 5  # the widths tried do lay the page out differently


def test_help_without_its_page_falls_back_to_click(tmp_path: Path) -> None:
    """A damaged installation (no data/help.txt) still answers --help, through click."""
    import shutil

    package = Path(__file__).resolve().parent.parent / "src" / "nqreport"
    copy = tmp_path / "nqreport"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "help.txt"))
    done = subprocess.run([sys.executable, "-c", "import nqreport.launch as l; l.main()", "--help"],
                          capture_output=True, cwd=tmp_path, env={"PYTHONPATH": str(tmp_path), "COLUMNS": "80"},
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "Lệnh:" in done.stdout.decode("utf-8") and "validate" in done.stdout.decode("utf-8")
