"""Finding a workspace's inputs: the settings, the catalog and the workbooks to read."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from nqreport.errors import ConfigError, Problem, Severity

if TYPE_CHECKING:
    from nqreport.config.settings import Settings

#: File types the reader accepts.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
#: Spreadsheets in other formats: a commune's figures saved as one of these would be left out without a
#: word, so they are named (CSV exports, Excel binary and templates, WPS, Numbers, flat ODF).
OTHER_SPREADSHEETS = (".csv", ".tsv", ".xlsb", ".xlt", ".xltx", ".xltm", ".et", ".ett", ".numbers", ".fods",
                      ".ots")


def is_workbook_candidate(path: Path) -> bool:
    """A file the user meant as a workbook: not a lock file (~$…, .~lock…) nor a hidden file."""
    name = path.name
    return not name.startswith(("~$", ".~lock", ".")) and path.suffix.lower() in WORKBOOK_SUFFIXES


def find_workbooks(paths: Iterable[Path]) -> list[Path]:
    """Workbook files named directly, or found (not recursively) in the folders named; sorted by name.

    A file named directly is returned whatever its extension, so that the reader can say what is wrong
    with it; a folder contributes only files with a workbook extension.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and is_workbook_candidate(p)))
        elif path.is_file():
            found.append(path)
        else:
            raise ConfigError(f"{path}: không tìm thấy tệp hoặc thư mục này; hãy kiểm tra lại đường dẫn")
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.resolve(), None)
    return sorted(unique, key=lambda p: (p.name.casefold(), str(p)))


def workspace_workbooks(settings: Settings) -> list[Path]:
    """The workbooks of the workspace's inputs folder; a missing or empty folder is a ConfigError that says
    what the user most likely got wrong (the command run outside the workspace, say)."""
    inputs = settings.inputs_path
    shown = display_name(inputs, settings.root)
    if inputs.is_file():
        raise ConfigError(f"{shown}: là một tệp, không phải thư mục sổ chỉ tiêu; hãy sửa khóa inputs trong "
                          "nqreport.toml")
    if not inputs.exists():
        if not (settings.root / "nqreport.toml").exists():
            raise ConfigError(f"{settings.root.resolve()}: không phải thư mục làm việc (không có nqreport.toml, "
                              "không có thư mục inputs); hãy chạy lệnh trong thư mục làm việc, hoặc ghi -w "
                              "THƯ-MỤC, hoặc tạo thư mục làm việc mới bằng: nqreport init")
        raise ConfigError(f"{shown}: không có thư mục này; hãy tạo thư mục {shown} và chép sổ chỉ tiêu của các xã "
                          "vào đó, hoặc sửa khóa inputs trong nqreport.toml")
    workbooks = find_workbooks([inputs])
    if not workbooks:
        raise ConfigError(f"{shown}: không có sổ chỉ tiêu nào (.xlsx, .xls, .ods); hãy chép sổ của các xã vào "
                          "đây hoặc tạo sổ mới bằng: nqreport blank")
    return workbooks


def skipped_spreadsheets(paths: Iterable[Path], root: Path) -> list[Problem]:
    """A warning for each spreadsheet in another format found in the folders named (not in files named
    directly: those are read, and the reader says what is wrong with them)."""
    problems = []
    for folder in paths:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir(), key=lambda p: p.name.casefold()):
            name = path.name
            if path.is_file() and not name.startswith(("~$", ".~lock", ".")) and (
                path.suffix.lower() in OTHER_SPREADSHEETS
            ):
                problems.append(Problem(
                    display_name(path, root), "", "", Severity.WARNING,
                    f"tệp {path.suffix.lower()} không phải sổ chỉ tiêu nên không được đọc; nếu đây là sổ của một "
                    "xã, hãy mở bằng Excel (hoặc WPS, LibreOffice) rồi lưu thành Sổ làm việc Excel (.xlsx)"))
    return problems


def display_name(path: Path, root: Path) -> str:
    """How a file is named in messages: relative to the workspace when inside it, else its name."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name
