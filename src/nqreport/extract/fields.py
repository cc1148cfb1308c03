"""Filing a target under one of the standard fields (lĩnh vực) of the workbook.

Communes are compared field by field, so every row gets a standard field even when the resolution's
heading joins several ("Chỉ tiêu về văn hóa - xã hội, chuyển đổi số và bảo vệ môi trường …") or the list
is flat. The target's own words decide first (a forest cover rate is an environment target whatever the
heading); then the heading; then "Kinh tế" for a flat list. Pure functions.
"""

from __future__ import annotations

from nqreport.schema import STANDARD_FIELDS
from nqreport.text import match_key

ECONOMY, SOCIETY, ENVIRONMENT, DIGITAL, DEFENCE = STANDARD_FIELDS

#: Words of a target's name and the field they file it under, most telling first.
_TARGET_WORDS: tuple[tuple[str, str], ...] = (
    ("thủ tục hành chính", DIGITAL), ("dịch vụ công", DIGITAL), ("trực tuyến", DIGITAL), ("chuyển đổi số", DIGITAL),
    ("chữ ký số", DIGITAL), ("nền tảng số", DIGITAL), ("thanh toán điện tử", DIGITAL), ("vneid", DIGITAL),
    ("môi trường mạng", DIGITAL), ("hồ sơ", DIGITAL), ("internet", DIGITAL), ("tài khoản", DIGITAL),
    ("học vụ số", DIGITAL), ("số hóa", DIGITAL),
    ("che phủ rừng", ENVIRONMENT), ("chất thải", ENVIRONMENT), ("rác thải", ENVIRONMENT),
    ("nước thải", ENVIRONMENT), ("ô nhiễm", ENVIRONMENT), ("môi trường", ENVIRONMENT), ("cây xanh", ENVIRONMENT),
    ("tuyển quân", DEFENCE), ("giao quân", DEFENCE), ("nhập ngũ", DEFENCE), ("dân quân", DEFENCE),
    ("quốc phòng", DEFENCE), ("an ninh", DEFENCE), ("tai nạn", DEFENCE), ("phạm tội", DEFENCE),
    ("phạm pháp", DEFENCE), ("ma túy", DEFENCE), ("cháy", DEFENCE), ("vi phạm pháp luật", DEFENCE),
    ("trật tự", DEFENCE),
    ("hộ nghèo", SOCIETY), ("cận nghèo", SOCIETY), ("bảo hiểm", SOCIETY), ("lao động", SOCIETY),
    ("việc làm", SOCIETY), ("trường", SOCIETY), ("học sinh", SOCIETY), ("giáo dục", SOCIETY), ("y tế", SOCIETY),
    ("bác sĩ", SOCIETY), ("tiêm chủng", SOCIETY), ("suy dinh dưỡng", SOCIETY), ("trẻ em", SOCIETY),
    ("văn hóa", SOCIETY), ("nước sạch", SOCIETY), ("hợp vệ sinh", SOCIETY), ("dân số", SOCIETY),
    ("khám bệnh", SOCIETY), ("sức khỏe", SOCIETY), ("đào tạo", SOCIETY), ("sinh con", SOCIETY),
    ("thất nghiệp", SOCIETY), ("điện lưới", SOCIETY), ("nhà ở", SOCIETY), ("thể thao", SOCIETY),
)
_HEADING_WORDS: tuple[tuple[str, str], ...] = (
    ("quốc phòng", DEFENCE), ("an ninh", DEFENCE), ("chuyển đổi số", DIGITAL), ("cải cách hành chính", DIGITAL),
    ("môi trường", ENVIRONMENT), ("tài nguyên", ENVIRONMENT), ("văn hóa", SOCIETY), ("xã hội", SOCIETY),
    ("giáo dục", SOCIETY), ("y tế", SOCIETY), ("kinh tế", ECONOMY),
)


def standard_field(heading: str | None, name: str) -> str:
    """The standard field of a target named ``name`` under ``heading`` (None in a flat list)."""
    key = match_key(name)
    heading_key = match_key(heading or "")
    from_heading = [f for _, f in sorted((heading_key.find(w), f) for w, f in _HEADING_WORDS if w in heading_key)]
    for words, field in _TARGET_WORDS:
        if words in key:
            return field
    # "Văn hóa - xã hội, chuyển đổi số và bảo vệ môi trường": the field it names first
    return from_heading[0] if from_heading else ECONOMY
