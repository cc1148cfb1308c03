"""Indicator workbooks written by the tests themselves, in the standard layout.

One description (:class:`Book`) of what a workbook holds, written three ways: .xlsx with openpyxl (the
standard writer for tests), .xls with xlwt and .ods as hand-written OpenDocument XML, so that every format's
reader is exercised without LibreOffice. Cells are plain values, or :class:`Pct` (a percent-formatted
number), :class:`Formula` (a formula with no stored result) and :class:`Fmt` (a number with a number format).

Default layout, which the tests' expected cell references rely on:

- "Thông tin chung": row 1 "Mục | Nội dung", then one row per ``COMMUNE_ROWS`` entry from row 2, label in A,
  value in B (code B2, unit type B3, name B4, province B5, …, year B7, period B8, cutoff B9, …).
- "Chỉ tiêu": title in A1, header in row 3, indicators from row 4, columns in the schema's order:
  A STT, B Mã, C Lĩnh vực, D Tên, E ĐVT, F Loại, G Chỉ tiêu, H Cận trên, I Hạn, J Chiều, K Năm trước,
  L Cùng kỳ, M Thực hiện, N Ước cả năm, O Ngày hoàn thành, P Tự đánh giá, Q Tử số, R Mẫu số, S Ghi chú,
  T Cơ quan chủ trì.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from nqreport.schema import (
    ASSESSMENT_COLUMNS,
    COMMUNE_ROWS,
    INDICATOR_COLUMNS,
    INDICATOR_HEADER_ROW,
    INDICATOR_TITLE,
    KIND_LABELS,
    SHEET_ASSESSMENT,
    SHEET_COMMUNE,
    SHEET_INDICATORS,
    Kind,
)

# --------------------------------------------------------------------------- cell kinds


@dataclass(frozen=True)
class Pct:
    """A number shown as a percentage: the cell holds the fraction (0.95 shown as 95,0%)."""

    value: float
    number_format: str = "0.0%"


@dataclass(frozen=True)
class Fmt:
    """A number with a given number format."""

    value: float
    number_format: str


@dataclass(frozen=True)
class Formula:
    """A formula written with no stored result (as xlsxwriter and openpyxl do)."""

    text: str


# --------------------------------------------------------------------------- contents

COMMUNE: dict[str, object] = {
    "code": "06004",
    "unit_type": "Xã",
    "name": "Quốc Khánh",
    "province": "Lạng Sơn",
    "province_code": "20",
    "year": 2026,
    "period": "6 tháng",
    "cutoff": datetime(2026, 6, 15),
    "resolution_number": "45/NQ-HĐND",
    "resolution_date": datetime(2025, 12, 18),
    "resolution_session": "khóa XX, kỳ họp thứ Tư",
    "issuing_body": "Ủy ban nhân dân xã Quốc Khánh",
    "place": "Quốc Khánh",
    "signer_authority": "TM. ỦY BAN NHÂN DÂN",
    "signer_title": "CHỦ TỊCH",
    "signer": "Hoàng Anh Dũng",
    "recipients": "- Thường trực HĐND xã;\n- Lưu: VT.",
}

#: Row of each commune item in the default layout.
COMMUNE_ROW = {col.key: index for index, col in enumerate(COMMUNE_ROWS, start=2)}
#: Column letter of each indicator column in the default layout.
LETTER = {col.key: chr(ord("A") + index) for index, col in enumerate(INDICATOR_COLUMNS)}
FIRST_ROW = INDICATOR_HEADER_ROW + 1


def row(
    name: str, kind: Kind = Kind.AT_LEAST, *, field: str = "Kinh tế", unit: str = "ha", **values: object
) -> dict[str, object]:
    """One indicator row by schema key; ``kind`` written as its dropdown label."""
    return {"field": field, "name": name, "unit": unit, "kind": KIND_LABELS[kind], **values}


def sample_rows() -> list[dict[str, object]]:
    """A small, valid indicator table."""
    return [
        row(
            "Thu ngân sách nhà nước trên địa bàn",
            code="KT01",
            unit="triệu đồng",
            target=2500,
            baseline=2300,
            result=1306,
            estimate=2600,
        ),
        row("Trồng rừng", code="KT05", unit="ha", target=200, result=120, estimate=210),
        row(
            "Tỷ lệ người tham gia bảo hiểm y tế",
            Kind.AT_LEAST,
            code="XH04",
            field="Văn hóa - Xã hội",
            unit="%",
            target=95,
            result=Decimal("93.5"),
            estimate=96,
        ),
    ]


def many_rows(count: int) -> list[dict[str, object]]:
    """``count`` plausible indicators across the standard fields, for benchmarks."""
    fields = ("Kinh tế", "Văn hóa - Xã hội", "Tài nguyên - Môi trường", "Quốc phòng - An ninh")
    rows = []
    for i in range(count):
        if i % 4 == 3:
            rows.append(
                row(
                    f"Tỷ lệ chỉ tiêu số {i + 1}",
                    field=fields[i % 4],
                    unit="%",
                    target=90,
                    baseline=Pct(0.88),
                    result=Pct(0.9),
                    estimate=Pct(0.92),
                    numerator=450,
                    denominator=500,
                    note="Số liệu ước",
                )
            )
        elif i % 4 == 2:
            rows.append(
                row(
                    f"Sản lượng số {i + 1}",
                    Kind.APPROX,
                    field=fields[i % 4],
                    unit="tấn",
                    target="13.900",
                    baseline=13650,
                    result="7.050",
                    estimate=13750,
                )
            )
        else:
            rows.append(
                row(
                    f"Chỉ tiêu số {i + 1}",
                    field=fields[i % 4],
                    unit="ha",
                    target=200 + i,
                    baseline=180,
                    same_period_last_year=90,
                    result=120,
                    estimate=210 + i,
                    responsible="Phòng Kinh tế",
                )
            )
    return rows


@dataclass
class Book:
    """What a test workbook holds; the writers turn it into .xlsx, .xls or .ods."""

    commune: dict[str, object] = field(default_factory=lambda: dict(COMMUNE))
    rows: list[dict[str, object]] = field(default_factory=sample_rows)
    #: Indicator columns (schema keys) in order; an unknown key is written as an extra column.
    columns: list[str] = field(default_factory=lambda: [c.key for c in INDICATOR_COLUMNS])
    #: Header text by key, where a test wants another spelling (or an extra column's header).
    headers: dict[str, str] = field(default_factory=dict)
    header_row: int = INDICATOR_HEADER_ROW
    #: Merged ranges of the indicator sheet, A1 style ("C4:C6").
    merges: list[str] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)
    #: Rows of the assessment sheet by key; None: no assessment sheet.
    assessments: list[dict[str, object]] | None = None
    #: Real sheet names, by standard name; None drops the sheet.
    sheet_names: dict[str, str | None] = field(default_factory=dict)
    #: Cells placed exactly, by sheet (standard name) and A1 reference, after everything else.
    cells: dict[str, dict[str, object]] = field(default_factory=dict)

    def sheets(self) -> dict[str, dict[tuple[int, int], object]]:
        """Sheet name → {(row, col): value}, 1-based, in workbook order."""
        result: dict[str, dict[tuple[int, int], object]] = {}
        commune: dict[tuple[int, int], object] = {(1, 1): "Mục", (1, 2): "Nội dung"}
        for col in COMMUNE_ROWS:
            r = COMMUNE_ROW[col.key]
            commune[(r, 1)] = col.header + (" *" if col.required else "")
            value = self.commune.get(col.key)
            if value is not None:
                commune[(r, 2)] = value
        indicators: dict[tuple[int, int], object] = {(1, 1): INDICATOR_TITLE}
        standard = {c.key: c.header for c in INDICATOR_COLUMNS}
        for index, key in enumerate(self.columns, start=1):
            indicators[(self.header_row, index)] = self.headers.get(key, standard.get(key, key))
        for offset, values in enumerate(self.rows):
            r = self.header_row + 1 + offset
            for index, key in enumerate(self.columns, start=1):
                value = values.get(key)
                if value is not None:
                    indicators[(r, index)] = value
        named = {SHEET_COMMUNE: commune, SHEET_INDICATORS: indicators}
        if self.assessments is not None:
            assessment: dict[tuple[int, int], object] = {}
            for index, col in enumerate(ASSESSMENT_COLUMNS, start=1):
                assessment[(1, index)] = col.header
            for r, values in enumerate(self.assessments, start=2):
                for index, col in enumerate(ASSESSMENT_COLUMNS, start=1):
                    if values.get(col.key) is not None:
                        assessment[(r, index)] = values[col.key]
            named[SHEET_ASSESSMENT] = assessment
        for sheet, placed in self.cells.items():
            grid = named.setdefault(sheet, {})
            for ref, value in placed.items():
                r, c = split(ref)
                if value is None:
                    grid.pop((r, c), None)
                else:
                    grid[(r, c)] = value
        for standard_name, grid in named.items():
            actual = self.sheet_names.get(standard_name, standard_name)
            if actual is not None:
                result[actual] = grid
        return result

    def merged(self, sheet: str) -> list[tuple[int, int, int, int]]:
        if sheet != self.sheet_names.get(SHEET_INDICATORS, SHEET_INDICATORS):
            return []
        ranges = []
        for ref in self.merges:
            first, last = ref.split(":")
            (r1, c1), (r2, c2) = split(first), split(last)
            ranges.append((r1, c1, r2, c2))
        return ranges

    def hidden(self, sheet: str) -> list[int]:
        return self.hidden_rows if sheet == self.sheet_names.get(SHEET_INDICATORS, SHEET_INDICATORS) else []

    def but(self, **changes: Any) -> Book:
        return replace(self, **changes)


def split(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return int(ref[len(letters) :]), col


def letter(col: int) -> str:
    name = ""
    while col:
        col, rem = divmod(col - 1, 26)
        name = chr(65 + rem) + name
    return name


# --------------------------------------------------------------------------- .xlsx (openpyxl)


def write_xlsx(path: Path, book: Book | None = None, *, edit: Callable[[Any], None] | None = None) -> Path:
    """The book as .xlsx through openpyxl; ``edit`` may change the openpyxl workbook before saving."""
    from openpyxl import Workbook

    book = book or Book()
    wb = Workbook()
    wb.remove(wb.active)
    for name, grid in book.sheets().items():
        ws = wb.create_sheet(name)
        for (r, c), value in grid.items():
            cell = ws.cell(row=r, column=c)
            if isinstance(value, Pct | Fmt):
                cell.value = value.value
                cell.number_format = value.number_format
            elif isinstance(value, Formula):
                cell.value = value.text
            elif isinstance(value, Decimal):
                cell.value = float(value)
            else:
                cell.value = value
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # text, not a formula
        for r1, c1, r2, c2 in book.merged(name):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for r in book.hidden(name):
            ws.row_dimensions[r].hidden = True
    if edit is not None:
        edit(wb)
    wb.save(path)
    return path


def write_xlsxwriter(path: Path, book: Book | None = None) -> Path:
    """The book as .xlsx through xlsxwriter, which stores no formula results (or a 0)."""
    import xlsxwriter

    book = book or Book()
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    formats: dict[str, Any] = {}

    def number_format(fmt: str) -> Any:
        if fmt not in formats:
            formats[fmt] = wb.add_format({"num_format": fmt})
        return formats[fmt]

    for name, grid in book.sheets().items():
        ws = wb.add_worksheet(name)
        for (r, c), value in grid.items():
            if isinstance(value, Pct | Fmt):
                ws.write_number(r - 1, c - 1, value.value, number_format(value.number_format))
            elif isinstance(value, Formula):
                ws.write_formula(r - 1, c - 1, value.text)
            elif isinstance(value, datetime | date):
                ws.write_datetime(r - 1, c - 1, value, number_format("dd/mm/yyyy"))
            elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                ws.write_number(r - 1, c - 1, float(value))
            else:
                ws.write(r - 1, c - 1, value)
        for r1, c1, r2, c2 in book.merged(name):
            ws.merge_range(r1 - 1, c1 - 1, r2 - 1, c2 - 1, grid.get((r1, c1), ""))
        for r in book.hidden(name):
            ws.set_row(r - 1, None, None, {"hidden": True})
    wb.close()
    return path


# --------------------------------------------------------------------------- .xls (xlwt)


def write_xls(path: Path, book: Book | None = None) -> Path:
    """The book as .xls (BIFF8) through xlwt."""
    import xlwt

    book = book or Book()
    wb = xlwt.Workbook(encoding="utf-8")
    styles: dict[str, Any] = {}

    def style(fmt: str) -> Any:
        if fmt not in styles:
            styles[fmt] = xlwt.easyxf(num_format_str=fmt)
        return styles[fmt]

    for name, grid in book.sheets().items():
        ws = wb.add_sheet(name)
        merged = book.merged(name)
        covered = {
            (r, c)
            for r1, c1, r2, c2 in merged
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
            if (r, c) != (r1, c1)
        }
        for r1, c1, r2, c2 in merged:
            ws.merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1)
        for (r, c), value in grid.items():
            if (r, c) in covered:
                continue
            if isinstance(value, Pct | Fmt):
                ws.write(r - 1, c - 1, value.value, style(value.number_format))
            elif isinstance(value, datetime | date):
                ws.write(r - 1, c - 1, value, style("dd/mm/yyyy"))
            elif isinstance(value, Decimal):
                ws.write(r - 1, c - 1, float(value))
            elif isinstance(value, Formula):
                ws.write(r - 1, c - 1, xlwt.Formula(value.text.lstrip("=")))
            else:
                ws.write(r - 1, c - 1, value)
        for r in book.hidden(name):
            ws.row(r - 1).hidden = True
    wb.save(str(path))
    return path


# --------------------------------------------------------------------------- .ods (hand-written XML)

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.2"'
)


def _ods_cell(value: object, span: tuple[int, int] | None) -> str:
    attrs = ""
    if span is not None:
        attrs += f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if isinstance(value, Pct):
        return (
            f'<table:table-cell{attrs} office:value-type="percentage" office:value="{value.value!r}">'
            f"<text:p>{value.value * 100:g}%</text:p></table:table-cell>"
        )
    if isinstance(value, Fmt):
        value = value.value
    if isinstance(value, Formula):
        return f"<table:table-cell{attrs} table:formula={quoteattr('of:' + value.text)}/>"
    if isinstance(value, bool):
        flag = "true" if value else "false"
        return (
            f'<table:table-cell{attrs} office:value-type="boolean" office:boolean-value="{flag}">'
            f"<text:p>{flag.upper()}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float | Decimal):
        return (
            f'<table:table-cell{attrs} office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, datetime | date):
        iso = value.strftime("%Y-%m-%dT%H:%M:%S") if isinstance(value, datetime) else value.isoformat()
        return (
            f'<table:table-cell{attrs} office:value-type="date" office:date-value="{iso}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    lines = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell{attrs} office:value-type="string">{lines}</table:table-cell>'


def ods_content(book: Book) -> str:
    """content.xml: blank runs written with number-columns-repeated, the sheet padded with a long run of
    repeated empty rows at the end, merges as spans plus covered cells (as LibreOffice writes them)."""
    tables = []
    for name, grid in book.sheets().items():
        spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in book.merged(name)}
        covered = {
            (r, c)
            for r1, c1, r2, c2 in book.merged(name)
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
            if (r, c) != (r1, c1)
        }
        hidden = set(book.hidden(name))
        last_row = max((r for r, _ in [*grid, *covered]), default=0)
        last_col = max((c for _, c in [*grid, *covered]), default=1)
        rows = []
        for r in range(1, last_row + 1):
            cells = []
            blank_run = 0
            for c in range(1, last_col + 1):
                if (r, c) in covered:
                    if blank_run:
                        cells.append(f'<table:table-cell table:number-columns-repeated="{blank_run}"/>')
                        blank_run = 0
                    cells.append("<table:covered-table-cell/>")
                elif (r, c) in grid:
                    if blank_run:
                        cells.append(f'<table:table-cell table:number-columns-repeated="{blank_run}"/>')
                        blank_run = 0
                    cells.append(_ods_cell(grid[(r, c)], spans.get((r, c))))
                else:
                    blank_run += 1
            cells.append(f'<table:table-cell table:number-columns-repeated="{blank_run + 1000}"/>')
            visibility = ' table:visibility="collapse"' if r in hidden else ""
            rows.append(f"<table:table-row{visibility}>{''.join(cells)}</table:table-row>")
        rows.append(
            '<table:table-row table:number-rows-repeated="1048000">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
        tables.append(
            f"<table:table table:name={quoteattr(name)}>"
            f'<table:table-column table:number-columns-repeated="{last_col}"/>'
            f"{''.join(rows)}</table:table>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ODS_NS}>'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def write_ods(
    path: Path, book: Book | None = None, *, content: str | None = None, manifest: str = _MANIFEST
) -> Path:
    """The book as .ods (or the given content.xml), stored the way ODF asks: mimetype first, uncompressed."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "content.xml",
            content if content is not None else ods_content(book or Book()),
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


WRITERS: Mapping[str, Callable[[Path, Book], Path]] = {
    "xlsx": write_xlsx,
    "xls": write_xls,
    "ods": write_ods,
}


def write(tmp_path: Path, book: Book | None = None, fmt: str = "xlsx", name: str = "so-chi-tieu") -> Path:
    return WRITERS[fmt](tmp_path / f"{name}.{fmt}", book or Book())


# --------------------------------------------------------------------------- OLE compound files

_FREE, _END, _FAT = -1, -2, -3


def write_cfb(path: Path, streams: Sequence[tuple[str, bytes]]) -> Path:
    """A minimal OLE compound file (version 3) holding the given streams, each padded to 4096 bytes so
    that no mini-stream is needed. Excel stores encrypted .xlsx files this way (EncryptionInfo and
    EncryptedPackage streams); .xls files hold a Workbook stream."""
    sector = 512
    data_sectors: list[bytes] = []
    starts: list[int] = []
    sizes: list[int] = []
    chains: list[int] = []
    for _, content in streams:
        content = content.ljust(max(4096, len(content)), b"\0")
        count = -(-len(content) // sector)
        starts.append(len(data_sectors))
        sizes.append(len(content))
        for i in range(count):
            data_sectors.append(content[i * sector : (i + 1) * sector].ljust(sector, b"\0"))
            chains.append(len(data_sectors) if i < count - 1 else _END)
    entries = [("Root Entry", 5, _END, 0, 1 if streams else -1)]
    for index, (name, _) in enumerate(streams):
        entries.append((name, 2, starts[index], sizes[index], -1))
    directory = b""
    for index, (name, kind, start, size, child) in enumerate(entries):
        encoded = name.encode("utf-16-le") + b"\0\0"
        right = index + 1 if kind == 2 and index + 1 < len(entries) else -1
        directory += (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBiii", len(encoded), kind, 1, -1, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<iI", start, size)
            + b"\0" * 4
        )
    directory = directory.ljust(-(-len(directory) // sector) * sector, b"\0")
    dir_start = len(data_sectors)
    dir_count = len(directory) // sector
    chains += [dir_start + i + 1 if i < dir_count - 1 else _END for i in range(dir_count)]
    fat_count = 1
    while (len(chains) + fat_count) > fat_count * (sector // 4):
        fat_count += 1
    fat_start = dir_start + dir_count
    chains += [_FAT] * fat_count
    fat = b"".join(struct.pack("<i", v) for v in chains).ljust(fat_count * sector, b"\xff")
    difat = [fat_start + i for i in range(fat_count)] + [_FREE] * (109 - fat_count)
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<iiiiiiiii", 0, fat_count, dir_start, 0, 4096, _END, 0, _END, 0)
        + b"".join(struct.pack("<i", v) for v in difat)
    )
    path.write_bytes(header + b"".join(data_sectors) + directory + fat)
    return path
