"""A .docx package as its zip entries, read and written without inflating what nobody changes.

A template's parts are kept as the compressed bytes the template holds: a report copies the parts it does
not render (styles, settings, fonts, relationships) straight into its own zip, and compresses only the
parts it rendered. Every output zip has the same layout whatever wrote the template: fixed timestamps,
``[Content_Types].xml`` and ``_rels/.rels`` first, the rest sorted, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nqreport.errors import OutputError
from nqreport.read.zipsafe import MSG_BOMB, Refusal, ZipRefused, check_zip_sizes, megabytes, read_member

#: The earliest time a zip can hold, on every entry: outputs never carry the clock (DOS date 1980-01-01).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_DOS_DATE = (1 << 5) | 1
_DOS_TIME = 0
_FIRST = {"[Content_Types].xml": 0, "_rels/.rels": 1}
_LEVEL = 6
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_ATTRIBUTES = 0o644 << 16


@dataclass(frozen=True)
class Entry:
    """One member: its name, and either its compressed bytes as found (``raw``) or plain ``data``."""

    name: str
    data: bytes | None = None
    raw: bytes | None = None
    method: int = zipfile.ZIP_DEFLATED
    crc: int = 0
    size: int = 0


def read_entries(source: bytes) -> list[Entry]:
    """Every member of a zip as its compressed bytes (deflated or stored); others are inflated once. Its
    declared sizes are checked first (:func:`nqreport.read.zipsafe.check_zip_sizes`), and :func:`inflate`
    never goes past them."""
    entries = []
    with zipfile.ZipFile(io.BytesIO(source)) as archive:
        check_zip_sizes([info for info in archive.infolist() if not info.is_dir()])
        for info in archive.infolist():
            if info.is_dir():
                continue
            if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) and not info.flag_bits & 0x1:
                entries.append(Entry(info.filename, raw=_raw(source, info), method=info.compress_type,
                                     crc=info.CRC, size=info.file_size))
            else:
                entries.append(Entry(info.filename, data=read_member(archive, info.filename)))
    return entries


def _raw(source: bytes, info: zipfile.ZipInfo) -> bytes:
    """The compressed bytes of a member, read past its local header (whose lengths may differ from the
    central directory's)."""
    offset = info.header_offset
    name_length, extra_length = struct.unpack_from("<HH", source, offset + 26)
    start = offset + 30 + name_length + extra_length
    data = source[start:start + info.compress_size]
    if len(data) != info.compress_size:
        raise zipfile.BadZipFile(info.filename)
    return data


def inflate(entry: Entry) -> bytes:
    """An entry's plain bytes, never more than its declared size (a member lying about it is refused)."""
    if entry.data is not None:
        return entry.data
    assert entry.raw is not None
    if entry.method == zipfile.ZIP_STORED:
        return entry.raw
    inflater = zlib.decompressobj(-15)
    data = inflater.decompress(entry.raw, entry.size + 1)
    if len(data) > entry.size or inflater.unconsumed_tail:
        raise ZipRefused(MSG_BOMB.format(size=megabytes(entry.size), ratio="?"), Refusal.BOMB,
                         size=f"hơn {megabytes(entry.size)}", ratio="?")
    return data


def write_zip(entries: Iterable[Entry]) -> bytes:
    """A zip whose bytes depend only on the entries' contents and names."""
    ordered = sorted(entries, key=lambda e: (_FIRST.get(e.name, 2), e.name))
    out = io.BytesIO()
    central: list[bytes] = []
    for entry in ordered:
        if entry.raw is not None:
            raw, method, crc, size = entry.raw, entry.method, entry.crc, entry.size
        else:
            assert entry.data is not None
            compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
            raw = compressor.compress(entry.data) + compressor.flush()
            method, crc, size = zipfile.ZIP_DEFLATED, zlib.crc32(entry.data), len(entry.data)
        name = entry.name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800
        offset = out.tell()
        if max(offset, len(raw), size) >= 0xFFFFFFFF:
            raise OutputError(f"{entry.name}: báo cáo quá lớn (hơn 4 GB) để ghi thành tệp Word; hãy kiểm tra lại mẫu")
        out.write(_LOCAL.pack(0x04034B50, 20, flags, method, _DOS_TIME, _DOS_DATE, crc, len(raw), size,
                              len(name), 0))
        out.write(name)
        out.write(raw)
        central.append(_CENTRAL.pack(0x02014B50, 20, 20, flags, method, _DOS_TIME, _DOS_DATE, crc, len(raw), size,
                                     len(name), 0, 0, 0, 0, _ATTRIBUTES, offset) + name)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(_END.pack(0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def deterministic_zip(files: Sequence[tuple[str, bytes]]) -> bytes:
    """A zip of (name, bytes) pairs, laid out as :func:`write_zip` lays out a report."""
    return write_zip(Entry(name, data=data) for name, data in files)
