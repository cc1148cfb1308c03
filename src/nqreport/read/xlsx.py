""".xlsx/.xlsm: the workbook, shared strings, styles and the wanted sheets' XML, read directly with lxml.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from nqreport.errors import WorkbookError
from nqreport.read.grid import (
    BUILTIN_DATE,
    BUILTIN_PERCENT,
    MAX_CELLS,
    MAX_SHEET_BYTES,
    CellRange,
    CellValue,
    RawBook,
    RawCell,
    RawSheet,
    SheetFilter,
    bad_reference,
    format_digits,
    format_flags,
    in_sheet,
    iso_datetime,
    sheet_row,
    split_ref,
    too_large_sheet,
    too_many_cells,
)
from nqreport.read.zipsafe import MSG_CORRUPT, Parts, Xml, local_name, namespace

# --------------------------------------------------------------------------- .xlsx


_REL_TYPE_TAIL = re.compile(r"/(officeDocument|worksheet|sharedStrings|styles|chartsheet|dialogsheet)$")


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _relationships(parts: Parts, source: str, xml: Xml | None = None) -> dict[str, tuple[str, str]]:
    """Relationship id → (type tail, target part name) for a part ("" for the package)."""
    content = parts.get(_rels_path(source) if source else "_rels/.rels")
    if content is None:
        return {}
    root = (xml or Xml()).parse(content)
    base = posixpath.dirname(source)
    result: dict[str, tuple[str, str]] = {}
    for rel in root:
        if local_name(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target") or ""
        match = _REL_TYPE_TAIL.search(rel.get("Type") or "")
        if target.startswith("/"):
            full = target.lstrip("/")
        else:
            full = posixpath.normpath(posixpath.join(base, target))
        result[rel.get("Id") or ""] = (match.group(1) if match else "", full)
    return result


def office_document(parts: Parts) -> str:
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


def load_xlsx(parts: Parts, workbook_part: str, wanted: SheetFilter) -> RawBook:
    xml = Xml()
    root = xml.parse(parts.get(workbook_part) or b"")
    ns = namespace(root.tag)
    rels = _relationships(parts, workbook_part, xml)
    date1904 = False
    full_calc = False
    listed: list[tuple[str, str]] = []
    for child in root:
        local = local_name(child.tag)
        if local == "workbookPr":
            date1904 = child.get("date1904") in ("1", "true")
        elif local == "calcPr":
            full_calc = child.get("fullCalcOnLoad") in ("1", "true")
        elif local == "sheets":
            for sheet in child:
                rel_id = next((v for k, v in sheet.attrib.items() if local_name(k) == "id"), "")
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
        if len(content) > MAX_SHEET_BYTES:  # parsed whole, it would take ten times as much memory
            raise WorkbookError(too_large_sheet(name, len(content)))
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
        local = local_name(child.tag)
        if local == "t":
            pieces.append(child.text or "")
        elif local == "r":
            pieces.extend(t.text or "" for t in child if local_name(t.tag) == "t")
    return _unescape("".join(pieces))


def _shared_strings(root: Any) -> list[str]:
    strings = []
    for si in root:
        if len(si) == 1 and local_name(si[0].tag) == "t":  # plain text, by far the most common
            strings.append(_unescape(si[0].text or ""))
        elif local_name(si.tag) == "si":
            strings.append(_rich_text(si))
    return strings


def _styles(root: Any) -> list[_Style]:
    custom: dict[int, str] = {}
    xfs: list[_Style] = []
    for child in root:
        local = local_name(child.tag)
        if local == "numFmts":
            for fmt in child:
                try:
                    custom[int(fmt.get("numFmtId") or "")] = fmt.get("formatCode") or ""
                except ValueError:
                    continue
    for child in root:
        if local_name(child.tag) != "cellXfs":
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
                percent, is_date = fmt_id in BUILTIN_PERCENT, fmt_id in BUILTIN_DATE
            xfs.append(_Style(percent, is_date, digits))
    return xfs


_PLAIN = _Style(False, False)


def _serial_date(serial: float, epoch: datetime) -> datetime | float:
    if not 0 <= serial < 2_958_466:  # beyond 31/12/9999: not a date
        return serial
    return epoch + timedelta(milliseconds=round(serial * 86_400_000))


def _xlsx_sheet(
    name: str, root: Any, ns: str, strings: list[str], styles: list[_Style], full_calc: bool, epoch: datetime
) -> RawSheet:
    q = f"{{{ns}}}" if ns else ""
    v_tag, f_tag, is_tag = f"{q}v", f"{q}f", f"{q}is"
    cells: dict[tuple[int, int], RawCell] = {}
    hidden: set[int] = set()
    merged: list[CellRange] = []
    for section in root:
        local = local_name(section.tag)
        if local == "mergeCells":
            for merge in section:
                bounds = _range(merge.get("ref") or "")
                if bounds is not None:
                    merged.append(bounds)
        elif local == "sheetData":
            try:
                _sheet_data(section, q, cells, hidden, lambda cell, kind, style: _xlsx_cell(
                    cell, kind, style, strings, full_calc, epoch, v_tag, f_tag, is_tag), styles)
            except WorkbookError as exc:
                raise WorkbookError(in_sheet(name, exc.message)) from None
    return RawSheet(name, cells, tuple(merged), frozenset(hidden))


def _sheet_data(data: Any, q: str, cells: dict[tuple[int, int], RawCell], hidden: set[int],
                read: Any, styles: list[_Style]) -> None:
    """The cells with content, found by lxml in C (a prepared sheet is mostly empty formatted cells); the
    rows walked one by one only when some cell lacks its reference."""
    ns = {"m": q[1:-1]} if q else None
    prefix = "m:" if q else ""
    if data.xpath(f"boolean({prefix}row/{prefix}c[not(@r)] | {prefix}row[not(@r)])", namespaces=ns):
        _walk_rows(data, q, cells, hidden, read, styles)
        return
    for row in data.xpath(f"{prefix}row[@hidden='1' or @hidden='true']/@r", namespaces=ns):
        hidden.add(sheet_row(row))
    found = data.xpath(f"{prefix}row/{prefix}c[*]", namespaces=ns)
    if len(found) > MAX_CELLS:
        raise WorkbookError(too_many_cells(len(found)))
    for cell in found:
        ref = cell.get("r")
        try:
            cell_row, col_no = split_ref(ref)
        except ValueError:
            raise WorkbookError(bad_reference(ref)) from None
        raw = read(cell, cell.get("t") or "n", _style(styles, cell.get("s")))
        if raw is not None:
            cells[(cell_row, col_no)] = raw


def _style(styles: list[_Style], index: str | None) -> _Style:
    if not index:
        return _PLAIN
    try:
        return styles[int(index)]
    except (ValueError, IndexError):
        return _PLAIN


def _walk_rows(data: Any, q: str, cells: dict[tuple[int, int], RawCell], hidden: set[int], read: Any,
               styles: list[_Style]) -> None:
    row_no = 0
    for row in data.iterchildren(f"{q}row"):
        r_attr = row.get("r")
        row_no = sheet_row(r_attr) if r_attr else row_no + 1
        if row.get("hidden") in ("1", "true"):
            hidden.add(row_no)
        for cell in row.iterchildren(f"{q}c"):
            if not len(cell):  # blank (perhaps formatted): most cells of a prepared sheet
                continue
            ref = cell.get("r")
            try:
                cell_row, col_no = split_ref(ref) if ref else (row_no, _column_without_ref(cell))
            except ValueError:
                raise WorkbookError(bad_reference(ref)) from None
            raw = read(cell, cell.get("t") or "n", _style(styles, cell.get("s")))
            if raw is not None:
                cells[(cell_row, col_no)] = raw
                if len(cells) > MAX_CELLS:
                    raise WorkbookError(too_many_cells(len(cells)))


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
        value = iso_datetime(text or "")
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


