"""`nqreport summary`: the terminal table and the JSON view from real workbooks, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from nqreport.cli import main
from wbfactory import COMMUNE, Book, row, write

QUOC_KHANH = Book(
    rows=[
        row("Trồng rừng", code="KT05", target=200, result=120, estimate=210),
        row("Thu ngân sách", unit="triệu đồng", target=1306, result=600, estimate=1200),
    ]
)
BANG_MAC = Book(
    commune={
        **COMMUNE,
        "code": "06475",
        "name": "Bằng Mạc",
        "issuing_body": "Ủy ban nhân dân xã Bằng Mạc",
        "place": "Bằng Mạc",
    },
    rows=[row("Trồng rừng", code="KT05", target=50, result=32)],
)
#: Another commune with a figure that is not a number: an error, so the workbook is skipped.
BROKEN = Book(
    commune={
        **COMMUNE,
        "code": "06001",
        "name": "Đoàn Kết",
        "issuing_body": "Ủy ban nhân dân xã Đoàn Kết",
        "place": "Đoàn Kết",
    },
    rows=[row("Trồng rừng", target="hai trăm", result=1)],
)


def workspace(tmp_path: Path, **books: Book) -> str:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name, book in books.items():
        write(inputs, book, name=name)
    return str(tmp_path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


EXPECTED = """\
Xã Quốc Khánh (06004, Lạng Sơn) — 6 tháng 2026, số liệu đến 15/06/2026
  Lĩnh vực  Vượt  Đạt  Không đạt  Đang TH  Chưa có SL  Tổng
  Kinh tế      1    0          1        0           0     2
  Cộng         1    0          1        0           0     2
  1/2 chỉ tiêu đạt và vượt kế hoạch, trong đó 1 chỉ tiêu vượt; 1 chỉ tiêu không đạt.
  Chỉ tiêu không đạt:
    - [Kinh tế] Thu ngân sách: Ước cả năm đạt 1.200 triệu đồng, bằng 91,9% kế hoạch (1.306 triệu đồng); \
thực hiện 6 tháng đạt 600 triệu đồng

Xã Bằng Mạc (06475, Lạng Sơn) — 6 tháng 2026, số liệu đến 15/06/2026
  Lĩnh vực  Vượt  Đạt  Không đạt  Đang TH  Chưa có SL  Tổng
  Kinh tế      0    0          0        1           0     1
  Cộng         0    0          0        1           0     1
  Chưa có chỉ tiêu nào đạt kế hoạch (0/1 chỉ tiêu); 1 chỉ tiêu đang thực hiện.

Tổng hợp 2 xã, phường (số chỉ tiêu đạt và vượt / tổng số)
  Xã, phường     Mã      KT  Cộng
  xã Quốc Khánh  06004  1/2   1/2
  xã Bằng Mạc    06475  0/1   0/1
  Cộng                  1/3   1/3
  KT: Kinh tế
  Toàn bộ: 1/3 chỉ tiêu đạt và vượt kế hoạch, trong đó 1 chỉ tiêu vượt; 1 chỉ tiêu không đạt; \
1 chỉ tiêu đang thực hiện.
Chỉ tiêu trong danh mục, cộng các xã:
  - KT05 Diện tích trồng rừng mới (kể cả trồng dặm): Ước cả năm đạt 210 ha, bằng 105,0% kế hoạch (200 ha) \
— Vượt; thực hiện trong kỳ 120 ha; thiếu ước cả năm: xã Bằng Mạc
"""


def test_text_table_exit_0(tmp_path: Path) -> None:
    assert run("summary", "-w", workspace(tmp_path, a=QUOC_KHANH, b=BANG_MAC)) == (0, EXPECTED, "")


def test_no_colour_unless_asked(tmp_path: Path) -> None:
    root = workspace(tmp_path, a=QUOC_KHANH, b=BANG_MAC)
    assert "\x1b[" not in run("summary", "-w", root)[1]
    code, out, _ = run("summary", "-w", root, "--color")
    assert code == 0
    assert "\x1b[31m" in out  # the indicator not met, in red


def test_json(tmp_path: Path) -> None:
    code, out, err = run("summary", "-w", workspace(tmp_path, a=QUOC_KHANH, b=BANG_MAC), "--format", "json")
    assert (code, err) == (0, "")
    doc: dict[str, Any] = json.loads(out)
    assert [(c["code"], c["period"], c["counts"]["total"]) for c in doc["communes"]] == [
        ("06004", "6_months", 2),
        ("06475", "6_months", 1),
    ]
    forest = doc["communes"][0]["indicators"][0]
    assert {
        k: forest[k] for k in ("code", "kind", "target", "result", "estimate", "status", "percent_of_plan")
    } == {
        "code": "KT05",
        "kind": "at_least",
        "target": 200,
        "result": 120,
        "estimate": 210,
        "status": "exceeded",
        "percent_of_plan": 105,
    }
    assert forest["source"] == {"file": "inputs/a.xlsx", "sheet": "Chỉ tiêu", "row": 4}
    assert doc["problems"] == []
    [total] = doc["totals"]["catalog"]
    assert (total["code"], total["value"], total["status"], total["missing"]) == (
        "KT05",
        210,
        "exceeded",
        ["xã Bằng Mạc"],
    )


def test_period_option_judges_a_year_report_on_the_results(tmp_path: Path) -> None:
    code, out, _ = run(
        "summary", "-w", workspace(tmp_path, a=QUOC_KHANH), "--format", "json", "--period", "Năm"
    )
    assert code == 0
    commune = json.loads(out)["communes"][0]
    assert commune["period"] == "year"
    # 120 of 200 ha and 600 of 1.306 million: both not met on the results
    assert [i["status"] for i in commune["indicators"]] == ["not_met", "not_met"]


def test_bad_period_is_a_vietnamese_usage_error(tmp_path: Path) -> None:
    code, out, err = run("summary", "-w", workspace(tmp_path, a=QUOC_KHANH), "--period", "nửa năm")
    assert (code, out) == (2, "")  # a wrong call, as the README says
    assert err.splitlines()[-1] == (
        "Lỗi: '--period': không hiểu kỳ báo cáo \"nửa năm\"; hãy dùng: Năm, 9 tháng, "
        "6 tháng, Quý I…Quý IV, Tháng 1…Tháng 12 (hoặc year, 9_months, 6_months, quarter_1, month_1…)"
    )


def test_a_workbook_with_errors_is_listed_and_the_rest_summarised_exit_1(tmp_path: Path) -> None:
    code, out, _ = run("summary", "-w", workspace(tmp_path, a=QUOC_KHANH, c=BROKEN))
    assert code == 1
    assert out.startswith("Xã Quốc Khánh (06004, Lạng Sơn)")
    assert "Đoàn Kết" not in out
    assert out.endswith(
        "Vấn đề khi đọc sổ: 1 lỗi, 0 cảnh báo\n"
        "  Bỏ qua (sổ có lỗi, chưa đánh giá): inputs/c.xlsx\n"
        '  inputs/c.xlsx › Chỉ tiêu › G4: Lỗi: "hai trăm" không phải con số; hãy gõ số theo kiểu Việt Nam, '
        "ví dụ 1.306 hoặc 2,52\n"
    )
    code, out, _ = run("summary", "-w", str(tmp_path), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert ([c["code"] for c in doc["communes"]], doc["skipped"]) == (["06004"], ["inputs/c.xlsx"])
    assert [(p["cell"], p["severity"]) for p in doc["problems"]] == [("G4", "error")]
