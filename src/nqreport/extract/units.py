"""Units of measure as resolutions write them, and as the workbook keeps them.

"Km" is km, "150ha" is ha, "triệu đồng/người/năm" is triệu đồng (a money figure keeps its currency only),
"trường học" is trường. A unit the list does not know is taken from the word after the number and marked
as guessed. A change target ("tăng 10%") is in %, but the row's unit is the unit its results are typed in
("Thu ngân sách … tăng 10%": triệu đồng), found from the indicator's name when the phrase does not say.
Pure functions.
"""

from __future__ import annotations

import re

from nqreport.text import match_key

#: Units (as written, lower case) and how the workbook writes them; longest first when matching.
_UNITS: dict[str, str] = {
    "triệu đồng": "triệu đồng", "tr.đồng": "triệu đồng", "trđ": "triệu đồng", "triệu": "triệu đồng",
    "tỷ đồng": "tỷ đồng", "tỉ đồng": "tỷ đồng", "tỷ": "tỷ đồng", "nghìn đồng": "nghìn đồng",
    "ngàn đồng": "nghìn đồng", "đồng": "đồng", "usd": "USD",
    "ha": "ha", "héc ta": "ha", "héc-ta": "ha", "hecta": "ha", "km": "km", "ki-lô-mét": "km", "m2": "m2",
    "m²": "m2", "m3": "m3", "m³": "m3", "m": "m", "tấn": "tấn", "tạ": "tạ", "kg": "kg", "lít": "lít",
    "lượt người": "lượt người", "lượt khách": "lượt", "lượt": "lượt", "người": "người", "học viên": "học viên",
    "lao động": "lao động", "hộ gia đình": "hộ", "hộ": "hộ", "thôn": "thôn", "bản": "bản", "xóm": "xóm",
    "ấp": "ấp", "tổ dân phố": "tổ dân phố", "khu phố": "khu phố", "khu dân cư": "khu dân cư",
    "doanh nghiệp": "doanh nghiệp", "hợp tác xã": "hợp tác xã", "tổ hợp tác": "tổ hợp tác",
    "sản phẩm": "sản phẩm", "công trình": "công trình", "trường học": "trường", "trường": "trường",
    "cuộc": "cuộc", "vụ": "vụ", "tiêu chí": "tiêu chí", "mô hình": "mô hình", "căn nhà": "căn", "căn": "căn",
    "nhà văn hóa": "nhà văn hóa", "nhà": "nhà", "phòng học": "phòng học", "lớp": "lớp", "cơ sở": "cơ sở",
    "trang trại": "trang trại", "con": "con", "cây": "cây", "bác sĩ": "bác sĩ", "giường bệnh": "giường bệnh",
    "xã": "xã", "chiếc": "chiếc", "tàu": "tàu", "tuyến": "tuyến", "câu lạc bộ": "câu lạc bộ", "điểm": "điểm",
    "tài khoản": "tài khoản", "thẻ": "thẻ", "dự án": "dự án", "buổi": "buổi", "đợt": "đợt", "hồ sơ": "hồ sơ",
    "gia đình": "gia đình", "cán bộ": "cán bộ", "đảng viên": "đảng viên", "học sinh": "học sinh",
    "giáo viên": "giáo viên", "cầu": "cầu", "cống": "cống", "lớp học": "lớp", "chợ": "chợ", "cửa hàng": "cửa hàng",
    "ngày": "ngày", "tháng": "tháng", "giờ": "giờ",
}
_ORDERED = sorted(_UNITS, key=len, reverse=True)
_UNIT = re.compile(r"^\s*(" + "|".join(re.escape(u) for u in _ORDERED) + r")(?![\wà-ỹ])((?:\s*/\s*[\wà-ỹ ]{1,12}?)*)"
                   r"(?=[\s,;.:)]|$)", re.IGNORECASE)
_MONEY = {"triệu đồng", "tỷ đồng", "nghìn đồng", "đồng", "USD"}
#: Units that measure (as opposed to counted things: "02 doanh nghiệp", "07 thôn").
MEASURES = _MONEY | {"%", "ha", "km", "m", "m2", "m3", "tấn", "tạ", "kg", "lít", "ngày", "tháng", "giờ"}
_WORD = re.compile(r"^\s*([\wà-ỹ]+)", re.IGNORECASE)
#: Words after a number that are not units ("đạt 50 trở lên", "02 năm").
_NOT_UNITS = {"trở", "so", "và", "của", "với", "năm", "đến", "trên", "dưới", "là", "đạt", "tăng", "giảm", "mới",
              "có", "được", "theo", "trong", "từ", "hoặc"}

#: What an indicator's results are counted in, from its name, for a change target ("tăng 10%").
_SUBJECT_UNITS: tuple[tuple[str, str], ...] = (
    ("thu nhập", "triệu đồng"), ("thu ngân sách", "triệu đồng"), ("thu nsnn", "triệu đồng"),
    ("tổng thu", "triệu đồng"), ("chi ngân sách", "triệu đồng"), ("giá trị sản xuất", "tỷ đồng"),
    ("vốn đầu tư", "tỷ đồng"), ("tổng sản phẩm", "tỷ đồng"), ("sản lượng", "tấn"), ("đàn", "con"),
    ("tai nạn", "vụ"), ("phạm tội", "vụ"), ("phạm pháp", "vụ"), ("vi phạm", "vụ"), ("cháy", "vụ"), ("số vụ", "vụ"),
    ("hộ nghèo", "hộ"), ("hộ cận nghèo", "hộ"), ("khách du lịch", "lượt"), ("lao động", "người"),
    ("diện tích", "ha"), ("doanh nghiệp", "doanh nghiệp"),
)


def normalise(unit: str) -> str:
    """A unit as the workbook writes it ("Km" → "km", "triệu đồng/người/năm" → "triệu đồng")."""
    key = match_key(unit)
    base, _, per = key.partition("/")
    base = base.strip()
    shown = _UNITS.get(base, base)
    if shown in _MONEY or shown == "%" or not per:
        return shown
    return f"{shown}/{'/'.join(p.strip() for p in per.split('/'))}"


def unit_after(tail: str) -> tuple[str, int, bool]:
    """The unit right after a number: (unit as the workbook writes it, characters read, whether the unit
    is one the list knows). ("", 0, True) when nothing after the number is a unit."""
    match = _UNIT.match(tail)
    if match:
        return normalise(match.group(1) + match.group(2)), match.end(), True
    word = _WORD.match(tail)
    if word and word.group(1).lower() not in _NOT_UNITS and not word.group(1)[0].isdigit():
        return word.group(1).lower(), word.end(), False
    return "", 0, True


def percent_tail(tail: str) -> int:
    """Characters of "/năm" after a percentage ("giảm 3%/năm")."""
    match = re.match(r"^\s*/\s*năm\b", tail, re.IGNORECASE)
    return match.end() if match else 0


def subject_unit(subject: str) -> str:
    """The unit of an indicator's results from its name; "" when the name does not tell."""
    key = match_key(subject)
    if "tỷ lệ" in key or "tỉ lệ" in key:
        return "%"
    return next((unit for words, unit in _SUBJECT_UNITS if words in key), "")
