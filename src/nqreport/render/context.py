"""The context handed to Word templates, built purely from evaluated reports.

The names are the contract of :mod:`nqreport.render.contract`. Values are plain: ``str``, ``int`` (years,
counts), ``Decimal`` (figures, printed "1.306" / "2,52" by the renderer), ``date`` (printed 18/12/2025, or
long with ``|ngay``), lists, and dicts for groups. No key is named like a dict method (``items``,
``keys``, ``values``…): Jinja would find the method instead. Percentages are rounded half-up here to
``percent_places``; everything else keeps its exact value; every sentence comes from
:mod:`nqreport.wording`. Pure functions: no I/O, no clock.
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
from nqreport.model import Assessment
from nqreport.render.filters import PERCENT_PLACES_KEY, STATUS_CODES, giu_lien, roman
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


def counts_dict(counts: StatusCounts) -> dict[str, Any]:
    return {
        "tong": counts.total,
        "vuot": counts.exceeded,
        "dat": counts.met,
        "dat_va_vuot": counts.met_or_exceeded,
        "khong_dat": counts.not_met,
        "dang_thuc_hien": counts.in_progress,
        "chua_co_so_lieu": counts.no_data,
        "cau": lower_first(counts_sentence(counts).rstrip(".")),
    }


def _rounded(value: Decimal | None, places: int) -> Decimal | None:
    return None if value is None else round_half_up(value, places)


def _shown_percent(ev: Evaluation, places: int) -> Decimal | None:
    """Percent of plan for a table cell; blank where "100,0%" would stand next to "Không đạt"."""
    pct = ev.percent_of_plan
    return _rounded(pct, places) if pct is not None and percent_agrees(pct, ev.status, places) else None


def indicator_dict(item: EvaluatedIndicator, number: int, period: Period, settings: EvalSettings) -> dict[str, Any]:
    ind, ev = item.indicator, item.evaluation
    places = settings.percent_places
    done: Decimal | date | None = ind.completed_on if ind.kind is Kind.DEADLINE else ind.result
    return {
        "stt": number,
        "ma": ind.code or "",
        "ten": ind.name,
        "linh_vuc": ind.field,
        "dvt": ind.unit,
        "loai": KIND_LABELS[ind.kind],
        "ke_hoach": ind.target,
        "ke_hoach_tren": ind.target_max,
        "han": ind.deadline,
        "muc_ke_hoach": target_text(ind),
        "nam_truoc": ind.baseline,
        "cung_ky": ind.same_period_last_year,
        "thuc_hien": done,
        "uoc_ca_nam": ind.estimate,
        "ty_le_ke_hoach": _shown_percent(ev, places),
        "tien_do": _rounded(ev.progress_pct, places),
        "so_voi_cung_ky": _rounded(ev.change_vs_same_period, places),
        "danh_gia": STATUS_LABELS[ev.status],
        "ma_danh_gia": STATUS_CODES[ev.status],
        "ly_do": reason_text(ind, ev, settings),
        "cau": indicator_sentence(ind, ev, period, places),
        "ghi_chu": ind.note,
        "co_quan_chu_tri": ind.responsible,
    }


def _assessment(assessments: Sequence[Assessment], field: str) -> Assessment | None:
    key = match_key(field)
    return next((a for a in assessments if match_key(a.field) == key), None)


# --------------------------------------------------------------------------- commune


def commune_context(report: CommuneReport, settings: Settings) -> dict[str, Any]:
    """Everything a commune's report and appendix may print; the names are :data:`COMMUNE_VARIABLES`."""
    places = settings.evaluation.percent_places
    commune = report.data.commune
    period = report.period
    issuing = clean(commune.issuing_body) or f"Ủy ban nhân dân {commune.full_name}"
    fields = []
    all_items: list[dict[str, Any]] = []
    for index, field_report in enumerate(report.fields, start=1):
        items = [indicator_dict(item, number, period, settings.evaluation)
                 for number, item in enumerate(field_report.indicators, start=1)]
        all_items.extend(items)
        assessment = _assessment(report.data.assessments, field_report.field)
        fields.append({
            "stt": roman(index),
            "ten": field_report.field,
            "dem": counts_dict(field_report.counts),
            "chi_tieu": items,
            "danh_gia_chung": clean_lines(assessment.overview) if assessment else [],
            "ton_tai": clean_lines(assessment.shortcomings) if assessment else [],
            "nhiem_vu": clean_lines(assessment.tasks) if assessment else [],
        })
    recipients = [recipient(line) for line in (clean(r) for r in commune.recipients) if line]
    if not recipients:
        recipients = [f"- Thường trực HĐND {commune.full_name};", "- Lưu: VT."]
    return {
        "ma_xa": commune.code,
        "ten_xa": commune.name,
        "cap_xa": commune.unit_type,
        "ten_day_du": commune.full_name,
        "tinh": commune.province,
        "nam": commune.year,
        "ky": PERIOD_LABELS[period],
        "ky_bao_cao": period_phrase(period, commune.year),
        "la_bao_cao_nam": period.is_year,
        "ngay_so_lieu": commune.cutoff,
        "so_nghi_quyet": clean(commune.resolution_number),
        "ngay_nghi_quyet": commune.resolution_date,
        "khoa_ky_hop": clean(commune.resolution_session),
        "nghi_quyet": resolution_phrase(commune),
        "co_quan_ban_hanh": issuing,
        "co_quan_in_hoa": body_in_capitals(issuing),
        "so_bao_cao": clean(commune.report_number),
        "so_ky_hieu": number_line(commune.report_number, body_symbol(issuing)),
        "ngay_bao_cao": commune.report_date,
        "dia_danh": clean(commune.place) or commune.name,
        "tham_quyen_ky": (clean(commune.signer_authority) or "TM. ỦY BAN NHÂN DÂN").upper(),
        "chuc_vu_ky": (clean(commune.signer_title) or "CHỦ TỊCH").upper(),
        "nguoi_ky": clean(commune.signer),
        "noi_nhan": recipients,
        PERCENT_PLACES_KEY: places,
        "dem": counts_dict(report.counts),
        "linh_vuc": fields,
        "chi_tieu_khong_dat": _with_status(all_items, Status.NOT_MET),
        "chi_tieu_chua_co_so_lieu": _with_status(all_items, Status.NO_DATA),
    }


def _with_status(items: list[dict[str, Any]], status: Status) -> list[dict[str, Any]]:
    return [item for item in items if item["ma_danh_gia"] == STATUS_CODES[status]]


# --------------------------------------------------------------------------- across communes


def summary_context(cross: CrossCommune, settings: Settings, skipped: Sequence[tuple[str, str]] = (),
                    board: Board | None = None) -> dict[str, Any]:
    """Everything the summary report may print; the names are :data:`SUMMARY_VARIABLES`.

    ``skipped`` lists the workbooks not built, as (file name, reason); ``board`` is the submission board
    when the workspace names the communes it expects (the communes that have not sent a workbook).
    """
    places = settings.evaluation.percent_places
    summary = settings.summary
    lines = cross.communes
    # Communes may report different periods (no period set for the build): the report names them all,
    # not the first commune's alone.
    periods = list(dict.fromkeys((line.period, line.commune.year) for line in lines))
    years = {line.commune.year for line in lines}
    year = years.pop() if len(years) == 1 else settings.year
    provinces = sorted({clean(line.commune.province) for line in lines if clean(line.commune.province)})
    province = provinces[0] if len(provinces) == 1 else ""
    issuing = clean(summary.issuing_body) or (f"Ủy ban nhân dân tỉnh {province}" if province else "")
    if periods:
        phrase = and_list(period_phrase(p, y) for p, y in periods)
        labels = [PERIOD_LABELS[p] for p, _ in periods]
        label = and_list([labels[0], *(lower_first(text) for text in labels[1:])])
    else:
        fallback = settings.period or Period.YEAR
        phrase, label = period_phrase(fallback, year), PERIOD_LABELS[fallback]
    communes = _Rows(lines, lambda index, line: _commune_row(index, line, cross, settings.evaluation))
    failed = _Rows([line for line in lines if line.counts.not_met],
                   lambda index, line: _commune_row(index, line, cross, settings.evaluation))
    column = results_heading(lines)
    field_totals = [
        {"ten": name, "dem": counts_dict(cross.field_counts(name))}
        for name in cross.fields
    ]
    return {
        "co_quan_chu_quan": clean(summary.parent_body).upper(),
        "co_quan_ban_hanh": issuing,
        "co_quan_in_hoa": body_in_capitals(issuing),
        "so_ky_hieu": number_line("", body_symbol(issuing) if issuing else "UBND"),
        "ngay_bao_cao": None,
        "dia_danh": clean(summary.place) or province,
        "tieu_de": clean(summary.title)
        or f"Tổng hợp kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội "
           f"{giu_lien(phrase) if len(periods) <= 1 else phrase} của các xã",
        "tham_quyen_ky": (clean(summary.signer_authority) or "TM. ỦY BAN NHÂN DÂN").upper(),
        "chuc_vu_ky": (clean(summary.signer_title) or "CHỦ TỊCH").upper(),
        "nguoi_ky": clean(summary.signer),
        "noi_nhan": ["- Thường trực HĐND, UBND các xã;", "- Lưu: VT."],
        "nam": year,
        "ky": label,
        "ky_bao_cao": phrase,
        "so_xa": len(lines),
        PERCENT_PLACES_KEY: places,
        "dem": counts_dict(cross.counts),
        "linh_vuc": field_totals,
        "xa": communes,
        "xa_khong_dat": failed,
        "theo_tinh": cross.by_province,
        "tinh": _province_rows(cross) if cross.by_province else [],
        "cot_thuc_hien": column,
        "cot_danh_gia": judged_column(lines),
        "tong_danh_muc": [_total_row(number, total, settings.evaluation, column)
                          for number, total in enumerate((t for t in cross.totals if t.counted), 1)],
        "chua_tong_hop": [_uncounted_row(total) for total in cross.totals if not total.counted],
        "cau_chua_tong_hop": uncounted_sentence(cross.totals),
        "bo_qua": [{"tep": name, "ly_do": reason} for name, reason in skipped],
        **_missing(board),
    }


def _missing(board: Board | None) -> dict[str, Any]:
    """The communes expected that sent no workbook; all empty when the workspace does not say which."""
    expects = board is not None and board.expects
    missing = board.missing if board is not None and expects else ()
    return {
        "so_xa_phai_nop": len(board.rows) if board is not None and expects else 0,
        "so_xa_chua_nop": len(missing),
        "chua_nop": [{"stt": number, "ma": row.code, "ten": row.short_name, "ten_day_du": row.name}
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


def _province_rows(cross: CrossCommune) -> list[dict[str, Any]]:
    """One row per province: how many communes, their counts per field and in all, how many have an
    indicator not met."""
    rows = []
    for number, province in enumerate(cross.provinces, start=1):
        key = match_key(province)
        lines = [line for line in cross.communes if match_key(line.commune.province) == key]
        codes = {line.commune.code for line in lines}
        cells = []
        for name in cross.fields:
            counts = sum((cross.matrix[(code, name)] for code in codes), StatusCounts())
            cells.append({"ten": name, "ket_qua": counts.share if counts.total else "-", "dem": counts_dict(counts)})
        rows.append({
            "stt": number,
            "ten": province,
            "so_xa": len(lines),
            "dem": counts_dict(sum((line.counts for line in lines), StatusCounts())),
            "theo_linh_vuc": cells,
            "so_xa_khong_dat": sum(1 for line in lines if line.counts.not_met),
        })
    return rows


def _commune_row(index: int, line: CommuneLine, cross: CrossCommune, settings: EvalSettings) -> dict[str, Any]:
    commune = line.commune
    display = cross.names.get(commune.code, commune.full_name)
    cells = []
    for name in cross.fields:
        counts = cross.matrix[(commune.code, name)]
        cells.append({
            "ten": name,
            "ket_qua": counts.share if counts.total else "-",
            "dem": counts_dict(counts),
        })
    not_met = [indicator_dict(item, number, line.period, settings)
               for number, item in enumerate(cross.not_met.get(commune.code, ()), start=1)]
    short = display[len(commune.unit_type) + 1:] if display.casefold().startswith(
        commune.unit_type.casefold() + " ") else display
    return {
        "stt": index,
        "ma": commune.code,
        "ten": short,
        "ten_day_du": display,
        "tinh": commune.province,
        "dem": counts_dict(line.counts),
        "theo_linh_vuc": cells,
        "chi_tieu_khong_dat": not_met,
    }


def judged_column(lines: Sequence[CommuneLine]) -> str:
    """The column the totals are judged on unless a note says otherwise: the results in a year report,
    the estimates for the year in-year."""
    return "Thực hiện" if lines and all(line.period.is_year for line in lines) else "Ước cả năm"


def _total_row(index: int, total: CatalogTotal, settings: EvalSettings, column: str) -> dict[str, Any]:
    """One row of the catalog totals; ``column`` is the heading of the results column, named in notes."""
    ratio = total.entry.aggregation is Aggregation.RATIO
    places = total.places if total.places is not None else settings.percent_places  # as the verdict needs
    value = _rounded(total.value, places) if ratio else total.value
    target = _rounded(total.target, places) if ratio else total.target
    estimate = _rounded(total.estimate, places) if ratio else total.estimate
    # an in-year total judged on the estimates is judged as the table says (cot_danh_gia): no note for it
    usual = total.value_basis is ValueBasis.ESTIMATE and column != "Thực hiện"
    notes = total_notes(total, column, judged=not usual)
    # the figure judged: a rate judged on the communes' estimates is that estimate, not the period's rate
    judged = estimate if ratio and total.value_basis is ValueBasis.ESTIMATE else value
    return {
        "stt": index,
        "ma": total.entry.code,
        "ten": total.entry.name,
        "dvt": total.entry.unit,
        "cach_tong_hop": AGGREGATION_LABELS[total.entry.aggregation],
        "so_xa": len(total.communes),
        "ke_hoach": target,
        "muc_ke_hoach": plan_text(total, places),
        "thuc_hien": judged,
        "thuc_hien_ky": value if ratio else total.period_result,
        "uoc_ca_nam": estimate,
        "danh_gia_tren": judged_on(total),
        "danh_gia": STATUS_LABELS[total.status] if total.status else "",
        "ma_danh_gia": STATUS_CODES[total.status] if total.status else "",
        "ly_do": total_reason(total, settings),
        "ghi_chu": "; ".join(notes),
    }


def _uncounted_row(total: CatalogTotal) -> dict[str, Any]:
    return {
        "ma": total.entry.code,
        "ten": total.entry.name,
        "dvt": total.entry.unit,
        "ly_do": f"các xã {gap(total)}",
        "xa": ", ".join(total.missing or total.unit_mismatch),
    }


