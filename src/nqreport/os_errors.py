"""What an operating-system error means, in Vietnamese, with what to do about it.

``OSError.strerror`` is English on Linux and macOS ("Not a directory", "File exists") and in the
language of Windows elsewhere; a message that quotes it is half English for most users. These
sentences say what happened in the terms of someone saving files in Explorer.
"""

from __future__ import annotations

import errno

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
