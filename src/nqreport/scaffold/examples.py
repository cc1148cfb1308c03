"""The example workspace: the two seed communes with every target of their 2026 resolutions.

The targets, kinds and units are those of the resolutions of xã Quốc Khánh (adopted 18/12/2025) and xã
Bằng Mạc (adopted 26/12/2025); results and estimates are illustrative, and each workbook says so on its
indicator sheet. The data are TOML files in ``data/examples`` (one per commune, read like the catalog);
``nqreport init --example`` and ``tools/make_examples.py`` write them through the blank-workbook writer,
so the examples follow the standard by construction.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from nqreport.scaffold.blank import BlankSpec, CellValue, write_blank
from nqreport.schema import DIRECTION_LABELS, KIND_LABELS, Direction, Kind

EXAMPLE_FILES = ("06004-quoc-khanh.toml", "06475-bang-mac.toml")


@dataclass(frozen=True)
class Example:
    file_name: str
    spec: BlankSpec


def _cell(key: str, value: Any) -> CellValue:
    """A value of the data file as the blank writer takes it: figures as Decimal, kinds and directions as
    the labels of the dropdowns."""
    if key == "kind":
        return KIND_LABELS[Kind(value)]
    if key == "direction":
        return DIRECTION_LABELS[Direction(value)]
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str | date):
        return value
    raise ValueError(f"{key} = {value!r}")


def load_example(name: str) -> Example:
    """One example, from its data file."""
    raw = tomllib.loads(resources.files("nqreport").joinpath("data", "examples", name).read_text(encoding="utf-8"))
    commune = dict(raw["xa"])
    identity = {key: commune.pop(key) for key in ("code", "name", "unit_type", "province", "year")}
    rows = [{key: _cell(key, value) for key, value in row.items() if key != "percent"} for row in raw["chi_tieu"]]
    percent = {index: tuple(row["percent"]) for index, row in enumerate(raw["chi_tieu"]) if "percent" in row}
    spec = BlankSpec(**identity, commune={key: _cell(key, value) for key, value in commune.items()},
                     indicators=rows, percent_cells=percent, assessments=raw.get("danh_gia", []),
                     banner=raw.get("banner", ""))
    return Example(raw["file"], spec)


def examples() -> tuple[Example, ...]:
    return tuple(load_example(name) for name in EXAMPLE_FILES)


def write_examples(directory: Path, *, overwrite: bool = False) -> list[Path]:
    """Write the example workbooks into ``directory``; returns their paths."""
    paths = []
    for example in examples():
        path = directory / example.file_name
        write_blank(path, example.spec, overwrite=overwrite)
        paths.append(path)
    return paths
