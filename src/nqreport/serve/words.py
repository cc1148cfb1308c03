"""The words and figures of the pages: labels of what collect did and where a commune stands, and the
filters the page templates write numbers, dates and verdicts with (the library's own wording)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import Flask

from nqreport.board import SUBMISSION_LABELS, Submission
from nqreport.collect.archive import ARCHIVE_DIR, archive_name
from nqreport.collect.plan import Action
from nqreport.config.settings import EvalSettings
from nqreport.errors import SEVERITY_LABELS, Problem, Severity
from nqreport.evaluate import EvaluatedIndicator
from nqreport.model import ReadResult
from nqreport.schema import PERIOD_LABELS, STATUS_LABELS, Period, Status
from nqreport.wording.figures import target_text
from nqreport.wording.numbers import format_date, format_moment, format_number, format_seconds
from nqreport.wording.verdicts import reason_text

#: What happened to a workbook handed in, as the page says it (and whether it is good news).
ACTION_LABELS: dict[Action, tuple[str, str]] = {
    Action.ADDED: ("Đã nhận", "ok"),
    Action.REPLACED: ("Đã nhận, thay sổ nộp trước", "ok"),
    Action.KEPT: ("Đã có sẵn, không thay đổi gì", "info"),
    Action.DUPLICATE: ("Trùng với tệp khác gửi cùng lúc", "info"),
    Action.OLDER: ("Chưa nhận: sổ đang có mới hơn", "bad"),
    Action.REFUSED: ("Không nhận", "bad"),
}

#: CSS classes of the statuses and of where a commune stands.
STATUS_CLASSES = {Status.EXCEEDED: "vuot", Status.MET: "dat", Status.NOT_MET: "khong-dat",
                  Status.IN_PROGRESS: "dang", Status.NO_DATA: "chua"}
SUBMISSION_CLASSES = {Submission.VALID: "ok", Submission.WARNINGS: "warn", Submission.ERRORS: "bad",
                      Submission.MISSING: "missing"}
STATUSES = tuple(Status)


def number(value: Decimal | int | None) -> str:
    return format_number(value) if value is not None else ""


def day(value: date | None) -> str:
    return format_date(value) if value is not None else ""


def moment_seconds(value: datetime | None) -> str:
    return format_moment(value, "không rõ", seconds=True)


def sentence(text: str) -> str:
    """A message of the library as a sentence of its own: its first letter in capitals, no closing stop."""
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def target(item: EvaluatedIndicator) -> str:
    return target_text(item.indicator, units=False)


def reason(item: EvaluatedIndicator, settings: EvalSettings) -> str:
    return reason_text(item.indicator, item.evaluation, settings)


def period(value: Period | None) -> str:
    return PERIOD_LABELS[value] if value is not None else "theo từng sổ"


def row_names(result: ReadResult | None) -> dict[tuple[str, str], str]:
    """The indicator each row of a workbook holds, by (sheet, row number), to name it beside a problem's cell."""
    if result is None:
        return {}
    return {(ind.source.sheet, str(ind.source.row)): ind.name for ind in result.rows
            if ind.source is not None and ind.name}


def problem_row(problem: Problem, names: dict[tuple[str, str], str]) -> str:
    """The name of the indicator whose row a problem's cell is in ("" when not an indicator's row)."""
    return names.get((problem.sheet, re.sub(r"\D", "", problem.cell)), "")


def install_filters(app: Flask) -> None:
    filters: dict[str, Any] = {"so": number, "ngay": day, "luc": format_moment, "luc_giay": moment_seconds,
                               "chi_tieu": target, "ly_do": reason, "ky": period, "giay": format_seconds, "cau": sentence,
                               "luu_tru": archive_name, "dong": problem_row}
    app.jinja_env.filters.update(filters)
    app.jinja_env.globals.update(
        STATUS_LABELS=STATUS_LABELS, STATUS_CLASSES=STATUS_CLASSES, STATUSES=STATUSES,
        SUBMISSION_LABELS=SUBMISSION_LABELS, SUBMISSION_CLASSES=SUBMISSION_CLASSES, ACTION_LABELS=ACTION_LABELS,
        SEVERITY_LABELS=SEVERITY_LABELS, Severity=Severity, Submission=Submission, archive_dir=ARCHIVE_DIR, row_names=row_names,
    )
