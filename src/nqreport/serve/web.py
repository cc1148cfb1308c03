"""What the pages share: the services of the running server, who is asking, the files of a form, a download."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from flask import Response, current_app, g, request

from nqreport.serve.access import Access, Keys
from nqreport.serve.building import Builder
from nqreport.serve.gate import Gate, Quota
from nqreport.serve.tools import Handoffs
from nqreport.serve.uploads import Receiver, Upload, shown_name
from nqreport.serve.view import Views

SESSION_COOKIE = "nq_phien"
KEY_COOKIE = "nq_khoa"
FORM_FIELD = "_token"


@dataclass(frozen=True)
class Limits:
    """What one request, and one commune's link, may send."""

    #: Bytes of one request (every file of one form together); a commune's workbook is tens of kilobytes.
    request_bytes: int = 20 * 1024 * 1024
    #: Files in one form: the administrator may drop a whole folder's worth; a commune, its own workbook.
    admin_files: int = 100
    commune_files: int = 5
    #: Files a commune's link may send in an hour (every replaced workbook is archived: the disk is finite).
    commune_files_per_hour: int = 60
    #: Seconds an upload waits for a running build before it is refused with a message.
    upload_wait: float = 120.0


class PageError(Exception):
    """A request refused with a Vietnamese message and an HTTP status."""

    def __init__(self, status: int, message: str, title: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.title = title


@dataclass
class Services:
    root: Path
    keys: Keys
    limits: Limits
    gate: Gate = field(default_factory=Gate)
    views: Views = field(init=False)
    receiver: Receiver = field(init=False)
    builder: Builder = field(init=False)
    quota: Quota = field(init=False)
    handoffs: Handoffs = field(default_factory=Handoffs)
    #: Whether LibreOffice may read what is sent (only on 127.0.0.1, where the sender is the laptop's user).
    office_allowed: bool = field(init=False)

    def __post_init__(self) -> None:
        self.views = Views(self.root)
        self.receiver = Receiver(self.gate, wait=self.limits.upload_wait)
        self.builder = Builder(self.root, self.gate)
        self.quota = Quota(self.limits.commune_files_per_hour)
        self.office_allowed = not self.keys.required


def services() -> Services:
    found: Services = current_app.extensions["nqreport"]
    return found


def access() -> Access:
    found: Access = g.access
    return found


def owner() -> str:
    """The holder and this browser's session: who a file made for download belongs to."""
    return f"{access().key} {g.session}"


def require_admin() -> None:
    if not access().is_admin:
        raise PageError(403, "Trang này chỉ dành cho người quản lý (cơ quan tổng hợp); đường dẫn của xã chỉ mở được "
                             "trang của xã mình", "Không được xem trang này")


def require_commune(code: str) -> None:
    if not access().may_see(code):
        raise PageError(403, f"Đường dẫn này là của xã mã {access().commune}, không xem được xã mã {code}",
                        "Không được xem trang này")


def uploaded(field_name: str) -> list[Upload]:
    """The files of a form field, within the holder's limits (the request's size is Flask's limit)."""
    files = [f for f in request.files.getlist(field_name) if f.filename]
    if not files:
        raise PageError(400, "Chưa chọn tệp nào; hãy bấm Chọn tệp (hoặc kéo tệp vào ô) rồi bấm Gửi", "Chưa có tệp")
    found = services()
    holder = access()
    limit = found.limits.admin_files if holder.is_admin else found.limits.commune_files
    if len(files) > limit:
        raise PageError(413, f"Gửi {len(files)} tệp một lần; mỗi lần gửi được tối đa {limit} tệp. Hãy chia ra gửi "
                             "nhiều lần", "Quá nhiều tệp")
    if not holder.is_admin and not found.quota.take(holder.key, len(files)):
        raise PageError(429, f"Đường dẫn này đã gửi hơn {found.limits.commune_files_per_hour} tệp trong một giờ; hãy "
                             "đợi một lúc rồi gửi lại, hoặc liên hệ cơ quan tổng hợp", "Gửi quá nhiều lần")
    return [Upload(shown_name(f.filename or ""), f.read()) for f in files]


def attachment(name: str, data: bytes, mimetype: str) -> Response:
    """A file to save, named ``name`` (its Vietnamese letters kept where the browser can)."""
    ascii_name = name.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": disposition})


MIMETYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}


def mimetype(name: str) -> str:
    return MIMETYPES.get(Path(name).suffix.lower(), "application/octet-stream")
