"""Small builders shared by the build, summary-workbook and PDF tests (model objects and workbooks)."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from nqreport.build import BuildResult
from nqreport.cli import main
from nqreport.model import Commune, CommuneData, Indicator, Source
from nqreport.scaffold.blank import BlankSpec, CellValue, write_blank
from nqreport.schema import KIND_LABELS, PERIOD_LABELS, Kind, Period, Status

D = Decimal
KT = "Kinh tế"
XH = "Văn hóa - Xã hội"
QA = "Quốc phòng - An ninh"


def indicator(field: str, name: str, kind: Kind = Kind.AT_LEAST, target: str | None = None,
              result: str | None = None, *, row: int = 4, file: str = "inputs/x.xlsx",
              **extra: Any) -> Indicator:
    return Indicator(
        field=field, name=name, kind=kind, target=D(target) if target is not None else None,
        result=D(result) if result is not None else None, source=Source(file, "Chỉ tiêu", row), **extra,
    )


def commune_data(code: str, name: str, indicators: Sequence[Indicator], *, period: Period = Period.YEAR,
                 province: str = "Lạng Sơn", cutoff: date | None = date(2026, 12, 10)) -> CommuneData:
    commune = Commune(code=code, name=name, province=province, year=2026, period=period, cutoff=cutoff)
    return CommuneData(commune, tuple(indicators), path=f"inputs/{code}.xlsx")


def two_communes() -> list[CommuneData]:
    """Quốc Khánh: Kinh tế 1 exceeded + 1 not met, Văn hóa - Xã hội 1 met; Bằng Mạc: Kinh tế 2 exceeded,
    Quốc phòng - An ninh 1 qualitative without a status (no data)."""
    qk = commune_data("06004", "Quốc Khánh", [
        indicator(KT, "Thu ngân sách", target="1306", result="1420", unit="triệu đồng", code="KT01", row=4),
        indicator(KT, "Trồng rừng", target="200", result="150", unit="ha", code="KT05", row=5),
        indicator(XH, "Đào tạo nghề", target="50", result="50", unit="học viên", row=6),
    ])
    bm = commune_data("06475", "Bằng Mạc", [
        indicator(KT, "Thu ngân sách", target="900", result="1000", unit="triệu đồng", code="KT01", row=4),
        indicator(KT, "Trồng rừng", target="100", result="120", unit="ha", code="KT05", row=5),
        indicator(QA, "Xây dựng lực lượng dân quân vững mạnh", Kind.QUALITATIVE, row=6),
    ], cutoff=date(2026, 12, 15))
    return [qk, bm]


def write_workbook(path: Path, code: str, name: str, rows: Sequence[dict[str, CellValue]], *,
                   period: Period = Period.YEAR, cutoff: date = date(2026, 12, 10), province: str = "Lạng Sơn") -> Path:
    """A standard workbook through the project's own blank writer, with indicator rows filled in."""
    spec = BlankSpec(
        code=code, name=name, province=province, year=2026,
        commune={"period": PERIOD_LABELS[period], "cutoff": cutoff, "resolution_date": date(2025, 12, 18),
                 "issuing_body": f"Ủy ban nhân dân xã {name}", "signer_title": "CHỦ TỊCH",
                 "signer": "Nguyễn Văn A"},
        indicators=rows,
    )
    write_blank(path, spec)
    return path


def row(field: str, name: str, kind: Kind = Kind.AT_LEAST, target: CellValue = None, result: CellValue = None,
        **values: CellValue) -> dict[str, CellValue]:
    data: dict[str, CellValue] = {"field": field, "name": name, "kind": KIND_LABELS[kind], "target": target,
                                  "result": result}
    data.update(values)
    return data


def simple_rows(scale: int = 1) -> list[dict[str, CellValue]]:
    """Three indicators: one exceeded, one not met, one met (for a year report on results)."""
    return [
        row(KT, "Thu ngân sách nhà nước trên địa bàn", target=D(1306) * scale, result=D(1420) * scale,
            unit="triệu đồng", code="KT01"),
        row(KT, "Trồng rừng", target=D(200), result=D(150), unit="ha", code="KT05"),
        row(XH, "Đào tạo nghề", target=D(50), result=D(50), unit="học viên"),
    ]


STATUS_WORDS = {status.value: status for status in Status}


def two_commune_workspace(root: Path, cache: Path | None = None) -> Path:
    """A workspace with the default templates and two commune workbooks (a year report on results).

    Writing workbooks takes most of a small build's time: with ``cache`` the workspace is made there once
    and copied.
    """
    if cache is not None:
        if not cache.exists():
            two_commune_workspace(cache)
        shutil.copytree(cache, root)
        return root
    from nqreport.scaffold.init import init_workspace

    init_workspace(root)
    (root / "nqreport.toml").write_text("year = 2026\n", encoding="utf-8")
    write_workbook(root / "inputs" / "06004-quoc-khanh.xlsx", "06004", "Quốc Khánh", simple_rows())
    write_workbook(root / "inputs" / "06475-bang-mac.xlsx", "06475", "Bằng Mạc", simple_rows(2))
    return root


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the two-commune workspace is written once per test module (import it with ``workspace``)."""
    return tmp_path_factory.mktemp("cache") / "ws"


@pytest.fixture
def workspace(tmp_path: Path, cache: Path) -> Path:
    """A fresh copy of the two-commune workspace for each test."""
    return two_commune_workspace(tmp_path / "ws", cache)


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the CLI as a user would: exit code, standard output, standard error."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def revenue_rows(factor: Decimal, *, english: bool = False) -> list[dict[str, CellValue]]:
    """A commune's budget revenue (catalog KT01) and forest planting (KT05), scaled by ``factor``; with
    ``english`` the revenue row as English (US) Excel stores what was typed "1.306", "1.250", "1.420": every
    figure a thousand times too small, consistent within its row."""
    if english:
        revenue = {"target": D("1.306"), "baseline": D("1.25"), "result": D("1.42")}
    else:
        revenue = {key: (D(value) * factor).quantize(D(1)) for key, value in
                   (("target", 1306), ("baseline", 1250), ("result", 1420))}
    return [
        row(KT, "Thu ngân sách nhà nước trên địa bàn", unit="triệu đồng", code="KT01", **revenue),
        row(KT, "Trồng rừng", target=D(200), result=(D(150) * factor).quantize(D(1)), unit="ha", code="KT05"),
    ]


def province_workspace(root: Path, count: int, *, english: Sequence[int] = ()) -> Path:
    """A workspace of the first ``count`` communes of Lạng Sơn (real codes and names), each with
    :func:`revenue_rows` scaled between 0,80 and 1,24; the communes at the positions in ``english`` typed
    their revenue in English Excel."""
    from nqreport.config.communes import load_register
    from nqreport.scaffold.init import init_workspace
    from nqreport.text import slug

    init_workspace(root)
    (root / "nqreport.toml").write_text("year = 2026\n", encoding="utf-8")
    units = [u for u in load_register().units if u.province_code == "20"][:count]
    for index, unit in enumerate(units):
        write_workbook(root / "inputs" / f"{unit.code}-{slug(unit.name)}.xlsx", unit.code, unit.name,
                       revenue_rows(D(80 + 4 * index) / 100, english=index in english), province=unit.province)
    return root


def run_build(root: Path, **options: Any) -> BuildResult:
    """``nqreport build`` of the workspace through the library, in this process."""
    from nqreport.build import BuildOptions, build
    from nqreport.config.settings import load_settings

    return build(load_settings(root), BuildOptions(jobs=1, **options))
