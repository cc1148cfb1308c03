"""Raw cell grids out of .xlsx/.xlsm, .xls and .ods files, after the checks that make opening them safe.

This layer knows file formats, nothing of the indicator standard: for each cell it gives the value, whether
the cell is percent-formatted, whether it is a formula whose result the file does not really hold, and any
spreadsheet error; for each sheet its merged ranges and hidden rows. :mod:`nqreport.read.reader` gives the cells
their meaning.

One parser per format, each seeing everything about a cell in one pass:

- .xlsx/.xlsm: the sheet XML read directly with lxml. openpyxl (the first plan) builds a cell object for
  every cell of every sheet — a blank workbook's 150 pre-formatted rows, the instructions and lists sheets —
  which takes about 60 ms for one example workbook on the project's machines, where reading the two or three
  sheets the reader needs this way takes a few milliseconds. It also sees a formula and its cached value
  together (openpyxl needs a second ``data_only`` load) and keeps the number formats.
- .xls: xlrd with ``formatting_info``, which has values, number formats, merged ranges and hidden rows.
- .ods: content.xml read with lxml. python-calamine (the first plan for .xls and .ods) has neither number
  formats nor hidden rows and reads a formula without a result as 0, so a second parser was needed anyway;
  one parser per format keeps one source of truth for where each cell is.

Every file is read into memory once and never written. Before any XML parser sees a part: the zip's
declared sizes and compression ratios are checked (a zip bomb is refused before anything is inflated;
Python's zipfile never inflates past a member's declared size), and every XML part is scanned for a
DOCTYPE or ENTITY declaration, which no spreadsheet program writes and which entity attacks need.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from nqreport.errors import WorkbookError

CellValue = str | float | int | bool | date | datetime | None

#: Bigger than any commune's workbook by far; a file this size is a mistake or an attack.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: Refuse a zip whose members would inflate to more than this in total.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: Refuse a member inflating more than this many times its compressed size …
MAX_COMPRESSION_RATIO = 100
#: … when it is at least this big once inflated (small parts compress very well and are harmless).
RATIO_CHECK_MIN_BYTES = 2 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
#: Cells kept for one sheet; beyond it the sheet is not an indicator sheet (repeated rows in .ods).
MAX_CELLS = 2_000_000
MAX_ROWS = 1_048_576
MAX_COLS = 16_384

CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"


# --------------------------------------------------------------------------- messages

MSG_NOT_FOUND = "không tìm thấy tệp; hãy kiểm tra lại tên tệp và đường dẫn"
MSG_DIRECTORY = "đây là thư mục, không phải tệp sổ chỉ tiêu"
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


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


# --------------------------------------------------------------------------- the grid


class RawCell(NamedTuple):
    """One non-blank cell as the file holds it (a named tuple: thousands are made per workbook)."""

    value: CellValue
    #: The cell's number format shows a percentage: a number in it is a fraction (0.95 shown as 95%).
    percent: bool = False
    #: A formula whose result the file does not hold, or holds but marks as to be recalculated
    #: (xlsxwriter and openpyxl write 0 or nothing there): never to be read as a figure.
    stale_formula: bool = False
    #: A spreadsheet error the cell shows, such as ``#DIV/0!``.
    error: str = ""
    #: The number format pads whole numbers with zeros to this many digits ("00000", Excel's zip-code
    #: format): the cell shows 06004 while it holds 6004.
    digits: int = 0


class CellRange(NamedTuple):
    """A merged range, 1-based and inclusive."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


@dataclass(frozen=True)
class RawSheet:
    name: str
    #: Non-blank cells by 1-based (row, column).
    cells: Mapping[tuple[int, int], RawCell]
    merged: tuple[CellRange, ...] = ()
    hidden_rows: frozenset[int] = frozenset()

    def get(self, row: int, col: int) -> RawCell | None:
        return self.cells.get((row, col))

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)


@dataclass(frozen=True)
class RawBook:
    #: "xlsx", "xls" or "ods".
    format: str
    #: Every sheet, in the file's order, as named in the file.
    sheet_names: tuple[str, ...]
    #: The sheets that were asked for.
    sheets: Mapping[str, RawSheet] = field(default_factory=dict)


SheetFilter = Callable[[str], bool]


# --------------------------------------------------------------------------- references

_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def column_letter(col: int) -> str:
    """1 → "A", 28 → "AB"."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """The A1 reference of a 1-based cell: (12, 7) → "G12"."""
    return f"{column_letter(col)}{row}"


_COLUMNS: dict[str, int] = {}


def split_ref(ref: str) -> tuple[int, int]:
    """ "G12" → (12, 7); raises ValueError for anything else."""
    match = _REF.match(ref.strip())
    if not match:
        raise ValueError(ref)
    letters = match.group(1).upper()
    col = _COLUMNS.get(letters)
    if col is None:
        col = 0
        for ch in letters:
            col = col * 26 + ord(ch) - 64
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = col
    return int(match.group(2)), col


# --------------------------------------------------------------------------- number formats

_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_DATE_TOKENS = re.compile(r"[dmyhs]", re.IGNORECASE)
_BUILTIN_PERCENT = frozenset({9, 10})
_BUILTIN_DATE = frozenset({*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59)})


_ZEROS = re.compile(r"0+")


def format_digits(code: str) -> int:
    """How many digits a format such as ``00000`` pads whole numbers to; 0 for any other format."""
    first = _FORMAT_NOISE.sub("", code).split(";")[0].strip()
    return len(first) if _ZEROS.fullmatch(first) else 0


def format_flags(code: str) -> tuple[bool, bool]:
    """(is percent, is date) for a number format code such as ``0.0%`` or ``[$-42A]dd/mm/yyyy``.

    Quoted text, escaped characters, fill/padding pairs and bracketed parts (colours, locales) are
    dropped first: ``0 "%"`` shows a literal sign and holds no fraction.
    """
    visible = _FORMAT_NOISE.sub("", code)
    first = visible.split(";")[0]
    if first.strip().casefold() == "general":
        return False, False
    return "%" in first, bool(_DATE_TOKENS.search(first))


# --------------------------------------------------------------------------- entry point


def load_book(path: Path, wanted: SheetFilter) -> RawBook:
    """Read a workbook file; raise :class:`WorkbookError` (one Vietnamese sentence) when it cannot be.

    ``wanted`` picks the sheets to parse (by their name in the file); the others are only listed. The
    format is told by the file's content, not its extension (an .xlsx renamed .xls reads fine).
    """
    data = read_file(path)
    if not data:
        raise WorkbookError(MSG_EMPTY)
    if data.startswith(CFB_MAGIC):
        return _load_cfb(data, wanted)
    if data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return _load_zip(data, wanted)
    raise WorkbookError(_not_workbook_message(data))


def read_file(path: Path) -> bytes:
    """The file's bytes, opened read-only once; the input is never modified."""
    try:
        if path.is_dir():
            raise WorkbookError(MSG_DIRECTORY)
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise WorkbookError(MSG_NOT_FOUND) from None
    except PermissionError:
        raise WorkbookError(MSG_PERMISSION) from None
    except OSError as exc:
        raise WorkbookError(
            f"không đọc được tệp ({exc.strerror or exc}); hãy kiểm tra ổ đĩa rồi chạy lại"
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError(
            f"tệp quá lớn (hơn {_mb(MAX_FILE_BYTES)} MB) so với một sổ chỉ tiêu; hãy kiểm "
            "tra lại đúng tệp chưa, hoặc chép bảng chỉ tiêu sang một sổ mới"
        )
    return data


def _not_workbook_message(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf"):
        return "tệp là tài liệu PDF, không phải sổ bảng tính; hãy dùng tệp Excel gốc (.xlsx)"
    if head.startswith((b"<!doctype html", b"<html")) or b"<table" in head:
        return (
            "tệp thực chất là trang web (HTML) được đặt đuôi Excel; hãy mở bằng Excel rồi chọn Lưu "
            "thành (Save As) › Sổ làm việc Excel (.xlsx)"
        )
    if head.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in data[:4096]:
        return "tệp dạng Bảng tính XML 2003; hãy mở bằng Excel rồi lưu thành Sổ làm việc Excel (.xlsx)"
    return MSG_NOT_WORKBOOK


# --------------------------------------------------------------------------- zip containers


def _load_zip(data: bytes, wanted: SheetFilter) -> RawBook:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        IndexError,
        NotImplementedError,
        struct.error,
    ):  # what zipfile raises on a damaged directory
        raise WorkbookError(MSG_CORRUPT) from None
    _check_zip_sizes(infos)
    if any(info.flag_bits & 0x1 for info in infos):
        raise WorkbookError(MSG_PASSWORD)
    parts = _Parts(archive, infos)
    mimetype = (parts.get("mimetype") or b"")[:100].strip()
    if mimetype:
        if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            return _load_ods(parts, wanted)
        if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
            raise WorkbookError(
                "tệp là văn bản LibreOffice Writer (.odt), không phải sổ bảng tính; hãy "
                "dùng sổ chỉ tiêu (.xlsx hoặc .ods)"
            )
        if mimetype.startswith(b"application/vnd.oasis.opendocument"):
            raise WorkbookError(MSG_NOT_WORKBOOK)
    workbook_part = _office_document(parts)
    folder = workbook_part.split("/", 1)[0].lower()
    if folder == "word" or parts.has_folder("word/"):
        raise WorkbookError(
            "tệp là văn bản Word (.docx), không phải sổ bảng tính; hãy dùng sổ chỉ tiêu "
            "(.xlsx) — nếu bảng số liệu nằm trong Word, hãy chép sang sổ chỉ tiêu"
        )
    if folder == "ppt":
        raise WorkbookError(
            "tệp là bài trình chiếu PowerPoint, không phải sổ bảng tính; hãy dùng sổ chỉ tiêu (.xlsx)"
        )
    if workbook_part.lower().endswith(".bin"):
        raise WorkbookError(
            "tệp dạng Sổ làm việc nhị phân Excel (.xlsb) chưa đọc được; hãy mở bằng Excel "
            "rồi lưu thành Sổ làm việc Excel (.xlsx)"
        )
    if workbook_part and parts.get(workbook_part) is not None:
        return _load_xlsx(parts, workbook_part, wanted)
    raise WorkbookError(MSG_NOT_WORKBOOK)


def _check_zip_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip bomb by its declared sizes, before anything is inflated.

    The declared size binds: Python's zipfile stops inflating a member at its declared size and then
    fails its CRC check, so a member cannot inflate to more than this check allowed.
    """
    if len(infos) > MAX_ZIP_MEMBERS:
        raise WorkbookError(
            f"tệp nén chứa tới {len(infos)} phần, không phải sổ chỉ tiêu bình thường; để an "
            "toàn chương trình không đọc tệp này"
        )
    total = sum(info.file_size for info in infos)
    worst = max(infos, key=lambda i: i.file_size / max(i.compress_size, 1), default=None)
    ratio = worst.file_size // max(worst.compress_size, 1) if worst else 0
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookError(MSG_BOMB.format(size=_mb(total), ratio=ratio))
    for info in infos:
        member_ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECK_MIN_BYTES and member_ratio > MAX_COMPRESSION_RATIO:
            raise WorkbookError(MSG_BOMB.format(size=_mb(total), ratio=int(member_ratio)))


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,
        ValueError,
        KeyError,
        IndexError,
        struct.error,
    ):
        raise WorkbookError(MSG_CORRUPT) from None
    except RuntimeError:  # zipfile: "File ... is encrypted, password required"
        raise WorkbookError(MSG_PASSWORD) from None


_DTD_MARKERS = tuple(
    marker.encode(codec)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)


class _Parts:
    """The members of a zip, each inflated once and scanned for a DTD before anything parses it.

    Every XML part is scanned when the file is opened, so that a DTD anywhere refuses the whole file;
    a part named otherwise (OPC allows any name) is scanned when it is first read. Names are looked up
    without regard to case, as OPC asks.
    """

    def __init__(self, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
        self._archive = archive
        self._names = {info.filename.lower(): info.filename for info in infos if not info.is_dir()}
        self._read: dict[str, bytes] = {}
        for name in self._names.values():
            if name.lower().endswith((".xml", ".rels")):
                self.get(name)

    def get(self, name: str) -> bytes | None:
        real = self._names.get(name.lower())
        if real is None:
            return None
        if real not in self._read:
            content = _read_member(self._archive, real)
            if any(marker in content for marker in _DTD_MARKERS):
                raise WorkbookError(MSG_ENTITIES.format(part=real))
            self._read[real] = content
        return self._read[real]

    def has_folder(self, folder: str) -> bool:
        return any(name.startswith(folder) for name in self._names)


class _Xml:
    """A parser that never resolves entities nor touches the network (the DTD scan has run already)."""

    def __init__(self) -> None:
        from lxml import etree

        self._etree = etree
        self._parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )

    def parse(self, content: bytes) -> Any:
        try:
            return self._etree.fromstring(content, self._parser)
        except (self._etree.XMLSyntaxError, ValueError):
            raise WorkbookError(MSG_CORRUPT) from None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


# --------------------------------------------------------------------------- .xlsx


_REL_TYPE_TAIL = re.compile(r"/(officeDocument|worksheet|sharedStrings|styles|chartsheet|dialogsheet)$")


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _relationships(parts: _Parts, source: str, xml: _Xml | None = None) -> dict[str, tuple[str, str]]:
    """Relationship id → (type tail, target part name) for a part ("" for the package)."""
    content = parts.get(_rels_path(source) if source else "_rels/.rels")
    if content is None:
        return {}
    root = (xml or _Xml()).parse(content)
    base = posixpath.dirname(source)
    result: dict[str, tuple[str, str]] = {}
    for rel in root:
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        match = _REL_TYPE_TAIL.search(rel.get("Type") or "")
        if target.startswith("/"):
            full = target.lstrip("/")
        else:
            full = posixpath.normpath(posixpath.join(base, target))
        result[rel.get("Id") or ""] = (match.group(1) if match else "", full)
    return result


def _office_document(parts: _Parts) -> str:
    try:
        rels = _relationships(parts, "")
    except WorkbookError:
        return ""
    for kind, target in rels.values():
        if kind == "officeDocument":
            return target
    return "xl/workbook.xml" if parts.get("xl/workbook.xml") is not None else ""


@dataclass(frozen=True)
class _Style:
    percent: bool
    date: bool
    digits: int = 0


def _load_xlsx(parts: _Parts, workbook_part: str, wanted: SheetFilter) -> RawBook:
    xml = _Xml()
    root = xml.parse(parts.get(workbook_part) or b"")
    ns = _namespace(root.tag)
    rels = _relationships(parts, workbook_part, xml)
    date1904 = False
    full_calc = False
    listed: list[tuple[str, str]] = []
    for child in root:
        local = _local(child.tag)
        if local == "workbookPr":
            date1904 = child.get("date1904") in ("1", "true")
        elif local == "calcPr":
            full_calc = child.get("fullCalcOnLoad") in ("1", "true")
        elif local == "sheets":
            for sheet in child:
                rel_id = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), "")
                listed.append((sheet.get("name") or "", rel_id))
    strings: list[str] = []
    styles: list[_Style] = []
    for kind, target in rels.values():
        if kind == "sharedStrings" and (content := parts.get(target)) is not None:
            strings = _shared_strings(xml.parse(content))
        elif kind == "styles" and (content := parts.get(target)) is not None:
            styles = _styles(xml.parse(content))
    epoch = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
    sheets: dict[str, RawSheet] = {}
    for name, rel_id in listed:
        if not wanted(name):
            continue
        kind, target = rels.get(rel_id, ("", ""))
        if kind != "worksheet":
            sheets[name] = RawSheet(name, {})
            continue
        content = parts.get(target)
        if content is None:
            raise WorkbookError(MSG_CORRUPT)
        sheets[name] = _xlsx_sheet(name, xml.parse(content), ns, strings, styles, full_calc, epoch)
    return RawBook("xlsx", tuple(name for name, _ in listed), sheets)


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML writes control characters as ``_x000D_``."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _rich_text(node: Any) -> str:
    """The text of a shared or inline string: plain ``<t>`` or runs ``<r><t>``; phonetic runs skipped."""
    pieces: list[str] = []
    for child in node:
        local = _local(child.tag)
        if local == "t":
            pieces.append(child.text or "")
        elif local == "r":
            pieces.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return _unescape("".join(pieces))


def _shared_strings(root: Any) -> list[str]:
    return [_rich_text(si) for si in root if _local(si.tag) == "si"]


def _styles(root: Any) -> list[_Style]:
    custom: dict[int, str] = {}
    xfs: list[_Style] = []
    for child in root:
        local = _local(child.tag)
        if local == "numFmts":
            for fmt in child:
                try:
                    custom[int(fmt.get("numFmtId") or "")] = fmt.get("formatCode") or ""
                except ValueError:
                    continue
    for child in root:
        if _local(child.tag) != "cellXfs":
            continue
        for xf in child:
            try:
                fmt_id = int(xf.get("numFmtId") or 0)
            except ValueError:
                fmt_id = 0
            digits = 0
            if fmt_id in custom:
                percent, is_date = format_flags(custom[fmt_id])
                digits = format_digits(custom[fmt_id])
            else:
                percent, is_date = fmt_id in _BUILTIN_PERCENT, fmt_id in _BUILTIN_DATE
            xfs.append(_Style(percent, is_date, digits))
    return xfs


_PLAIN = _Style(False, False)


def _serial_date(serial: float, epoch: datetime) -> datetime | float:
    if not 0 <= serial < 2_958_466:  # beyond 31/12/9999: not a date
        return serial
    return epoch + timedelta(milliseconds=round(serial * 86_400_000))


def _iso_datetime(text: str) -> datetime | str:
    try:
        return datetime.fromisoformat(text.strip().rstrip("Z"))
    except ValueError:
        return text


def _xlsx_sheet(
    name: str, root: Any, ns: str, strings: list[str], styles: list[_Style], full_calc: bool, epoch: datetime
) -> RawSheet:
    q = f"{{{ns}}}" if ns else ""
    row_tag, cell_tag = f"{q}row", f"{q}c"
    v_tag, f_tag, is_tag = f"{q}v", f"{q}f", f"{q}is"
    cells: dict[tuple[int, int], RawCell] = {}
    hidden: set[int] = set()
    merged: list[CellRange] = []
    row_no = 0
    for section in root:
        local = _local(section.tag)
        if local == "mergeCells":
            for merge in section:
                bounds = _range(merge.get("ref") or "")
                if bounds is not None:
                    merged.append(bounds)
        if local != "sheetData":
            continue
        for row in section.iterchildren(row_tag):
            r_attr = row.get("r")
            row_no = int(r_attr) if r_attr and r_attr.isdigit() else row_no + 1
            if row.get("hidden") in ("1", "true"):
                hidden.add(row_no)
            for cell in row.iterchildren(cell_tag):
                if not len(cell):  # blank (perhaps formatted): most cells of a prepared sheet
                    continue
                ref = cell.get("r")
                try:
                    cell_row, col_no = split_ref(ref) if ref else (row_no, _column_without_ref(cell))
                except ValueError:
                    continue
                style = _PLAIN
                s_attr = cell.get("s")
                if s_attr:
                    try:
                        style = styles[int(s_attr)]
                    except (ValueError, IndexError):
                        style = _PLAIN
                raw = _xlsx_cell(
                    cell, cell.get("t") or "n", style, strings, full_calc, epoch, v_tag, f_tag, is_tag
                )
                if raw is not None:
                    cells[(cell_row, col_no)] = raw
    return RawSheet(name, cells, tuple(merged), frozenset(hidden))


def _column_without_ref(cell: Any) -> int:
    """A cell written without its reference (some writers do) follows the previous cell in its row."""
    steps = 1
    for previous in cell.itersiblings(cell.tag, preceding=True):
        ref = previous.get("r")
        if ref:
            return split_ref(ref)[1] + steps
        steps += 1
    return steps


def _xlsx_cell(
    cell: Any,
    cell_type: str,
    style: _Style,
    strings: list[str],
    full_calc: bool,
    epoch: datetime,
    v_tag: str,
    f_tag: str,
    is_tag: str,
) -> RawCell | None:
    text: str | None = None
    formula = False
    inline: Any = None
    for child in cell:
        tag = child.tag
        if tag == v_tag:
            text = child.text or ""
        elif tag == f_tag:
            formula = True
        elif tag == is_tag:
            inline = child
    if formula and (full_calc or text is None or (text == "" and cell_type != "str")):
        return RawCell(None, style.percent, stale_formula=True)
    value: CellValue
    if cell_type == "n":
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            return RawCell(text)
        if style.date:
            return RawCell(_serial_date(number, epoch), style.percent)
        return RawCell(number, style.percent, digits=style.digits)
    if cell_type == "s":
        try:
            value = strings[int(text or "")]
        except (ValueError, IndexError):
            value = None
    elif cell_type == "inlineStr":
        value = _rich_text(inline) if inline is not None else None
    elif cell_type == "str":
        value = _unescape(text or "")
    elif cell_type == "b":
        value = (text or "").strip() in ("1", "true")
    elif cell_type == "e":
        return RawCell(None, error=(text or "#N/A").strip())
    elif cell_type == "d":
        value = _iso_datetime(text or "")
    else:
        value = text
    if value is None or value == "":
        return None
    return RawCell(value, style.percent)


def _range(ref: str) -> CellRange | None:
    first, _, last = ref.partition(":")
    try:
        r1, c1 = split_ref(first)
        r2, c2 = split_ref(last or first)
    except ValueError:
        return None
    if (r1, c1) == (r2, c2):
        return None
    return CellRange(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


# --------------------------------------------------------------------------- .ods

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_ODS_ROW_CONTAINERS = frozenset(
    {f"{_TABLE}table-header-rows", f"{_TABLE}table-row-group", f"{_TABLE}table-rows"}
)


def _load_ods(parts: _Parts, wanted: SheetFilter) -> RawBook:
    manifest = parts.get("META-INF/manifest.xml") or b""
    if b"encryption-data" in manifest:
        raise WorkbookError(MSG_PASSWORD)
    content = parts.get("content.xml")
    if content is None:
        raise WorkbookError(MSG_CORRUPT)
    root = _Xml().parse(content)
    spreadsheet = root.find(f"{_OFFICE}body/{_OFFICE}spreadsheet")
    names: list[str] = []
    sheets: dict[str, RawSheet] = {}
    if spreadsheet is not None:
        for table in spreadsheet.iterchildren(f"{_TABLE}table"):
            name = table.get(f"{_TABLE}name") or ""
            names.append(name)
            if wanted(name):
                sheets[name] = _ods_table(name, table)
    return RawBook("ods", tuple(names), sheets)


def _ods_rows(node: Any) -> Iterator[Any]:
    for child in node:
        if child.tag == f"{_TABLE}table-row":
            yield child
        elif child.tag in _ODS_ROW_CONTAINERS:
            yield from _ods_rows(child)


def _count(node: Any, attr: str) -> int:
    try:
        return max(1, int(node.get(attr) or 1))
    except ValueError:
        return 1


def _ods_table(name: str, table: Any) -> RawSheet:
    cells: dict[tuple[int, int], RawCell] = {}
    hidden: set[int] = set()
    merged: list[CellRange] = []
    cell_tag, covered_tag = f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"
    row_no = 1
    for row in _ods_rows(table):
        repeat = _count(row, f"{_TABLE}number-rows-repeated")
        if row_no > MAX_ROWS:
            break
        is_hidden = row.get(f"{_TABLE}visibility") in ("collapse", "filter")
        content: list[tuple[int, RawCell]] = []
        spans: list[CellRange] = []
        col_no = 1
        for cell in row:
            if cell.tag != cell_tag and cell.tag != covered_tag:
                continue
            col_repeat = _count(cell, f"{_TABLE}number-columns-repeated")
            if cell.tag == cell_tag and col_no <= MAX_COLS:
                raw = _ods_cell(cell)
                if raw is not None:
                    content.extend((col_no + k, raw) for k in range(min(col_repeat, MAX_COLS - col_no + 1)))
                    row_span = _count(cell, f"{_TABLE}number-rows-spanned")
                    col_span = _count(cell, f"{_TABLE}number-columns-spanned")
                    if row_span > 1 or col_span > 1:
                        spans.append(CellRange(row_no, col_no, row_no + row_span - 1, col_no + col_span - 1))
            col_no += col_repeat
        if content:
            if len(cells) + len(content) * repeat > MAX_CELLS:
                limit = f"{MAX_CELLS:,}".replace(",", ".")
                raise WorkbookError(
                    f'trang "{name}" có quá nhiều ô có dữ liệu (hơn {limit}), không phải '
                    "sổ chỉ tiêu bình thường; hãy xóa các hàng thừa rồi lưu lại"
                )
            merged.extend(spans)
            for k in range(min(repeat, MAX_ROWS - row_no + 1)):
                for col, raw in content:
                    cells[(row_no + k, col)] = raw
                if is_hidden:
                    hidden.add(row_no + k)
        row_no += repeat
    return RawSheet(name, cells, tuple(merged), frozenset(hidden))


def _ods_cell(cell: Any) -> RawCell | None:
    value_type = cell.get(f"{_OFFICE}value-type")
    if cell.get(f"{_CALCEXT}value-type") == "error":
        return RawCell(None, error=_ods_text(cell) or "#N/A")
    if value_type is None:
        if cell.get(f"{_TABLE}formula") is not None:
            return RawCell(None, stale_formula=True)
        text = _ods_text(cell)
        return RawCell(text) if text else None
    if value_type in ("float", "currency", "percentage"):
        raw = cell.get(f"{_OFFICE}value") or ""
        try:
            number: CellValue = float(raw)
        except ValueError:
            number = _ods_text(cell) or raw
        return RawCell(number, percent=value_type == "percentage")
    if value_type == "date":
        return RawCell(_iso_datetime(cell.get(f"{_OFFICE}date-value") or ""))
    if value_type == "boolean":
        return RawCell((cell.get(f"{_OFFICE}boolean-value") or "").strip() in ("true", "1"))
    text = cell.get(f"{_OFFICE}string-value")
    if text is None:
        text = _ods_text(cell)
    return RawCell(text) if text else None


def _ods_text(cell: Any) -> str:
    """Paragraphs of a cell as lines; annotations (comments) left out."""
    lines = [_ods_inline(p) for p in cell if p.tag in (f"{_TEXT}p", f"{_TEXT}h")]
    return "\n".join(lines)


def _ods_inline(node: Any) -> str:
    pieces = [node.text or ""]
    for child in node:
        tag = child.tag
        if tag == f"{_TEXT}s":
            pieces.append(" " * _count(child, f"{_TEXT}c"))
        elif tag == f"{_TEXT}tab":
            pieces.append("\t")
        elif tag == f"{_TEXT}line-break":
            pieces.append("\n")
        elif tag in (f"{_TEXT}note", f"{_OFFICE}annotation"):
            pass
        else:
            pieces.append(_ods_inline(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


# --------------------------------------------------------------------------- .xls and other OLE files


def _load_cfb(data: bytes, wanted: SheetFilter) -> RawBook:
    """An OLE compound file: an .xls, an encrypted .xlsx (which Excel stores this way), or something else."""
    from xlrd.compdoc import CompDoc

    try:
        streams = {entry.name for entry in CompDoc(data, logfile=io.StringIO()).dirlist}
    except Exception:  # xlrd raises anything on a damaged container
        raise WorkbookError(MSG_CORRUPT) from None
    if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
        raise WorkbookError(MSG_PASSWORD)
    if "Workbook" not in streams and "Book" not in streams:
        if "WordDocument" in streams:
            raise WorkbookError(
                "tệp là văn bản Word (.doc), không phải sổ bảng tính; hãy dùng sổ chỉ tiêu (.xlsx)"
            )
        raise WorkbookError(MSG_NOT_WORKBOOK)
    return _load_xls(data, wanted)


def _load_xls(data: bytes, wanted: SheetFilter) -> RawBook:
    import xlrd

    try:
        book = xlrd.open_workbook(
            file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
        )
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise WorkbookError(MSG_PASSWORD) from None
        raise WorkbookError(MSG_CORRUPT) from None
    except Exception:  # xlrd raises anything on a damaged file
        raise WorkbookError(MSG_CORRUPT) from None
    try:
        names = tuple(book.sheet_names())
        sheets = {name: _xls_sheet(book, name) for name in names if wanted(name)}
    except WorkbookError:
        raise
    except Exception:  # as above, for the sheets read on demand
        raise WorkbookError(MSG_CORRUPT) from None
    finally:
        book.release_resources()
    return RawBook("xls", names, sheets)


def _xls_sheet(book: Any, name: str) -> RawSheet:
    import xlrd

    sheet = book.sheet_by_name(name)
    number_xf: dict[int, tuple[bool, int]] = {}

    def number_format(xf_index: int) -> tuple[bool, int]:
        """(is percent, digits padded to) of a cell's number format."""
        found = number_xf.get(xf_index)
        if found is None:
            fmt = None
            if xf_index < len(book.xf_list):
                fmt = book.format_map.get(book.xf_list[xf_index].format_key)
            found = (format_flags(fmt.format_str)[0], format_digits(fmt.format_str)) if fmt is not None else (
                False, 0)
            number_xf[xf_index] = found
        return found

    cells: dict[tuple[int, int], RawCell] = {}
    for r in range(sheet.nrows):
        types = sheet.row_types(r)
        values = sheet.row_values(r)
        for c, (cell_type, value) in enumerate(zip(types, values, strict=False)):
            raw: RawCell | None
            if cell_type in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                continue
            if cell_type == xlrd.XL_CELL_TEXT:
                raw = RawCell(value) if value else None
            elif cell_type == xlrd.XL_CELL_NUMBER:
                percent, digits = number_format(sheet.cell_xf_index(r, c))
                raw = RawCell(float(value), percent, digits=digits)
            elif cell_type == xlrd.XL_CELL_DATE:
                try:
                    raw = RawCell(xlrd.xldate.xldate_as_datetime(value, book.datemode))
                except (xlrd.xldate.XLDateError, ValueError, OverflowError):
                    raw = RawCell(float(value))
            elif cell_type == xlrd.XL_CELL_BOOLEAN:
                raw = RawCell(bool(value))
            elif cell_type == xlrd.XL_CELL_ERROR:
                raw = RawCell(None, error=xlrd.error_text_from_code.get(value, "#N/A"))
            else:
                raw = None
            if raw is not None:
                cells[(r + 1, c + 1)] = raw
    merged = tuple(
        CellRange(rlo + 1, clo + 1, rhi, chi)
        for rlo, rhi, clo, chi in sheet.merged_cells
        if (rhi - rlo) * (chi - clo) > 1
    )
    hidden = frozenset(r + 1 for r, info in sheet.rowinfo_map.items() if getattr(info, "hidden", 0))
    return RawSheet(name, cells, merged, hidden)
