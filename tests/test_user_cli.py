"""What a careless user typing commands sees: usage errors and help pages in Vietnamese, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nqreport.cli import main


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args, prog_name="nqreport")
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "message", "help_of"),
    [
        (["blank"], "Lỗi: Thiếu đối số 'TỆP.xlsx'.", "nqreport blank"),
        (["blank", "x.xlsx", "--name", "X"], "Lỗi: Thiếu tùy chọn '--code'.", "nqreport blank"),
        (["build", "--jobs", "0"], "Lỗi: '-j' / '--jobs': 0 nhỏ hơn 1; hãy ghi số từ 1 trở lên", "nqreport build"),
        (["build", "-j", "abc"], "Lỗi: '-j' / '--jobs': \"abc\" không phải số nguyên; hãy ghi một số, ví dụ 2",
         "nqreport build"),
        (["summary", "--format", "xml"],
         "Lỗi: '--format': 'xml' không có trong danh sách; hãy dùng một trong: 'text', 'json'.", "nqreport summary"),
        (["context", "--format", "pdf"],
         "Lỗi: '--format': 'pdf' không có trong danh sách; hãy dùng một trong: 'text', 'markdown'.",
         "nqreport context"),
        (["check", "--scope", "huyen"],
         "Lỗi: '--scope': 'huyen' không có trong danh sách; hãy dùng một trong: 'xa', 'tong_hop'.", "nqreport check"),
        (["build", "--bogus"], "Lỗi: Không có tùy chọn '--bogus'.", "nqreport build"),
        (["bogus"], "Lỗi: Không có lệnh 'bogus'.", "nqreport"),
        (["build", "extra"], "Lỗi: Thừa đối số (extra): lệnh này không nhận thêm đối số đó", "nqreport build"),
        (["blank", "x.xlsx", "--code"], "Lỗi: Tùy chọn '--code' cần một giá trị; hãy ghi giá trị ngay sau nó.",
         "nqreport blank"),
        (["build", "--strict=yes"], "Lỗi: Tùy chọn '--strict' không nhận giá trị; hãy chỉ ghi tên tùy chọn.",
         "nqreport build"),
        (["blank", "x.xlsx", "--code", "06004", "--name", "X", "--year", "20x6"],
         "Lỗi: '--year': \"20x6\" không phải số nguyên; hãy ghi một số, ví dụ 2", "nqreport blank"),
        (["build", "--period", "nửa năm"],
         "Lỗi: '--period': không hiểu kỳ báo cáo \"nửa năm\"; hãy dùng: Năm, 9 tháng, 6 tháng, Quý I…Quý IV, "
         "Tháng 1…Tháng 12 (hoặc year, 9_months, 6_months, quarter_1, month_1…)", "nqreport build"),
    ],
)
def test_usage_errors_are_vietnamese(args: list[str], message: str, help_of: str) -> None:
    code, out, err = run(args)
    assert code == 2
    assert out == ""
    *head, last = err.splitlines()
    assert last.startswith(message), last
    if head:  # errors found while parsing an option's value come without the usage line
        assert head[0].startswith(f"Cách dùng: {help_of} "), head
        assert head[1:] == [f"Xem hướng dẫn: {help_of} --help", ""]
    assert "Usage" not in err and "Error" not in err and "Try " not in err


def test_unknown_command_and_option_suggest_close_ones() -> None:
    _, _, err = run(["build", "--onyl", "06004"])
    assert err.splitlines()[-1] == "Lỗi: Không có tùy chọn '--onyl'. Có phải ý bạn là '--only'?"
    _, _, err = run(["bulid"])
    assert err.splitlines()[-1] == "Lỗi: Không có lệnh 'bulid'. Có phải ý bạn là 'build'?"


def test_workspace_that_is_a_file(tmp_path: Path) -> None:
    workbook = tmp_path / "06004.xlsx"
    workbook.write_bytes(b"x")
    for command in ("build", "validate", "summary", "check", "blank"):
        args = [command, "-w", str(workbook)] + (["x.xlsx", "--code", "06004", "--name", "X"] if command == "blank" else [])
        code, _, err = run(args)
        assert code == 2, command
        assert err.splitlines()[-1] == (
            f"Lỗi: '-w' / '--workspace': {workbook} là một tệp, không phải thư mục; hãy ghi đường dẫn tới thư mục"
        )


def test_init_into_a_file(tmp_path: Path) -> None:
    target = tmp_path / "ghi-chu.txt"
    target.write_text("x")
    code, _, err = run(["init", str(target)])
    assert code == 2
    assert err.splitlines()[-1] == (
        f"Lỗi: '[THƯ-MỤC]': {target} là một tệp, không phải thư mục; hãy ghi đường dẫn tới thư mục"
    )
    assert target.read_text() == "x"


def test_blank_into_a_folder(tmp_path: Path) -> None:
    code, _, err = run(["blank", str(tmp_path), "--code", "06004", "--name", "X"])
    assert code == 2
    assert err.splitlines()[-1] == (
        f"Lỗi: 'TỆP.xlsx': {tmp_path} là một thư mục; hãy ghi tên tệp cần tạo, ví dụ {tmp_path / 'ten-xa.xlsx'}"
    )


def test_bare_command_shows_the_help() -> None:
    code, _, err = run([])
    assert code in (0, 2)  # click 8.2 and later exit 2, earlier ones 0
    assert err.startswith("Cách dùng: nqreport [TÙY-CHỌN] LỆNH [ĐỐI-SỐ]...") or code == 0
    assert "Lỗi" not in err


@pytest.mark.parametrize("command", ["blank", "build", "check", "context", "init", "summary", "validate"])
def test_help_pages_have_no_english_headings(command: str) -> None:
    code, out, _ = run([command, "--help"])
    assert code == 0
    assert out.startswith(f"Cách dùng: nqreport {command} [TÙY-CHỌN]")
    assert "\nTùy chọn:\n" in out
    for english in ("Usage:", "Options:", "[default:", "[required]", "TEXT", "INTEGER", "PATH", "DIRECTORY"):
        assert english not in out, (command, english)


def test_help_extras_in_vietnamese() -> None:
    _, out, _ = run(["blank", "--help"])
    assert "[bắt buộc]" in out
    assert "[mặc định: Xã]" in out
    _, out, _ = run(["--help"])
    assert "\nLệnh:\n" in out and "Commands:" not in out


def test_output_redirected_in_a_legacy_code_page(tmp_path: Path) -> None:
    """On Windows, ``nqreport validate > loi.txt`` writes in the ANSI code page: the first "ệ" crashed."""
    import os
    import subprocess
    import sys

    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "hỏng.xlsx").write_bytes(b"")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    done = subprocess.run([sys.executable, "-m", "nqreport", "validate", "-w", str(tmp_path)],
                          capture_output=True, env=env, check=False)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert done.stderr.decode("utf-8").splitlines()[0] == "inputs/hỏng.xlsx (1 lỗi):"
    assert done.stderr.decode("utf-8").splitlines()[-1] == (
        "Đã kiểm tra 1 sổ chỉ tiêu: 1 lỗi, 0 cảnh báo. Kết quả: KHÔNG ĐẠT."
    )


def test_a_bug_is_one_line_and_the_traceback_waits_for_debug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nqreport.validate

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("hỏng")

    monkeypatch.setattr(nqreport.validate, "validate_workbooks", broken)
    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "a.xlsx").write_bytes(b"")
    code, out, err = run(["validate", "-w", str(tmp_path)])
    assert (code, out) == (1, "")
    assert err == ("Lỗi không mong đợi (RuntimeError: hỏng). Đây là lỗi của chương trình, không phải của dữ liệu; "
                   "hãy chạy lại bằng nqreport --debug validate … rồi gửi toàn bộ thông báo cho người phát triển\n")
    result = CliRunner().invoke(main, ["--debug", "validate", "-w", str(tmp_path)])
    assert isinstance(result.exception, RuntimeError)


def test_a_file_that_vanishes_mid_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import nqreport.validate

    def vanished(*_args: object, **_kwargs: object) -> object:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", "inputs/a.xlsx")

    monkeypatch.setattr(nqreport.validate, "validate_workbooks", vanished)
    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "a.xlsx").write_bytes(b"")
    code, _, err = run(["validate", "-w", str(tmp_path)])
    assert code == 1
    assert err == "Lỗi: inputs/a.xlsx: không tìm thấy đường dẫn; hãy kiểm tra lại\n"
