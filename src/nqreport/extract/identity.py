"""What a resolution says about itself: the commune and its province, the plan year, the number, the date
it was adopted, the body that adopted it and at which session; and the commune's 5-digit code when its
name and province match exactly one unit of the official list. Pure functions over the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date

from nqreport.config.communes import Register, name_key
from nqreport.extract.model import Identity
from nqreport.text import clean, match_key

_BODY = re.compile(r"(?:hội đồng nhân dân|hđnd|ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+(xã|phường|đặc khu)\s+",
                   re.IGNORECASE)
_LEVEL_AT_START = re.compile(r"^(xã|phường|đặc khu)\s+", re.IGNORECASE)
_STOP_WORDS = {"khóa", "khoá", "kỳ", "số", "cộng", "nghị", "về", "tỉnh", "huyện", "quyết", "độc", "tm",
               "kt", "chủ", "hội", "ngày", "lần", "nhiệm", "trình", "tại", "thông", "đã"}
_NUMBER = re.compile(r"^số\s*:?\s*(\d{1,4}\s*/\s*(?:\d{4}\s*/\s*)?NQ\s*-\s*HĐND)", re.IGNORECASE)
_LONG_DATE = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_ADOPTED = re.compile(r"thông qua\s+(?:" + _LONG_DATE + r"|ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4}))",
                      re.IGNORECASE)
_PLACE_DATE = re.compile(r"^[^,]{2,40},\s*" + _LONG_DATE, re.IGNORECASE)
_PLAN_YEAR = re.compile(r"(?:kế hoạch|nhiệm vụ|mục tiêu|chỉ tiêu)[^.;]{0,80}?\bnăm\s+(20\d\d)\b", re.IGNORECASE)
_SESSION = re.compile(r"khóa\s+([IVXL]+|\w+)\s*[,-]?\s*kỳ họp\s+(thứ\s+\w+|bất thường|chuyên đề)", re.IGNORECASE)
_LEVELS = {"xã": "Xã", "phường": "Phường", "đặc khu": "Đặc khu"}
#: The header lines where a commune's name may stand alone ("XÃ TÀ HỘC" under "HỘI ĐỒNG NHÂN DÂN").
HEADER_LINES = 15


def read_identity(lines: Sequence[str], register: Register) -> tuple[Identity, list[str]]:
    """The resolution's identity, and what could not be found (Vietnamese sentences)."""
    cleaned = [clean(line) for line in lines]
    filled = [line for line in cleaned if line]
    text = " ".join(filled)
    header = filled[:40]
    missing: list[str] = []
    level, name = _commune(text, filled[:HEADER_LINES], register)
    province, province_code = _province(text, register)
    code = ""
    if name and province:
        units = register.find(name, province)
        if len(units) > 1:
            units = tuple(u for u in units if u.level == level) or units
        if len(units) == 1:
            code, name, level, province_code = units[0].code, units[0].name, units[0].level, units[0].province_code
        elif not units:
            missing.append(f'không có {level.lower()} "{name}" ở tỉnh {province} trong danh sách đơn vị hành chính '
                           "cấp xã; hãy ghi mã xã (--code)")
    if not name:
        missing.append("không tìm thấy tên xã (dòng \"HỘI ĐỒNG NHÂN DÂN XÃ …\"); hãy ghi mã xã (--code)")
    elif not province:
        same = register.find(name)
        codes = ", ".join(f"{u.code} ({u.province})" for u in same[:6])
        missing.append("Nghị quyết không ghi tên tỉnh nên chưa xác định được mã xã"
                       + (f" ({len(same)} đơn vị tên {name}: {codes})" if len(same) > 1 else "")
                       + "; hãy ghi mã xã (--code)")
    adopted = _adopted(text, header)
    if adopted is None:
        missing.append('không tìm thấy ngày thông qua Nghị quyết ("thông qua ngày … tháng … năm …"); hãy điền '
                       '"Ngày thông qua Nghị quyết" trong sổ')
    year = _year(text, adopted)
    if year is None:
        missing.append("không tìm thấy năm kế hoạch; hãy điền \"Năm kế hoạch\" trong sổ")
    number = next((re.sub(r"\s+", "", m.group(1)).upper() for m in map(_NUMBER.search, header) if m), "")
    identity = Identity(name=name, level=level, province=province, province_code=province_code, code=code,
                        year=year, number=number, adopted=adopted,
                        body=f"Hội đồng nhân dân {level.lower()} {name}" if name else "", session=_session(text))
    return identity, missing


def _commune(text: str, header: Sequence[str], register: Register) -> tuple[str, str]:
    votes: Counter[str] = Counter()
    shown: dict[str, tuple[str, str]] = {}
    mentions = [(m.group(1), text[m.end():m.end() + 200]) for m in _BODY.finditer(text)]
    mentions += [(m.group(1), line[m.end():]) for line in header if (m := _LEVEL_AT_START.match(line))]
    for level_word, after in mentions:
        words: list[str] = []
        following = after.split()[:6]
        for index, word in enumerate(following):
            bare = word.strip(",.;:()\"“”")
            stop = match_key(bare) in _STOP_WORDS or (match_key(bare) == "thành" and index + 1 < len(following)
                                                      and match_key(following[index + 1]).startswith("phố"))
            if not bare or not (bare[0].isupper() or bare[0].isdigit()) or stop:
                break
            words.append(bare)
            if bare != word:
                break
        if not words:
            continue
        # The name ends where the official list says it does ("XÃ CAM LỘ Căn cứ …" is xã Cam Lộ).
        words = next((words[:n] for n in range(len(words), 0, -1) if register.find(" ".join(words[:n]))), words)
        name = " ".join(w if not w.isupper() else w.capitalize() for w in words)
        key = name_key(name)
        votes[key] += 1
        shown.setdefault(key, (_LEVELS[level_word.lower()], name))
    if not votes:
        return "Xã", ""
    known = [key for key, _ in votes.most_common() if register.find(shown[key][1])]
    best = known[0] if known else votes.most_common(1)[0][0]
    return shown[best]


def _province(text: str, register: Register) -> tuple[str, str]:
    key = match_key(text)
    counts: list[tuple[int, int, str, str]] = []
    for code, province in register.provinces().items():
        name = match_key(province)
        found = [m.start() for m in re.finditer(rf"\b(?:tỉnh|thành phố|tp\.?)\s+{re.escape(name)}\b", key)]
        if found:
            counts.append((-len(found), found[0], province, code))
    if not counts:
        return "", ""
    _, _, province, code = min(counts)
    return province, code


def _adopted(text: str, header: Sequence[str]) -> date | None:
    match = _ADOPTED.search(text)
    if match:
        groups = [g for g in match.groups() if g is not None]
        day, month, year = (int(g) for g in groups[:3])
        return _date(year, month, day)
    for line in header:
        if m := _PLACE_DATE.search(line):
            return _date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(text: str, adopted: date | None) -> int | None:
    match = _PLAN_YEAR.search(text)
    if match:
        return int(match.group(1))
    if adopted is not None:
        return adopted.year + 1 if adopted.month >= 9 else adopted.year
    return None


def _session(text: str) -> str:
    found = list(_SESSION.finditer(text))
    if not found:
        return ""
    mixed = next((m for m in found if not m.group(0).isupper()), found[0])
    term, meeting = mixed.group(1), mixed.group(2)
    meeting = meeting.lower() if meeting.isupper() else meeting
    return f"khóa {term.upper()}, kỳ họp {meeting[:1].lower()}{meeting[1:]}"
