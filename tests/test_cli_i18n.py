"""Click's own words reach the user in Vietnamese through the gettext catalog the package ships."""

from __future__ import annotations

import gettext
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from nqreport.cli import main

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "src" / "nqreport" / "data" / "locale" / "vi" / "LC_MESSAGES" / "nqreport.po"
sys.path.insert(0, str(ROOT / "tools"))
import make_locale  # noqa: E402


def test_the_shipped_catalog_is_the_compiled_po() -> None:
    compiled = make_locale.mo_bytes(make_locale.parse_po(CATALOG.read_text(encoding="utf-8")))
    assert CATALOG.with_suffix(".mo").read_bytes() == compiled


def test_the_compiled_catalog_reads_back_through_gettext() -> None:
    with CATALOG.with_suffix(".mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.gettext("Usage:") == "Cách dùng:"
    assert catalog.ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1) == (
        "Có phải ý bạn là {possibility}?")
    assert catalog.ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 2) == (
        "(Có phải ý bạn là một trong: {possibilities}?)")


def test_a_misspelt_command_gets_a_vietnamese_suggestion_from_a_real_process() -> None:
    done = subprocess.run([sys.executable, "-m", "nqreport", "bulid"], capture_output=True, text=True,
                          encoding="utf-8", check=False, env={"PATH": "", "LANG": "en_US.UTF-8"})
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "Cách dùng: python -m nqreport [TÙY-CHỌN] LỆNH [ĐỐI-SỐ]...",
        "Xem hướng dẫn: python -m nqreport --help",
        "",
        "Lỗi: Không có lệnh 'bulid'. Có phải ý bạn là 'build'?",
    ]


def test_help_headings_and_extras() -> None:
    out = CliRunner().invoke(main, ["--help"], prog_name="nqreport").output
    assert out.startswith("Cách dùng: nqreport [TÙY-CHỌN] LỆNH [ĐỐI-SỐ]...")
    assert "\nTùy chọn:\n" in out and "\nLệnh:\n" in out
    assert "Hiện phiên bản rồi thoát." in out and "Hiện hướng dẫn này rồi thoát." in out
