"""Which communes a workspace expects (``province``, ``communes`` in nqreport.toml), and the validate rule
that compares a workbook's code, name and province with the official list and with the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nqreport.cli import main
from nqreport.config.catalog import load_catalog
from nqreport.config.expected import Expectation, expectation, expected_communes
from nqreport.config.settings import load_settings
from nqreport.errors import ConfigError
from nqreport.validate import validate_workbook
from wbfactory import COMMUNE, Book, write


def settings_with(root: Path, text: str, files: dict[str, str] | None = None) -> Path:
    (root / "nqreport.toml").write_text(text, encoding="utf-8")
    for name, content in (files or {}).items():
        (root / name).write_text(content, encoding="utf-8")
    return root


@pytest.mark.parametrize("value", ["20", '"20"', '"Lạng Sơn"', '"tỉnh lang son"', '"Tỉnh Lạng Sơn"'])
def test_a_province_by_code_or_name(tmp_path: Path, value: str) -> None:
    settings = load_settings(settings_with(tmp_path, f"province = {value}\n"))
    assert settings.province == "20"
    units = expected_communes(settings)
    assert units is not None and len(units) == 65
    assert {u.province for u in units} == {"Lạng Sơn"}
    assert expectation(settings).source == "province = 20 trong nqreport.toml"


def test_nothing_expected_when_neither_key_is_set(tmp_path: Path) -> None:
    settings = load_settings(settings_with(tmp_path, "year = 2026\nprovince = \"\"\n"))
    assert expected_communes(settings) is None
    assert expectation(settings) == Expectation()


@pytest.mark.parametrize(("value", "message"), [
    ("99", 'nqreport.toml: province: không có tỉnh "99" trong danh sách 34 tỉnh, thành phố từ 1/7/2025'),
    ('"Hà Tây"', 'nqreport.toml: province: không có tỉnh "Hà Tây"'),
    ("true", "nqreport.toml: province phải là mã tỉnh (2 chữ số) hoặc tên tỉnh trong dấu ngoặc kép"),
])
def test_a_wrong_province_is_named(tmp_path: Path, value: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(settings_with(tmp_path, f"province = {value}\n"))
    assert info.value.message.startswith(message)


def test_a_list_of_communes_in_the_forms_people_save_it(tmp_path: Path) -> None:
    # Excel's CSV UTF-8 (BOM, a header row), a code that lost its zero, a name after a space or a semicolon.
    settings_with(tmp_path, 'communes = "danh-sach-xa.csv"\n', {"danh-sach-xa.csv": (
        "\ufeffMã xã,Tên xã\n# các xã của cụm\n06475,xã Bằng Mạc\n6004;Quoc Khanh\n\n16540 Quảng Ninh\n06004\n")})
    settings = load_settings(tmp_path)
    units = expected_communes(settings)
    assert units is not None and [u.code for u in units] == ["06475", "06004", "16540"]
    assert expectation(settings).source == "danh sách xã danh-sach-xa.csv"


def test_a_list_saved_by_excel_as_plain_csv_in_windows_1258(tmp_path: Path) -> None:
    (tmp_path / "nqreport.toml").write_text('communes = "ds.csv"\n', encoding="utf-8")
    # "Mã,Tên / 06004,Quốc Khánh": Windows-1258 writes the tone marks as combining letters after the vowel.
    (tmp_path / "ds.csv").write_bytes(b"Ma\xde,T\xean\r\n06004,Qu\xf4\xecc Kha\xecnh\r\n")
    units = expected_communes(load_settings(tmp_path))
    assert units is not None and [u.name for u in units] == ["Quốc Khánh"]


def test_every_bad_line_of_the_list_is_named_with_the_settings_mistakes(tmp_path: Path) -> None:
    settings_with(tmp_path, 'province = 20\ncommunes = "ds.csv"\nyaer = 1\n',
                  {"ds.csv": "Mã xã,Tên xã\n06004,Bằng Mạc\n99999\n16540,Quảng Ninh\nQuốc Khánh\n06475\n"})
    result = CliRunner().invoke(main, ["validate", "-w", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[1:] == [
        "ds.csv › dòng 2: Lỗi: mã 06004 là xã Quốc Khánh, tỉnh Lạng Sơn; danh sách ghi Bằng Mạc; hãy sửa mã hoặc "
        "tên cho đúng",
        "ds.csv › dòng 3: Lỗi: mã 99999 không phải mã đơn vị hành chính cấp xã nào (danh sách từ 1/7/2025); hãy "
        "sửa mã theo Quyết định 19/2025/QĐ-TTg",
        "ds.csv › dòng 4: Lỗi: xã Quảng Ninh (mã 16540) thuộc tỉnh Thanh Hóa, không thuộc tỉnh Lạng Sơn (province = "
        "20 trong nqreport.toml); hãy bỏ dòng này hoặc sửa province",
        'ds.csv › dòng 5: Lỗi: "Quốc Khánh" không bắt đầu bằng mã xã; mỗi dòng ghi mã 5 chữ số của một xã, có thể '
        "ghi tên sau dấu phẩy, ví dụ 06004,Quốc Khánh",
        "Lỗi: nqreport.toml và ds.csv có 5 lỗi (ở trên); hãy sửa hết rồi chạy lại",
    ]
    assert lines[0].startswith('nqreport.toml › yaer: Lỗi: không có khóa "yaer"')


@pytest.mark.parametrize(("content", "message"), [
    (None, "ds.csv: không tìm thấy tệp danh sách xã ds.csv (tính từ thư mục làm việc)"),
    (b"PK\x03\x04rest", "ds.csv: tệp danh sách xã phải là tệp văn bản (CSV), mỗi dòng một mã xã"),
    (b"# nothing yet\n", "ds.csv: danh sách xã không có mã xã nào"),
])
def test_a_list_file_that_cannot_be_used(tmp_path: Path, content: bytes | None, message: str) -> None:
    (tmp_path / "nqreport.toml").write_text('communes = "ds.csv"\n', encoding="utf-8")
    if content is not None:
        (tmp_path / "ds.csv").write_bytes(content)
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    assert info.value.message.startswith(message)


# --------------------------------------------------------------------------- the validate rule


def warnings_of(tmp_path: Path, book: Book, expect: Expectation | None = None) -> list[tuple[str, str]]:
    path = write(tmp_path, book)
    result = validate_workbook(path, load_catalog(), expect=expect)
    return [(p.cell, p.message) for p in result.problems if not p.is_error and p.sheet == "Thông tin chung"]


def test_a_code_that_belongs_to_another_commune_names_it(tmp_path: Path) -> None:
    book = Book(commune={**COMMUNE, "name": "Bằng Mạc"})
    assert warnings_of(tmp_path, book) == [(
        "B2", "mã 06004 là xã Quốc Khánh, tỉnh Lạng Sơn; sổ ghi xã Bằng Mạc. Hãy sửa mã hoặc tên cho đúng: báo cáo, "
        "bảng tổng hợp và lệnh nqreport collect đều xếp sổ theo mã")]


def test_a_wrong_province_is_named_next_to_the_right_one(tmp_path: Path) -> None:
    book = Book(commune={**COMMUNE, "province": "Cao Bằng"})
    assert warnings_of(tmp_path, book)[0][1].startswith(
        "mã 06004 là xã Quốc Khánh, tỉnh Lạng Sơn; sổ ghi tỉnh Cao Bằng.")


def test_a_code_of_no_commune_suggests_the_one_its_name_finds(tmp_path: Path) -> None:
    book = Book(commune={**COMMUNE, "code": "06099"})
    assert warnings_of(tmp_path, book) == [(
        "B2", "mã 06099 không phải mã của đơn vị hành chính cấp xã nào trong danh sách 3.321 xã, phường, đặc khu từ "
        "1/7/2025; theo tên và tỉnh thì đây có thể là xã Quốc Khánh, tỉnh Lạng Sơn, mã 06004; hãy sửa mã theo Quyết "
        "định 19/2025/QĐ-TTg")]


def test_names_written_without_accents_or_with_their_level_match(tmp_path: Path) -> None:
    book = Book(commune={**COMMUNE, "name": "Quoc Khanh", "province": "Tỉnh Lạng Sơn"})
    assert warnings_of(tmp_path, book) == []


def test_a_workbook_of_another_province_than_the_workspace(tmp_path: Path) -> None:
    book = Book(commune={**COMMUNE, "code": "16540", "name": "Quảng Ninh", "province": "Thanh Hóa"})
    expect = Expectation("20", ("06004",), "province = 20 trong nqreport.toml")
    assert warnings_of(tmp_path, book, expect) == [(
        "B2", "xã Quảng Ninh (mã 16540) thuộc tỉnh Thanh Hóa, không thuộc tỉnh Lạng Sơn của thư mục làm việc "
        "(province = 20 trong nqreport.toml); nếu sổ gửi nhầm, hãy bỏ nó ra khỏi thư mục inputs, nếu mã sai hãy "
        "sửa mã")]


def test_a_workbook_of_a_commune_not_on_the_list(tmp_path: Path) -> None:
    expect = Expectation("", ("06475",), "danh sách xã ds.csv")
    assert warnings_of(tmp_path, Book(), expect) == [(
        "B2", "xã Quốc Khánh, tỉnh Lạng Sơn (mã 06004) không có trong danh sách xã ds.csv; nếu sổ gửi nhầm, hãy bỏ "
        "nó ra khỏi thư mục inputs, nếu không hãy thêm xã vào danh sách")]


def test_validate_and_build_both_warn_and_strict_skips(tmp_path: Path) -> None:
    from build_helpers import two_commune_workspace

    root = two_commune_workspace(tmp_path / "ws")
    (root / "nqreport.toml").write_text('year = 2026\nprovince = "Thanh Hóa"\n', encoding="utf-8")
    validated = CliRunner().invoke(main, ["validate", "-w", str(root), "--strict"])
    assert validated.exit_code == 1
    assert validated.stderr.count("không thuộc tỉnh Thanh Hóa của thư mục làm việc") == 2
    built = CliRunner().invoke(main, ["build", "-w", str(root), "-j", "1", "--strict"])
    assert built.exit_code == 1
    assert "bỏ qua 2 sổ" in built.stderr
