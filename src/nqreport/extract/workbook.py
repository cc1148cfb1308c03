"""A resolution read, written as a standardized workbook by the blank-workbook writer (dropdowns,
validation, instructions and all), ready for the official to check and then fill results into.

Rows read with doubt are filled with the review colour and carry the reason as a comment on their name;
so do the commune-sheet values the resolution cannot give (the report's signer). The workbook is
written atomically and never over an existing file unless asked.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from nqreport.config.communes import load_register
from nqreport.errors import ResolutionError
from nqreport.extract.model import Extraction, Identity, Target
from nqreport.scaffold.blank import BlankSpec, CellValue, check_code, write_blank
from nqreport.schema import DIRECTION_LABELS, KIND_LABELS, PERIOD_LABELS, Direction, Kind, Period
from nqreport.text import slug

#: Written where the resolution cannot say who signs the commune's report (the UBND chairman).
SIGNER_PLACEHOLDER = "(Điền họ tên người ký)"
_PERIOD_END_MONTH = {Period.YEAR: 12, Period.NINE_MONTHS: 9, Period.SIX_MONTHS: 6}


@dataclass(frozen=True)
class WorkbookOptions:
    """What the command line adds to what the resolution says."""

    #: The commune's code, when the resolution does not lead to exactly one unit.
    code: str | None = None
    period: Period = Period.YEAR
    signer: str | None = None


@dataclass(frozen=True)
class Written:
    path: Path
    rows: int
    to_review: int
    #: Commune-sheet labels the official still has to fill or check.
    to_fill: tuple[str, ...]


def commune_identity(identity: Identity, code: str | None, source: Path) -> Identity:
    """The identity with its code settled: ``--code`` (which the official list completes) or the code
    found from the name and province; :class:`ResolutionError` when there is neither."""
    register = load_register()
    if code is None:
        if identity.code:
            return identity
        same = register.find(identity.name, identity.province) if identity.name else ()
        why = (f"Nghị quyết không ghi tên tỉnh; có {len(same)} đơn vị tên {identity.name}: "
               + ", ".join(f"{u.code} ({u.province})" for u in same[:6]) if len(same) > 1 and not identity.province
               else f"không có trong danh sách đơn vị hành chính{' của tỉnh ' + identity.province if identity.province else ''}"
               if identity.name else "Nghị quyết không ghi rõ tên xã")
        example = same[0].code if len(same) > 1 else "06004"
        raise ResolutionError(f"{source}: chưa xác định được mã xã của {identity.level.lower()} {identity.name or '?'} "
                              f"({why}); hãy ghi mã 5 chữ số, ví dụ: nqreport extract {source.name} --code {example}")
    unit = register.get(check_code(code))
    if unit is None:
        raise ResolutionError(f"--code: không có đơn vị hành chính cấp xã nào mã {code}; hãy kiểm tra lại mã 5 chữ số "
                              "(Quyết định 19/2025/QĐ-TTg)")
    return Identity(name=unit.name, level=unit.level, province=unit.province, province_code=unit.province_code,
                    code=unit.code, year=identity.year, number=identity.number, adopted=identity.adopted,
                    body=f"Hội đồng nhân dân {unit.full_name}", session=identity.session)


def default_path(folder: Path, identity: Identity) -> Path:
    """Named like the example workbooks: "06004-quoc-khanh.xlsx"."""
    return folder / f"{identity.code}-{slug(identity.name)}.xlsx"


def period_end(period: Period, year: int) -> date:
    """The last day a period covers: the cut-off date of its figures until the official says otherwise."""
    if period in _PERIOD_END_MONTH:
        month = _PERIOD_END_MONTH[period]
    elif period.value.startswith("quarter_"):
        month = int(period.value[-1]) * 3
    else:
        month = int(period.value.split("_")[1])
    return date(year, month, calendar.monthrange(year, month)[1])


def workbook_spec(extraction: Extraction, identity: Identity, options: WorkbookOptions) -> BlankSpec:
    year = identity.year
    commune: dict[str, CellValue] = {
        "province_code": identity.province_code,
        "period": PERIOD_LABELS[options.period],
        "cutoff": period_end(options.period, year) if year else None,
        "resolution_number": identity.number,
        "resolution_date": identity.adopted,
        "resolution_session": identity.session,
        "place": identity.name,
        "signer": options.signer or SIGNER_PLACEHOLDER,
    }
    commune_review = {}
    if not options.signer:
        commune_review["signer"] = ("Nghị quyết HĐND không ghi người ký báo cáo của UBND: hãy điền họ tên Chủ tịch "
                                    "UBND (hoặc người được ủy quyền ký)")
    if identity.adopted is None:
        commune_review["resolution_date"] = "Không tìm thấy ngày thông qua trong Nghị quyết: hãy điền"
    if year is None:
        commune_review["year"] = "Không tìm thấy năm kế hoạch trong Nghị quyết: hãy điền"
    rows = [_row(target) for target in extraction.targets]
    review = {index: target.uncertain for index, target in enumerate(extraction.targets) if target.uncertain}
    return BlankSpec(code=identity.code, name=identity.name, unit_type=identity.level, province=identity.province,
                     year=year, commune=commune, indicators=rows, review=review, commune_review=commune_review)


def _row(target: Target) -> dict[str, CellValue]:
    values: dict[str, CellValue] = {
        "field": target.field,
        "name": target.name,
        "unit": target.unit,
        "kind": KIND_LABELS[target.kind],
        "target": target.target,
        "target_max": target.target_max,
        "deadline": target.deadline,
        "denominator": target.denominator,
        "note": f"NQ {target.item}: {target.text}" if target.item else f"NQ: {target.text}",
    }
    if target.kind is Kind.EXACT:
        # 100% of a quota: falling short is the failure, going over is not
        values["direction"] = DIRECTION_LABELS[Direction.HIGHER]
    return values


def write_workbook(extraction: Extraction, options: WorkbookOptions, *, path: Path | None = None,
                   folder: Path = Path(), overwrite: bool = False) -> Written:
    """Write the workbook at ``path`` (by default in ``folder``, named by the commune's code); nothing is
    written when it cannot be (no code, an existing file without ``overwrite``)."""
    identity = commune_identity(extraction.identity, options.code, extraction.source)
    target = path or default_path(folder, identity)
    spec = workbook_spec(extraction, identity, options)
    write_blank(target, spec, overwrite=overwrite)
    labels = {"signer": "Họ tên người ký", "resolution_date": "Ngày thông qua Nghị quyết", "year": "Năm kế hoạch"}
    return Written(target, len(spec.indicators), len(spec.review),
                   tuple(labels[key] for key in spec.commune_review))
