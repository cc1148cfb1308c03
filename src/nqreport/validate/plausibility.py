"""Figures a cell can hold but an official hardly meant: the plausibility checks of one indicator row.

The reader says what a cell holds, :mod:`nqreport.validate.rows` what a row needs and what cannot be; the
checks here find figures that can be but are unlikely, in the spirit of DHIS2's validation rules. The one
that matters most is Excel's locale: on a laptop set to English (US), "1.306" typed into a number cell is
stored as 1.306, and "1.420" as 1.42; the file holds a number, nothing says it was meant as 1.420.

Each finding is a warning (an error under ``--strict``) at the cell that looks wrong, naming the cell it
was compared with and saying what to check. A cell gets one warning at most, from the first rule that
finds it, in this order:

1. **Thousands read as decimals.** A figure between 0 and 1000 with one to three decimals whose thousandfold
   is within :data:`NEAR` (20) times another figure of the row that is 1000 or more (the plan, last year,
   the same period, the result: figures in the same unit; the numerator against the denominator and back),
   e.g. an estimate of 1,42 against a plan of 1.306. The plan and the year's figures (not the period's) are
   also compared with a figure below 1000 that is at least :data:`FAR` (100) times larger and within
   :data:`CLOSE` (5) times of their thousandfold: a plan of 1,306 against a six-month result of 702 (the
   result is right, the plan was typed "1.306" in English Excel). In a counted unit (:data:`COUNTED_UNITS`: people,
   households, cases…) any such fraction is one, whatever the other figures are: 1,5 người. Measured units
   (km, ha, tấn, money) are not counted: the resolutions themselves write 1,173 km and 21,450 ha.
2. **A share typed as a fraction.** In a rate of the "%" unit that is a share of a whole
   (:func:`nqreport.validate.rows.is_share`), a figure of 1 or less whose hundredfold is within
   :data:`NEAR_FRACTION` (3) times another figure of the row of 10% or more (or of the rate its numerator and
   denominator give): 0,95 typed for 95%. A real 0,74% next to figures of a few percent is left alone.
3. **A rate against its numerator and denominator.** The period's result of such a rate differs by more than
   :data:`RATE_GAP` (5) points from numerator ÷ denominator × 100: the summary recomputes the communes'
   rate from the numerators and denominators, so the two must tell the same.
4. **Out of proportion.** A figure more than F times, or less than 1/F of, the figure it is judged
   against, with F by kind (:data:`FACTORS`): 5 for the kinds that aim at a level (Khoảng, Bằng, Trong
   khoảng, Duy trì), 20 for bounds (≥, >, ≤, <: a small plan is often overshot several times), 10 for the
   changes against last year. The estimate and last year's result are compared with the plan (for the
   changes, and Duy trì without a plan, the estimate with last year's result); the period's result with the
   plan (or last year's) only upwards, since a period's share of the year may be small, except in a year
   report; the period's result with the same period last year. Lower-is-better indicators have no lower
   bound (an indicator may fall to 0). Growth rates and other "%" figures that are not shares are not
   compared (0,3% growth against a plan of 10% is possible).
5. **Less than already done.** For a flow, a figure that adds up over the year (:func:`is_flow`), the
   estimate for the year below the period's result, or the same period last year above last year's
   whole result.

Figures of 0 or below are left to the rules of :mod:`nqreport.validate.rows` (and 0 is a real result).
The checks are pure functions of the rows: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from nqreport.config.catalog import Catalog, CatalogEntry
from nqreport.errors import Problem, Severity
from nqreport.model import Indicator
from nqreport.schema import (
    KIND_LABELS,
    KINDS_NEEDING_BASELINE,
    KINDS_WITH_PERCENT_TARGET,
    KINDS_WITHOUT_TARGET,
    Direction,
    Kind,
    Period,
)
from nqreport.text import match_key
from nqreport.validate.rows import is_share
from nqreport.wording.numbers import format_number, round_half_up

#: A figure ×1000 within this factor of a figure of its row in the thousands reads as thousands misread.
NEAR = Decimal(20)
#: Against a figure below 1000, the thousandfold must be this close, and the figure itself this far below.
CLOSE = Decimal(5)
FAR = Decimal(100)
#: The figures of the reporting period, which may be a small share of the year's.
PERIOD_KEYS = frozenset({"result", "same_period_last_year"})
#: A share ×100 within this factor of another figure of its row reads as a fraction typed for a percent.
NEAR_FRACTION = Decimal(3)
#: Points a rate may differ from its numerator ÷ denominator (rounding, a figure revised since).
RATE_GAP = Decimal(5)
#: How many times above or below the figure it is judged against a figure may be, by kind.
FACTORS: dict[Kind, Decimal] = {
    Kind.APPROX: Decimal(5),
    Kind.EXACT: Decimal(5),
    Kind.RANGE: Decimal(5),
    Kind.MAINTAIN: Decimal(5),
    Kind.AT_LEAST: Decimal(20),
    Kind.MORE_THAN: Decimal(20),
    Kind.AT_MOST: Decimal(20),
    Kind.LESS_THAN: Decimal(20),
    Kind.INCREASE_PCT: Decimal(10),
    Kind.DECREASE_PCT: Decimal(10),
    Kind.DECREASE_POINTS: Decimal(10),
}

#: Money, and what is measured rather than counted (decimals are normal: 1,173 km; 21,450 ha).
_MONEY = ("đồng", "nghìn đồng", "ngàn đồng", "triệu đồng", "tỷ đồng", "usd")
_MEASURED = ("kg", "tạ", "tấn", "m", "m2", "m²", "m3", "m³", "km", "ha", "lít")
#: Events: they add up over the year even where fewer is better (accidents, crimes).
_EVENTS = ("vụ", "lượt", "cuộc", "buổi", "ca", "trường hợp")
#: Things done or made in the year, counted.
_DONE = ("học viên", "lao động", "doanh nghiệp", "hợp tác xã", "sản phẩm", "công trình", "trường", "lớp", "căn",
         "nhà", "hồ sơ", "tài khoản", "mô hình", "dự án", "cây")
#: Counted levels: how many there are at a time (people, households, villages, criteria met).
_LEVELS = ("người", "hộ", "hộ gia đình", "thôn", "bản", "xóm", "tổ dân phố", "xã", "tiêu chí", "cơ sở",
           "câu lạc bộ", "con", "cái", "chiếc", "trẻ", "cháu", "đối tượng", "đơn vị", "tổ", "hội viên", "đoàn viên",
           "đảng viên")

#: Units counted in whole numbers: a figure with decimals in one of them is a mistake.
COUNTED_UNITS = frozenset(match_key(u) for u in (*_EVENTS, *_DONE, *_LEVELS))
#: Units of the figures that add up over the year (money, production, area and length done, things done,
#: events); counted levels (people, households, villages) and rates do not.
FLOW_UNITS = frozenset(match_key(u) for u in (*_MONEY, *_MEASURED, *_EVENTS, *_DONE))
#: Units of the flows among lower-is-better indicators: events (households in poverty are a level).
EVENT_UNITS = frozenset(match_key(u) for u in _EVENTS)

_THOUSAND = Decimal(1000)
_HUNDRED = Decimal(100)
_TEN = Decimal(10)
#: The figures of a row in its unit, in the order a reference is looked for.
_LEVEL_KEYS = ("target", "target_max", "baseline", "same_period_last_year", "result", "estimate")
_RATE_REF = "numerator/denominator"
_LABELS = {
    "target": "chỉ tiêu kế hoạch",
    "target_max": "cận trên",
    "baseline": "thực hiện năm trước",
    "same_period_last_year": "thực hiện cùng kỳ năm trước",
    "result": "thực hiện kỳ báo cáo",
    "estimate": "ước cả năm",
    "numerator": "tử số",
    "denominator": "mẫu số",
    _RATE_REF: "tỷ lệ tính từ tử số, mẫu số",
}
_RECHECK = ("Hãy kiểm tra lại con số và đơn vị tính: thừa hoặc thiếu chữ số 0, gõ nhầm cột, nhầm đơn vị (tỷ "
            "đồng với triệu đồng), hoặc Excel đặt kiểu số tiếng Anh đã hiểu dấu chấm phân cách hàng nghìn là "
            "dấu thập phân (khi đó hãy gõ chữ số liền, không dấu chấm)")


def check_plausibility(rows: Iterable[Indicator], catalog: Catalog, period: Period | None = None) -> list[Problem]:
    """The warnings of every row, in row order. ``period`` is the workbook's reporting period (None when its
    commune sheet could not be read): in a year report the period's result is the year's."""
    problems: list[Problem] = []
    for ind in rows:
        if ind.source is None or ind.kind in KINDS_WITHOUT_TARGET:
            continue
        problems += _Row(ind, catalog.get(ind.code), period is Period.YEAR).check()
    return problems


def is_flow(ind: Indicator) -> bool:
    """Whether a row's figures add up over the year, so that the estimate for the year cannot be below the
    period's result: a kind that aims at an amount (not Duy trì, which keeps a level) in a unit of
    :data:`FLOW_UNITS`; where fewer is better, only events (accidents add up, poor households do not)."""
    if ind.kind is Kind.MAINTAIN or ind.kind in KINDS_WITHOUT_TARGET:
        return False
    unit = match_key(ind.unit)
    if ind.effective_direction is Direction.LOWER:
        return unit in EVENT_UNITS
    return unit in FLOW_UNITS


def in_unit_keys(kind: Kind) -> tuple[str, ...]:
    """The figures of a row that are in its unit: all but the target of a change against last year (a
    percent of change, or the amount of the decrease)."""
    if kind in KINDS_NEEDING_BASELINE or kind in KINDS_WITH_PERCENT_TARGET:
        return _LEVEL_KEYS[2:]
    return _LEVEL_KEYS


def _misread_thousands(value: Decimal) -> bool:
    """1,42 or 1,306: between 0 and 1000, with one to three decimals (what "1.420" becomes in English Excel)."""
    if not 0 < value < _THOUSAND or value == value.to_integral_value():
        return False
    scaled = value * _THOUSAND
    return scaled == scaled.to_integral_value()


def _times(ratio: Decimal) -> str:
    """How many times, as a person would say it: 537; 12; 5,5."""
    return format_number(round_half_up(ratio, 0 if ratio >= _TEN else 1))


class _Row:
    def __init__(self, ind: Indicator, entry: CatalogEntry | None, year_report: bool) -> None:
        assert ind.source is not None
        self.ind = ind
        self.source = ind.source
        self.year_report = year_report
        self.share = is_share(ind, entry)
        self.unit_keys = in_unit_keys(ind.kind)
        self.values: dict[str, Decimal] = {}
        for key in (*_LEVEL_KEYS, "numerator", "denominator"):
            value = getattr(ind, key)
            if value is not None:
                self.values[key] = value
        self.flagged: set[str] = set()
        self.problems: list[Problem] = []

    # ---------------------------------------------------------------- words

    def amount(self, value: Decimal, places: int | None = None, key: str = "") -> str:
        """A figure with the row's unit (a numerator or a denominator is a count of its own: no unit)."""
        shown = format_number(value if places is None else round_half_up(value, places))
        if key in ("numerator", "denominator"):
            return shown
        if self.ind.is_percent:
            return f"{shown}%"
        return f"{shown} {self.ind.unit}".strip()

    def cell(self, key: str) -> str:
        if key == _RATE_REF:
            return f"{self.source.cell('numerator')}, {self.source.cell('denominator')}"
        return self.source.cell(key)

    def against(self, key: str, value: Decimal) -> str:
        """ "chỉ tiêu kế hoạch (1.306 triệu đồng, ô G4)": the figure compared with, and where it is."""
        where = self.cell(key)
        return f"{_LABELS[key]} ({self.amount(value, 2 if key == _RATE_REF else None, key)}" + (
            f", ô {where})" if where else ")")

    def warn(self, key: str, message: str) -> None:
        self.flagged.add(key)
        cell = self.source.cell(key) or self.source.cell("name")
        self.problems.append(Problem(self.source.file, self.source.sheet, cell, Severity.WARNING, message))

    def value(self, key: str) -> Decimal | None:
        """A figure of the row above 0 and not yet warned about: one to check, or to compare with (a figure
        already found wrong would only repeat its own warning on the figures compared with it)."""
        value = self.values.get(key)
        return value if value is not None and value > 0 and key not in self.flagged else None

    # ---------------------------------------------------------------- the rules, in order

    def check(self) -> list[Problem]:
        self.thousands(self.unit_keys, counted=match_key(self.ind.unit) in COUNTED_UNITS)
        self.thousands(("numerator", "denominator"), counted=False)
        if self.share:
            self.fractions()
            self.rate()
        if not self.ind.is_percent or self.share:
            self.proportions()
        if is_flow(self.ind):
            self.flow()
        return self.problems

    def thousands(self, keys: tuple[str, ...], *, counted: bool) -> None:
        candidates = {k for k in keys if (v := self.value(k)) is not None and _misread_thousands(v)}
        for key in keys:
            if key not in candidates:
                continue
            value = self.values[key]
            meant = (value * _THOUSAND).to_integral_value()
            # A figure in the thousands first: the surest sign.
            refs = sorted((k for k in keys if k not in candidates and self.thousand_of(key, value, k)),
                          key=lambda k: self.values[k] < _THOUSAND)
            ref = refs[0] if refs else None
            if ref is not None:
                why = f"trong khi {self.against(ref, self.values[ref])}"
            elif counted:
                why = f'có phần lẻ, trong khi "{self.ind.unit}" là đơn vị đếm'
            else:
                continue
            self.warn(key, f"{_LABELS[key]} {self.amount(value, key=key)} {why}: có thể đã gõ \"{format_number(meant)}\" "
                           "nhưng Excel của máy đặt kiểu số tiếng Anh nên hiểu dấu chấm là dấu thập phân. Nếu con số "
                           f"đúng là {format_number(meant)}, hãy gõ lại {meant:f} (chỉ gõ chữ số, không gõ dấu chấm "
                           "phân cách hàng nghìn)")

    def thousand_of(self, key: str, value: Decimal, ref: str) -> bool:
        """Whether ``value``, read a thousand times larger, is in proportion to the figure ``ref``: one in the
        thousands (within :data:`NEAR` times), or, for the plan and the year's figures (not the period's, which
        may be a small share of the year), one :data:`FAR` times larger or more that the thousandfold is within
        :data:`CLOSE` times of (a plan of 1,306 against a result of 702)."""
        compared = self.value(ref)
        if compared is None:
            return False
        meant = value * _THOUSAND
        if compared >= _THOUSAND:
            return compared / NEAR <= meant <= compared * NEAR
        return (key not in PERIOD_KEYS and key in _LEVEL_KEYS and compared >= value * FAR
                and compared / CLOSE <= meant <= compared * CLOSE)

    def computed_rate(self) -> Decimal | None:
        numerator, denominator = self.value("numerator"), self.value("denominator")
        if numerator is None or denominator is None or numerator > denominator:
            return None
        return numerator / denominator * _HUNDRED

    def fractions(self) -> None:
        refs = [(k, r) for k in self.unit_keys if (r := self.value(k)) is not None and r >= _TEN]
        rate = self.computed_rate()
        if rate is not None and rate >= _TEN:
            refs.append((_RATE_REF, rate))
        for key in self.unit_keys:
            value = self.value(key)
            if value is None or value > 1:
                continue
            percent = value * _HUNDRED
            ref = next(((k, r) for k, r in refs if k != key and r / NEAR_FRACTION <= percent <= r * NEAR_FRACTION),
                       None)
            if ref is None:
                continue
            shown = format_number(percent)
            self.warn(key, f"{_LABELS[key]} {self.amount(value)} trong khi {self.against(*ref)}: có vẻ tỷ lệ được "
                           f"gõ dạng số thập phân ({format_number(value)} nghĩa là {shown}%). Hãy gõ {shown} (hoặc "
                           f"{shown}%)")

    def rate(self) -> None:
        rate, result = self.computed_rate(), self.value("result")
        if rate is None or result is None or abs(rate - result) <= RATE_GAP:
            return
        self.warn("result", f"tỷ lệ {self.amount(result)} khác {self.against(_RATE_REF, rate)} quá {RATE_GAP} điểm "
                            "%; tỷ lệ chung của các xã được tính lại từ tử số và mẫu số. Hãy kiểm tra lại tỷ lệ, tử "
                            "số và mẫu số (cùng một kỳ báo cáo)")

    def proportions(self) -> None:
        kind = self.ind.kind
        factor = FACTORS[kind]
        lower_better = self.ind.effective_direction is Direction.LOWER
        plan = "target" if "target" in self.unit_keys and self.value("target") is not None else None
        top = "target_max" if kind is Kind.RANGE and self.value("target_max") is not None else "target"
        if plan is not None and self.odd_plan(factor, top, lower_better):
            plan = None
        # (figure, compared with, upwards, downwards)
        pairs: list[tuple[str, str, bool, bool]] = []
        if plan is not None:
            pairs += [("estimate", top, True, False), ("estimate", plan, False, True),
                      ("baseline", top, True, False), ("baseline", plan, False, True),
                      ("same_period_last_year", top, True, False),
                      ("result", top, True, False), ("result", plan, False, self.year_report)]
        elif kind in KINDS_NEEDING_BASELINE or kind is Kind.MAINTAIN:
            pairs += [("estimate", "baseline", True, True), ("result", "baseline", True, self.year_report),
                      ("same_period_last_year", "baseline", True, False)]
        pairs.append(("result", "same_period_last_year", True, True))
        for key, ref, upwards, downwards in pairs:
            value, compared = self.value(key), self.value(ref)
            if value is None or compared is None:
                continue
            ratio = value / compared
            label = f'chỉ tiêu loại "{KIND_LABELS[kind]}"'
            if upwards and ratio > factor:
                self.warn(key, f"{_LABELS[key]} {self.amount(value)} gấp khoảng {_times(ratio)} lần "
                               f"{self.against(ref, compared)}; chênh lệch quá {factor} lần là bất thường với "
                               f"{label}. {_RECHECK}")
            elif downwards and not lower_better and ratio < 1 / factor:
                self.warn(key, f"{_LABELS[key]} {self.amount(value)} thấp hơn khoảng {_times(1 / ratio)} lần so "
                               f"với {self.against(ref, compared)}; chênh lệch quá {factor} lần là bất thường với "
                               f"{label}. {_RECHECK}")

    def odd_plan(self, factor: Decimal, top: str, lower_better: bool) -> bool:
        """The plan itself out of proportion: the year's figures (the estimate, last year's result, a year
        report's result), two at least, all more than ``factor`` times on the same side of it. One warning
        at the plan, instead of one at each figure compared with it."""
        keys = ("estimate", "baseline", "result") if self.year_report else ("estimate", "baseline")
        years = [(k, v) for k in keys if (v := self.value(k)) is not None]
        plan, upper = self.values["target"], self.values[top]
        if len(years) < 2:
            return False
        if all(v > upper * factor for _, v in years):
            times, side = min(v / upper for _, v in years), "thấp hơn khoảng {} lần so với"
        elif all(v * factor < plan for _, v in years) and not lower_better:
            times, side = min(plan / v for _, v in years), "cao hơn khoảng {} lần so với"
        else:
            return False
        others = " và ".join(self.against(k, v) for k, v in years)
        self.warn("target", f"{_LABELS['target']} {self.amount(plan)} {side.format(_times(times))} {others}; chênh "
                            f"lệch quá {factor} lần là bất thường với chỉ tiêu loại \"{KIND_LABELS[self.ind.kind]}\". "
                            f"{_RECHECK}")
        return True

    def flow(self) -> None:
        estimate, result = self.value("estimate"), self.value("result")
        if estimate is not None and result is not None and estimate < result:
            self.warn("estimate", f"ước cả năm {self.amount(estimate)} nhỏ hơn số đã thực hiện "
                                  f"({self.against('result', result)}); số liệu này cộng dồn trong năm nên ước cả "
                                  "năm không thể thấp hơn số đã đạt. Hãy kiểm tra hai ô (gõ nhầm cột, thiếu chữ số, "
                                  "hoặc ghi số của kỳ khác)")
        same, baseline = self.value("same_period_last_year"), self.value("baseline")
        if same is not None and baseline is not None and same > baseline:
            self.warn("same_period_last_year",
                      f"thực hiện cùng kỳ năm trước {self.amount(same)} lớn hơn cả năm trước "
                      f"({self.against('baseline', baseline)}); số liệu này cộng dồn trong năm nên cùng kỳ không "
                      "thể lớn hơn cả năm. Hãy kiểm tra hai ô")
