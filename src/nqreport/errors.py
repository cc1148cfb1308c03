"""Problems found in user input, and the one exception family the CLI turns into messages.

Every expected failure is an :class:`NqError` (or carries :class:`Problem` records): the CLI catches the
base class once, prints the Vietnamese message and exits 1. A traceback is only shown with ``--debug``.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_LABELS = {Severity.ERROR: "Lỗi", Severity.WARNING: "Cảnh báo"}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, located precisely enough for an official to fix it.

    ``cell`` is an A1 reference (``"G12"``), a row (``"12"``), or empty when the problem concerns the
    whole sheet or file. ``message`` is Vietnamese: what is wrong and what to type instead.
    """

    file: str
    sheet: str
    cell: str
    severity: Severity
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        """``file › sheet › cell`` with the empty parts left out."""
        return " › ".join(p for p in (self.file, self.sheet, self.cell) if p)

    def format(self) -> str:
        return f"{self.location()}: {SEVERITY_LABELS[self.severity]}: {self.message}"

    def to_json(self) -> dict[str, str]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "severity": self.severity.value,
            "message": self.message,
        }


class NqError(Exception):
    """Base of every error a user can cause; ``str(err)`` is the Vietnamese message to show."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


class ConfigError(NqError):
    """nqreport.toml or a command-line option is wrong."""


class WorkbookError(NqError):
    """A workbook cannot be read at all (not a workbook, encrypted, corrupt, unsafe)."""


class TemplateError(NqError):
    """A Word template cannot be used (syntax, unknown variable, broken file)."""


class OutputError(NqError):
    """An output cannot be written (permission, path clash, disk)."""


class ResolutionError(NqError):
    """A resolution cannot be read (empty, unsafe, scanned without OCR, no targets section)."""


# --------------------------------------------------------------------------- operating-system errors


#: Windows error codes (``OSError.winerror``) that Python maps to no errno of their own.
_WINDOWS_SHARING_VIOLATION = 32
_WINDOWS_LOCK_VIOLATION = 33

_REASONS = {
    errno.EACCES: "không có quyền ghi hoặc đọc (tệp đang mở trong Word/Excel, hoặc thư mục chỉ đọc); hãy đóng "
    "tệp hoặc chọn thư mục khác",
    errno.EPERM: "không được phép (tệp đang mở trong Word/Excel, hoặc thư mục chỉ đọc); hãy đóng tệp hoặc chọn "
    "thư mục khác",
    errno.ENOSPC: "ổ đĩa đã đầy; hãy giải phóng dung lượng",
    errno.ENOTDIR: "một phần của đường dẫn là tệp chứ không phải thư mục; hãy kiểm tra lại đường dẫn",
    errno.EEXIST: "đã có một tệp cùng tên ở chỗ cần tạo thư mục; hãy đổi tên hoặc chuyển tệp đó đi",
    errno.EISDIR: "ở chỗ cần ghi tệp đã có một thư mục cùng tên; hãy đổi tên hoặc chuyển thư mục đó đi",
    errno.ENOENT: "không tìm thấy đường dẫn; hãy kiểm tra lại",
    errno.EROFS: "ổ đĩa chỉ cho đọc; hãy chọn thư mục trên ổ đĩa khác",
    errno.ENAMETOOLONG: "đường dẫn quá dài; hãy chọn thư mục có đường dẫn ngắn hơn",
    errno.EBUSY: "tệp đang được chương trình khác dùng; hãy đóng chương trình đó",
}


def os_reason(exc: OSError) -> str:
    """Why the operation failed and what to do, without the system's (English) wording."""
    winerror = getattr(exc, "winerror", None)
    if winerror in (_WINDOWS_SHARING_VIOLATION, _WINDOWS_LOCK_VIOLATION):
        return _REASONS[errno.EBUSY]
    if isinstance(exc, PermissionError):
        return _REASONS[errno.EACCES]
    reason = _REASONS.get(exc.errno or 0)
    if reason is not None:
        return reason
    return f"lỗi hệ thống (mã {exc.errno}); hãy kiểm tra thư mục và ổ đĩa rồi chạy lại"
