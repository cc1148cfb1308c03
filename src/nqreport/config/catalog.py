"""The catalog of common indicators (danh mục chỉ tiêu).

A catalog code lets figures of different communes be added up: each entry says how its figures
aggregate across communes — ``sum`` for flows (revenue, hectares planted), ``ratio`` for rates
(recomputed as Σ numerator / Σ denominator, never an average of percentages), ``none`` otherwise.
The package ships a default catalog; a workspace may add or override entries with its own TOML file
(``catalog = "danh-muc.toml"`` in nqreport.toml).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from nqreport.errors import ConfigError
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
    """The shipped catalog, with the workspace's entries added over it when ``extra`` is given."""
    text = resources.files("nqreport").joinpath("data", DEFAULT_CATALOG).read_text(encoding="utf-8")
    entries = _parse(DEFAULT_CATALOG, tomllib.loads(text))
    if extra is not None:
        if not extra.is_file():
            raise ConfigError(
                f"{extra.name}: không tìm thấy tệp danh mục chỉ tiêu; hãy sửa khóa catalog "
                "trong nqreport.toml hoặc tạo tệp này"
            )
        try:
            raw = tomllib.loads(extra.read_text(encoding="utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{extra.name}: tệp danh mục sai cú pháp TOML ({exc})") from exc
        entries.update(_parse(extra.name, raw))
    return Catalog(entries)


def _parse(name: str, raw: dict[str, Any]) -> dict[str, CatalogEntry]:
    rows = raw.get("chi_tieu")
    if not isinstance(rows, list):
        raise ConfigError(f"{name}: cần các mục [[chi_tieu]] (mã, tên, đơn vị, lĩnh vực, cách tổng hợp)")
    entries: dict[str, CatalogEntry] = {}
    for number, row in enumerate(rows, start=1):
        where = f"{name}: mục [[chi_tieu]] thứ {number}"
        if not isinstance(row, dict):
            raise ConfigError(f"{where} phải là một bảng")
        try:
            code = normalize_code(str(row["ma"]))
            entry_name = clean(str(row["ten"]))
            unit = clean(str(row.get("dvt", "")))
            field = clean(str(row["linh_vuc"]))
        except KeyError as exc:
            raise ConfigError(f'{where}: thiếu khóa "{exc.args[0]}"') from exc
        agg_text = match_key(str(row.get("tong_hop", "none")))
        try:
            aggregation = Aggregation(agg_text)
        except ValueError as exc:
            raise ConfigError(f"{where} ({code}): tong_hop phải là sum, ratio hoặc none") from exc
        kind = None
        if "loai" in row:
            kind = parse_kind(str(row["loai"]))
            if kind is None:
                raise ConfigError(f'{where} ({code}): không hiểu loại chỉ tiêu "{row["loai"]}"')
        if code in entries:
            raise ConfigError(f"{where}: mã {code} bị trùng")
        entries[code] = CatalogEntry(
            code, entry_name, unit, field, aggregation, kind, clean(str(row.get("ghi_chu", "")))
        )
    return entries
