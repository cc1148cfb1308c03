"""The summary workbook (tổng hợp .xlsx): the communes × fields matrix, every indicator, the catalog totals.

Written with xlsxwriter with fixed document dates so the same inputs give the same bytes. A build writes
it row by row into a file (``constant_memory``: a country's 100,000 indicator rows never sit in memory,
each row of the indicator sheet made beforehand by the worker that evaluated the commune, see
:func:`indicator_rows`); :func:`summary_workbook_bytes` writes it in memory. Every text is written with
``write_string``: a commune or indicator name starting with "=" must stay text, never become a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from nqreport import __version__
from nqreport.aggregate import CommuneLine, CommuneReport, CrossCommune, StatusCounts, aggregate_communes
from nqreport.board import Board
from nqreport.config.catalog import AGGREGATION_LABELS, Aggregation, Catalog
from nqreport.config.settings import EvalSettings
from nqreport.render.board_sheet import write_board_sheet
from nqreport.render.sheets import fit_row, write_headers
from nqreport.schema import KIND_LABELS, PERIOD_LABELS, STATUS_LABELS, Status
from nqreport.totals import CatalogTotal, ValueBasis
from nqreport.wording.figures import percent_agrees
from nqreport.wording.numbers import format_number
from nqreport.wording.totals import gap, judged_on, plan_text, results_heading, total_notes
from nqreport.wording.verdicts import reason_text

SHEET_MATRIX = "Tổng hợp"
SHEET_CHART = "Biểu đồ"
SHEET_INDICATORS = "Chỉ tiêu"
SHEET_TOTALS = "Tổng cộng theo danh mục"
SHEET_SKIPPED = "Không tổng hợp"

#: Row (0-based) of the matrix header; communes start on the next row.
MATRIX_HEADER_ROW = 3

#: Excel's own "Good / Neutral / Bad" cell styles, which officials already read at a glance.
STATUS_COLORS: dict[Status, tuple[str, str]] = {
    Status.EXCEEDED: ("#A9D08E", "#1E4620"),
    Status.MET: ("#C6EFCE", "#006100"),
    Status.IN_PROGRESS: ("#FFEB9C", "#9C5700"),
    Status.NOT_MET: ("#FFC7CE", "#9C0006"),
    Status.NO_DATA: ("#D9D9D9", "#3F3F3F"),
}

#: The document date when no commune gives a cut-off date (any fixed date keeps the bytes stable).
FALLBACK_DATE = datetime(2000, 1, 1)

_MATRIX_TAIL = ("Tổng số chỉ tiêu", "Đạt và vượt", "Trong đó vượt", "Không đạt", "Đang thực hiện",
                "Chưa có số liệu", "Tỷ lệ đạt và vượt")

_INDICATOR_HEADERS: tuple[tuple[str, int], ...] = (
    ("Mã xã", 8), ("Tên xã", 16), ("Tỉnh", 12), ("Lĩnh vực", 20), ("Mã chỉ tiêu", 10), ("Tên chỉ tiêu", 48),
    ("Đơn vị tính", 12), ("Loại chỉ tiêu", 22), ("Kế hoạch", 12), ("Cận trên", 10), ("Hạn hoàn thành", 12),
    ("Thực hiện năm trước", 12), ("Cùng kỳ năm trước", 12), ("Thực hiện kỳ báo cáo", 12),
    ("Ước cả năm", 12), ("Ngày hoàn thành", 12), ("% kế hoạch", 10), ("Đánh giá", 15), ("Lý do", 60),
    ("Tệp", 24), ("Dòng", 7),
)


def met_share(counts: StatusCounts) -> Decimal | None:
    """Share of indicators met or exceeded, as a fraction (Excel shows it with a % format)."""
    if counts.total == 0:
        return None
    return Decimal(counts.met_or_exceeded) / Decimal(counts.total)


def commune_label(line: CommuneLine) -> str:
    """Names are not unique across provinces; the code makes a chart label unambiguous."""
    return f"{line.commune.name} ({line.commune.code})"


def document_date(lines: Sequence[CommuneLine]) -> datetime:
    """The latest data cut-off date: fixed by the inputs, so rebuilding gives the same bytes."""
    cutoffs = [line.commune.cutoff for line in lines if line.commune.cutoff is not None]
    if not cutoffs:
        return FALLBACK_DATE
    latest = max(cutoffs)
    return datetime(latest.year, latest.month, latest.day)


#: One row of the indicator sheet: its 21 cells (None where empty), the status in the verdict's cell.
IndicatorRow = tuple[Any, ...]

#: Columns of :data:`IndicatorRow`.
_TEXT_COLUMNS = range(8)
_NUMBER_COLUMNS = (8, 9, 11, 12, 13, 14)
_DATE_COLUMNS = (10, 15)
_PERCENT, _STATUS, _REASON, _FILE, _ROW = 16, 17, 18, 19, 20
#: The columns whose text wraps (the indicator's name, the reason of its verdict).
_WRAPPED = (5, _REASON)


def indicator_rows(report: CommuneReport, settings: EvalSettings) -> list[IndicatorRow]:
    """The commune's rows of the indicator sheet, as plain values: a worker makes them, the parent only
    writes them."""
    commune = report.data.commune
    places = settings.percent_places
    rows = []
    for item in report.indicators:
        ind, ev = item.indicator, item.evaluation
        day = [None if d is None else datetime(d.year, d.month, d.day) for d in (ind.deadline, ind.completed_on)]
        pct = ev.percent_of_plan  # not where "100,0%" would stand next to "Không đạt" (the reason says why)
        shown = float(pct / 100) if pct is not None and percent_agrees(pct, ev.status, places) else None
        source = ind.source
        rows.append((
            commune.code, commune.name, commune.province, ind.field, ind.code, ind.name, ind.unit,
            KIND_LABELS[ind.kind], _float(ind.target), _float(ind.target_max), day[0], _float(ind.baseline),
            _float(ind.same_period_last_year), _float(ind.result), _float(ind.estimate), day[1], shown, ev.status,
            reason_text(ind, ev, settings), source.file if source else report.data.path,
            source.row if source is not None else None))
    return rows


def forget_written_rows(sheet: Any) -> None:
    """Let xlsxwriter forget the height of the rows it has written out. With ``constant_memory`` a row is
    written as soon as a later one is started and can no longer change, but its height stays in the
    sheet's tables until the workbook goes (20 MB for a country's 150,000 rows). The file is the same
    (test); in memory (``in_memory``) nothing is written before the end, and nothing is forgotten."""
    if not getattr(sheet, "constant_memory", False):
        return
    written = sheet.previous_row
    for table in (sheet.row_info, sheet.row_sizes):
        for row in [row for row in table if row < written]:
            del table[row]


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class SummaryWorkbook:
    """The summary workbook, written sheet by sheet: the matrix and the chart from the communes' lines when
    opened, then the indicator rows as they come (:meth:`add_rows`), then the catalog totals once they are
    folded (:meth:`close`)."""

    def __init__(self, target: Path | io.BytesIO, cross: CrossCommune, skipped: Sequence[tuple[str, str]],
                 settings: EvalSettings, board: Board | None = None) -> None:
        self.cross = cross
        self.board = board
        self.skipped = skipped
        self.settings = settings
        self.places = settings.percent_places
        self.results_heading = results_heading(cross.communes)
        options: dict[str, Any] = {"in_memory": True} if isinstance(target, io.BytesIO) else {
            "constant_memory": True, "tmpdir": str(target.parent)}
        self.book = xlsxwriter.Workbook(target, {
            **options,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            # Cells written without a format (most of the indicator sheet) take the font too.
            "default_format_properties": {"font_name": "Times New Roman", "font_size": 11, "valign": "top"},
        })
        created = document_date(cross.communes)
        self.book.set_properties({
            "title": "Tổng hợp kết quả thực hiện chỉ tiêu",
            "author": "nqreport",
            "comments": f"nqreport {__version__}",
            "created": created,
        })
        self.formats = self._formats()
        self.matrix_sheet()
        self.chart_sheet()
        self.indicators = self.book.add_worksheet(SHEET_INDICATORS)
        self.indicator_header()
        self.row = 0

    def _formats(self) -> dict[str, Any]:
        book = self.book
        base = {"font_name": "Times New Roman", "font_size": 11, "valign": "top"}
        formats: dict[str, Any] = {
            "title": book.add_format({**base, "bold": True, "font_size": 14}),
            "subtitle": book.add_format({**base, "italic": True}),
            "header": book.add_format({**base, "bold": True, "text_wrap": True, "align": "center",
                                       "valign": "vcenter", "border": 1, "bg_color": "#DDEBF7"}),
            "text": book.add_format({**base, "border": 1}),
            "wrap": book.add_format({**base, "border": 1, "text_wrap": True}),
            "number": book.add_format({**base, "border": 1}),
            "int": book.add_format({**base, "border": 1, "num_format": "0"}),
            "percent": book.add_format({**base, "border": 1, "num_format": "0.0%"}),
            "date": book.add_format({**base, "border": 1, "num_format": "dd/mm/yyyy"}),
            "total_text": book.add_format({**base, "border": 1, "bold": True}),
            "total_int": book.add_format({**base, "border": 1, "bold": True, "num_format": "0"}),
            "total_percent": book.add_format({**base, "border": 1, "bold": True, "num_format": "0.0%"}),
            "center": book.add_format({**base, "border": 1, "align": "center"}),
        }
        formats["plain_wrap"] = book.add_format({**base, "text_wrap": True})
        formats["plain_bold"] = book.add_format({**base, "bold": True})
        formats["plain_date"] = book.add_format({**base, "num_format": "dd/mm/yyyy"})
        formats["plain_percent"] = book.add_format({**base, "num_format": _decimals(self.places) + "%"})
        for status, (fill, font) in STATUS_COLORS.items():
            formats[f"plain:{status.value}"] = book.add_format(
                {**base, "align": "center", "bg_color": fill, "font_color": font})
            formats[f"status:{status.value}"] = book.add_format(
                {**base, "border": 1, "align": "center", "bg_color": fill, "font_color": font})
            formats[f"total:{status.value}"] = book.add_format(
                {**base, "border": 1, "align": "center", "bold": True, "bg_color": fill, "font_color": font})
        return formats

    def status_format(self, status: Status | None, *, total: bool = False) -> Any:
        if status is None:
            return self.formats["total_text" if total else "center"]
        return self.formats[f"{'total' if total else 'status'}:{status.value}"]

    @staticmethod
    def _print_setup(sheet: Any, *, header_row: int, fit: bool = True) -> None:
        """A4 landscape, as wide as one page, headers repeated: the sheets get printed for meetings. The
        indicator sheet (21 columns) would print unreadably small at one page wide: it is not fitted."""
        sheet.set_paper(9)
        sheet.set_landscape()
        if fit:
            sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(header_row)

    # ------------------------------------------------------------------ sheets

    def add_rows(self, rows: Iterable[IndicatorRow]) -> None:
        """One commune's rows of the indicator sheet, in the order of the communes."""
        for values in rows:
            self.row += 1
            self._indicator_row(self.row, values)
        forget_written_rows(self.indicators)

    def close(self, totals: tuple[CatalogTotal, ...]) -> None:
        """The totals sheet from the folded ``totals``, the skipped workbooks, and the file written."""
        self._indicators_end()
        self.totals_sheet(totals)
        if self.skipped:
            self.skipped_sheet()
        if self.board is not None and self.board.expects:
            write_board_sheet(self.book, self.formats, self.board)
        self.book.close()

    def period_line(self) -> str:
        seen: dict[str, None] = {}
        for line in self.cross.communes:
            year = line.commune.year
            label = f"năm {year}" if line.period.is_year else f"{PERIOD_LABELS[line.period]} năm {year}"
            seen.setdefault(label, None)
        periods = "; ".join(seen) if seen else "không có xã nào"
        return f"Kỳ báo cáo: {periods}. Số xã tổng hợp: {len(self.cross.communes)}."

    def matrix_sheet(self) -> None:
        sheet = self.book.add_worksheet(SHEET_MATRIX)
        fmt = self.formats
        fields = self.cross.fields
        sheet.write_string(0, 0, "TỔNG HỢP KẾT QUẢ THỰC HIỆN CHỈ TIÊU THEO XÃ VÀ LĨNH VỰC", fmt["title"])
        sheet.write_string(1, 0, self.period_line() + " Mỗi ô: số chỉ tiêu đạt và vượt / tổng số chỉ tiêu "
                           "của lĩnh vực; màu theo đánh giá kém nhất trong ô.", fmt["subtitle"])
        headers = ["STT", "Mã xã", "Tên xã", "Tỉnh", *fields, *_MATRIX_TAIL]
        widths = [5, 8, 18, 14, *(14 for _ in fields), 10, 10, 10, 10, 12, 12, 12]
        header = MATRIX_HEADER_ROW
        write_headers(sheet, header, zip(headers, widths, strict=True), fmt["header"], 45)
        first_tail = 4 + len(fields)
        row = header
        for number, line in enumerate(self.cross.communes, start=1):
            row = header + number
            commune = line.commune
            sheet.write_number(row, 0, number, fmt["int"])
            sheet.write_string(row, 1, commune.code, fmt["text"])
            sheet.write_string(row, 2, commune.name, fmt["text"])
            sheet.write_string(row, 3, commune.province, fmt["text"])
            for offset, field in enumerate(fields):
                counts = self.cross.matrix[(commune.code, field)]
                self._matrix_cell(sheet, row, 4 + offset, counts, total=False)
            self._tail(sheet, row, first_tail, line.counts, total=False)
        last_commune_row = row
        total_row = last_commune_row + 1
        for col in (0, 1, 3):
            sheet.write_blank(total_row, col, None, fmt["total_text"])
        sheet.write_string(total_row, 2, "Tổng cộng", fmt["total_text"])
        for offset, field in enumerate(fields):
            self._matrix_cell(sheet, total_row, 4 + offset, self.cross.field_counts(field), total=True)
        self._tail(sheet, total_row, first_tail, self.cross.counts, total=True)
        if self.cross.communes:
            sheet.autofilter(header, 0, last_commune_row, len(headers) - 1)
        sheet.freeze_panes(header + 1, 3)
        self._print_setup(sheet, header_row=header)
        self._legend(sheet, total_row + 2)

    def _matrix_cell(self, sheet: Any, row: int, col: int, counts: StatusCounts, *, total: bool) -> None:
        if counts.total == 0:
            sheet.write_blank(row, col, None, self.formats["total_text" if total else "center"])
            return
        sheet.write_string(row, col, counts.share, self.status_format(counts.worst(), total=total))

    def _tail(self, sheet: Any, row: int, col: int, counts: StatusCounts, *, total: bool) -> None:
        int_fmt = self.formats["total_int" if total else "int"]
        for offset, value in enumerate((counts.total, counts.met_or_exceeded, counts.exceeded, counts.not_met,
                                        counts.in_progress, counts.no_data)):
            sheet.write_number(row, col + offset, value, int_fmt)
        share = met_share(counts)
        pct_fmt = self.formats["total_percent" if total else "percent"]
        if share is None:
            sheet.write_blank(row, col + 6, None, pct_fmt)
        else:
            sheet.write_number(row, col + 6, float(share), pct_fmt)

    def _legend(self, sheet: Any, row: int) -> None:
        sheet.write_string(row, 2, "Chú giải màu:", self.formats["total_text"])
        meaning = {
            Status.EXCEEDED: "tất cả chỉ tiêu vượt kế hoạch",
            Status.MET: "tất cả chỉ tiêu đạt hoặc vượt",
            Status.IN_PROGRESS: "có chỉ tiêu đang thực hiện",
            Status.NO_DATA: "có chỉ tiêu chưa có số liệu",
            Status.NOT_MET: "có chỉ tiêu không đạt",
        }
        for offset, (status, text) in enumerate(meaning.items(), start=1):
            sheet.write_string(row + offset, 2, STATUS_LABELS[status], self.status_format(status))
            sheet.write_string(row + offset, 3, text)

    def chart_sheet(self) -> None:
        sheet = self.book.add_worksheet(SHEET_CHART)
        fmt = self.formats
        write_headers(sheet, 0, (("Xã", 26), ("Tỷ lệ chỉ tiêu đạt và vượt", 14)), fmt["header"], 32)
        self._print_setup(sheet, header_row=0)
        count = len(self.cross.communes)
        for row, line in enumerate(self.cross.communes, start=1):
            sheet.write_string(row, 0, commune_label(line), fmt["text"])
            share = met_share(line.counts)
            if share is None:
                sheet.write_blank(row, 1, None, fmt["percent"])
            else:
                sheet.write_number(row, 1, float(share), fmt["percent"])
        if count == 0:
            return
        chart = self.book.add_chart({"type": "bar"})
        chart.add_series({
            "name": "Tỷ lệ chỉ tiêu đạt và vượt",
            "categories": [SHEET_CHART, 1, 0, count, 0],
            "values": [SHEET_CHART, 1, 1, count, 1],
            "fill": {"color": "#548235"},
            "data_labels": {"value": True, "num_format": "0.0%"},
        })
        chart.set_title({"name": "Tỷ lệ chỉ tiêu đạt và vượt kế hoạch theo xã"})
        chart.set_legend({"none": True})
        # In a bar chart xlsxwriter's x axis is the horizontal value axis and y the category axis.
        chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}})
        chart.set_y_axis({"reverse": True})
        height = min(max(320, 100 + 24 * count), 20000)
        chart.set_size({"width": 720, "height": height})
        sheet.insert_chart(0, 3, chart)

    def indicator_header(self) -> None:
        write_headers(self.indicators, 0, _INDICATOR_HEADERS, self.formats["header"], 32)

    def _indicators_end(self) -> None:
        sheet = self.indicators
        sheet.autofilter(0, 0, max(self.row, 1), len(_INDICATOR_HEADERS) - 1)
        sheet.freeze_panes(1, 3)
        self._print_setup(sheet, header_row=0, fit=False)

    def _indicator_row(self, row: int, values: IndicatorRow) -> None:
        """One indicator. This sheet holds tens of thousands of rows for a province, so it has no borders
        and writes no blank cell: xlsxwriter's cost is per cell written (about 10 µs)."""
        sheet, fmt = self.indicators, self.formats
        fit_row(sheet, row, ((values[col] or "", _INDICATOR_HEADERS[col][1]) for col in _WRAPPED))
        for col in _TEXT_COLUMNS:
            if values[col]:
                sheet.write_string(row, col, values[col], fmt["plain_wrap"] if col in _WRAPPED else None)
        for col in _NUMBER_COLUMNS:
            if values[col] is not None:
                sheet.write_number(row, col, values[col])
        for col in _DATE_COLUMNS:
            if values[col] is not None:
                sheet.write_datetime(row, col, values[col], fmt["plain_date"])
        if values[_PERCENT] is not None:
            sheet.write_number(row, _PERCENT, values[_PERCENT], fmt["plain_percent"])
        status: Status = values[_STATUS]
        sheet.write_string(row, _STATUS, STATUS_LABELS[status], fmt[f"plain:{status.value}"])
        sheet.write_string(row, _REASON, values[_REASON], fmt["plain_wrap"])
        sheet.write_string(row, _FILE, values[_FILE])
        if values[_ROW] is not None:
            sheet.write_number(row, _ROW, values[_ROW])

    def _num(self, sheet: Any, row: int, col: int, value: Decimal | None, style: str = "number") -> None:
        if value is None:
            sheet.write_blank(row, col, None, self.formats[style])
        else:
            sheet.write_number(row, col, float(value), self.formats[style])

    def _rate_style(self, places: int) -> str:
        name = f"rate:{places}"
        if name not in self.formats:
            self.formats[name] = self.book.add_format({"font_name": "Times New Roman", "font_size": 11,
                                                       "valign": "top", "border": 1,
                                                       "num_format": _decimals(places)})
        return name

    def totals_sheet(self, totals: tuple[CatalogTotal, ...]) -> None:
        sheet = self.book.add_worksheet(SHEET_TOTALS)
        fmt = self.formats
        # The period's results and the year's estimates in two columns, as in the commune appendix;
        # "Tổng thực hiện" held one or the other depending on the kind of total.
        headers = (("Mã chỉ tiêu", 10), ("Tên chỉ tiêu", 44), ("Đơn vị tính", 12), ("Lĩnh vực", 20),
                   ("Cách tổng hợp", 22), (self.results_heading, 14), ("Ước cả năm", 14), ("Tổng kế hoạch", 14),
                   ("Tổng tử số", 12), ("Tổng mẫu số", 12), ("Đánh giá", 15), ("Đánh giá trên", 16),
                   ("Số xã có số liệu", 10), ("Xã thiếu số liệu", 40), ("Xã không cộng vì khác đơn vị tính", 40),
                   ("Kế hoạch như Nghị quyết", 16), ("Ghi chú", 40))
        write_headers(sheet, 0, headers, fmt["header"], 32)
        counted = [total for total in totals if total.counted]
        for row, total in enumerate(counted, start=1):
            self._total_row(sheet, row, total)
        sheet.autofilter(0, 0, max(len(counted), 1), len(headers) - 1)
        sheet.freeze_panes(1, 2)
        self._print_setup(sheet, header_row=0)
        self._uncounted(sheet, len(counted) + 2, totals)

    def _uncounted(self, sheet: Any, row: int, totals: tuple[CatalogTotal, ...]) -> None:
        """Totals no commune contributes to: named under the table, not as rows of 0 communes."""
        uncounted = [total for total in totals if not total.counted]
        if not uncounted:
            return
        fmt = self.formats
        sheet.write_string(row, 1, "Chưa tổng hợp được (chưa xã nào đủ số liệu):", fmt["plain_bold"])
        for offset, total in enumerate(uncounted, start=1):
            entry = total.entry
            fit_row(sheet, row + offset, ((entry.name, 44),))
            sheet.write_string(row + offset, 0, entry.code)
            sheet.write_string(row + offset, 1, entry.name, fmt["plain_wrap"])
            sheet.write_string(row + offset, 2, entry.unit)
            sheet.write_string(row + offset, 3, entry.field)
            sheet.write_string(row + offset, 4, f"Các xã {gap(total)}: {', '.join(total.missing or total.unit_mismatch)}")

    def _total_row(self, sheet: Any, row: int, total: CatalogTotal) -> None:
        fmt = self.formats
        entry = total.entry
        # a mixed sum is in neither figure column: its figure goes with the words
        judged = "" if total.status is None else judged_on(total) if total.value_basis is not ValueBasis.MIXED \
            else f"tổng {format_number(total.value)}: {judged_on(total)}"
        missing, mismatch = ", ".join(total.missing), ", ".join(total.unit_mismatch)
        note = "; ".join(total_notes(total, self.results_heading, gaps=False, judged=False))
        fit_row(sheet, row, ((entry.name, 44), (judged, 16), (missing, 40), (mismatch, 40), (note, 40)))
        for col, text in enumerate((entry.code, entry.name, entry.unit, entry.field,
                                    AGGREGATION_LABELS[entry.aggregation])):
            sheet.write_string(row, col, text, fmt["wrap" if col == 1 else "text"])
        # A recomputed rate has 28 decimals: shown to one, or to as many as its verdict needs, like the
        # reports (the cell keeps the full value).
        rate_style = "number"
        if entry.aggregation is Aggregation.RATIO:
            rate_style = self._rate_style(total.places if total.places is not None else self.places)
        ratio = entry.aggregation is Aggregation.RATIO
        self._num(sheet, row, 5, total.value if ratio else total.period_result, rate_style)
        self._num(sheet, row, 6, total.estimate, rate_style)  # a rate's: the communes' estimates, weighted
        self._num(sheet, row, 7, total.target, rate_style)
        self._num(sheet, row, 8, total.numerator)
        self._num(sheet, row, 9, total.denominator)
        if total.status is None:
            sheet.write_blank(row, 10, None, fmt["center"])
            sheet.write_blank(row, 11, None, fmt["text"])
        else:
            sheet.write_string(row, 10, STATUS_LABELS[total.status], self.status_format(total.status))
            sheet.write_string(row, 11, judged, fmt["wrap"])
        sheet.write_number(row, 12, len(total.communes), fmt["int"])
        sheet.write_string(row, 13, missing, fmt["wrap"])
        sheet.write_string(row, 14, mismatch, fmt["wrap"])
        # "giảm 5%", not the bare 5 of the number column next to 29 vụ; why a total has no verdict, and
        # who each figure column leaves out
        sheet.write_string(row, 15, plan_text(total, self.places), fmt["text"])
        sheet.write_string(row, 16, note, fmt["wrap"])

    def skipped_sheet(self) -> None:
        sheet = self.book.add_worksheet(SHEET_SKIPPED)
        fmt = self.formats
        write_headers(sheet, 0, (("Tệp", 36), ("Lý do không tổng hợp", 90)), fmt["header"])
        for row, (file, reason) in enumerate(self.skipped, start=1):
            fit_row(sheet, row, ((reason, 90),))
            sheet.write_string(row, 0, file, fmt["text"])
            sheet.write_string(row, 1, reason, fmt["wrap"])


def _decimals(places: int) -> str:
    """Excel's number format for ``places`` decimals: "0", "0.0", "0.00"…"""
    return "0." + "0" * places if places else "0"


def summary_workbook_bytes(reports: Sequence[CommuneReport], catalog: Catalog,
                           skipped: Sequence[tuple[str, str]] = (),
                           settings: EvalSettings = EvalSettings()) -> bytes:  # noqa: B008 - frozen
    """The summary workbook of ``reports``, in memory; ``skipped`` lists (file, reason) of the workbooks left
    out, and ``settings`` say how many decimals percentages show (nqreport.toml, [evaluation]
    percent_places)."""
    cross = aggregate_communes(reports, catalog, settings)
    buffer = io.BytesIO()
    writer = SummaryWorkbook(buffer, cross, skipped, settings)
    for report in reports:
        writer.add_rows(indicator_rows(report, settings))
    writer.close(cross.totals)
    return buffer.getvalue()
