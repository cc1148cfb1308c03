"""Workbooks as officials edit them: what is unambiguous is read, the rest is one precise message."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nqreport.cli import main
from nqreport.config.catalog import load_catalog
from nqreport.errors import Severity
from nqreport.model import ReadResult
from nqreport.schema import SHEET_COMMUNE, SHEET_INDICATORS, Kind, Period, Status, parse_kind, parse_period
from nqreport.schema import parse_period as period_option
from nqreport.validate import validate_workbook as read_workbook
from wbfactory import COMMUNE_ROW, FIRST_ROW, LETTER, Book, Fmt, row, write, write_xlsx

CATALOG = load_catalog(None)


def read(tmp_path: Path, book: Book) -> ReadResult:
    return read_workbook(write(tmp_path, book), CATALOG)


def errors(result: ReadResult) -> list[tuple[str, str, str]]:
    return [(p.sheet, p.cell, p.message) for p in result.problems if p.severity is Severity.ERROR]


def commune_cell(key: str) -> str:
    return f"B{COMMUNE_ROW[key]}"


# --------------------------------------------------------------------------- typed without accents


def test_kind_typed_without_accents(tmp_path: Path) -> None:
    rows = [row("Trồng rừng", target=200, result=120, estimate=210)]
    rows[0]["kind"] = "tu tro len"
    result = read(tmp_path, Book(rows=rows))
    assert errors(result) == []
    assert result.data is not None
    assert [i.kind for i in result.data.indicators] == [Kind.AT_LEAST]


def test_period_typed_without_accents(tmp_path: Path) -> None:
    book = Book()
    book.commune["period"] = "6 thang"
    result = read(tmp_path, book)
    assert errors(result) == []
    assert result.data is not None and result.data.commune.period is Period.SIX_MONTHS


@pytest.mark.parametrize(
    ("text", "kind"),
    [("khoang", Kind.APPROX), ("giam x% so voi nam truoc", Kind.DECREASE_PCT), ("Duy tri", Kind.MAINTAIN),
     ("DINH TINH", Kind.QUALITATIVE), ("hoan thanh truoc ngay", Kind.DEADLINE), ("trong khoang", Kind.RANGE)],
)
def test_unaccented_kinds(text: str, kind: Kind) -> None:
    assert parse_kind(text) is kind


def test_unaccented_text_that_names_nothing_is_still_refused() -> None:
    assert parse_kind("tot") is None
    assert parse_period("nua nam") is None


def test_period_option_without_accents() -> None:
    assert period_option("6 thang") is Period.SIX_MONTHS
    assert period_option("quy iii") is Period.QUARTER_3
    assert period_option("nam") is Period.YEAR


def test_status_typed_without_accents(tmp_path: Path) -> None:
    rows = [row("Xây dựng lực lượng dân quân vững mạnh", Kind.QUALITATIVE, unit="", manual_status="dat")]
    result = read(tmp_path, Book(rows=rows))
    assert errors(result) == []
    assert result.data is not None and result.data.indicators[0].manual_status is Status.MET


# --------------------------------------------------------------------------- year and dates


def test_year_typed_as_in_the_resolution_title(tmp_path: Path) -> None:
    book = Book()
    book.commune["year"] = "năm 2026"
    result = read(tmp_path, book)
    assert errors(result) == []
    assert result.data is not None and result.data.commune.year == 2026


def test_year_that_is_not_one(tmp_path: Path) -> None:
    book = Book()
    book.commune["year"] = "năm nay"
    assert errors(read(tmp_path, book)) == [
        (SHEET_COMMUNE, commune_cell("year"), '"năm nay" không phải năm; hãy gõ năm bằng 4 chữ số, ví dụ 2026'),
    ]


def test_date_without_year(tmp_path: Path) -> None:
    book = Book()
    book.commune["cutoff"] = "30/6"
    assert errors(read(tmp_path, book)) == [
        (SHEET_COMMUNE, commune_cell("cutoff"), '"30/6" thiếu năm; hãy gõ đủ ngày, tháng, năm, ví dụ 30/6/2026'),
    ]


def test_deadline_without_year_uses_the_plan_year_in_the_example(tmp_path: Path) -> None:
    book = Book(rows=[row("Hoàn thành đường", Kind.DEADLINE, unit="", deadline="15.7", completed_on="1/7/2027")])
    book.commune["year"] = 2027
    assert errors(read(tmp_path, book)) == [
        (SHEET_INDICATORS, f"{LETTER['deadline']}{FIRST_ROW}",
         '"15.7" thiếu năm; hãy gõ đủ ngày, tháng, năm, ví dụ 15/7/2027'),
    ]


# --------------------------------------------------------------------------- headers written the official's way


def warnings(result: ReadResult) -> list[tuple[str, str, str]]:
    return [(p.sheet, p.cell, p.message) for p in result.problems if p.severity is Severity.WARNING]


def not_read(cell: str, text: str, standard: str) -> tuple[str, str, str]:
    column = "".join(ch for ch in cell if ch.isalpha())
    return (SHEET_INDICATORS, cell, f'tiêu đề "{text}" không đúng mẫu nên cột {column} KHÔNG được đọc; nếu đây là '
            f'cột "{standard}", hãy đổi tiêu đề thành đúng "{standard}" (nếu là cột riêng, hãy đặt tên khác)')


@pytest.mark.parametrize(
    ("key", "text", "standard"),
    [
        ("result", "Thực hiện 6 tháng", "Thực hiện kỳ báo cáo"),
        ("result", "TH 6 tháng đầu năm", "Thực hiện kỳ báo cáo"),
        ("estimate", "Ước thực hiện năm 2026", "Ước thực hiện cả năm"),
        ("baseline", "Thực hiện năm 2025", "Thực hiện năm trước"),
        ("same_period_last_year", "Cùng kỳ 2025", "Thực hiện cùng kỳ năm trước"),
        ("target", "Kế hoạch năm 2026", "Chỉ tiêu kế hoạch"),
    ],
)
def test_renamed_figure_column_is_named_not_dropped_silently(tmp_path: Path, key: str, text: str,
                                                              standard: str) -> None:
    result = read(tmp_path, Book(headers={key: text}))
    assert not_read(f"{LETTER[key]}3", text, standard) in warnings(result)
    assert result.data is not None
    assert all(getattr(i, key) is None for i in result.data.indicators)  # not guessed either


def test_extra_columns_of_ones_own_stay_quiet(tmp_path: Path) -> None:
    book = Book(columns=[*Book().columns, "x1", "x2", "x3"],
                headers={"x1": "Thực hiện năm 2024", "x2": "Kế hoạch 2027", "x3": "Người theo dõi"})
    assert warnings(read(tmp_path, book)) == []


def test_renamed_required_column_is_pointed_at(tmp_path: Path) -> None:
    assert errors(read(tmp_path, Book(headers={"kind": "Loại CT"}))) == [
        (SHEET_INDICATORS, "A3", 'hàng tiêu đề (hàng 3) thiếu cột "Loại chỉ tiêu"; hãy thêm cột có đúng tiêu đề này '
                                 '(xem sổ mẫu: nqreport blank); ô F3 "Loại CT" có phải cột "Loại chỉ tiêu"? Nếu '
                                 'phải, hãy đổi tiêu đề thành đúng "Loại chỉ tiêu"'),
    ]


@pytest.mark.parametrize("name", ["Chỉ tiêu 2026", "Chi tieu (2)", "CHỈ TIÊU NQ"])
def test_sheet_renamed_with_something_after_its_name(tmp_path: Path, name: str) -> None:
    result = read(tmp_path, Book(sheet_names={SHEET_INDICATORS: name}))
    assert errors(result) == []
    assert result.data is not None and len(result.data.indicators) == 3
    assert result.data.indicators[0].source.sheet == name


def test_two_sheets_renamed_alike_are_for_the_official_to_choose(tmp_path: Path) -> None:
    def copy(wb: object) -> None:
        sheet = wb["Chỉ tiêu 2026"]  # type: ignore[index]
        wb.copy_worksheet(sheet).title = "Chỉ tiêu 2025"  # type: ignore[attr-defined]

    path = write_xlsx(tmp_path / "so.xlsx", Book(sheet_names={SHEET_INDICATORS: "Chỉ tiêu 2026"}), edit=copy)
    assert errors(read_workbook(path, CATALOG)) == [
        ("", "", 'không có trang "Chỉ tiêu" mà có 2 trang giống: "Chỉ tiêu 2026", "Chỉ tiêu 2025"; hãy đổi tên trang '
                 'cần đọc thành đúng "Chỉ tiêu"'),
    ]


def test_header_pushed_down_by_a_letterhead(tmp_path: Path) -> None:
    book = Book(header_row=22, cells={SHEET_INDICATORS: {"A2": "ỦY BAN NHÂN DÂN XÃ QUỐC KHÁNH", "A5": "Ghi chú"}})
    result = read(tmp_path, book)
    assert errors(result) == []
    assert result.data is not None and len(result.data.indicators) == 3
    assert result.data.indicators[0].source.row == 23


@pytest.mark.parametrize(
    ("key", "label", "standard"),
    [("year", "Năm", "Năm kế hoạch"), ("period", "Kỳ", "Kỳ báo cáo"),
     ("cutoff", "Ngày chốt số liệu", "Số liệu tính đến ngày"), ("code", "Mã ĐVHC", "Mã đơn vị hành chính (5 chữ số)")],
)
def test_renamed_commune_label_is_pointed_at(tmp_path: Path, key: str, label: str, standard: str) -> None:
    cell = f"A{COMMUNE_ROW[key]}"
    assert errors(read(tmp_path, Book(cells={SHEET_COMMUNE: {cell: label}}))) == [
        (SHEET_COMMUNE, cell, f'thiếu dòng "{standard}"; nhãn "{label}" ở ô {cell} có phải dòng này? Nếu phải, hãy '
                              f'đổi nhãn thành đúng "{standard}" (giá trị ở cột B)'),
    ]


# --------------------------------------------------------------------------- commune code as a number


@pytest.mark.parametrize("fmt", ["xlsx", "xls"])
def test_code_number_shown_with_leading_zero_by_its_format(tmp_path: Path, fmt: str) -> None:
    book = Book()
    book.commune["code"] = Fmt(6004, "00000")
    result = read_workbook(write(tmp_path, book, fmt), CATALOG)
    assert errors(result) == []
    assert result.data is not None and result.data.commune.code == "06004"


def test_code_number_without_that_format_still_explained(tmp_path: Path) -> None:
    book = Book()
    book.commune["code"] = Fmt(6004, "0")
    assert errors(read(tmp_path, book)) == [
        (SHEET_COMMUNE, "B2", "mã xã đang là con số 6004 nên đã mất số 0 ở đầu; hãy gõ '06004 (có dấu nháy đơn "
                              "ở đầu) hoặc định dạng ô kiểu Văn bản rồi gõ 06004"),
    ]


# --------------------------------------------------------------------------- lock files


@pytest.mark.parametrize(("name", "original"), [("~$06004.xlsx", "06004.xlsx"),
                                                 (".~lock.06004.xlsx#", "06004.xlsx")])
def test_lock_file_named_directly(tmp_path: Path, name: str, original: str) -> None:
    lock = tmp_path / name
    lock.write_bytes(b"\x0bNguyen Van A" + b" " * 40 + b"\x00" * 100)
    result = CliRunner().invoke(main, ["validate", str(lock)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1] == (
        f"  {name}: Lỗi: đây là tệp khóa tạm mà Excel/LibreOffice tạo ra khi đang mở sổ {original}, không phải sổ "
        f"chỉ tiêu; hãy dùng chính sổ {original} (tệp khóa tự mất khi đóng sổ)"
    )


# --------------------------------------------------------------------------- last year's workbook


def test_workbook_of_another_year_than_the_workspace(tmp_path: Path) -> None:
    (tmp_path / "inputs").mkdir()
    book = Book()
    book.commune["year"] = 2025
    write(tmp_path / "inputs", book, name="06004")
    (tmp_path / "nqreport.toml").write_text("year = 2026\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "inputs/06004.xlsx (1 lỗi):",
        f"  inputs/06004.xlsx › {SHEET_COMMUNE} › {commune_cell('year')}: Lỗi: năm kế hoạch 2025 khác năm 2026 của "
        "thư mục làm việc (year trong nqreport.toml); nếu đây là sổ năm 2025, hãy bỏ nó ra khỏi thư mục inputs, nếu "
        "không hãy sửa năm ở ô này (hoặc year trong nqreport.toml)",
    ]
    (tmp_path / "nqreport.toml").write_text("", encoding="utf-8")  # no workspace year: each workbook's own
    assert CliRunner().invoke(main, ["validate", "-w", str(tmp_path)]).exit_code == 0
