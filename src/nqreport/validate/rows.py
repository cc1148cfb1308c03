"""The rules of one indicator row: what its kind needs, and figures that cannot be.

The reader says whether each cell can be read; these rules say whether the cells of a row agree: a target
for a kind that needs one, an upper bound above the lower, last year's result for a change against last
year, a rate not over 100%, a numerator not over its denominator, a catalog code used once and with its
unit. A cell the reader could not read is not reported again here as missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from nqreport.config.catalog import Aggregation, Catalog, CatalogEntry
from nqreport.errors import Problem, Severity
from nqreport.model import Indicator
from nqreport.read.cells import is_percent_unit, show
from nqreport.schema import (
    KIND_LABELS,
    KINDS_NEEDING_BASELINE,
    KINDS_WITH_PERCENT_TARGET,
    NUMBER_KEYS,
    STATUS_LABELS,
    Kind,
    Status,
)
from nqreport.text import match_key

#: Kinds judged without a numeric target (maintain falls back to the baseline).
_KINDS_TARGET_OPTIONAL = frozenset({Kind.DEADLINE, Kind.QUALITATIVE, Kind.MAINTAIN})
#: Figures that are levels of the indicator (in its unit), as opposed to targets of change or counts.
_LEVEL_KEYS = ("baseline", "same_period_last_year", "result", "estimate")
#: Words in a "tỷ lệ" name that make it something else than a share of a whole (which cannot pass 100%).
_NOT_A_RATE = ("so với", "tốc độ", "tăng trưởng", "vượt")
_NEGATIVE_OK = ("tốc độ", "tăng trưởng", "chênh lệch", "biến động")


def is_share(ind: Indicator, entry: CatalogEntry | None) -> bool:
    """A rate that is a share of a whole (cannot pass 100%): a "%" unit, and a rate of the catalog, or,
    without a catalog code, a "tỷ lệ" whose name does not make it a growth or a comparison."""
    if not is_percent_unit(ind.unit):
        return False
    if entry is not None:
        return entry.aggregation is Aggregation.RATIO
    name_key = match_key(ind.name)
    return "tỷ lệ" in name_key and not any(w in name_key for w in _NOT_A_RATE)


def check_rows(rows: Iterable[Indicator], catalog: Catalog, unreadable: set[tuple[str, str]]) -> list[Problem]:
    """The problems of every row, in row order; ``unreadable`` holds the (sheet, cell) the reader reported."""
    problems: list[Problem] = []
    codes: dict[str, Indicator] = {}
    for ind in rows:
        row = _Row(ind, unreadable, problems)
        entry = row.code(codes, catalog)
        row.kind_needs(entry)
    return problems


class _Row:
    def __init__(self, ind: Indicator, unreadable: set[tuple[str, str]], problems: list[Problem]) -> None:
        assert ind.source is not None
        self.ind = ind
        self.source = ind.source
        self.unreadable = unreadable
        self.problems = problems
        self.figures: dict[str, Decimal | None] = {key: getattr(ind, key) for key in NUMBER_KEYS}

    def ref(self, key: str) -> str:
        return self.source.cell(key)

    def _add(self, severity: Severity, key: str, message: str) -> None:
        cell = self.ref(key) or self.ref("name")
        self.problems.append(Problem(self.source.file, self.source.sheet, cell, severity, message))

    def error(self, key: str, message: str) -> None:
        self._add(Severity.ERROR, key, message)

    def warn(self, key: str, message: str) -> None:
        self._add(Severity.WARNING, key, message)

    def missing(self, key: str, value: object) -> bool:
        """Blank (not typed, or typed as "-" or "x"), as opposed to typed but unreadable."""
        return value is None and (self.source.sheet, self.ref(key)) not in self.unreadable

    def code(self, codes: dict[str, Indicator], catalog: Catalog) -> CatalogEntry | None:
        """A catalog code is used once per workbook, is in the catalog, and keeps the catalog's unit."""
        code = self.ind.code
        if not code:
            return None
        first = codes.setdefault(code, self.ind)
        if first is not self.ind and first.source is not None:
            self.error("code", f"mã chỉ tiêu {code} đã dùng ở hàng {first.source.row} (ô "
                               f"{first.source.cell('code')}); mỗi mã chỉ dùng một lần trong sổ, hãy sửa "
                               "mã hoặc để trống một trong hai")
        entry = catalog.get(code)
        if entry is None:
            self.warn("code", f'mã chỉ tiêu "{code}" không có trong danh mục chỉ tiêu; chỉ tiêu vẫn được đánh '
                              "giá nhưng không được cộng dồn giữa các xã. Hãy sửa mã theo danh mục, hoặc để trống")
        elif self.ind.unit and match_key(self.ind.unit) != match_key(entry.unit):
            self.warn("unit", f'đơn vị tính "{self.ind.unit}" khác đơn vị "{entry.unit}" của mã {code} trong danh '
                              "mục; số liệu các xã sẽ không cộng được với nhau. Hãy sửa đơn vị hoặc mã chỉ tiêu")
        return entry

    def kind_needs(self, entry: CatalogEntry | None) -> None:
        """What the kind needs to be judged: a target, an upper bound, a deadline, last year's result."""
        ind, kind, figures = self.ind, self.ind.kind, self.figures
        deadline = ind.deadline
        label = KIND_LABELS[kind]
        target, target_max = figures["target"], figures["target_max"]
        if kind not in _KINDS_TARGET_OPTIONAL and self.missing("target", target):
            where = self.ref("target")
            self.error("target", f'chưa có chỉ tiêu kế hoạch cho loại "{label}"; hãy gõ con số Nghị '
                       "quyết giao" + (f" vào ô {where}" if where else ' (thêm cột "Chỉ tiêu kế hoạch")'))
        if kind is Kind.RANGE:
            if self.missing("target_max", target_max):
                self.error("target_max", f'loại "{label}" cần cận trên; ví dụ chỉ tiêu 10-10,5%: ghi '
                           "10 ở cột Chỉ tiêu kế hoạch và 10,5 ở cột Cận trên")
            elif target is not None and target_max is not None and target_max < target:
                self.error("target_max", f"cận trên {show(target_max)} nhỏ hơn chỉ tiêu (cận dưới) "
                           f"{show(target)}; hãy đổi chỗ hai số")
        if kind is Kind.DEADLINE and self.missing("deadline", deadline):
            self.error("deadline", f'loại "{label}" cần hạn hoàn thành, ví dụ 15/7/2026')
        if kind in KINDS_NEEDING_BASELINE and self.missing("baseline", figures["baseline"]):
            self.warn("baseline", f'loại "{label}" cần số "Thực hiện năm trước" để đánh giá; khi để '
                      "trống, chỉ tiêu được đánh giá là "
                      f'"{STATUS_LABELS[Status.NO_DATA]}". Hãy điền kết quả năm trước')
        if (kind is Kind.MAINTAIN and self.missing("target", target)
            and self.missing("baseline", figures["baseline"])):
            self.warn("target",
                      f'loại "{label}" so với chỉ tiêu, hoặc với "Thực hiện năm trước" khi để trống chỉ tiêu; '
                      f'cả hai đang trống nên chỉ tiêu được đánh giá là "{STATUS_LABELS[Status.NO_DATA]}". '
                      "Hãy điền một trong hai")
        if (kind not in (Kind.DEADLINE, Kind.QUALITATIVE) and self.missing("result", figures["result"])
            and self.missing("estimate", figures["estimate"])):
            self.warn("result",
                      f'chưa có số liệu thực hiện hay ước cả năm; báo cáo sẽ ghi "{STATUS_LABELS[Status.NO_DATA]}"')
        self.ranges(entry)

    def ranges(self, entry: CatalogEntry | None) -> None:
        """Figures that cannot be: a rate over 100%, a negative count, a numerator over its denominator."""
        ind, kind, figures = self.ind, self.ind.kind, self.figures
        name_key = match_key(ind.name)
        if is_share(ind, entry):
            keys = list(_LEVEL_KEYS)
            if kind not in KINDS_WITH_PERCENT_TARGET:
                keys = ["target", "target_max", *keys]
            for key in keys:
                value = figures[key]
                if value is not None and value > 100:
                    self.warn(key, f"{show(value)}% lớn hơn 100% trong khi chỉ tiêu là một tỷ lệ; hãy "
                              "kiểm tra lại con số (ô định dạng % thì gõ 95%, ô thường thì gõ 95)")
        if not any(w in name_key for w in _NEGATIVE_OK):
            for key in NUMBER_KEYS:
                value = figures[key]
                if value is not None and value < 0:
                    self.warn(key,
                              f"số âm ({show(value)}) không hợp lý với chỉ tiêu này; hãy kiểm tra dấu trừ")
        numerator, denominator = figures["numerator"], figures["denominator"]
        if numerator is not None and denominator is not None:
            if denominator == 0:
                self.warn("denominator", "mẫu số bằng 0 nên không tính được tỷ lệ; hãy kiểm tra lại")
            elif numerator > denominator:
                self.warn("numerator", f"tử số {show(numerator)} lớn hơn mẫu số {show(denominator)} "
                          f"(ô {self.ref('denominator')}); tỷ lệ không thể quá 100%, " "hãy kiểm tra lại")
        elif (numerator is None) != (denominator is None):
            present, absent = (
                ("numerator", "denominator") if numerator is not None else ("denominator", "numerator")
            )
            labels = {"numerator": "tử số", "denominator": "mẫu số"}
            self.warn(present, f"có {labels[present]} nhưng thiếu {labels[absent]} (ô "
                      f"{self.ref(absent)}); tỷ lệ chung của các xã chỉ tính được khi có " "cả hai")
