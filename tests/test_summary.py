"""The ``summary`` views, built from model objects (no workbook files needed)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import click
import pytest

from nqreport.cli.summary_text import field_abbreviation, summary_text
from nqreport.config.catalog import Aggregation, Catalog, CatalogEntry
from nqreport.config.settings import EvalSettings, Settings
from nqreport.errors import Problem, Severity
from nqreport.model import Commune, CommuneData, Indicator, ReadResult, Source
from nqreport.schema import Kind, Period, Status
from nqreport.summary import json_number, summary_json

D = Decimal
KT, QA = "Kinh tế", "Quốc phòng - An ninh"
CATALOG = Catalog(
    {
        "KT05": CatalogEntry("KT05", "Diện tích trồng rừng mới", "ha", KT, Aggregation.SUM, Kind.AT_LEAST),
        "XH02": CatalogEntry("XH02", "Tỷ lệ hộ dùng nước sạch", "%", KT, Aggregation.RATIO),
    }
)


#: The workspace the workbooks are named against; nothing is written (these tests need no files).
ROOT = Path("/srv/nqreport-workspace")


def settings(**changes: object) -> Settings:
    return Settings(root=ROOT).with_overrides(**changes)


def result(code: str, name: str, *indicators: Indicator, period: Period = Period.SIX_MONTHS) -> ReadResult:
    path = str(ROOT / "inputs" / f"{code}.xlsx")
    commune = Commune(
        code=code, name=name, province="Lạng Sơn", year=2026, period=period, cutoff=date(2026, 6, 30)
    )
    return ReadResult(path, CommuneData(commune, indicators, path=path))


FOREST_QK = Indicator(
    field=KT,
    name="Trồng rừng",
    kind=Kind.AT_LEAST,
    code="KT05",
    unit="ha",
    target=D(200),
    result=D(120),
    estimate=D(210),
    source=Source("06004.xlsx", "Chỉ tiêu", 4),
)
BUDGET_QK = Indicator(
    field=KT,
    name="Thu ngân sách",
    kind=Kind.AT_LEAST,
    unit="triệu đồng",
    target=D(1306),
    result=D(600),
    estimate=D(1200),
)
MILITIA_QK = Indicator(field=QA, name="Dân quân vững mạnh", kind=Kind.QUALITATIVE)
FOREST_BM = Indicator(
    field=KT, name="Trồng rừng", kind=Kind.AT_LEAST, code="KT05", unit="ha", target=D(50), result=D(32)
)
BROKEN = ReadResult(
    str(ROOT / "inputs" / "hong.xlsx"),
    None,
    [Problem("hong.xlsx", "", "", Severity.ERROR, "không mở được tệp; hãy lưu lại bằng Excel")],
)


def two_communes() -> list[ReadResult]:
    return [
        result("06004", "Quốc Khánh", FOREST_QK, BUDGET_QK, MILITIA_QK),
        result("06475", "Bằng Mạc", FOREST_BM),
        BROKEN,
    ]


# --------------------------------------------------------------------------- JSON


def test_json_numbers() -> None:
    assert json_number(D("200")) == 200 and isinstance(json_number(D("200")), int)
    assert json_number(D("200.00")) == 200 and isinstance(json_number(D("200.00")), int)
    assert json_number(D("2.52")) == 2.52
    assert json_number(D("-0.5")) == -0.5
    assert json_number(None) is None


def test_json_keeps_the_workbook_shape_and_adds_the_evaluation() -> None:
    doc = summary_json(two_communes(), CATALOG, settings())
    json.dumps(doc)  # plain JSON types only
    assert [c["code"] for c in doc["communes"]] == ["06004", "06475"]
    qk = doc["communes"][0]
    assert {k: qk[k] for k in ("code", "name", "province", "year", "period")} == {
        "code": "06004",
        "name": "Quốc Khánh",
        "province": "Lạng Sơn",
        "year": 2026,
        "period": "6_months",
    }
    assert qk["file"] == "inputs/06004.xlsx"  # named relative to the workspace, as in problems
    forest = qk["indicators"][0]
    assert {
        k: forest[k]
        for k in (
            "code",
            "field",
            "name",
            "unit",
            "kind",
            "target",
            "target_max",
            "deadline",
            "baseline",
            "result",
            "estimate",
            "status",
            "percent_of_plan",
            "source",
        )
    } == {
        "code": "KT05",
        "field": KT,
        "name": "Trồng rừng",
        "unit": "ha",
        "kind": "at_least",
        "target": 200,
        "target_max": None,
        "deadline": None,
        "baseline": None,
        "result": 120,
        "estimate": 210,
        "status": "exceeded",
        "percent_of_plan": 105,
        "source": {"file": "06004.xlsx", "sheet": "Chỉ tiêu", "row": 4},
    }
    assert (
        forest["reason"]
        == "Ước cả năm đạt 210 ha, bằng 105,0% kế hoạch (200 ha); thực hiện 6 tháng đạt 120 ha"
    )
    assert (forest["basis"], forest["progress_pct"], forest["status_label"]) == ("estimate", 60, "Vượt")
    budget = qk["indicators"][1]
    # 1.200 / 1.306 · 100, unrounded (rounding is the reader's business)
    assert budget["percent_of_plan"] == pytest.approx(91.8836140888208)
    assert (budget["status"], budget["source"]) == ("not_met", None)
    militia = qk["indicators"][2]
    assert (militia["status"], militia["percent_of_plan"], militia["reason"]) == (
        "no_data",
        None,
        'Chưa tự đánh giá (cột "Tự đánh giá")',
    )


def test_json_counts_per_field_and_commune() -> None:
    qk = summary_json(two_communes(), CATALOG, settings())["communes"][0]
    assert qk["fields"] == [
        {
            "field": KT,
            "counts": {
                "exceeded": 1,
                "met": 0,
                "not_met": 1,
                "in_progress": 0,
                "no_data": 0,
                "total": 2,
                "met_or_exceeded": 1,
                "sentence": "1/2 chỉ tiêu đạt và vượt kế hoạch, trong đó 1 chỉ tiêu vượt; "
                "1 chỉ tiêu không đạt",
            },
        },
        {
            "field": QA,
            "counts": {
                "exceeded": 0,
                "met": 0,
                "not_met": 0,
                "in_progress": 0,
                "no_data": 1,
                "total": 1,
                "met_or_exceeded": 0,
                "sentence": "Chưa có chỉ tiêu nào đạt kế hoạch (0/1 chỉ tiêu); 1 chỉ tiêu chưa có số liệu",
            },
        },
    ]
    assert qk["counts"]["total"] == 3
    assert qk["counts"]["sentence"] == (
        "1/3 chỉ tiêu đạt và vượt kế hoạch, trong đó 1 chỉ tiêu vượt; "
        "1 chỉ tiêu không đạt; 1 chỉ tiêu chưa có số liệu"
    )


def test_json_problems_skipped_and_totals() -> None:
    doc = summary_json(two_communes(), CATALOG, settings())
    assert doc["problems"] == [
        {
            "file": "hong.xlsx",
            "sheet": "",
            "cell": "",
            "severity": "error",
            "message": "không mở được tệp; hãy lưu lại bằng Excel",
        }
    ]
    assert doc["skipped"] == ["inputs/hong.xlsx"]
    totals = doc["totals"]
    assert totals["fields"] == [KT, QA]
    assert [(row["code"], row["name"], row["counts"]["total"]) for row in totals["matrix"]] == [
        ("06004", "xã Quốc Khánh", 3),
        ("06475", "xã Bằng Mạc", 1),
    ]
    assert totals["matrix"][1]["fields"][QA]["total"] == 0
    assert {f: c["total"] for f, c in totals["by_field"].items()} == {KT: 3, QA: 1}
    assert (totals["counts"]["total"], totals["counts"]["in_progress"]) == (4, 1)
    [forest] = totals["catalog"]
    assert forest == {
        "code": "KT05",
        "name": "Diện tích trồng rừng mới",
        "unit": "ha",
        "field": KT,
        "aggregation": "sum",
        "counted": True,
        "value": 210,
        "target": 200,
        "status": "exceeded",
        "percent_of_plan": 105,
        "reason": "Ước cả năm đạt 210 ha, bằng 105,0% kế hoạch (200 ha)",
        "numerator": None,
        "denominator": None,
        "communes": ["xã Quốc Khánh"],
        "codes": ["06004"],
        "missing": ["xã Bằng Mạc"],
        "missing_codes": ["06475"],
        "unit_mismatch": [],
        # every column over the communes counted: Quốc Khánh's result 120 and estimate 210 beside its plan
        # 200; Bằng Mạc, left out for lack of an estimate, is in "missing" (its result 32 is not added)
        "period_result": 120,
        "period_missing": [],
        "unjudged": "",
        "value_basis": "estimate",
        "estimated": ["xã Quốc Khánh"],
        "estimate": 210,
        "estimate_missing": [],
    }


def test_json_dates_are_iso() -> None:
    deadline = Indicator(
        field=QA,
        name="Diễn tập",
        kind=Kind.DEADLINE,
        deadline=date(2026, 7, 15),
        completed_on=date(2026, 7, 1),
    )
    doc = summary_json([result("06004", "Quốc Khánh", deadline)], CATALOG, settings())
    item = doc["communes"][0]["indicators"][0]
    assert (item["deadline"], item["completed_on"], item["status"]) == ("2026-07-15", "2026-07-01", "met")
    assert doc["communes"][0]["cutoff"] == "2026-06-30"


def test_period_argument_then_settings_then_workbook() -> None:
    results = [result("06004", "Quốc Khánh", FOREST_QK)]

    def forest(doc: dict[str, object]) -> tuple[str, str]:
        commune = doc["communes"][0]  # type: ignore[index]
        return commune["period"], commune["indicators"][0]["status"]  # type: ignore[index]

    assert forest(summary_json(results, CATALOG, settings())) == ("6_months", "exceeded")
    # a year report judges the result (120 of 200 ha)
    assert forest(summary_json(results, CATALOG, settings(period=Period.YEAR))) == (
        "year",
        "not_met",
    )
    assert forest(
        summary_json(results, CATALOG, settings(period=Period.YEAR), period=Period.NINE_MONTHS)
    ) == ("9_months", "exceeded")


def test_evaluation_settings_are_used() -> None:
    grain = Indicator(
        field=KT, name="Lương thực", kind=Kind.APPROX, unit="tấn", target=D(13900), result=D(13000)
    )
    results = [result("06004", "Quốc Khánh", grain, period=Period.YEAR)]
    assert summary_json(results, CATALOG, settings())["communes"][0]["indicators"][0]["status"] == "not_met"
    loose = settings(evaluation=EvalSettings(approx_tolerance_pct=D(10)))
    assert summary_json(results, CATALOG, loose)["communes"][0]["indicators"][0]["status"] == "met"


# --------------------------------------------------------------------------- text


EXPECTED_TEXT = """\
Xã Quốc Khánh (06004, Lạng Sơn) — 6 tháng 2026, số liệu đến 30/06/2026
  Lĩnh vực              Vượt  Đạt  Không đạt  Đang TH  Chưa có SL  Tổng
  Kinh tế                  1    0          1        0           0     2
  Quốc phòng - An ninh     0    0          0        0           1     1
  Cộng                     1    0          1        0           1     3
  1/3 chỉ tiêu đạt và vượt kế hoạch, trong đó 1 chỉ tiêu vượt; 1 chỉ tiêu không đạt; \
1 chỉ tiêu chưa có số liệu.
  Chỉ tiêu không đạt:
    - [Kinh tế] Thu ngân sách: Ước cả năm đạt 1.200 triệu đồng, bằng 91,9% kế hoạch (1.306 triệu đồng); \
thực hiện 6 tháng đạt 600 triệu đồng
  Chỉ tiêu chưa có số liệu:
    - [Quốc phòng - An ninh] Dân quân vững mạnh: Chưa tự đánh giá (cột "Tự đánh giá")

Xã Bằng Mạc (06475, Lạng Sơn) — 6 tháng 2026, số liệu đến 30/06/2026
  Lĩnh vực  Vượt  Đạt  Không đạt  Đang TH  Chưa có SL  Tổng
  Kinh tế      0    0          0        1           0     1
  Cộng         0    0          0        1           0     1
  Chưa có chỉ tiêu nào đạt kế hoạch (0/1 chỉ tiêu); 1 chỉ tiêu đang thực hiện.

Tổng hợp 2 xã, phường (số chỉ tiêu đạt và vượt / tổng số)
  Xã, phường     Mã      KT  QP-AN  Cộng
  xã Quốc Khánh  06004  1/2    0/1   1/3
  xã Bằng Mạc    06475  0/1      –   0/1
  Cộng                  1/3    0/1   1/4
  KT: Kinh tế; QP-AN: Quốc phòng - An ninh
  Toàn bộ: 1/4 chỉ tiêu đạt và vượt kế hoạch, trong đó 1 chỉ tiêu vượt; 1 chỉ tiêu không đạt; \
1 chỉ tiêu đang thực hiện; 1 chỉ tiêu chưa có số liệu.
Chỉ tiêu trong danh mục, cộng các xã:
  - KT05 Diện tích trồng rừng mới: Ước cả năm đạt 210 ha, bằng 105,0% kế hoạch (200 ha) — Vượt; \
thực hiện trong kỳ 120 ha; thiếu ước cả năm: xã Bằng Mạc

Vấn đề khi đọc sổ: 1 lỗi, 0 cảnh báo
  Bỏ qua (sổ có lỗi, chưa đánh giá): inputs/hong.xlsx
  hong.xlsx: Lỗi: không mở được tệp; hãy lưu lại bằng Excel"""


def test_text_table() -> None:
    assert summary_text(two_communes(), CATALOG, settings()) == EXPECTED_TEXT


def test_text_colours_only_when_asked() -> None:
    plain = summary_text(two_communes(), CATALOG, settings())
    assert "\x1b[" not in plain
    coloured = summary_text(two_communes(), CATALOG, settings(), color=True)
    assert click.style("Chỉ tiêu không đạt", fg="red", bold=True) in coloured
    assert click.style("Chỉ tiêu chưa có số liệu", fg="magenta") in coloured
    assert click.style("Vượt", fg="green", bold=True) in coloured
    assert click.unstyle(coloured) == plain


def test_text_single_commune_has_no_cross_table() -> None:
    text = summary_text([result("06004", "Quốc Khánh", FOREST_QK)], CATALOG, settings())
    assert "Tổng hợp" not in text
    assert "Vấn đề khi đọc sổ" not in text
    assert text.endswith("  1/1 chỉ tiêu đạt và vượt kế hoạch, trong đó 1 chỉ tiêu vượt.")


def test_text_when_nothing_could_be_read() -> None:
    assert summary_text([BROKEN], CATALOG, settings()) == (
        "Không có sổ chỉ tiêu nào đánh giá được.\n\n"
        "Vấn đề khi đọc sổ: 1 lỗi, 0 cảnh báo\n"
        "  Bỏ qua (sổ có lỗi, chưa đánh giá): inputs/hong.xlsx\n"
        "  hong.xlsx: Lỗi: không mở được tệp; hãy lưu lại bằng Excel"
    )


def test_text_warnings_are_counted_not_listed() -> None:
    read = result("06004", "Quốc Khánh", FOREST_QK)
    read.problems.append(Problem("06004.xlsx", "Chỉ tiêu", "G4", Severity.WARNING, 'đã hiểu "2.52" là 2,52'))
    text = summary_text([read], CATALOG, settings())
    assert text.endswith(
        "Vấn đề khi đọc sổ: 0 lỗi, 1 cảnh báo\n  Xem chi tiết các cảnh báo bằng lệnh: nqreport validate"
    )


def test_text_rate_total() -> None:
    def water(code: str, numerator: int, denominator: int, target: int) -> ReadResult:
        return result(
            code,
            code,
            Indicator(
                field=KT,
                name="Nước sạch",
                kind=Kind.AT_LEAST,
                code="XH02",
                unit="%",
                target=D(target),
                result=D(numerator) / D(denominator) * 100,
                numerator=D(numerator),
                denominator=D(denominator),
            ),
            period=Period.YEAR,
        )

    text = summary_text([water("00001", 10, 20, 60), water("00002", 90, 100, 90)], CATALOG, settings())
    # 100 / 120 = 83,3%; weighted target (60·20 + 90·100)/120 = 85; 83,33/85 = 98,0%
    assert (
        "  - XH02 Tỷ lệ hộ dùng nước sạch: Thực hiện đạt 83,3%, bằng 98,0% kế hoạch (85%) — Không đạt"
        in text.splitlines()
    )


def test_text_names_totals_no_commune_contributes_to_in_one_sentence() -> None:
    water = Indicator(field=KT, name="Nước sạch", kind=Kind.AT_LEAST, code="XH02", unit="%", target=D(90),
                      result=D(92))
    results = [result("00001", "A", water, FOREST_QK), result("00002", "B", water)]
    lines = summary_text(results, CATALOG, settings()).splitlines()
    # no "XH02 …: chưa có xã nào đủ số liệu" line among the totals; one sentence after them instead
    assert not any(line.startswith("  - XH02") for line in lines)
    at = lines.index("Chưa tổng hợp được do các xã chưa nhập tử số, mẫu số: XH02 Tỷ lệ hộ dùng nước sạch "
                     "(xã A, xã B).")
    assert lines[at - 1].startswith("  - KT05 Diện tích trồng rừng mới: Ước cả năm đạt 210 ha")
    [water_total] = [t for t in summary_json(results, CATALOG, settings())["totals"]["catalog"]
                     if t["code"] == "XH02"]
    assert (water_total["counted"], water_total["missing"]) == (False, ["xã A", "xã B"])


@pytest.mark.parametrize(
    ("name", "abbreviation"),
    [
        ("Kinh tế", "KT"),
        ("Văn hóa - Xã hội", "VH-XH"),
        ("Chuyển đổi số - Cải cách hành chính", "CĐS-CCHC"),
        ("Quốc phòng - An ninh", "QP-AN"),
        ("Nông nghiệp", "NN"),
    ],
)
def test_field_abbreviation(name: str, abbreviation: str) -> None:
    assert field_abbreviation(name) == abbreviation


def test_status_values_match_schema() -> None:
    doc = summary_json(two_communes(), CATALOG, settings())
    statuses = {i["status"] for c in doc["communes"] for i in c["indicators"]}
    assert statuses <= {s.value for s in Status}


def test_a_workbook_with_errors_is_skipped_like_build_does() -> None:
    flawed = result("06475", "Bằng Mạc", FOREST_BM)
    flawed.problems.append(
        Problem("inputs/06475.xlsx", "Chỉ tiêu", "G4", Severity.ERROR, '"hai trăm" không phải con số')
    )
    results = [result("06004", "Quốc Khánh", FOREST_QK), flawed]
    doc = summary_json(results, CATALOG, settings())
    assert [c["code"] for c in doc["communes"]] == ["06004"]
    assert doc["skipped"] == ["inputs/06475.xlsx"]
    assert doc["totals"]["catalog"][0]["communes"] == ["xã Quốc Khánh"]
    text = summary_text(results, CATALOG, settings())
    assert "Bằng Mạc" not in text
    assert text.endswith(
        "Vấn đề khi đọc sổ: 1 lỗi, 0 cảnh báo\n"
        "  Bỏ qua (sổ có lỗi, chưa đánh giá): inputs/06475.xlsx\n"
        '  inputs/06475.xlsx › Chỉ tiêu › G4: Lỗi: "hai trăm" không phải con số'
    )


def _catalog_lines(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("Chỉ tiêu trong danh mục, cộng các xã:")
    return [line for line in lines[start + 1:] if line.startswith("  - ")]


def test_text_names_the_figure_of_a_total_without_a_verdict() -> None:
    def forest(kind: Kind, target: int) -> Indicator:
        return Indicator(field=KT, name="Trồng rừng", kind=kind, code="KT05", unit="ha", target=D(target),
                         result=D(120), estimate=D(210))

    results = [result("06004", "Quốc Khánh", forest(Kind.AT_LEAST, 200)),
               result("06475", "Bằng Mạc", forest(Kind.AT_MOST, 300))]
    # kinds differ: no verdict, and the bare 420 must say it is the estimates (210 + 210), not 6 months' 240
    assert _catalog_lines(summary_text(results, CATALOG, settings())) == [
        "  - KT05 Diện tích trồng rừng mới: ước cả năm 420 ha (không đánh giá chung: các xã giao chỉ tiêu theo "
        "cách đánh giá khác nhau); thực hiện trong kỳ 240 ha",
    ]


def test_text_of_a_year_total_of_results_and_an_estimate_says_so() -> None:
    forest_qk = Indicator(field=KT, name="Trồng rừng", kind=Kind.AT_LEAST, code="KT05", unit="ha", target=D(200),
                          estimate=D(210))
    forest_bm = Indicator(field=KT, name="Trồng rừng", kind=Kind.AT_LEAST, code="KT05", unit="ha", target=D(100),
                          result=D(90))
    results = [result("06004", "Quốc Khánh", forest_qk, period=Period.YEAR),
               result("06475", "Bằng Mạc", forest_bm, period=Period.YEAR)]
    # 210 + 90 = 300 against 200 + 100 = 300: met, on a sum that is not all results
    assert _catalog_lines(summary_text(results, CATALOG, settings())) == [
        "  - KT05 Diện tích trồng rừng mới: Thực hiện đạt 300 ha, bằng 100,0% kế hoạch (300 ha) — Đạt (tổng gồm "
        "thực hiện, riêng xã Quốc Khánh lấy ước cả năm)",
    ]
