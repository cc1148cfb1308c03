"""The page's tools, each the library function the command of the same job calls: a blank workbook
(``nqreport blank``), a resolution read into a workbook (``nqreport extract``), the template check
(``nqreport check``).

Uploaded files are copied into a private temporary folder under a fixed name (the readers read files);
their own names are only shown. Messages name the file as the official sent it, never the temporary copy.
"""

from __future__ import annotations

import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from nqreport.config.catalog import load_catalog
from nqreport.config.communes import Unit, load_register
from nqreport.config.settings import Settings
from nqreport.errors import ConfigError, NqError, ResolutionError
from nqreport.extract import Extraction, extract
from nqreport.extract.workbook import WorkbookOptions, Written, commune_identity, default_path, write_workbook
from nqreport.read.zipsafe import CFB_MAGIC
from nqreport.scaffold.blank import BlankSpec, write_blank
from nqreport.schema import COMMUNE_CODE_LENGTH, Period
from nqreport.serve.access import Access
from nqreport.serve.uploads import Upload
from nqreport.templates.check import TemplateCheck, check_template, check_templates
from nqreport.text import slug

#: Resolutions the page reads; the others need LibreOffice (see :func:`needs_office`).
RESOLUTION_SUFFIXES = (".docx", ".pdf", ".txt", ".doc", ".odt", ".rtf")


def commune_unit(code: str) -> Unit:
    """The commune of a code typed in a form; :class:`ConfigError` when there is none."""
    code = code.strip()
    if not (code.isascii() and code.isdigit() and len(code) == COMMUNE_CODE_LENGTH):
        raise ConfigError(f'mã xã phải gồm đúng {COMMUNE_CODE_LENGTH} chữ số (ví dụ 06004), không phải "{code}"; '
                          "hãy chọn xã trong danh sách hoặc ghi lại mã")
    unit = load_register().get(code)
    if unit is None:
        raise ConfigError(f"không có đơn vị hành chính cấp xã nào mã {code}; hãy kiểm tra lại mã 5 chữ số "
                          "(Quyết định 19/2025/QĐ-TTg)")
    return unit


def blank_workbook(settings: Settings, code: str, *, with_catalog: bool) -> tuple[str, bytes]:
    """A blank workbook of the standard for commune ``code``: (file name, bytes)."""
    unit = commune_unit(code)
    spec = BlankSpec(code=unit.code, name=unit.name, unit_type=unit.level, province=unit.province,
                     year=settings.year, catalog=load_catalog(settings.catalog_path) if with_catalog else None)
    name = f"{unit.code}-{slug(unit.name)}.xlsx"
    with tempfile.TemporaryDirectory(prefix="nqreport-serve-") as folder:
        path = Path(folder) / name
        write_blank(path, spec)
        return name, path.read_bytes()


@dataclass(frozen=True)
class Extracted:
    extraction: Extraction
    written: Written
    #: The resolution as the official named it.
    source: str
    #: The workbook's name and bytes, for the download.
    name: str
    data: bytes


def needs_office(data: bytes) -> bool:
    """A .doc, .odt or .rtf: read through LibreOffice, which the page does not run on what a network sends."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return data.startswith(CFB_MAGIC) or head.startswith(b"{\\rtf") or (
        data.startswith(b"PK") and b"application/vnd.oasis.opendocument.text" in data[:200])


def extract_resolution(settings: Settings, upload: Upload, access: Access, *, code: str | None,
                       signer: str | None, office_allowed: bool) -> Extracted:
    """Read a resolution into a workbook of the standard (not written to the workspace: the official checks
    it, fills the results, then hands it in)."""
    shown = upload.name
    if not office_allowed and needs_office(upload.data):
        raise ResolutionError(f"{shown}: tệp Word 97-2003 (.doc), .odt hoặc .rtf chỉ đọc được bằng LibreOffice, trang "
                              "web không mở loại tệp này khi nhận qua mạng; hãy mở bằng Word rồi lưu thành Word "
                              "Document (.docx) hoặc PDF, rồi gửi lại")
    suffix = Path(shown).suffix.lower()
    if not access.is_admin:
        code = access.commune
    with tempfile.TemporaryDirectory(prefix="nqreport-serve-") as folder:
        path = Path(folder) / f"nghi-quyet{suffix if suffix in RESOLUTION_SUFFIXES else ''}"
        path.write_bytes(upload.data)
        try:
            extraction = extract(path)
            identity = commune_identity(extraction.identity, code, path)
            if not access.is_admin and extraction.identity.code and extraction.identity.code != access.commune:
                raise ResolutionError(f"{shown}: đây là Nghị quyết của {extraction.identity.body or 'xã khác'} (mã "
                                      f"{extraction.identity.code}); đường dẫn này chỉ dùng cho xã mã {access.commune}")
            target = default_path(Path(folder), identity)
            options = WorkbookOptions(code=identity.code, period=settings.period or Period.YEAR, signer=signer or None)
            written = write_workbook(extraction, options, path=target)
            data = target.read_bytes()
        except NqError as exc:
            raise type(exc)(_scrub(exc.message, path, shown), exc.problems) from None
    return Extracted(extraction, written, shown, target.name, data)


def _scrub(message: str, path: Path, shown: str) -> str:
    """The temporary copy named as the official's file."""
    return message.replace(str(path), shown).replace(path.name, shown)


def check_uploaded_template(upload: Upload, settings: Settings, *, scope: str | None) -> TemplateCheck:
    """The check ``nqreport check`` makes: the tags read, then the template rendered on the example communes."""
    from nqreport.trial import tried  # renders: loaded when a template is checked, not when the page starts

    suffix = Path(upload.name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="nqreport-serve-") as folder:
        path = Path(folder) / f"mau{suffix if suffix == '.docx' else '.docx'}"
        path.write_bytes(upload.data)
        try:
            return tried(check_template(path, scope=scope, name=upload.name), settings)
        except NqError as exc:
            raise type(exc)(_scrub(exc.message, path, upload.name), exc.problems) from None


def check_workspace_templates(settings: Settings) -> list[TemplateCheck]:
    """The workspace's templates, checked as ``nqreport check`` does."""
    from nqreport.trial import tried

    return [tried(result, settings) for result in check_templates([], settings)]


class Handoffs:
    """Files made for one holder to download once the page is shown (an extracted workbook): kept in memory
    for an hour, at most :attr:`size` of them. Not a store of the workspace: made again on demand."""

    def __init__(self, size: int = 32, lifetime: float = 3600.0) -> None:
        self.size = size
        self.lifetime = lifetime
        self._lock = threading.Lock()
        self._files: OrderedDict[str, tuple[str, str, bytes, float]] = OrderedDict()

    def put(self, owner: str, name: str, data: bytes) -> str:
        """Keep a file for ``owner`` (the holder and the browser's session); its ticket."""
        ticket = secrets.token_urlsafe(16)
        with self._lock:
            self._files[ticket] = (owner, name, data, time.monotonic() + self.lifetime)
            while len(self._files) > self.size:
                self._files.popitem(last=False)
        return ticket

    def get(self, ticket: str, owner: str) -> tuple[str, bytes] | None:
        with self._lock:
            found = self._files.get(ticket)
        if found is None or found[0] != owner or found[3] < time.monotonic():
            return None
        return found[1], found[2]
