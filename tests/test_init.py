"""nqreport init: a new workspace from the installed package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from click.testing import CliRunner

from nqreport.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _shipped_templates() -> list[str]:
    folder = resources.files("nqreport").joinpath("data", "templates")
    return sorted(t.name for t in folder.iterdir() if t.name.endswith(".docx"))


def test_init_with_examples_makes_a_workspace(tmp_path: Path) -> None:
    target = tmp_path / "xa-moi"
    result = CliRunner().invoke(main, ["init", str(target), "--example"])
    assert result.exit_code == 0, result.output
    assert "Đã tạo thư mục làm việc" in result.output
    assert (target / "nqreport.toml").is_file()
    assert sorted(p.name for p in (target / "inputs").iterdir()) == [
        "06004-quoc-khanh.xlsx",
        "06475-bang-mac.xlsx",
    ]
    templates = sorted(p.name for p in (target / "templates").iterdir())
    assert templates == _shipped_templates()
    assert templates, "the package ships default templates"
    assert (target / "outputs").is_dir()
    # the templates shipped in the package are the repository's own
    for name in templates:
        assert (target / "templates" / name).read_bytes() == (ROOT / "templates" / name).read_bytes()


def test_init_without_examples_and_refusing_to_overwrite(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path)]).exit_code == 0
    assert list((tmp_path / "inputs").iterdir()) == []
    (tmp_path / "templates" / "bao-cao-xa.docx").write_bytes(b"edited by the secretary")
    again = runner.invoke(main, ["init", str(tmp_path)])
    assert again.exit_code == 1
    assert "thư mục này đã là thư mục làm việc; không ghi đè" in again.output
    assert (tmp_path / "templates" / "bao-cao-xa.docx").read_bytes() == b"edited by the secretary"
