"""The context handed to Word templates, built purely from evaluated reports.

The names are the contract of :mod:`nqreport.render.contract`. Values are plain: ``str``, ``int`` (years,
counts), ``Decimal`` (figures, printed "1.306" / "2,52" by the renderer), ``date`` (printed 18/12/2025, or
long with ``|ngay``), lists, and dicts for groups. No key is named like a dict method (``items``,
``keys``, ``values``…): Jinja would find the method instead. Percentages are rounded half-up here to
``percent_places``; everything else keeps its exact value; every sentence comes from
:mod:`nqreport.wording`. Pure functions: no I/O, no clock.

Given a :class:`~nqreport.render.trace.Tracer`, the same context is built from traced copies
(:mod:`nqreport.render.sources`): the values compare and print the same, and every figure carries the
mark of its origin, so that the rendered report can say where each printed number comes from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, overload

from nqreport.aggregate import CommuneLine, CommuneReport, CrossCommune, StatusCounts
from nqreport.board import Board
from nqreport.config.catalog import AGGREGATION_LABELS, Aggregation
from nqreport.config.settings import EvalSettings, Settings
from nqreport.evaluate import EvaluatedIndicator, Evaluation
from nqreport.marks import mark_of
from nqreport.model import Assessment, Source
from nqreport.render.filters import PERCENT_PLACES_KEY, STATUS_CODES, giu_lien, roman
from nqreport.render.sources import (
    Counted,
    TracedCommune,
    period_origin,
    setting_ref,
    status_rows,
    traced_counts,
    traced_indicator,
    traced_settings,
    traced_total,
    traced_total_reason,
)
from nqreport.render.summary_sources import SummarySources
from nqreport.render.trace import NO_TRACE, Origin, Tracer, cell_ref, has_digit
from nqreport.schema import KIND_LABELS, PERIOD_LABELS, STATUS_LABELS, Kind, Period, Status
from nqreport.text import clean, clean_lines, match_key
from nqreport.totals import CatalogTotal, ValueBasis
from nqreport.wording.counts import counts_sentence, lower_first
from nqreport.wording.documents import (
    and_list,
    body_in_capitals,
    body_symbol,
    number_line,
    period_phrase,
    recipient,
    resolution_phrase,
)
from nqreport.wording.figures import percent_agrees, target_text
from nqreport.wording.numbers import round_half_up
from nqreport.wording.sentences import indicator_sentence
from nqreport.wording.totals import (
    gap,
    judged_on,
    plan_text,
    results_heading,
    total_notes,
    total_reason,
    uncounted_sentence,
)
from nqreport.wording.verdicts import reason_text


def counts_dict(counts: StatusCounts, trace: Tracer = NO_TRACE) -> dict[str, Any]:
    return {
        "tong": counts.total,
        "vuot": counts.exceeded,
        "dat": counts.met,
        "dat_va_vuot": counts.met_or_exceeded,
        "khong_dat": counts.not_met,
        "dang_thuc_hien": counts.in_progress,
        "chua_co_so_lieu": counts.no_data,
        "cau": trace.sentence(lower_first(counts_sentence(counts).rstrip("."))),
    }


def _rounded(value: Decimal | None, places: int) -> Decimal | None:
    return None if value is None else round_half_up(value, places)


def _shown_percent(ev: Evaluation, places: int) -> Decimal | None:
    """Percent of plan for a table cell; blank where "100,0%" would stand next to "Không đạt"."""
    pct = ev.percent_of_plan
    return _rounded(pct, places) if pct is not None and percent_agrees(pct, ev.status, places) else None


def indicator_dict(item: EvaluatedIndicator, number: int, period: Period, settings: EvalSettings,
                   trace: Tracer = NO_TRACE, cutoff: date | None = None,
                   period_from: Origin | None = None) -> dict[str, Any]:
    """One indicator's row of the context; with ``trace``, its figures marked (``cutoff``: the commune's
    cut-off date as traced; ``period_from``: where the period was set, which sentences name)."""
    ind, ev = traced_indicator(item, trace, cutoff=cutoff)
    if trace.active and mark_of(settings.approx_tolerance_pct) is None:
        settings = traced_settings(settings, trace)
    places = settings.percent_places
    label = PERIOD_LABELS[period]
    period_named = [(label, period_from)] if period_from is not None and has_digit(label) else []
    done: Decimal | date | None = ind.completed_on if ind.kind is Kind.DEADLINE else ind.result
    return {
        "stt": trace.numbering(number),
        "ma": ind.code or "",
        "ten": ind.name,
        "linh_vuc": ind.field,
        "dvt": ind.unit,
        "loai": KIND_LABELS[ind.kind],
        "ke_hoach": ind.target,
        "ke_hoach_tren": ind.target_max,
        "han": ind.deadline,
        "muc_ke_hoach": trace.sentence(target_text(ind)),
        "nam_truoc": ind.baseline,
        "cung_ky": ind.same_period_last_year,
        "thuc_hien": done,
        "uoc_ca_nam": ind.estimate,
        "ty_le_ke_hoach": _shown_percent(ev, places),
        "tien_do": _rounded(ev.progress_pct, places),
        "so_voi_cung_ky": _rounded(ev.change_vs_same_period, places),
        "danh_gia": STATUS_LABELS[ev.status],
        "ma_danh_gia": STATUS_CODES[ev.status],
        "ly_do": trace.known(reason_text(ind, ev, settings), period_named),
        "cau": trace.known(indicator_sentence(ind, ev, period, places), period_named),
        "ghi_chu": ind.note,
        "co_quan_chu_tri": ind.responsible,
    }


def _assessment(assessments: Sequence[Assessment], field: str) -> Assessment | None:
    key = match_key(field)
    return next((a for a in assessments if match_key(a.field) == key), None)


# --------------------------------------------------------------------------- commune


def commune_context(report: CommuneReport, settings: Settings, trace: Tracer = NO_TRACE,
                    period_source: str = "") -> dict[str, Any]:
    """Everything a commune's report and appendix may print; the names are :data:`COMMUNE_VARIABLES`.

    With ``trace`` every figure is marked with its origin; ``period_source`` then names where the period
    was set when not by the workbook ("--period", "nqreport.toml › period").
    """
    places = settings.evaluation.percent_places
    commune = report.data.commune
    period = report.period
    sheet = TracedCommune(commune, report.data.name, trace)
    pieces = sheet.pieces()
    marked = sheet.copy()
    cutoff = marked.cutoff
    issuing = clean(commune.issuing_body) or f"Ủy ban nhân dân {commune.full_name}"
    period_from = period_origin(period_source, sheet)
    label = PERIOD_LABELS[period]
    fields = []
    all_items: list[dict[str, Any]] = []
    evaluation = traced_settings(settings.evaluation, trace)
    for index, field_report in enumerate(report.fields, start=1):
        items = [indicator_dict(item, number, period, evaluation, trace, cutoff, period_from)
                 for number, item in enumerate(field_report.indicators, start=1)]
        all_items.extend(items)
        assessment = _assessment(report.data.assessments, field_report.field)
        first = field_report.indicators[0].indicator if field_report.indicators else None
        field_origin = Origin("Lĩnh vực", _source_cell(first.source, "field") if first else ())
        fields.append({
            "stt": roman(index),
            "ten": trace.text(field_report.field, field_origin),
            "dem": counts_dict(traced_counts(field_report.counts, trace, status_rows(field_report.indicators),
                                             f"lĩnh vực {field_report.field}"), trace),
            "chi_tieu": items,
            "danh_gia_chung": _lines(assessment, "overview", trace),
            "ton_tai": _lines(assessment, "shortcomings", trace),
            "nhiem_vu": _lines(assessment, "tasks", trace),
        })
    recipients = [sheet.text("recipients", recipient(line)) for line in (clean(r) for r in commune.recipients)
                  if line]
    if not recipients:
        recipients = [f"- Thường trực HĐND {commune.full_name};", "- Lưu: VT."]
    return {
        "ma_xa": sheet.text("code", commune.code),
        "ten_xa": sheet.text("name", commune.name),
        "cap_xa": sheet.text("unit_type", commune.unit_type),
        "ten_day_du": trace.known(commune.full_name, [(commune.name, sheet.origin("name"))]),
        "tinh": sheet.text("province", commune.province),
        "nam": marked.year,
        "ky": trace.text(label, period_from),
        "ky_bao_cao": trace.known(period_phrase(period, marked.year), [(label, period_from)]),
        "la_bao_cao_nam": period.is_year,
        "ngay_so_lieu": cutoff,
        "so_nghi_quyet": sheet.text("resolution_number", clean(commune.resolution_number)),
        "ngay_nghi_quyet": marked.resolution_date,
        "khoa_ky_hop": sheet.text("resolution_session", clean(commune.resolution_session)),
        "nghi_quyet": trace.known(resolution_phrase(marked), pieces),
        "co_quan_ban_hanh": trace.known(issuing, pieces),
        "co_quan_in_hoa": trace.known(body_in_capitals(issuing), pieces),
        "so_bao_cao": sheet.text("report_number", clean(commune.report_number)),
        "so_ky_hieu": trace.known(number_line(commune.report_number, body_symbol(issuing)), pieces),
        "ngay_bao_cao": marked.report_date,
        # one cell each (or a default no cell holds): traced to that cell, never to another that reads alike
        "dia_danh": sheet.text("place", place) if (place := clean(commune.place)) else sheet.text("name", commune.name),
        "tham_quyen_ky": sheet.text("signer_authority", (clean(commune.signer_authority) or "TM. ỦY BAN NHÂN DÂN").upper()),
        "chuc_vu_ky": sheet.text("signer_title", (clean(commune.signer_title) or "CHỦ TỊCH").upper()),
        "nguoi_ky": sheet.text("signer", clean(commune.signer)),
        "noi_nhan": recipients,
        PERCENT_PLACES_KEY: trace.integer(places, Origin("Số chữ số thập phân của tỷ lệ %",
                                                         (setting_ref("evaluation", "percent_places"),))),
        "dem": counts_dict(traced_counts(report.counts, trace, status_rows(report.indicators)), trace),
        "linh_vuc": fields,
        "chi_tieu_khong_dat": _with_status(all_items, Status.NOT_MET),
        "chi_tieu_chua_co_so_lieu": _with_status(all_items, Status.NO_DATA),
    }


def _source_cell(source: Source | None, key: str) -> tuple[str, ...]:
    if source is None or not source.cell(key):
        return ()
    return (cell_ref(source.file, source.sheet, source.cell(key)),)


_ASSESSMENT_LABELS = {"overview": "Đánh giá chung", "shortcomings": "Tồn tại, hạn chế", "tasks": "Nhiệm vụ, giải pháp"}


def _lines(assessment: Assessment | None, key: str, trace: Tracer) -> list[str]:
    """The paragraphs of one cell of the assessment sheet."""
    if assessment is None:
        return []
    origin = Origin(_ASSESSMENT_LABELS[key], _source_cell(assessment.source, key))
    return [trace.text(line, origin) for line in clean_lines(getattr(assessment, key))]


def _with_status(items: list[dict[str, Any]], status: Status) -> list[dict[str, Any]]:
    return [item for item in items if item["ma_danh_gia"] == STATUS_CODES[status]]


# --------------------------------------------------------------------------- across communes


def summary_context(cross: CrossCommune, settings: Settings, skipped: Sequence[tuple[str, str]] = (),
                    board: Board | None = None, trace: Tracer = NO_TRACE, sources: SummarySources | None = None,
                    period_source: str = "") -> dict[str, Any]:
    """Everything the summary report may print; the names are :data:`SUMMARY_VARIABLES`.

    ``skipped`` lists the workbooks not built, as (file name, reason); ``board`` is the submission board
    when the workspace names the communes it expects (the communes that have not sent a workbook). With
    ``trace`` and ``sources`` (the communes' files, sheets and cells) every figure is marked with its
    origin.
    """
    places = settings.evaluation.percent_places
    summary = settings.summary
    lines = cross.communes
    st = _SummaryTrace(trace if sources is not None else NO_TRACE, sources, cross, period_source)
    # Communes may report different periods (no period set for the build): the report names them all,
    # not the first commune's alone.
    periods = list(dict.fromkeys((line.period, line.commune.year) for line in lines))
    years = {line.commune.year for line in lines}
    year = st.year(years.pop()) if len(years) == 1 else st.setting_year(settings.year)
    provinces = sorted({clean(line.commune.province) for line in lines if clean(line.commune.province)})
    province = provinces[0] if len(provinces) == 1 else ""
    issuing = clean(summary.issuing_body) or (f"Ủy ban nhân dân tỉnh {province}" if province else "")
    if periods:
        phrase = and_list(period_phrase(p, st.year(y)) for p, y in periods)
        labels = [PERIOD_LABELS[p] for p, _ in periods]
        label = and_list([labels[0], *(lower_first(text) for text in labels[1:])])
        named = [(PERIOD_LABELS[p], st.period(p)) for p, _ in periods]
    else:
        fallback = settings.period or Period.YEAR
        phrase, label = period_phrase(fallback, year), PERIOD_LABELS[fallback]
        named = [(label, Origin("Kỳ báo cáo", (setting_ref("", "period"),)))]
    communes = _Rows(lines, lambda index, line: _commune_row(index, line, cross, settings.evaluation, st))
    failed = _Rows([line for line in lines if line.counts.not_met],
                   lambda index, line: _commune_row(index, line, cross, settings.evaluation, st))
    column = results_heading(lines)
    field_totals = [
        {"ten": st.trace.text(name, Origin("Lĩnh vực")),
         "dem": counts_dict(st.counts(cross.field_counts(name), lines, name), st.trace)}
        for name in cross.fields
    ]
    text = st.setting_text
    return {
        "co_quan_chu_quan": text("parent_body", clean(summary.parent_body).upper()),
        "co_quan_ban_hanh": text("issuing_body", issuing),
        "co_quan_in_hoa": text("issuing_body", body_in_capitals(issuing)),
        "so_ky_hieu": number_line("", body_symbol(issuing) if issuing else "UBND"),
        "ngay_bao_cao": None,
        "dia_danh": text("place", clean(summary.place) or province),
        "tieu_de": text("title", clean(summary.title)) if clean(summary.title) else st.trace.known(
            f"Tổng hợp kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội "
            f"{giu_lien(phrase) if len(periods) <= 1 else phrase} của các xã", named),
        "tham_quyen_ky": text("signer_authority", (clean(summary.signer_authority) or "TM. ỦY BAN NHÂN DÂN").upper()),
        "chuc_vu_ky": text("signer_title", (clean(summary.signer_title) or "CHỦ TỊCH").upper()),
        "nguoi_ky": text("signer", clean(summary.signer)),
        "noi_nhan": ["- Thường trực HĐND, UBND các xã;", "- Lưu: VT."],
        "nam": year,
        "ky": st.trace.known(label, named),
        "ky_bao_cao": st.trace.known(phrase, named),
        "so_xa": st.trace.integer(len(lines), Origin("Số xã được tổng hợp", tuple(st.file(line) for line in lines),
                                                    "đếm sổ chỉ tiêu được tổng hợp")),
        PERCENT_PLACES_KEY: st.trace.integer(places, Origin("Số chữ số thập phân của tỷ lệ %",
                                                            (setting_ref("evaluation", "percent_places"),))),
        "dem": counts_dict(st.counts(cross.counts, lines), st.trace),
        "linh_vuc": field_totals,
        "xa": communes,
        "xa_khong_dat": failed,
        "theo_tinh": cross.by_province,
        "tinh": _province_rows(cross, st) if cross.by_province else [],
        "cot_thuc_hien": column,
        "cot_danh_gia": judged_column(lines),
        "tong_danh_muc": [_total_row(number, total, settings.evaluation, column, st)
                          for number, total in enumerate((t for t in cross.totals if t.counted), 1)],
        "chua_tong_hop": [_uncounted_row(total, st) for total in cross.totals if not total.counted],
        "cau_chua_tong_hop": st.catalog_names(uncounted_sentence(cross.totals), cross.totals),
        "bo_qua": [{"tep": st.trace.text(name, Origin("Sổ chỉ tiêu", (name,))),
                    "ly_do": st.trace.text(reason, Origin("Lý do không tổng hợp", (name,),
                                                          "số lỗi, cảnh báo tìm thấy khi đọc và kiểm tra sổ "
                                                          "(manifest.json)"))}
                   for name, reason in skipped],
        **_missing(board, st.trace),
    }


class _SummaryTrace:
    """The origins of the summary's figures, from the communes' sources (a plain context: no marks)."""

    def __init__(self, trace: Tracer, sources: SummarySources | None, cross: CrossCommune,
                 period_source: str) -> None:
        self.trace = trace
        self.sources = sources
        self.cross = cross
        self.period_source = period_source
        #: Each commune's row but its number, by code, once made.
        self.rows: dict[str, dict[str, Any]] = {}

    def file(self, line: CommuneLine) -> str:
        return self.sources.files.get(line.commune.code, line.path) if self.sources is not None else line.path

    def sheet(self, line: CommuneLine) -> str:
        return self.sources.sheet(line.commune.code) if self.sources is not None else line.path

    def _cells(self, key: str, lines: Sequence[CommuneLine]) -> tuple[str, ...]:
        if self.sources is None:
            return ()
        return tuple(cell for line in lines for cell in self.sources.commune_cell(line, key))

    def year(self, value: int) -> int:
        lines = [line for line in self.cross.communes if line.commune.year == value]
        return self.trace.integer(value, Origin("Năm kế hoạch", self._cells("year", lines)))

    def setting_year(self, value: int | None) -> int | None:
        return None if value is None else self.trace.integer(value, Origin("Năm kế hoạch",
                                                                           (setting_ref("", "year"),)))

    def period(self, period: Period) -> Origin:
        if self.period_source:
            return Origin("Kỳ báo cáo", (self.period_source,))
        return Origin("Kỳ báo cáo", self._cells("period", [line for line in self.cross.communes
                                                          if line.period is period]))

    def setting_text(self, key: str, value: str) -> str:
        return self.trace.text(value, Origin("Cấu hình báo cáo tổng hợp", (setting_ref("summary", key),)))

    def counts(self, counts: StatusCounts, lines: Sequence[CommuneLine], field: str | None = None,
               scope: str = "") -> StatusCounts:
        """Counts added up over ``lines`` (in ``field`` only, when given): each from the indicator sheets of
        the communes that have indicators of that status."""
        if not self.trace.active:
            return counts
        rows: dict[Status, list[Counted]] = {}
        for line in lines:
            mine = self.cross.matrix.get((line.commune.code, field), StatusCounts()) if field else line.counts
            for status in Status:
                if mine.get(status):
                    rows.setdefault(status, []).append(self.sheet(line))
        where = scope or (f"lĩnh vực {field}" if field else "")
        return traced_counts(counts, self.trace, rows, where, across=len(lines) > 1)

    def catalog_names(self, written: str, totals: Sequence[CatalogTotal]) -> str:
        """A sentence naming catalog indicators: their codes and names from the catalog."""
        if not self.trace.active or self.sources is None:
            return written
        origin = Origin("Danh mục chỉ tiêu", (self.sources.catalog_source,))
        return self.trace.known(written, [(f"{t.entry.code} {t.entry.name}", origin) for t in totals])


def _missing(board: Board | None, trace: Tracer = NO_TRACE) -> dict[str, Any]:
    """The communes expected that sent no workbook; all empty when the workspace does not say which."""
    expects = board is not None and board.expects
    missing = board.missing if board is not None and expects else ()
    source = (board.source if board is not None else "") or "nqreport.toml"
    return {
        "so_xa_phai_nop": trace.integer(len(board.rows) if board is not None and expects else 0,
                                        Origin("Số xã phải nộp sổ", (source,), "đếm xã phải nộp sổ")),
        "so_xa_chua_nop": trace.integer(len(missing), Origin("Số xã chưa nộp sổ", (source, "inputs/"),
                                                             "đếm xã phải nộp mà inputs/ chưa có sổ")),
        "chua_nop": [{"stt": trace.numbering(number),
                      "ma": trace.text(row.code, Origin("Mã đơn vị hành chính", (source,))),
                      "ten": row.short_name, "ten_day_du": row.name}
                     for number, row in enumerate(missing, start=1)],
        "cau_chua_nop": and_list(row.name for row in missing) if missing else "",
    }


class _Rows(Sequence[dict[str, Any]]):
    """Rows of a table made as the template reads them: the 3,321 rows of a country-wide summary cost
    nothing unless a template prints them (the default one groups them by province)."""

    def __init__(self, items: Sequence[CommuneLine], make: Callable[[int, CommuneLine], dict[str, Any]]) -> None:
        self.items = items
        self.make = make

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.make(index + 1, self.items[index])


class _Later(Sequence[dict[str, Any]]):
    """A list made when a template first reads it: a commune's indicators not met, which the table of
    communes does not print, cost nothing there."""

    def __init__(self, make: Callable[[], list[dict[str, Any]]]) -> None:
        self._make = make
        self._items: list[dict[str, Any]] | None = None

    def _list(self) -> list[dict[str, Any]]:
        if self._items is None:
            self._items = self._make()
        return self._items

    def __len__(self) -> int:
        return len(self._list())

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        return self._list()[index]


def _province_rows(cross: CrossCommune, st: _SummaryTrace) -> list[dict[str, Any]]:
    """One row per province: how many communes, their counts per field and in all, how many have an
    indicator not met."""
    rows = []
    trace = st.trace
    for number, province in enumerate(cross.provinces, start=1):
        key = match_key(province)
        lines = [line for line in cross.communes if match_key(line.commune.province) == key]
        codes = {line.commune.code for line in lines}
        cells = []
        for name in cross.fields:
            counts = st.counts(sum((cross.matrix[(code, name)] for code in codes), StatusCounts()), lines, name,
                               f"tỉnh {province}, lĩnh vực {name}")
            cells.append({"ten": name, "ket_qua": trace.sentence(counts.share) if counts.total else "-",
                          "dem": counts_dict(counts, trace)})
        failing = [line for line in lines if line.counts.not_met]
        rows.append({
            "stt": trace.numbering(number),
            "ten": province,
            "so_xa": trace.integer(len(lines), Origin(f"Số xã của tỉnh {province}",
                                                      tuple(st.file(line) for line in lines), "đếm sổ chỉ tiêu")),
            "dem": counts_dict(st.counts(sum((line.counts for line in lines), StatusCounts()), lines,
                                         scope=f"tỉnh {province}"), trace),
            "theo_linh_vuc": cells,
            "so_xa_khong_dat": trace.integer(len(failing), Origin(
                f"Số xã của tỉnh {province} có chỉ tiêu không đạt", tuple(st.sheet(line) for line in failing),
                "đếm xã có chỉ tiêu Không đạt")),
        })
    return rows


def _commune_row(index: int, line: CommuneLine, cross: CrossCommune, settings: EvalSettings,
                 st: _SummaryTrace) -> dict[str, Any]:
    """A commune's row; the table of communes and the list of those with an indicator not met show the same
    commune under two numbers: what does not depend on the number is made once."""
    made = st.rows.get(line.commune.code)
    if made is None:
        made = st.rows[line.commune.code] = _commune_cells(line, cross, settings, st)
    return {"stt": st.trace.numbering(index), **made}


def _commune_cells(line: CommuneLine, cross: CrossCommune, settings: EvalSettings,
                   st: _SummaryTrace) -> dict[str, Any]:
    commune = line.commune
    trace = st.trace
    display = cross.names.get(commune.code, commune.full_name)
    cells = []
    for name in cross.fields:
        counts = st.counts(cross.matrix[(commune.code, name)], [line], name, f"{display}, lĩnh vực {name}")
        cells.append({
            "ten": name,
            "ket_qua": trace.sentence(counts.share) if counts.total else "-",
            "dem": counts_dict(counts, trace),
        })
    sheet = TracedCommune(commune, st.file(line), trace)
    cutoff = sheet.copy().cutoff
    period_from = period_origin(st.period_source, sheet) if trace.active else None  # this commune's own cell
    evaluation = traced_settings(settings, trace)
    not_met = _Later(lambda: [indicator_dict(item, number, line.period, evaluation, trace, cutoff, period_from)
                              for number, item in enumerate(cross.not_met.get(commune.code, ()), start=1)])
    short = display[len(commune.unit_type) + 1:] if display.casefold().startswith(
        commune.unit_type.casefold() + " ") else display
    return {
        "ma": sheet.text("code", commune.code),
        "ten": short,
        "ten_day_du": display,
        "tinh": commune.province,
        "dem": counts_dict(st.counts(line.counts, [line], scope=display), trace),
        "theo_linh_vuc": cells,
        "chi_tieu_khong_dat": not_met,
    }


def judged_column(lines: Sequence[CommuneLine]) -> str:
    """The column the totals are judged on unless a note says otherwise: the results in a year report,
    the estimates for the year in-year."""
    return "Thực hiện" if lines and all(line.period.is_year for line in lines) else "Ước cả năm"


def _total_row(index: int, total: CatalogTotal, settings: EvalSettings, column: str,
               st: _SummaryTrace) -> dict[str, Any]:
    """One row of the catalog totals; ``column`` is the heading of the results column, named in notes."""
    trace = st.trace
    ratio = total.entry.aggregation is Aggregation.RATIO
    places = total.places if total.places is not None else settings.percent_places  # as the verdict needs
    counted = len(total.communes)
    catalog = Origin("Danh mục chỉ tiêu", (st.sources.catalog_source,) if st.sources is not None else ())
    if trace.active and st.sources is not None:
        origins = st.sources.total_origins(total)
        total = traced_total(total, trace, origins, catalog)
        counted = trace.integer(counted, origins["communes"])
        settings = traced_settings(settings, trace)
    value = _rounded(total.value, places) if ratio else total.value
    target = _rounded(total.target, places) if ratio else total.target
    estimate = _rounded(total.estimate, places) if ratio else total.estimate
    # an in-year total judged on the estimates is judged as the table says (cot_danh_gia): no note for it
    usual = total.value_basis is ValueBasis.ESTIMATE and column != "Thực hiện"
    notes = total_notes(total, column, judged=not usual)
    # the figure judged: a rate judged on the communes' estimates is that estimate, not the period's rate
    judged = estimate if ratio and total.value_basis is ValueBasis.ESTIMATE else value
    return {
        "stt": trace.numbering(index),
        "ma": trace.text(total.entry.code, catalog),
        "ten": trace.text(total.entry.name, catalog),
        "dvt": trace.text(total.entry.unit, catalog),
        "cach_tong_hop": AGGREGATION_LABELS[total.entry.aggregation],
        "so_xa": counted,
        "ke_hoach": target,
        "muc_ke_hoach": trace.sentence(plan_text(total, places)),
        "thuc_hien": judged,
        "thuc_hien_ky": value if ratio else total.period_result,
        "uoc_ca_nam": estimate,
        "danh_gia_tren": judged_on(total),
        "danh_gia": STATUS_LABELS[total.status] if total.status else "",
        "ma_danh_gia": STATUS_CODES[total.status] if total.status else "",
        "ly_do": trace.sentence(traced_total_reason(total, settings, trace, origins) if trace.active and
                                st.sources is not None else total_reason(total, settings)),
        "ghi_chu": trace.sentence("; ".join(notes)),
    }


def _uncounted_row(total: CatalogTotal, st: _SummaryTrace) -> dict[str, Any]:
    catalog = Origin("Danh mục chỉ tiêu", (st.sources.catalog_source,) if st.sources is not None else ())
    return {
        "ma": st.trace.text(total.entry.code, catalog),
        "ten": st.trace.text(total.entry.name, catalog),
        "dvt": st.trace.text(total.entry.unit, catalog),
        "ly_do": f"các xã {gap(total)}",
        "xa": ", ".join(total.missing or total.unit_mismatch),
    }
