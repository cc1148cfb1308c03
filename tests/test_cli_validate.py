"""`nqreport validate`: every problem of every workbook, grouped by file; exit 0, 1 (errors, or warnings
with --strict) or 2 (usage)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from nqreport.cli import main
from nqreport.schema import Kind
from wbfactory import Book, Pct, row, write


def workspace(tmp_path: Path, **books: Book) -> Path:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name, book in books.items():
        write(inputs, book, name=name)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


CLEAN = Book()
WARNED = Book(rows=[row("Trồng rừng", target=200, result="2.5")])
BROKEN = Book(
    rows=[row("Trồng rừng", target="hai trăm", result=1), row("Trồng cây", target=Pct(0.5), result=1)]
)


def test_clean_workbooks_exit_0(tmp_path: Path) -> None:
    code, out, err = run("validate", "-w", str(workspace(tmp_path, a=CLEAN)))
    assert (code, out, err) == (0, "Đã kiểm tra 1 sổ chỉ tiêu: 0 lỗi, 0 cảnh báo. Kết quả: ĐẠT.\n", "")


def test_warnings_alone_exit_0_and_strict_makes_them_errors(tmp_path: Path) -> None:
    root = str(workspace(tmp_path, a=WARNED))
    lines = [
        "inputs/a.xlsx (1 cảnh báo):",
        '  inputs/a.xlsx › Chỉ tiêu › M4: Cảnh báo: đã hiểu "2.5" là 2,5 (dấu chấm là dấu thập phân); theo kiểu '
        "Việt Nam nên gõ dấu phẩy",
    ]
    code, out, err = run("validate", "-w", root)
    assert code == 0
    assert err.splitlines() == lines
    assert out == "Đã kiểm tra 1 sổ chỉ tiêu: 0 lỗi, 1 cảnh báo. Kết quả: ĐẠT.\n"
    code, out, err = run("validate", "-w", root, "--strict")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "inputs/a.xlsx (1 cảnh báo tính là lỗi vì --strict):",
        lines[1],
        "Đã kiểm tra 1 sổ chỉ tiêu: 0 lỗi, 1 cảnh báo. Kết quả: KHÔNG ĐẠT.",
    ]


def test_errors_exit_1_grouped_by_file(tmp_path: Path) -> None:
    root = workspace(tmp_path, a=BROKEN, b=WARNED.but(commune={**WARNED.commune, "code": "06475", "name": "Bằng Mạc"}), c=CLEAN)
    (root / "inputs" / "d.xlsx").write_bytes(b"")
    code, out, err = run("validate", "-w", str(root))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "inputs/a.xlsx (2 lỗi, 1 cảnh báo):",
        '  inputs/a.xlsx › Chỉ tiêu › G4: Lỗi: "hai trăm" không phải con số; hãy gõ số theo kiểu Việt Nam, ví dụ '
        "1.306 hoặc 2,52",
        "  inputs/a.xlsx › Thông tin chung › B2: Lỗi: mã xã 06004 trùng với sổ inputs/c.xlsx; không lập báo cáo cho "
        "sổ nào để không ghi đè nhau. Hãy sửa mã xã cho đúng hoặc bỏ sổ thừa khỏi thư mục inputs",
        '  inputs/a.xlsx › Chỉ tiêu › G5: Cảnh báo: ô ghi 50% (phần trăm) nhưng đơn vị tính của chỉ tiêu là "ha"; '
        "đã đọc là 50. Hãy bỏ định dạng/dấu % hoặc sửa đơn vị tính",
        "inputs/b.xlsx (1 cảnh báo):",
        '  inputs/b.xlsx › Chỉ tiêu › M4: Cảnh báo: đã hiểu "2.5" là 2,5 (dấu chấm là dấu thập phân); theo kiểu '
        "Việt Nam nên gõ dấu phẩy",
        "inputs/c.xlsx (1 lỗi):",
        "  inputs/c.xlsx › Thông tin chung › B2: Lỗi: mã xã 06004 trùng với sổ inputs/a.xlsx; không lập báo cáo cho "
        "sổ nào để không ghi đè nhau. Hãy sửa mã xã cho đúng hoặc bỏ sổ thừa khỏi thư mục inputs",
        "inputs/d.xlsx (1 lỗi):",
        "  inputs/d.xlsx: Lỗi: tệp rỗng (0 byte), không có nội dung; hãy chép lại sổ chỉ tiêu gốc hoặc mở tệp gốc "
        "bằng Excel và lưu lại",
        "Đã kiểm tra 4 sổ chỉ tiêu: 4 lỗi, 2 cảnh báo. Kết quả: KHÔNG ĐẠT.",
    ]


def test_files_named_on_the_command_line(tmp_path: Path) -> None:
    root = workspace(tmp_path, a=CLEAN)
    other = write(
        tmp_path,
        Book(rows=[row("Đào tạo nghề", Kind.AT_LEAST, unit="học viên", result=35)]),
        "ods",
        name="ngoai",
    )
    code, _, err = run("validate", "-w", str(root), str(other))
    assert code == 1
    assert err.splitlines()[:2] == [
        "ngoai.ods (1 lỗi):",
        '  ngoai.ods › Chỉ tiêu › G4: Lỗi: chưa có chỉ tiêu kế hoạch cho loại "Từ … trở lên, đạt (≥)"; hãy gõ con '
        "số Nghị quyết giao vào ô G4",
    ]


def test_hostile_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    (root / "inputs" / "la.xlsx").write_text("<html><table><tr><td>1</td></tr></table></html>")
    code, _, err = run("validate", "-w", str(root))
    assert code == 1
    assert "Traceback" not in err
    assert err.splitlines()[1] == (
        "  inputs/la.xlsx: Lỗi: tệp thực chất là trang web (HTML) được đặt đuôi Excel; hãy "
        "mở bằng Excel rồi chọn Lưu thành (Save As) › Sổ làm việc Excel (.xlsx)"
    )


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = run("validate", "--no-such-option")
    assert code == 2
    assert "--no-such-option" in err
