"""Finding a workspace's inputs: the settings, the catalog and the workbooks to read."""

from __future__ import annotations

import os
import stat
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
            # a link is listed under the name it was given, even one to nothing or to a device: the reader
            # says why it is refused (it was skipped without a word, or named by its target)
            found.extend(sorted(p for p in path.iterdir() if (p.is_file() or p.is_symlink())
                                and is_workbook_candidate(p)))
        elif path.exists() or path.is_symlink():  # a device or a pipe too: the reader says it is no file
            found.append(path)
        else:
            raise ConfigError(f"{path}: không tìm thấy tệp hoặc thư mục này; hãy kiểm tra lại đường dẫn")
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(Path(os.path.normpath(path.absolute())), None)
    return sorted(unique, key=lambda p: (p.name.casefold(), str(p)))


def link_refusal(path: Path, root: Path) -> str | None:
    """Why a workbook given as a link is not read (None when it is no link, or a link to a file of the
    workspace): a link out of the workspace, to nothing, or to a device or a folder."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "đây là lối tắt (liên kết) trỏ tới một tệp không còn; hãy chép chính tệp sổ chỉ tiêu vào đây"
    if not target.is_file() or not stat.S_ISREG(target.stat().st_mode):
        return (f"đây là lối tắt (liên kết) trỏ tới {target}, không phải tệp thường; hãy chép chính tệp sổ chỉ "
                "tiêu vào đây")
    if root.resolve() not in target.parents:
        return (f"đây là lối tắt (liên kết) trỏ tới {target}, ngoài thư mục làm việc; để không đọc nhầm tệp của "
                "nơi khác, hãy chép chính tệp sổ chỉ tiêu vào thư mục inputs")
    return None


def inputs_folder(settings: Settings) -> Path | None:
    """The workspace's inputs folder, None when a workspace has none yet; a ConfigError when the path is a
    file, or when the folder is neither a workspace nor has inputs (the command run in the wrong place)."""
    inputs = settings.inputs_path
    if inputs.exists() and not inputs.is_dir():
        raise ConfigError(f"{display_name(inputs, settings.root)}: là một tệp, không phải thư mục sổ chỉ tiêu; hãy "
                          "sửa khóa inputs trong nqreport.toml")
    if not inputs.exists():
        if not (settings.root / "nqreport.toml").exists():
            raise ConfigError(f"{settings.root.resolve()}: không phải thư mục làm việc (không có nqreport.toml, "
                              "không có thư mục inputs); hãy chạy lệnh trong thư mục làm việc, hoặc ghi -w "
                              "THƯ-MỤC, hoặc tạo thư mục làm việc mới bằng: nqreport init")
        return None
    return inputs


def workspace_workbooks(settings: Settings) -> list[Path]:
    """The workbooks of the workspace's inputs folder; a missing or empty folder is a ConfigError that says
    what the user most likely got wrong (the command run outside the workspace, say)."""
    inputs = inputs_folder(settings)
    shown = display_name(settings.inputs_path, settings.root)
    if inputs is None:
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
    """How a file is named in messages: relative to the workspace when inside it, else its name; a link by
    the name it was given, not its target's."""
    for named, base in ((path.absolute(), root.absolute()), (path.resolve(), root.resolve())):
        try:
            return Path(os.path.normpath(named)).relative_to(os.path.normpath(base)).as_posix()
        except ValueError:
            continue
    return path.name
