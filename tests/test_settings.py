"""nqreport.toml: defaults, overrides, and messages for mistakes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nqreport.config.settings import load_settings
from nqreport.errors import ConfigError
from nqreport.schema import Period
from nqreport.schema import parse_period as period_option

ROOT = Path(__file__).resolve().parent.parent


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.period is None
    assert settings.evaluation.approx_tolerance_pct == Decimal(5)
    assert settings.inputs_path == tmp_path / "inputs"


def test_repository_settings_and_shipped_copy_agree() -> None:
    shipped = ROOT / "src" / "nqreport" / "data" / "nqreport.toml"
    assert (ROOT / "nqreport.toml").read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
    settings = load_settings(ROOT)
    assert (settings.year, settings.period) == (2026, Period.SIX_MONTHS)


def test_overrides_only_when_given(tmp_path: Path) -> None:
    (tmp_path / "nqreport.toml").write_text('period = "Năm"\n', encoding="utf-8")
    settings = load_settings(tmp_path)
    assert settings.with_overrides(period=None).period is Period.YEAR
    assert settings.with_overrides(period=Period.NINE_MONTHS).period is Period.NINE_MONTHS


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yaer = 2026\n", 'nqreport.toml: không có khóa "yaer"'),
        ('period = "nửa năm"\n', 'nqreport.toml: period: không hiểu kỳ báo cáo "nửa năm"'),
        (
            "[evaluation]\napprox_tolerance_pct = -1\n",
            "nqreport.toml: [evaluation] approx_tolerance_pct không được âm",
        ),
        ("[evaluation]\ntolerance = 3\n", 'nqreport.toml: [evaluation] không có khóa "tolerance"'),
        ("year = \n", "nqreport.toml: sai cú pháp TOML"),
    ],
)
def test_mistakes_are_named(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "nqreport.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert str(info.value).startswith(message)


def test_period_option_accepts_labels_and_keys() -> None:
    assert period_option("6 tháng") is Period.SIX_MONTHS
    assert period_option("quarter_3") is Period.QUARTER_3
    assert period_option("Quý III") is Period.QUARTER_3
    assert period_option("tháng 11") is Period.MONTH_11
