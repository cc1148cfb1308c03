"""The catalog: shipped entries, workspace additions, and mistakes in a workspace catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from nqreport.config.catalog import Aggregation, load_catalog
from nqreport.errors import ConfigError
from nqreport.scaffold.examples import examples

EXAMPLES = examples()
QUOC_KHANH_ROWS = list(EXAMPLES[0].spec.indicators)
BANG_MAC_ROWS = list(EXAMPLES[1].spec.indicators)



def test_catalog_covers_every_seed_indicator() -> None:
    catalog = load_catalog()
    codes = {row["code"] for row in QUOC_KHANH_ROWS + BANG_MAC_ROWS}
    assert codes <= set(catalog.entries)
    assert catalog.get("kt01") is not None  # codes are matched case-insensitively
    assert catalog.get("XH01").aggregation is Aggregation.RATIO  # type: ignore[union-attr]
    assert catalog.get("KT05").aggregation is Aggregation.SUM  # type: ignore[union-attr]
    assert catalog.get("KT04").aggregation is Aggregation.NONE  # type: ignore[union-attr]


def test_workspace_catalog_adds_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "danh-muc.toml"
    extra.write_text(
        '[[chi_tieu]]\nma = "LS01"\nten = "Diện tích hồi"\ndvt = "ha"\nlinh_vuc = "Kinh tế"\ntong_hop = "sum"\n'
        '[[chi_tieu]]\nma = "KT04"\nten = "Thu nhập"\ndvt = "triệu đồng"\nlinh_vuc = "Kinh tế"\ntong_hop = "none"\n',
        encoding="utf-8",
    )
    catalog = load_catalog(extra)
    assert catalog.get("LS01").unit == "ha"  # type: ignore[union-attr]
    assert catalog.get("KT04").unit == "triệu đồng"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[chi_tieu]]\nma = "A"\nten = "x"\n',
            'danh-muc.toml: mục [[chi_tieu]] thứ 1: thiếu khóa "linh_vuc"',
        ),
        (
            '[[chi_tieu]]\nma = "A"\nten = "x"\nlinh_vuc = "Kinh tế"\ntong_hop = "avg"\n',
            "danh-muc.toml: mục [[chi_tieu]] thứ 1 (A): tong_hop phải là sum, ratio hoặc none",
        ),
        ("ma = 1\n", "danh-muc.toml: cần các mục [[chi_tieu]]"),
    ],
)
def test_workspace_catalog_mistakes(tmp_path: Path, text: str, message: str) -> None:
    extra = tmp_path / "danh-muc.toml"
    extra.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_catalog(extra)
    assert str(info.value).startswith(message)


def test_missing_workspace_catalog(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="không tìm thấy tệp danh mục"):
        load_catalog(tmp_path / "khong-co.toml")
