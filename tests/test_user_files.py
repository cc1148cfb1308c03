"""Files and folders in the way: init, blank and build when a path is wrong, taken or unwritable.

Each case: a Vietnamese sentence that names the path and says what to do, exit 1, nothing half-made.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from click.testing import CliRunner

import nqreport.scaffold.init as init_module
from build_helpers import two_commune_workspace
from nqreport.cli import main


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), prog_name="nqreport")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# --------------------------------------------------------------------------- init


def test_init_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "ghi-chu.txt").write_text("x")
    target = tmp_path / "ghi-chu.txt" / "xa"
    code, _, err = invoke("init", str(target))
    assert code == 1
    assert err == (f"Lỗi: {target}: không tạo được thư mục làm việc (một phần của đường dẫn là tệp chứ không "
                   "phải thư mục; hãy kiểm tra lại đường dẫn)\n")
    assert tree(tmp_path) == ["ghi-chu.txt"]


def test_init_example_over_an_existing_workbook_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "inputs").mkdir()
    workbook = tmp_path / "inputs" / "06004-quoc-khanh.xlsx"
    workbook.write_bytes(b"the official's own workbook")
    code, _, err = invoke("init", str(tmp_path), "--example")
    assert code == 1
    assert err == (f"Lỗi: {workbook}: đã có sổ cùng tên; không ghi đè sổ đã có. Hãy chọn thư mục khác, hoặc bỏ "
                   "--example\n")
    assert tree(tmp_path) == ["inputs", "inputs/06004-quoc-khanh.xlsx"]
    assert workbook.read_bytes() == b"the official's own workbook"
    # and without --example the same folder becomes a workspace
    assert invoke("init", str(tmp_path))[0] == 0


def test_init_that_fails_half_way_leaves_nothing_and_can_be_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(directory: Path) -> list[Path]:
        (directory / "06004-quoc-khanh.xlsx").write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(init_module, "write_examples", disk_full)
    target = tmp_path / "moi" / "xa"
    code, _, err = invoke("init", str(target), "--example")
    assert code == 1
    assert err == f"Lỗi: {target}: không tạo được thư mục làm việc (ổ đĩa đã đầy; hãy giải phóng dung lượng)\n"
    assert tree(tmp_path) == []
    monkeypatch.undo()
    assert invoke("init", str(target), "--example")[0] == 0
    assert (target / "nqreport.toml").is_file()


# --------------------------------------------------------------------------- blank


def test_blank_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "ghi-chu.txt").write_text("x")
    target = tmp_path / "ghi-chu.txt" / "06004.xlsx"
    code, _, err = invoke("blank", str(target), "--code", "06004", "--name", "Quốc Khánh")
    assert code == 1
    assert err.startswith(f"Lỗi: {target}: không tạo được tệp (")
    assert "Traceback" not in err and "Errno" not in err
    assert tree(tmp_path) == ["ghi-chu.txt"]


def test_blank_in_a_missing_folder_creates_it(tmp_path: Path) -> None:
    target = tmp_path / "moi" / "06004.xlsx"
    code, out, _ = invoke("blank", str(target), "--code", "06004", "--name", "Quốc Khánh")
    assert code == 0
    assert out == f"Đã tạo sổ chỉ tiêu {target}.\n"
    assert tree(tmp_path) == ["moi", "moi/06004.xlsx"]


def test_blank_name_with_ampersand_reads_back(tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "x.xlsx"
    assert invoke("blank", str(target), "--code", "06004", "--name", "Tân & Lập <1>")[0] == 0
    assert openpyxl.load_workbook(target)["Thông tin chung"]["B4"].value == "Tân & Lập <1>"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--code", "6004", "--name", "X"], '--code: mã xã phải gồm đúng 5 chữ số (ví dụ 06004), không phải "6004"'),
        (["--code", "06004", "--name", "  "], '--name: hãy ghi tên xã, không kèm chữ "xã", ví dụ --name "Quốc Khánh"'),
        (["--code", "06004", "--name", "X", "--year", "1999"],
         "--year: 1999 không phải năm kế hoạch; hãy ghi năm bằng 4 chữ số, ví dụ 2026"),
        (["--code", "06004", "--name", "X", "--unit-type", "Huyện"],
         '--unit-type: "Huyện" không phải cấp xã; hãy dùng một trong: Xã, Phường, Đặc khu'),
    ],
)
def test_blank_refuses_what_validate_would_reject(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = invoke("blank", str(tmp_path / "x.xlsx"), *args)
    assert code == 1
    assert err == f"Lỗi: {message}\n"
    assert tree(tmp_path) == []


def test_blank_xls_extension(tmp_path: Path) -> None:
    code, _, err = invoke("blank", str(tmp_path / "06004.xls"), "--code", "06004", "--name", "X")
    assert code == 1
    assert err == ("Lỗi: 06004.xls: sổ chỉ tiêu mới phải có đuôi .xlsx (chương trình chỉ tạo sổ .xlsx, mở được "
                   "bằng Excel, LibreOffice, WPS); hãy đặt tên, ví dụ 06004.xlsx\n")
    assert tree(tmp_path) == []


def test_blank_existing_target(tmp_path: Path) -> None:
    target = tmp_path / "x.xlsx"
    target.write_bytes(b"keep")
    code, _, err = invoke("blank", str(target), "--code", "06004", "--name", "X")
    assert (code, err) == (1, f"Lỗi: {target}: tệp đã có; hãy chọn tên khác hoặc thêm --force để ghi đè\n")
    assert target.read_bytes() == b"keep"


# --------------------------------------------------------------------------- build


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache") / "ws"


def test_outputs_is_a_file(tmp_path: Path, cache: Path) -> None:
    workspace = two_commune_workspace(tmp_path / "ws", cache)
    (workspace / "outputs").rmdir()
    (workspace / "outputs").write_text("ghi chú")
    code, out, err = invoke("build", "-w", str(workspace), "-j", "1")
    assert (code, out) == (1, "")
    assert err == (f"Lỗi: {workspace / 'outputs'}: đây là một tệp, không phải thư mục kết quả; hãy đổi tên hoặc "
                   "chuyển tệp đó đi (nqreport ghi báo cáo vào thư mục này), hoặc sửa khóa outputs trong "
                   "nqreport.toml\n")
    assert (workspace / "outputs").read_text() == "ghi chú"


# --------------------------------------------------------------------------- the wrong folder


@pytest.mark.parametrize("command", ["validate", "summary", "build"])
def test_command_run_outside_a_workspace(tmp_path: Path, command: str) -> None:
    code, _, err = invoke(command, "-w", str(tmp_path))
    assert code == 1
    assert err == (f"Lỗi: {tmp_path.resolve()}: không phải thư mục làm việc (không có nqreport.toml, không có thư mục "
                   "inputs); hãy chạy lệnh trong thư mục làm việc, hoặc ghi -w THƯ-MỤC, hoặc tạo thư mục làm việc "
                   "mới bằng: nqreport init\n")


def test_workspace_without_its_inputs_folder(tmp_path: Path) -> None:
    (tmp_path / "nqreport.toml").write_text('inputs = "so-lieu"\n', encoding="utf-8")
    code, _, err = invoke("validate", "-w", str(tmp_path))
    assert (code, err) == (1, "Lỗi: so-lieu: không có thư mục này; hãy tạo thư mục so-lieu và chép sổ chỉ tiêu của "
                              "các xã vào đó, hoặc sửa khóa inputs trong nqreport.toml\n")
    (tmp_path / "so-lieu").write_text("")
    code, _, err = invoke("build", "-w", str(tmp_path))
    assert (code, err) == (1, "Lỗi: so-lieu: là một tệp, không phải thư mục sổ chỉ tiêu; hãy sửa khóa inputs trong "
                              "nqreport.toml\n")
