"""The indicator workbook standard, written down once.

The reader, the blank-workbook writer, the docs (``docs/so-chi-tieu.md``) and the tests all take the
sheet names, column headers, dropdown labels and kinds from here. Change the standard here and nowhere
else. Identifiers are English; every label an official sees is Vietnamese.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from nqreport.text import match_key, strip_accents

# --------------------------------------------------------------------------- kinds


class Kind(StrEnum):
    """How an indicator's result is judged against its target (docs/danh-gia.md)."""

    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    LESS_THAN = "less_than"
    APPROX = "approx"
    EXACT = "exact"
    RANGE = "range"
    INCREASE_PCT = "increase_pct"
    DECREASE_PCT = "decrease_pct"
    DECREASE_POINTS = "decrease_points"
    MAINTAIN = "maintain"
    DEADLINE = "deadline"
    QUALITATIVE = "qualitative"


KIND_LABELS: dict[Kind, str] = {
    Kind.AT_LEAST: "Từ … trở lên, đạt (≥)",
    Kind.MORE_THAN: "Trên, hơn (>)",
    Kind.AT_MOST: "Không quá (≤)",
    Kind.LESS_THAN: "Dưới (<)",
    Kind.APPROX: "Khoảng (≈)",
    Kind.EXACT: "Bằng (=)",
    Kind.RANGE: "Trong khoảng (từ X đến Y)",
    Kind.INCREASE_PCT: "Tăng X% so với năm trước",
    Kind.DECREASE_PCT: "Giảm X% so với năm trước",
    Kind.DECREASE_POINTS: "Giảm X (điểm % hoặc đơn vị)",
    Kind.MAINTAIN: "Duy trì",
    Kind.DEADLINE: "Hoàn thành trước ngày",
    Kind.QUALITATIVE: "Định tính",
}

#: What each kind means, for the instructions sheet and the docs.
KIND_HELP: dict[Kind, str] = {
    Kind.AT_LEAST: "Đạt khi kết quả ≥ chỉ tiêu. Ví dụ: đào tạo nghề từ 50 học viên trở lên.",
    Kind.MORE_THAN: "Đạt khi kết quả > chỉ tiêu. Ví dụ: tỷ lệ chất thải rắn được thu gom đạt trên 90%.",
    Kind.AT_MOST: "Đạt khi kết quả ≤ chỉ tiêu (càng thấp càng tốt).",
    Kind.LESS_THAN: "Đạt khi kết quả < chỉ tiêu (càng thấp càng tốt).",
    Kind.APPROX: "Đạt khi kết quả nằm trong dung sai quanh chỉ tiêu (mặc định ±5%, đặt trong nqreport.toml). "
    "Ví dụ: sản lượng lương thực khoảng 13.900 tấn.",
    Kind.EXACT: 'Đạt khi kết quả bằng chỉ tiêu; nếu chọn chiều "Càng cao càng tốt" thì đạt khi ≥ chỉ tiêu. '
    "Ví dụ: hoàn thành 100% chỉ tiêu tuyển quân.",
    Kind.RANGE: "Đạt khi kết quả nằm từ chỉ tiêu (cận dưới) đến cận trên. Ví dụ: tăng trưởng 10-10,5%.",
    Kind.INCREASE_PCT: 'Chỉ tiêu là số % tăng so với kết quả năm trước; cần cột "Thực hiện năm trước". '
    "Ví dụ: thu nhập bình quân đầu người tăng 10%.",
    Kind.DECREASE_PCT: 'Chỉ tiêu là số % giảm so với kết quả năm trước; cần cột "Thực hiện năm trước". '
    "Ví dụ: giảm tai nạn giao thông từ 5% trở lên.",
    Kind.DECREASE_POINTS: "Chỉ tiêu là mức giảm tuyệt đối (điểm % hoặc đơn vị) so với năm trước; cần cột "
    '"Thực hiện năm trước". Ví dụ: giảm tỷ lệ hộ nghèo 2% (điểm %), giảm 11 hộ.',
    Kind.MAINTAIN: "Đạt khi kết quả ≥ chỉ tiêu, hoặc ≥ kết quả năm trước nếu để trống chỉ tiêu. "
    "Ví dụ: duy trì 07 thôn không ma túy.",
    Kind.DEADLINE: 'Đạt khi hoàn thành (điền "Ngày hoàn thành") trước hoặc đúng "Hạn hoàn thành".',
    Kind.QUALITATIVE: 'Không có số liệu; cán bộ tự đánh giá ở cột "Tự đánh giá".',
}

#: Kinds whose target is a change against last year's result: they cannot be judged without a baseline.
KINDS_NEEDING_BASELINE = frozenset({Kind.INCREASE_PCT, Kind.DECREASE_PCT, Kind.DECREASE_POINTS})
#: Kinds judged without a numeric target.
KINDS_WITHOUT_TARGET = frozenset({Kind.DEADLINE, Kind.QUALITATIVE})
#: Kinds whose target is itself a percentage of change, whatever the indicator's unit.
KINDS_WITH_PERCENT_TARGET = frozenset({Kind.INCREASE_PCT, Kind.DECREASE_PCT})


# --------------------------------------------------------------------------- direction


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


DIRECTION_LABELS: dict[Direction, str] = {
    Direction.HIGHER: "Càng cao càng tốt",
    Direction.LOWER: "Càng thấp càng tốt",
}

#: The direction a kind implies; kinds missing here take the direction column (or their own default).
KIND_DIRECTION: dict[Kind, Direction] = {
    Kind.AT_LEAST: Direction.HIGHER,
    Kind.MORE_THAN: Direction.HIGHER,
    Kind.AT_MOST: Direction.LOWER,
    Kind.LESS_THAN: Direction.LOWER,
    Kind.INCREASE_PCT: Direction.HIGHER,
    Kind.DECREASE_PCT: Direction.LOWER,
    Kind.DECREASE_POINTS: Direction.LOWER,
    Kind.MAINTAIN: Direction.HIGHER,
}


# --------------------------------------------------------------------------- statuses


class Status(StrEnum):
    EXCEEDED = "exceeded"
    MET = "met"
    NOT_MET = "not_met"
    IN_PROGRESS = "in_progress"
    NO_DATA = "no_data"


STATUS_LABELS: dict[Status, str] = {
    Status.EXCEEDED: "Vượt",
    Status.MET: "Đạt",
    Status.NOT_MET: "Không đạt",
    Status.IN_PROGRESS: "Đang thực hiện",
    Status.NO_DATA: "Chưa có số liệu",
}

#: Statuses an official may type in the "Tự đánh giá" column (qualitative indicators).
MANUAL_STATUSES = (Status.EXCEEDED, Status.MET, Status.NOT_MET, Status.IN_PROGRESS)


# --------------------------------------------------------------------------- periods


class Period(StrEnum):
    YEAR = "year"
    NINE_MONTHS = "9_months"
    SIX_MONTHS = "6_months"
    QUARTER_1 = "quarter_1"
    QUARTER_2 = "quarter_2"
    QUARTER_3 = "quarter_3"
    QUARTER_4 = "quarter_4"
    MONTH_1 = "month_1"
    MONTH_2 = "month_2"
    MONTH_3 = "month_3"
    MONTH_4 = "month_4"
    MONTH_5 = "month_5"
    MONTH_6 = "month_6"
    MONTH_7 = "month_7"
    MONTH_8 = "month_8"
    MONTH_9 = "month_9"
    MONTH_10 = "month_10"
    MONTH_11 = "month_11"
    MONTH_12 = "month_12"

    @property
    def is_year(self) -> bool:
        return self is Period.YEAR


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

PERIOD_LABELS: dict[Period, str] = {
    Period.YEAR: "Năm",
    Period.NINE_MONTHS: "9 tháng",
    Period.SIX_MONTHS: "6 tháng",
    **{Period(f"quarter_{q}"): f"Quý {_ROMAN[q]}" for q in range(1, 5)},
    **{Period(f"month_{m}"): f"Tháng {m}" for m in range(1, 13)},
}


# --------------------------------------------------------------------------- fields

#: The standard fields (lĩnh vực). A workbook may use others, but the cross-commune matrix compares
#: communes field by field, so the standard names are offered in the dropdown.
STANDARD_FIELDS = (
    "Kinh tế",
    "Văn hóa - Xã hội",
    "Tài nguyên - Môi trường",
    "Chuyển đổi số - Cải cách hành chính",
    "Quốc phòng - An ninh",
)

#: Units offered in the dropdown; any other unit may be typed.
COMMON_UNITS = (
    "%",
    "triệu đồng",
    "tỷ đồng",
    "triệu đồng/người",
    "tấn",
    "ha",
    "km",
    "người",
    "học viên",
    "hộ",
    "thôn",
    "doanh nghiệp",
    "sản phẩm",
    "công trình",
    "trường",
    "cuộc",
    "vụ",
    "tiêu chí",
)

PERCENT_UNITS = frozenset({"%", "phần trăm"})

#: How to type figures so that Excel reads them the same whatever its locale: the instruction sheet of a
#: blank workbook and docs/so-chi-tieu.md both print these (text in `backticks` is what to type). English (US)
#: Excel, on many office laptops, stores a typed "1.306" as 1.306 and nothing in the file says otherwise.
NUMBER_TYPING: tuple[str, ...] = (
    "Số nguyên: chỉ gõ chữ số, KHÔNG gõ dấu chấm hay dấu phẩy phân cách hàng nghìn: gõ `1306`, `1973949`. Ô số "
    "liệu của sổ tự hiện dấu phân cách hàng nghìn (`1.306` trên máy đặt kiểu Việt Nam, `1,306` trên máy đặt kiểu "
    "tiếng Anh). Lý do: Excel đặt kiểu số tiếng Anh (Hoa Kỳ), như nhiều máy văn phòng, hiểu `1.306` là một phẩy "
    "ba trăm lẻ sáu và lưu đúng như vậy; sổ không còn dấu vết nào cho biết đã gõ một nghìn ba trăm lẻ sáu.",
    "Số lẻ: gõ dấu thập phân mà Excel của máy dùng: máy đặt kiểu Việt Nam gõ `2,52`, máy đặt kiểu tiếng Anh gõ "
    "`2.52`; chương trình đọc đúng cả hai. Không rõ máy đặt kiểu nào: gõ thử `1306` vào một ô số liệu, ô hiện "
    "1.306 là kiểu Việt Nam, hiện 1,306 là kiểu tiếng Anh.",
    "Ô định dạng chữ (Text), hoặc số gõ kèm chữ, được đọc theo kiểu Việt Nam: `1.306` là một nghìn ba trăm lẻ "
    "sáu; `2,52` là hai phẩy năm mươi hai; `1.973.949`; `57,96`.",
    "Tỷ lệ: với đơn vị `%`, gõ `95` hoặc `95%` (ô định dạng phần trăm cũng được); không gõ `0,95`.",
    'Có thể gõ kèm đơn vị (`200ha`) hoặc dấu so sánh (`≥ 90`); cách đánh giá vẫn theo cột "Loại chỉ tiêu".',
    "Ngày: ô kiểu ngày hoặc gõ `15/7/2026`.",
    "Ô có công thức phải được Excel/LibreOffice tính và lưu lại; chương trình không bao giờ coi công thức chưa "
    "tính là số 0.",
    "Kiểm tra sổ (`nqreport validate`) cảnh báo con số bất thường, ví dụ ước cả năm `1,42` triệu đồng trong khi "
    "kế hoạch là `1.306` triệu đồng (có thể đã gõ `1.420` trên máy đặt kiểu tiếng Anh); hãy xem lại từng ô được "
    "cảnh báo.",
)
#: What a figure cell says when selected (Excel's data validation input message: at most 255 characters).
NUMBER_PROMPT = ("Chỉ gõ chữ số, không gõ dấu phân cách hàng nghìn: 1306, không gõ 1.306 (Excel đặt kiểu tiếng Anh "
                 "hiểu 1.306 là một phẩy ba trăm lẻ sáu). Số lẻ gõ dấu thập phân của máy: 2,52 hoặc 2.52. Ô tự hiện "
                 "dấu hàng nghìn.")


# --------------------------------------------------------------------------- sheets and columns


class ValueType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    KIND = "kind"
    DIRECTION = "direction"
    STATUS = "status"
    PERIOD = "period"
    CODE = "code"
    LINES = "lines"


@dataclass(frozen=True)
class Column:
    """One column of the indicator sheet (or one row of the commune sheet)."""

    key: str
    header: str
    type: ValueType
    width: int = 14
    required: bool = False
    help: str = ""
    aliases: tuple[str, ...] = ()


SHEET_INSTRUCTIONS = "Hướng dẫn"
SHEET_COMMUNE = "Thông tin chung"
SHEET_INDICATORS = "Chỉ tiêu"
SHEET_ASSESSMENT = "Đánh giá"
SHEET_LISTS = "Danh sách"

#: The commune sheet: labels in column A, values in column B, one row each, in this order.
COMMUNE_ROWS: tuple[Column, ...] = (
    Column("code", "Mã đơn vị hành chính (5 chữ số)", ValueType.CODE, required=True,
           help="Mã xã theo Quyết định 19/2025/QĐ-TTg, ví dụ 06004.", aliases=("Mã xã", "Mã đơn vị")),
    Column("unit_type", "Cấp hành chính", ValueType.TEXT, required=True, help="Xã, Phường hoặc Đặc khu.",
           aliases=("Loại đơn vị",)),
    Column("name", "Tên xã/phường", ValueType.TEXT, required=True,
           help='Tên không kèm chữ "xã", ví dụ: Quốc Khánh.', aliases=("Tên xã", "Tên đơn vị")),
    Column("province", "Tỉnh/thành phố", ValueType.TEXT, required=True, help="Ví dụ: Lạng Sơn.",
           aliases=("Tỉnh",)),
    Column("province_code", "Mã tỉnh", ValueType.TEXT, help="Hai chữ số, ví dụ 20 (Lạng Sơn)."),
    Column("year", "Năm kế hoạch", ValueType.NUMBER, required=True, help="Ví dụ: 2026."),
    Column("period", "Kỳ báo cáo", ValueType.PERIOD, required=True,
           help="Chọn trong danh sách: Năm, 9 tháng, 6 tháng, Quý I…IV, Tháng 1…12."),
    Column("cutoff", "Số liệu tính đến ngày", ValueType.DATE, required=True, help="Ví dụ: 15/6/2026."),
    Column("resolution_number", "Số Nghị quyết HĐND", ValueType.TEXT,
           help="Số hiệu Nghị quyết giao chỉ tiêu, ví dụ 45/NQ-HĐND. Để trống nếu chưa có số."),
    Column("resolution_date", "Ngày thông qua Nghị quyết", ValueType.DATE, required=True,
           help="Ví dụ: 18/12/2025."),
    Column("resolution_session", "Khóa, kỳ họp HĐND", ValueType.TEXT, help="Ví dụ: khóa XX, kỳ họp thứ Tư."),
    Column("issuing_body", "Cơ quan ban hành báo cáo", ValueType.TEXT, required=True,
           help="Ví dụ: Ủy ban nhân dân xã Quốc Khánh."),
    Column("report_number", "Số báo cáo", ValueType.TEXT,
           help='Ví dụ: 125/BC-UBND. Để trống thì báo cáo in "Số:      /BC-UBND" để văn thư điền.'),
    Column("report_date", "Ngày báo cáo", ValueType.DATE,
           help='Để trống thì báo cáo in "ngày … tháng … năm …" để điền tay.'),
    Column("place", "Địa danh ghi trên báo cáo", ValueType.TEXT,
           help="Để trống thì lấy tên xã, ví dụ: Quốc Khánh."),
    Column("signer_authority", "Thẩm quyền ký", ValueType.TEXT,
           help="Ví dụ: TM. ỦY BAN NHÂN DÂN hoặc KT. CHỦ TỊCH."),
    Column("signer_title", "Chức vụ người ký", ValueType.TEXT, required=True, help="Ví dụ: CHỦ TỊCH."),
    Column("signer", "Họ tên người ký", ValueType.TEXT, required=True, help="Ví dụ: Hoàng Anh Dũng."),
    Column("recipients", "Nơi nhận", ValueType.LINES,
           help="Mỗi nơi nhận một dòng trong ô (Alt+Enter để xuống dòng), ví dụ: - Thường trực HĐND xã;"),
)

#: The indicator sheet: one row per indicator under a header row holding these headers (any order;
#: extra columns are ignored).
INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("stt", "STT", ValueType.TEXT, width=6, help="Số thứ tự, không bắt buộc."),
    Column("code", "Mã chỉ tiêu", ValueType.TEXT, width=10,
           help="Mã trong danh mục chỉ tiêu (để tổng hợp giữa các xã). Không bắt buộc."),
    Column("field", "Lĩnh vực", ValueType.TEXT, width=22, required=True,
           help="Chọn trong danh sách (có thể gõ lĩnh vực khác)."),
    Column("name", "Tên chỉ tiêu", ValueType.TEXT, width=48, required=True, help="Như trong Nghị quyết.",
           aliases=("Chỉ tiêu", "Nội dung chỉ tiêu")),
    Column(
        "unit", "Đơn vị tính", ValueType.TEXT, width=12, help="Ví dụ: %, triệu đồng, ha.", aliases=("ĐVT",)
    ),
    Column("kind", "Loại chỉ tiêu", ValueType.KIND, width=26, required=True,
           help="Chọn trong danh sách; quyết định cách đánh giá."),
    Column("target", "Chỉ tiêu kế hoạch", ValueType.NUMBER, width=13,
           help='Con số Nghị quyết giao. Với loại "Tăng/Giảm X%" là số X.',
           aliases=("Kế hoạch", "Chỉ tiêu NQ", "Chỉ tiêu")),
    Column("target_max", "Cận trên (loại trong khoảng)", ValueType.NUMBER, width=12,
           help='Chỉ dùng cho loại "Trong khoảng".', aliases=("Cận trên",)),
    Column("deadline", "Hạn hoàn thành", ValueType.DATE, width=13,
           help='Chỉ dùng cho loại "Hoàn thành trước ngày".'),
    Column("direction", "Chiều đánh giá", ValueType.DIRECTION, width=16,
           help="Chỉ cần khi loại chỉ tiêu chưa cho biết càng cao hay càng thấp càng tốt."),
    Column("baseline", "Thực hiện năm trước", ValueType.NUMBER, width=13,
           help="Kết quả cả năm trước; bắt buộc với loại Tăng/Giảm so với năm trước."),
    Column("same_period_last_year", "Thực hiện cùng kỳ năm trước", ValueType.NUMBER, width=13,
           aliases=("Cùng kỳ năm trước",)),
    Column("result", "Thực hiện kỳ báo cáo", ValueType.NUMBER, width=13,
           help="Kết quả lũy kế đến ngày chốt số liệu.", aliases=("Thực hiện",)),
    Column("estimate", "Ước thực hiện cả năm", ValueType.NUMBER, width=13, aliases=("Ước cả năm",)),
    Column("completed_on", "Ngày hoàn thành", ValueType.DATE, width=13,
           help='Với loại "Hoàn thành trước ngày": ngày đã hoàn thành (để trống nếu chưa xong).'),
    Column("manual_status", "Tự đánh giá", ValueType.STATUS, width=15,
           help="Với chỉ tiêu định tính: Vượt, Đạt, Không đạt hoặc Đang thực hiện."),
    Column("numerator", "Tử số", ValueType.NUMBER, width=11,
           help="Với chỉ tiêu tỷ lệ: số đạt (ví dụ số hộ dùng nước sạch). Không bắt buộc."),
    Column("denominator", "Mẫu số", ValueType.NUMBER, width=11,
           help="Với chỉ tiêu tỷ lệ: tổng số (ví dụ tổng số hộ). Không bắt buộc."),
    Column("note", "Ghi chú", ValueType.TEXT, width=28),
    Column("responsible", "Cơ quan chủ trì", ValueType.TEXT, width=20),
)

#: Keys of the indicator columns that hold figures, in column order.
NUMBER_KEYS: tuple[str, ...] = tuple(col.key for col in INDICATOR_COLUMNS if col.type is ValueType.NUMBER)

#: The optional free-text assessment sheet: one row per field.
ASSESSMENT_COLUMNS: tuple[Column, ...] = (
    Column("field", "Lĩnh vực", ValueType.TEXT, width=24, required=True),
    Column("overview", "Đánh giá chung", ValueType.TEXT, width=60, aliases=("Kết quả nổi bật",)),
    Column("shortcomings", "Tồn tại, hạn chế", ValueType.TEXT, width=50, aliases=("Tồn tại hạn chế",)),
    Column("tasks", "Nhiệm vụ, giải pháp", ValueType.TEXT, width=50, aliases=("Nhiệm vụ giải pháp",)),
)

#: Title written above the indicator header row; the reader finds the header row by its headers.
INDICATOR_TITLE = "CHỈ TIÊU KẾ HOẠCH VÀ KẾT QUẢ THỰC HIỆN"
#: Row (1-based) of the indicator header in a blank workbook.
INDICATOR_HEADER_ROW = 3
#: How many rows from the top the reader searches for the header row.
HEADER_SEARCH_ROWS = 15

COMMUNE_CODE_LENGTH = 5


def column(key: str) -> Column:
    """The indicator column with this key."""
    for col in INDICATOR_COLUMNS:
        if col.key == key:
            return col
    raise KeyError(key)


_E = TypeVar("_E", bound=StrEnum)


def _lookup(labels: dict[_E, str], text: str) -> _E | None:
    wanted = match_key(text)
    if not wanted:
        return None
    for member, label in labels.items():
        if wanted in (match_key(label), match_key(member.value)):
            return member
    for member, label in labels.items():
        # "Từ … trở lên" typed without the symbol part, or the label before the first comma.
        short = match_key(label.split("(")[0])
        if short and wanted == short:
            return member
    return None


def parse_kind(text: str) -> Kind | None:
    return _lookup(KIND_LABELS, text) or _KIND_SYNONYMS.get(match_key(text)) or _plain(_KIND_PLAIN, text)


def parse_status(text: str) -> Status | None:
    return _lookup(STATUS_LABELS, text) or _plain(_STATUS_PLAIN, text)


def parse_direction(text: str) -> Direction | None:
    return (_lookup(DIRECTION_LABELS, text) or _DIRECTION_SYNONYMS.get(match_key(text))
            or _plain(_DIRECTION_PLAIN, text))


def parse_period(text: str) -> Period | None:
    return (
        _lookup(PERIOD_LABELS, text) or _PERIOD_SYNONYMS.get(match_key(text)) or _plain(_PERIOD_PLAIN, text)
    )


def _plain_key(text: str) -> str:
    return strip_accents(match_key(text))


def _plain(index: dict[str, _E], text: str) -> _E | None:
    """Text typed without Vietnamese accents ("6 thang", "tu tro len"), read when it names one label only."""
    return index.get(_plain_key(text))


def _plain_index(labels: dict[_E, str], synonyms: dict[str, _E]) -> dict[str, _E]:
    found: dict[str, set[_E]] = {}
    texts = [(t, m) for m, label in labels.items() for t in (label, label.split("(")[0], m.value)]
    for text, member in [*texts, *synonyms.items()]:
        if key := _plain_key(text):
            found.setdefault(key, set()).add(member)
    return {key: next(iter(members)) for key, members in found.items() if len(members) == 1}


_KIND_SYNONYMS: dict[str, Kind] = {
    match_key(k): v
    for k, v in {
        "≥": Kind.AT_LEAST,
        ">=": Kind.AT_LEAST,
        "Từ trở lên": Kind.AT_LEAST,
        "Đạt": Kind.AT_LEAST,
        ">": Kind.MORE_THAN,
        "Trên": Kind.MORE_THAN,
        "Hơn": Kind.MORE_THAN,
        "≤": Kind.AT_MOST,
        "<=": Kind.AT_MOST,
        "Không quá": Kind.AT_MOST,
        "<": Kind.LESS_THAN,
        "Dưới": Kind.LESS_THAN,
        "≈": Kind.APPROX,
        "Khoảng": Kind.APPROX,
        "=": Kind.EXACT,
        "Bằng": Kind.EXACT,
        "Trong khoảng": Kind.RANGE,
        "Từ X đến Y": Kind.RANGE,
        "Tăng X%": Kind.INCREASE_PCT,
        "Tăng": Kind.INCREASE_PCT,
        "Giảm X%": Kind.DECREASE_PCT,
        "Giảm X": Kind.DECREASE_POINTS,
        "Hoàn thành": Kind.DEADLINE,
        "Hoàn thành trước": Kind.DEADLINE,
    }.items()
}

_DIRECTION_SYNONYMS: dict[str, Direction] = {
    match_key(k): v
    for k, v in {
        "Cao hơn là tốt": Direction.HIGHER,
        "Tăng là tốt": Direction.HIGHER,
        "Cao": Direction.HIGHER,
        "Thấp hơn là tốt": Direction.LOWER,
        "Giảm là tốt": Direction.LOWER,
        "Thấp": Direction.LOWER,
    }.items()
}

_PERIOD_SYNONYMS: dict[str, Period] = {
    match_key(k): v
    for k, v in {
        "Cả năm": Period.YEAR,
        "Năm": Period.YEAR,
        "12 tháng": Period.YEAR,
        "Quý 1": Period.QUARTER_1,
        "Quý 2": Period.QUARTER_2,
        "Quý 3": Period.QUARTER_3,
        "Quý 4": Period.QUARTER_4,
        "3 tháng": Period.QUARTER_1,
    }.items()
}

_KIND_PLAIN = _plain_index(KIND_LABELS, _KIND_SYNONYMS)
_STATUS_PLAIN = _plain_index(STATUS_LABELS, {})
_DIRECTION_PLAIN = _plain_index(DIRECTION_LABELS, _DIRECTION_SYNONYMS)
_PERIOD_PLAIN = _plain_index(PERIOD_LABELS, _PERIOD_SYNONYMS)
