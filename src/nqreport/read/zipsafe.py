"""Opening zip containers (.xlsx, .ods) safely: sizes checked before anything is inflated, every XML part
scanned for a DTD before a parser sees it, and a parser that never resolves entities.

Every file is read into memory once and never written. The zip's declared sizes and compression ratios
are checked (a zip bomb is refused before anything is inflated), members are inflated a chunk at a time
and never past their declared size (a member lying about its size is refused as it inflates), and every
XML part is scanned for a DOCTYPE or ENTITY declaration, which no
spreadsheet program writes and which entity attacks need.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from enum import StrEnum
from typing import Any

from nqreport.errors import WorkbookError

#: Bigger than any commune's workbook by far; a file this size is a mistake or an attack.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: Refuse a zip whose members would inflate to more than this in total.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: Refuse a member inflating more than this many times its compressed size …
MAX_COMPRESSION_RATIO = 100
#: … when it is at least this big once inflated (small parts compress very well and are harmless).
RATIO_CHECK_MIN_BYTES = 2 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000


CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"


# --------------------------------------------------------------------------- messages

#: What zipfile raises on a damaged or truncated archive (its directory, a member's header, its version).
DAMAGED_ZIP: tuple[type[BaseException], ...] = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError,
                                               EOFError, IndexError, NotImplementedError, struct.error)
MSG_NOT_FOUND = "không tìm thấy tệp; hãy kiểm tra lại tên tệp và đường dẫn"
MSG_DIRECTORY = "đây là thư mục, không phải tệp sổ chỉ tiêu"
MSG_NOT_REGULAR = ("đây không phải tệp thường (một thiết bị hay một đường ống của hệ thống); hãy chép chính tệp sổ "
                   "chỉ tiêu vào đây")
MSG_PERMISSION = (
    "không có quyền đọc tệp; nếu tệp đang mở trong Excel hay LibreOffice hãy đóng lại, hoặc "
    "nhờ người quản trị cấp quyền đọc, rồi chạy lại"
)
MSG_EMPTY = (
    "tệp rỗng (0 byte), không có nội dung; hãy chép lại sổ chỉ tiêu gốc hoặc mở tệp gốc bằng Excel và lưu lại"
)
MSG_NOT_WORKBOOK = (
    "tệp không phải sổ bảng tính (.xlsx, .xls hay .ods); hãy mở tệp gốc bằng Excel hoặc "
    "LibreOffice rồi lưu lại dạng Sổ làm việc Excel (.xlsx)"
)
MSG_CORRUPT = (
    "tệp bị hỏng hoặc chưa được chép/tải về hết, không đọc được; hãy lấy lại tệp gốc, hoặc mở "
    "bằng Excel (Excel sẽ đề nghị sửa tệp) rồi lưu lại"
)
MSG_PASSWORD = (
    "tệp được đặt mật khẩu nên không đọc được; hãy mở bằng Excel, gỡ mật khẩu (Tệp › Thông tin "
    "› Bảo vệ Sổ làm việc › Mã hóa bằng Mật khẩu, xóa trống mật khẩu) rồi lưu lại và chạy lại"
)
MSG_BOMB = (
    "tệp nén bất thường: giải nén ra tới {size} MB (tỷ lệ nén {ratio}:1), không phải sổ chỉ tiêu "
    "bình thường; để an toàn chương trình không đọc tệp này. Hãy mở bằng Excel, chép bảng sang sổ "
    "mới rồi lưu lại"
)
MSG_ENTITIES = (
    "tệp chứa khai báo DOCTYPE/ENTITY trong phần {part}: Excel và LibreOffice không bao giờ ghi "
    "như vậy, và đây là cách tấn công qua tệp XML; để an toàn chương trình không đọc tệp này. "
    "Hãy mở bằng Excel, chép bảng sang sổ mới rồi lưu lại"
)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


class Refusal(StrEnum):
    """Why a zip was refused, for a reader of another kind of file (a Word resolution) to say its own way."""

    MEMBERS = "members"
    BOMB = "bomb"
    ENTITIES = "entities"
    CORRUPT = "corrupt"
    PASSWORD = "password"


class ZipRefused(WorkbookError):
    """A zip this module will not read; ``reason`` says why, ``detail`` holds the figures or part named."""

    def __init__(self, message: str, reason: Refusal, **detail: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.detail = detail


def check_zip_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb by its declared sizes, before anything is inflated.

    The declared sizes bind: :func:`read_member` stops a member the moment it passes its declared size.
    """
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ZipRefused(f"tệp nén chứa tới {len(infos)} phần, không phải sổ chỉ tiêu bình thường; để an "
                         "toàn chương trình không đọc tệp này", Refusal.MEMBERS, count=str(len(infos)))
    total = sum(info.file_size for info in infos)
    worst = max(infos, key=lambda i: i.file_size / max(i.compress_size, 1), default=None)
    ratio = worst.file_size // max(worst.compress_size, 1) if worst else 0
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _bomb(megabytes(total), str(ratio))
    for info in infos:
        member_ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECK_MIN_BYTES and member_ratio > MAX_COMPRESSION_RATIO:
            raise _bomb(megabytes(total), str(int(member_ratio)))


def _bomb(size: str, ratio: str) -> ZipRefused:
    return ZipRefused(MSG_BOMB.format(size=size, ratio=ratio), Refusal.BOMB, size=size, ratio=ratio)


#: Members are inflated this many bytes at a time, each counted against the member's declared size.
CHUNK_BYTES = 1024 * 1024


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """A member inflated, never past its declared size: Python's zipfile inflates a whole member before it
    compares the size it got with the declared one, so a 30 kB member could take a gigabyte of memory.
    Inflated a chunk at a time, counted as it streams, refused as soon as it passes its declared size
    (which :func:`check_zip_sizes` bounded)."""
    try:
        info = archive.getinfo(name)
        chunks: list[bytes] = []
        total = 0
        with archive.open(info) as handle:
            while chunk := handle.read(CHUNK_BYTES):
                total += len(chunk)
                if total > info.file_size:
                    raise _bomb(megabytes(total), f"{total // max(info.compress_size, 1)}+")
                chunks.append(chunk)
        return b"".join(chunks)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError, KeyError,
            IndexError, struct.error):
        raise ZipRefused(MSG_CORRUPT, Refusal.CORRUPT) from None
    except RuntimeError:  # zipfile: "File ... is encrypted, password required"
        raise ZipRefused(MSG_PASSWORD, Refusal.PASSWORD) from None


#: How much of a part's beginning is read to see its prolog: a DOCTYPE stands before the root element.
PROLOG_BYTES = 4096
_ENCODINGS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\xfe\xff", "utf-16-be"),
              (b"\xff\xfe", "utf-16-le"), (b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
              (b"\x00<", "utf-16-be"), (b"<\x00", "utf-16-le"))


def declares_dtd(start: bytes) -> bool:
    """Whether an XML part's beginning holds a DOCTYPE or ENTITY declaration, in whatever encoding the part
    is written (UTF-8, UTF-16 or UTF-32, with or without a byte-order mark)."""
    codec = next((name for mark, name in _ENCODINGS if start.startswith(mark)), "latin-1")
    text = start.decode(codec, errors="ignore")
    return "<!DOCTYPE" in text or "<!ENTITY" in text


def _start(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The first bytes of a member, inflating no more than that (straight from the archive's bytes)."""
    try:
        name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
        begin = info.header_offset + 30 + name_length + extra_length
        raw = data[begin:begin + min(info.compress_size, PROLOG_BYTES)]
        if info.compress_type == zipfile.ZIP_STORED:
            return raw[:PROLOG_BYTES]
        if info.compress_type == zipfile.ZIP_DEFLATED:
            return zlib.decompressobj(-15).decompress(raw, PROLOG_BYTES)
    except (struct.error, zlib.error):
        raise ZipRefused(MSG_CORRUPT, Refusal.CORRUPT) from None
    return b""  # another compression: read whole when parsed, and scanned then


class Parts:
    """The members of a zip, each inflated when first read (never the parts nothing reads: a workbook's
    instructions and lists sheets) and scanned for a DTD before anything parses it. Names are looked up
    without regard to case, as OPC asks.
    """

    def __init__(self, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], data: bytes) -> None:
        self._archive = archive
        self._names = {info.filename.lower(): info.filename for info in infos if not info.is_dir()}
        self._read: dict[str, bytes] = {}
        # A DTD anywhere refuses the whole file: each XML part's prolog is read now (its first bytes only),
        # the whole part only when something parses it.
        for info in infos:
            xml = not info.is_dir() and info.filename.lower().endswith((".xml", ".rels", ".vml"))
            if xml and declares_dtd(_start(data, info)):
                raise ZipRefused(MSG_ENTITIES.format(part=info.filename), Refusal.ENTITIES, part=info.filename)

    def get(self, name: str) -> bytes | None:
        real = self._names.get(name.lower())
        if real is None:
            return None
        if real not in self._read:
            content = read_member(self._archive, real)
            if declares_dtd(content[:PROLOG_BYTES]):
                raise ZipRefused(MSG_ENTITIES.format(part=real), Refusal.ENTITIES, part=real)
            self._read[real] = content
        return self._read[real]

    def has_folder(self, folder: str) -> bool:
        return any(name.startswith(folder) for name in self._names)


class Xml:
    """A parser that never resolves entities nor touches the network (the DTD scan has run already)."""

    def __init__(self) -> None:
        from lxml import etree

        self._etree = etree
        self._parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                       huge_tree=False, remove_comments=True, remove_pis=True,
                                       collect_ids=False)

    def parse(self, content: bytes) -> Any:
        try:
            root = self._etree.fromstring(content, self._parser)
        except (self._etree.XMLSyntaxError, ValueError):
            raise ZipRefused(MSG_CORRUPT, Refusal.CORRUPT) from None
        if root.getroottree().docinfo.doctype:  # what the prolog scan could not see
            raise ZipRefused(MSG_ENTITIES.format(part="XML"), Refusal.ENTITIES, part="XML")
        return root


def local_name(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


