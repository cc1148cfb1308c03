""".ods: content.xml read with lxml, repeated rows and columns expanded up to the sheet limits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from nqreport.errors import WorkbookError
from nqreport.read.grid import (
    MAX_CELLS,
    MAX_COLS,
    MAX_ROWS,
    CellRange,
    CellValue,
    RawBook,
    RawCell,
    RawSheet,
    SheetFilter,
    in_sheet,
    iso_datetime,
    too_many_cells,
)
from nqreport.read.zipsafe import MSG_CORRUPT, MSG_PASSWORD, Parts, Xml

# --------------------------------------------------------------------------- .ods

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_NUMBER = "{urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0}"
_ODS_ROW_CONTAINERS = frozenset(
    {f"{_TABLE}table-header-rows", f"{_TABLE}table-row-group", f"{_TABLE}table-rows"}
)


def load_ods(parts: Parts, wanted: SheetFilter) -> RawBook:
    manifest = parts.get("META-INF/manifest.xml") or b""
    if b"encryption-data" in manifest:
        raise WorkbookError(MSG_PASSWORD)
    content = parts.get("content.xml")
    if content is None:
        raise WorkbookError(MSG_CORRUPT)
    xml = Xml()
    root = xml.parse(content)
    styles = parts.get("styles.xml")
    digits = _padded_styles([root] + ([xml.parse(styles)] if styles is not None else []))
    spreadsheet = root.find(f"{_OFFICE}body/{_OFFICE}spreadsheet")
    names: list[str] = []
    sheets: dict[str, RawSheet] = {}
    if spreadsheet is not None:
        for table in spreadsheet.iterchildren(f"{_TABLE}table"):
            name = table.get(f"{_TABLE}name") or ""
            names.append(name)
            if wanted(name):
                sheets[name] = _ods_table(name, table, digits)
    return RawBook("ods", tuple(names), sheets)


def _padded_styles(roots: list[Any]) -> dict[str, int]:
    """Cell style name → the digits whole numbers are padded to (a "00000" format shows 6004 as 06004),
    for the styles that pad; read from the document's own styles and the shared ones."""
    padded: dict[str, int] = {}
    for root in roots:
        for style in root.iter(f"{_NUMBER}number-style"):
            numbers = list(style.iter(f"{_NUMBER}number"))
            if len(numbers) != 1 or numbers[0].get(f"{_NUMBER}decimal-places", "0") != "0":
                continue
            try:
                padded[style.get(f"{_STYLE}name") or ""] = int(numbers[0].get(f"{_NUMBER}min-integer-digits") or 0)
            except ValueError:
                continue
    cells: dict[str, int] = {}
    for root in roots:
        for style in root.iter(f"{_STYLE}style"):
            data = style.get(f"{_STYLE}data-style-name")
            if style.get(f"{_STYLE}family") == "table-cell" and data in padded:
                cells[style.get(f"{_STYLE}name") or ""] = padded[data]
    return cells


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


def _ods_table(name: str, table: Any, digits: dict[str, int]) -> RawSheet:
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
                raw = _ods_cell(cell, digits)
                if raw is not None:
                    content.extend((col_no + k, raw) for k in range(min(col_repeat, MAX_COLS - col_no + 1)))
                    row_span = _count(cell, f"{_TABLE}number-rows-spanned")
                    col_span = _count(cell, f"{_TABLE}number-columns-spanned")
                    if row_span > 1 or col_span > 1:
                        spans.append(CellRange(row_no, col_no, row_no + row_span - 1, col_no + col_span - 1))
            col_no += col_repeat
        if content:
            if len(cells) + len(content) * repeat > MAX_CELLS:
                raise WorkbookError(in_sheet(name, too_many_cells(len(cells) + len(content) * repeat)))
            merged.extend(spans)
            for k in range(min(repeat, MAX_ROWS - row_no + 1)):
                for col, raw in content:
                    cells[(row_no + k, col)] = raw
                if is_hidden:
                    hidden.add(row_no + k)
        row_no += repeat
    return RawSheet(name, cells, tuple(merged), frozenset(hidden))


def _ods_cell(cell: Any, digits: dict[str, int]) -> RawCell | None:
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
        padded = digits.get(cell.get(f"{_TABLE}style-name") or "", 0)
        return RawCell(number, percent=value_type == "percentage", digits=padded)
    if value_type == "date":
        return RawCell(iso_datetime(cell.get(f"{_OFFICE}date-value") or ""))
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


