""".xls (and other OLE compound files): xlrd with formatting_info; encrypted and non-Excel OLE files named.
"""

from __future__ import annotations

import io
from typing import Any

from nqreport.errors import WorkbookError
from nqreport.read.grid import CellRange, RawBook, RawCell, RawSheet, SheetFilter, format_digits, format_flags
from nqreport.read.zipsafe import MSG_CORRUPT, MSG_NOT_WORKBOOK, MSG_PASSWORD

# --------------------------------------------------------------------------- .xls and other OLE files


def load_cfb(data: bytes, wanted: SheetFilter) -> RawBook:
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
    merged = tuple(CellRange(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in sheet.merged_cells
                   if (rhi - rlo) * (chi - clo) > 1)
    hidden = frozenset(r + 1 for r, info in sheet.rowinfo_map.items() if getattr(info, "hidden", 0))
    return RawSheet(name, cells, merged, hidden)
