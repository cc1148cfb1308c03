"""The rule across communes (issue 11): a figure far outside the same catalog indicator's figures in the other
communes, such as a whole row typed in English Excel (1,306 where the others hold thousands), which no rule of
its own row can see.

Workspaces are of real communes of Lạng Sơn (tests/build_helpers.province_workspace): budget revenue (KT01)
in row 4 (G plan, K last year, M result of a year report) and forest planting (KT05) in row 5.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_helpers import province_workspace, run_build
from nqreport.config.catalog import Catalog, load_catalog
from nqreport.model import ReadResult
from nqreport.validate import validate_workbooks
from nqreport.validate.outliers import CommuneFigures, Peers, RowFigures

ENGLISH = "inputs/06001-doan-ket.xlsx"  # the fourth commune of Lạng Sơn in the official list


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def twelve(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve communes, the fourth of which typed its revenue in English Excel."""
    return province_workspace(tmp_path_factory.mktemp("twelve") / "ws", 12, english=[3])


def validate(root: Path, catalog: Catalog) -> list[ReadResult]:
    return validate_workbooks(sorted((root / "inputs").glob("*.xlsx")), catalog, root=root, year=2026)


def lines(results: list[ReadResult]) -> list[str]:
    return [p.format() for r in results for p in r.problems]


def test_a_commune_typed_in_english_excel_stands_out(twelve: Path, catalog: Catalog) -> None:
    found = lines(validate(twelve, catalog))
    assert len(found) == 1, found
    assert found[0].startswith(f"{ENGLISH} › Chỉ tiêu › G4: Cảnh báo: chỉ tiêu KT01 khác xa các xã khác (so với "
                               "trung vị, tức số ở giữa, của các xã có chỉ tiêu này): ")
    for part in ("ô G4 (chỉ tiêu kế hoạch) 1,306 triệu đồng, trung vị của 12 xã 1.332 triệu đồng: thấp hơn khoảng "
                 "1.020 lần",
                 "ô K4 (thực hiện năm trước) 1,25 triệu đồng, trung vị của 12 xã 1.275 triệu đồng",
                 "ô M4 (thực hiện kỳ báo cáo) 1,42 triệu đồng",
                 "Excel đặt kiểu số tiếng Anh đã hiểu dấu chấm phân cách hàng nghìn là dấu thập phân (khi đó hãy gõ "
                 "chữ số liền, không dấu chấm)"):
        assert part in found[0], part


def test_fewer_than_ten_communes_are_not_compared(tmp_path: Path, catalog: Catalog) -> None:
    root = province_workspace(tmp_path / "ws", 9, english=[3])
    assert lines(validate(root, catalog)) == []


def test_a_duplicate_counts_for_no_commune(twelve: Path, tmp_path: Path, catalog: Catalog) -> None:
    # Eleven communes and a second copy of one: two workbooks claim one code, so neither is in the
    # reference; ten communes remain (and the rule still runs).
    root = tmp_path / "ws"
    shutil.copytree(twelve, root)
    inputs = sorted((root / "inputs").glob("*.xlsx"))
    inputs[-1].unlink()
    shutil.copy(inputs[0], root / "inputs" / "ban-sao.xlsx")
    results = validate(root, catalog)
    far = [line for line in lines(results) if "khác xa các xã khác" in line]
    assert len(far) == 1 and far[0].startswith(f"{ENGLISH} › Chỉ tiêu › G4:")
    assert "trung vị của 10 xã" in far[0]
    # Without the eleventh commune, nine remain: too few to compare.
    inputs[-2].unlink()
    assert [line for line in lines(validate(root, catalog)) if "khác xa các xã khác" in line] == []


def test_a_workbook_with_errors_is_compared_but_not_a_reference(twelve: Path, tmp_path: Path,
                                                              catalog: Catalog) -> None:
    import openpyxl

    root = tmp_path / "ws"
    shutil.copytree(twelve, root)
    book = openpyxl.load_workbook(root / ENGLISH)
    book["Chỉ tiêu"]["F5"] = "không biết"  # the kind of the forest row: an error
    book.save(root / ENGLISH)
    found = lines(validate(root, catalog))
    assert [line.split(": ")[0] for line in found] == [f"{ENGLISH} › Chỉ tiêu › G4", f"{ENGLISH} › Chỉ tiêu › F5"]
    assert "trung vị của 11 xã" in found[0]


def test_a_cell_the_checks_of_its_row_warn_about_is_not_warned_about_again(twelve: Path, tmp_path: Path,
                                                                           catalog: Catalog) -> None:
    import openpyxl

    root = tmp_path / "ws"
    shutil.copytree(twelve, root)
    book = openpyxl.load_workbook(root / ENGLISH)
    book["Chỉ tiêu"]["G4"] = "1.306"  # the plan typed as text: read 1306, so the row itself shows the rest
    book.save(root / ENGLISH)
    found = lines(validate(root, catalog))
    assert [line.split(": Cảnh báo: ")[0] for line in found] == [f"{ENGLISH} › Chỉ tiêu › K4",
                                                                 f"{ENGLISH} › Chỉ tiêu › M4"]
    assert all('có thể đã gõ "1.' in line and "khác xa các xã khác" not in line for line in found)


def test_another_unit_is_another_indicator(twelve: Path, tmp_path: Path, catalog: Catalog) -> None:
    import openpyxl

    root = tmp_path / "ws"
    shutil.copytree(twelve, root)
    book = openpyxl.load_workbook(root / ENGLISH)
    book["Chỉ tiêu"]["E4"] = "tỷ đồng"  # 1,306 tỷ đồng is 1.306 triệu đồng: only the unit is off the catalog's
    book.save(root / ENGLISH)
    found = lines(validate(root, catalog))
    assert len(found) == 1 and found[0].startswith(f"{ENGLISH} › Chỉ tiêu › E4: Cảnh báo: đơn vị tính \"tỷ đồng\"")


# --------------------------------------------------------------------------- the rule on its own


def figures(value: float, *, unit: str = "triệu đồng", period: str = "year", key: int = 4) -> CommuneFigures:
    values: list[float | None] = [None] * 5
    values[key] = value
    return CommuneFigures("Chỉ tiêu", period, ("G", "K", "L", "M", "N"), (RowFigures("KT01", unit, 4, tuple(values)),))


def far(values: list[float], **options: object) -> dict[int, list[str]]:
    peers = Peers()
    for index, value in enumerate(values):
        peers.add(index, f"{index}.xlsx", figures(value, **options))  # type: ignore[arg-type]
    return {index: [p.format() for p in found] for index, found in peers.problems(set(range(len(values)))).items()}


def test_equal_figures_make_only_a_tenfold_difference_an_outlier() -> None:
    # Ten communes with the same estimate: no spread at all, so only the floor (a factor of 10) decides.
    assert far([1000.0] * 10 + [8000.0]) == {}
    found = far([1000.0] * 10 + [12000.0])
    assert list(found) == [10]
    assert found[10] == [
        "10.xlsx › Chỉ tiêu › N4: Cảnh báo: chỉ tiêu KT01 khác xa các xã khác (so với trung vị, tức số ở giữa, của "
        "các xã có chỉ tiêu này): ô N4 (ước cả năm) 12.000 triệu đồng, trung vị của 11 xã 1.000 triệu đồng: gấp "
        "khoảng 12 lần. Hãy kiểm tra lại con số và đơn vị tính: thừa hoặc thiếu chữ số 0, nhầm đơn vị (tỷ đồng với "
        "triệu đồng), hoặc Excel đặt kiểu số tiếng Anh đã hiểu dấu chấm phân cách hàng nghìn là dấu thập phân (khi "
        "đó hãy gõ chữ số liền, không dấu chấm)"]


def test_widely_spread_figures_allow_more() -> None:
    # Communes from 100 to 3.844 (each 1,5 times the one before): 50.000, 66 times their median, is within
    # what such a spread allows (the floor alone would call it an outlier); 0,5, a thousandth of it, is not.
    spread = [100.0 * 1.5 ** i for i in range(10)]
    assert far([*spread, 50000.0]) == {}
    assert list(far([*spread, 0.5])) == [10]


def test_percentages_are_compared_in_points() -> None:
    rates = [90.0, 92.0, 95.0, 88.0, 97.0, 91.0, 93.0, 96.0, 89.0, 94.0]
    assert far([*rates, 45.0], unit="%") == {}
    found = far([*rates, 0.95], unit="%")
    assert list(found) == [10]
    assert "ô N4 (ước cả năm) 0,95%, trung vị của 11 xã 92%: thấp hơn 91,1 điểm %" in found[10][0]


def test_period_figures_are_compared_within_one_period() -> None:
    peers = Peers()
    for index in range(10):
        peers.add(index, f"{index}.xlsx", figures(1400.0, period="year", key=3))
    peers.add(10, "thang-1.xlsx", figures(100.0, period="month_1", key=3))
    assert peers.problems(set(range(11))) == {}


def test_a_build_of_one_commune_compares_it_with_the_whole_workspace(twelve: Path, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(twelve, root)
    result = run_build(root, only=("06001",), strict=True)
    assert result.built == ()
    assert result.skipped == ((ENGLISH, "1 cảnh báo, --strict coi là lỗi"),)
    (warning,) = result.problems
    assert warning.format().startswith(f"{ENGLISH} › Chỉ tiêu › G4: Cảnh báo: chỉ tiêu KT01 khác xa các xã khác")
    assert "trung vị của 12 xã" in warning.message
