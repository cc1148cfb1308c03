"""The catalog of common indicators (danh mục chỉ tiêu).

A catalog code lets figures of different communes be added up: each entry says how its figures
aggregate across communes — ``sum`` for flows (revenue, hectares planted), ``ratio`` for rates
(recomputed as Σ numerator / Σ denominator, never an average of percentages), ``none`` otherwise.
The package ships a default catalog; a workspace may add or override entries with its own TOML file
(``catalog = "danh-muc.toml"`` in nqreport.toml).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from nqreport.config.tomlfile import read_toml
from nqreport.errors import ConfigError, Problem, Severity
from nqreport.schema import Kind, parse_kind
from nqreport.text import clean, match_key

DEFAULT_CATALOG = "danh-muc-chi-tieu.toml"


class Aggregation(StrEnum):
    SUM = "sum"
    RATIO = "ratio"
    NONE = "none"


AGGREGATION_LABELS = {
    Aggregation.SUM: "Cộng dồn",
    Aggregation.RATIO: "Tính lại tỷ lệ (Σ tử số / Σ mẫu số)",
    Aggregation.NONE: "Không tổng hợp",
}


@dataclass(frozen=True)
class CatalogEntry:
    code: str
    name: str
    unit: str
    field: str
    aggregation: Aggregation
    kind: Kind | None = None
    note: str = ""


@dataclass(frozen=True)
class Catalog:
    entries: dict[str, CatalogEntry]

    def get(self, code: str | None) -> CatalogEntry | None:
        if not code:
            return None
        return self.entries.get(normalize_code(code))

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and normalize_code(code) in self.entries

    def __len__(self) -> int:
        return len(self.entries)


def normalize_code(code: str) -> str:
    return clean(code).upper()


def load_catalog(extra: Path | None = None) -> Catalog:
    """The shipped catalog, with the workspace's entries added over it when ``extra`` is given. A local
    catalog is checked whole: every bad entry is reported, each with its number and key, then it stops."""
    text = resources.files("nqreport").joinpath("data", DEFAULT_CATALOG).read_text(encoding="utf-8")
    entries = _parse(DEFAULT_CATALOG, tomllib.loads(text))
    if extra is not None:
        missing = "không tìm thấy tệp danh mục chỉ tiêu; hãy sửa khóa catalog trong nqreport.toml hoặc tạo tệp này"
        entries.update(_parse(extra.name, read_toml(extra, extra.name, missing)))
    return Catalog(entries)


def _parse(name: str, raw: dict[str, Any]) -> dict[str, CatalogEntry]:
    rows = raw.get("chi_tieu")
    if not isinstance(rows, list):
        raise ConfigError(f"{name}: cần các mục [[chi_tieu]] (mã, tên, đơn vị, lĩnh vực, cách tổng hợp)")
    entries: dict[str, CatalogEntry] = {}
    problems: list[Problem] = []
    for number, row in enumerate(rows, start=1):
        where = f"mục [[chi_tieu]] thứ {number}"
        found: list[str] = []
        entry = _entry(row, entries, found.append)
        problems += [Problem(name, "", where, Severity.ERROR, f"{where}{message}") for message in found]
        if entry is not None:
            entries[entry.code] = entry
    if len(problems) == 1:
        raise ConfigError(f"{name}: {problems[0].message}")
    if problems:
        raise ConfigError(f"{name} có {len(problems)} lỗi (ở trên); hãy sửa hết rồi chạy lại", problems)
    return entries


def _entry(row: Any, seen: dict[str, CatalogEntry], fail: Callable[[str], None]) -> CatalogEntry | None:
    """One [[chi_tieu]] entry; each of its problems is handed to ``fail`` (the entry is then None)."""
    if not isinstance(row, dict):
        fail(" phải là một bảng")
        return None
    lacking = [key for key in ("ma", "ten", "linh_vuc") if key not in row]
    for key in lacking:
        fail(f': thiếu khóa "{key}"')
    if lacking:
        return None
    code = normalize_code(str(row["ma"]))
    ok = True
    try:
        aggregation = Aggregation(match_key(str(row.get("tong_hop", "none"))))
    except ValueError:
        fail(f" ({code}): tong_hop phải là sum, ratio hoặc none")
        ok = False
    kind = parse_kind(str(row["loai"])) if "loai" in row else None
    if "loai" in row and kind is None:
        fail(f' ({code}): không hiểu loại chỉ tiêu "{row["loai"]}"')
        ok = False
    if code in seen:
        fail(f": mã {code} bị trùng")
        ok = False
    if not ok:
        return None
    return CatalogEntry(code, clean(str(row["ten"])), clean(str(row.get("dvt", ""))), clean(str(row["linh_vuc"])),
                        aggregation, kind, clean(str(row.get("ghi_chu", ""))))
