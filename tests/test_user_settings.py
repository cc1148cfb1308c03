"""nqreport.toml as users break it: every mistake a Vietnamese sentence naming the line or key, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nqreport.cli import main
from nqreport.config.settings import load_settings
from nqreport.errors import ConfigError

HINT = ('. Hãy sửa chỗ đó (mỗi dòng dạng khóa = giá trị; chữ đặt trong dấu ngoặc kép, ví dụ period = "6 tháng"), '
        "hoặc chép lại nqreport.toml từ nqreport init")
SEPARATE = ('kết quả phải ghi vào một thư mục riêng (mặc định outputs = "outputs"), vì mỗi lần lập báo cáo ghi đè '
            "thư mục đó và có thể xóa nó đi bất cứ lúc nào")


def message(tmp_path: Path, text: str) -> str:
    (tmp_path / "nqreport.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    return info.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('year = 2026\nperiod = "6 tháng\n',
         "nqreport.toml: sai cú pháp TOML ở dòng 2, cột 18: chuỗi chưa có dấu ngoặc kép đóng trước khi hết dòng"),
        ("year = 2026\nyear = 2027\n",
         "nqreport.toml: sai cú pháp TOML ở dòng 2, cột 12: khóa này đã có ở trên; mỗi khóa chỉ ghi một lần"),
        ("[evaluation\n", 'nqreport.toml: sai cú pháp TOML ở dòng 1, cột 12: tên mục thiếu dấu "]" ở cuối, ví dụ '
                          "[evaluation]"),
        ("year = \n", "nqreport.toml: sai cú pháp TOML ở dòng 1, cột 8: giá trị không hợp lệ (chữ phải đặt trong dấu "
                      'ngoặc kép, ví dụ period = "6 tháng"; số thập phân viết bằng dấu chấm, ví dụ 2.5)'),
    ],
)
def test_toml_syntax_errors_in_vietnamese(tmp_path: Path, text: str, expected: str) -> None:
    assert message(tmp_path, text) == expected + HINT


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "true", '"năm"'])
def test_tolerance_must_be_a_finite_number(tmp_path: Path, value: str) -> None:
    assert message(tmp_path, f"[evaluation]\napprox_tolerance_pct = {value}\n") == (
        "nqreport.toml: [evaluation] approx_tolerance_pct phải là con số, ví dụ approx_tolerance_pct = 5"
    )


def test_tolerance_nan_through_the_cli_is_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "nqreport.toml").write_text("[evaluation]\napprox_tolerance_pct = nan\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr == (
        "Lỗi: nqreport.toml: [evaluation] approx_tolerance_pct phải là con số, ví dụ approx_tolerance_pct = 5\n"
    )


def test_tolerance_as_decimal_or_string(tmp_path: Path) -> None:
    (tmp_path / "nqreport.toml").write_text('[evaluation]\napprox_tolerance_pct = "7.5"\n', encoding="utf-8")
    assert str(load_settings(tmp_path).evaluation.approx_tolerance_pct) == "7.5"


def test_percent_places_is_not_a_boolean(tmp_path: Path) -> None:
    assert message(tmp_path, "[evaluation]\npercent_places = true\n") == (
        "nqreport.toml: [evaluation] percent_places phải là số nguyên từ 0 đến 6"
    )


def test_empty_period_means_each_workbooks_own(tmp_path: Path) -> None:
    (tmp_path / "nqreport.toml").write_text('year = 2026\nperiod = ""\n', encoding="utf-8")
    assert load_settings(tmp_path).period is None


def test_empty_folder_name(tmp_path: Path) -> None:
    assert message(tmp_path, 'templates_dir = " "\n') == (
        'nqreport.toml: templates_dir không được để trống; hãy ghi tên thư mục, ví dụ templates_dir = "templates", '
        "hoặc xóa dòng này để dùng mặc định"
    )


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ('outputs = "."\n', 'outputs = "." trùng hoặc lồng với chính thư mục làm việc'),
        ('outputs = ".."\n', 'outputs = ".." trùng hoặc lồng với chính thư mục làm việc'),
        ('outputs = "inputs"\n', 'outputs = "inputs" trùng hoặc lồng với thư mục inputs ("inputs")'),
        ('outputs = "inputs/ket-qua"\n', 'outputs = "inputs/ket-qua" trùng hoặc lồng với thư mục inputs ("inputs")'),
        ('inputs = "outputs/so"\n', 'outputs = "outputs" trùng hoặc lồng với thư mục inputs ("outputs/so")'),
        ('outputs = "templates"\n',
         'outputs = "templates" trùng hoặc lồng với thư mục templates_dir ("templates")'),
    ],
)
def test_outputs_must_be_a_folder_of_its_own(tmp_path: Path, text: str, what: str) -> None:
    assert message(tmp_path, text) == f"nqreport.toml: {what}; {SEPARATE}"


def test_outputs_elsewhere_is_fine(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "nqreport.toml").write_text(f'outputs = "{(tmp_path / "kq").as_posix()}"\n', encoding="utf-8")
    assert load_settings(workspace).outputs_path == tmp_path / "kq"


def test_missing_workspace_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co"
    for command in ("build", "validate", "summary", "check"):
        result = CliRunner().invoke(main, [command, "-w", str(missing)])
        assert result.exit_code == 1, command
        assert result.stderr == (
            f"Lỗi: {missing}: không tìm thấy thư mục làm việc này; hãy kiểm tra đường dẫn sau -w, hoặc tạo thư "
            f"mục làm việc mới bằng: nqreport init {missing}\n"
        ), command
    assert not missing.exists()


def test_every_bad_key_and_value_of_the_settings_is_listed_before_stopping(tmp_path: Path) -> None:
    (tmp_path / "nqreport.toml").write_text(
        'yaer = 2026\nperiod = "nửa năm"\noutputs = ""\n[evaluation]\npercent_places = 9\ntolerance = 3\n',
        encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'nqreport.toml › yaer: Lỗi: không có khóa "yaer"; các khóa hợp lệ: catalog, communes, evaluation, inputs, '
        "outputs, period, province, summary, templates, templates_dir, year",
        'nqreport.toml › period: Lỗi: period: không hiểu kỳ báo cáo "nửa năm"; hãy dùng: Năm, 9 tháng, 6 tháng, '
        "Quý I…Quý IV, Tháng 1…Tháng 12 (hoặc year, 9_months, 6_months, quarter_1, month_1…)",
        'nqreport.toml › outputs: Lỗi: outputs không được để trống; hãy ghi tên thư mục, ví dụ outputs = "outputs", '
        "hoặc xóa dòng này để dùng mặc định",
        'nqreport.toml › [evaluation] tolerance: Lỗi: [evaluation] không có khóa "tolerance"; các khóa hợp lệ: '
        "approx_tolerance_pct, percent_places",
        "nqreport.toml › [evaluation] percent_places: Lỗi: [evaluation] percent_places phải là số nguyên từ 0 đến 6",
        "Lỗi: nqreport.toml có 5 lỗi (ở trên); hãy sửa hết rồi chạy lại",
    ]


def test_every_bad_entry_of_a_local_catalog_is_listed(tmp_path: Path) -> None:
    (tmp_path / "nqreport.toml").write_text('catalog = "danh-muc.toml"\n', encoding="utf-8")
    (tmp_path / "danh-muc.toml").write_text(
        '[[chi_tieu]]\nma = "X1"\nten = "A"\n\n[[chi_tieu]]\nma = "X2"\nten = "B"\nlinh_vuc = "Kinh tế"\n'
        'tong_hop = "avg"\nloai = "gấp đôi"\n', encoding="utf-8")
    (tmp_path / "inputs").mkdir()
    result = CliRunner().invoke(main, ["validate", "-w", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'danh-muc.toml › mục [[chi_tieu]] thứ 1: Lỗi: mục [[chi_tieu]] thứ 1: thiếu khóa "linh_vuc"',
        "danh-muc.toml › mục [[chi_tieu]] thứ 2: Lỗi: mục [[chi_tieu]] thứ 2 (X2): tong_hop phải là sum, ratio "
        "hoặc none",
        'danh-muc.toml › mục [[chi_tieu]] thứ 2: Lỗi: mục [[chi_tieu]] thứ 2 (X2): không hiểu loại chỉ tiêu '
        '"gấp đôi"',
        "Lỗi: danh-muc.toml có 3 lỗi (ở trên); hãy sửa hết rồi chạy lại",
    ]
