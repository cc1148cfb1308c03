"""Finding the targets section of a resolution and its numbered items, with the field each is under.

The section is the innermost heading that names the targets ("2. Các chỉ tiêu chủ yếu", "II. CHỈ TIÊU CHỦ
YẾU NĂM 2026 (16 chỉ tiêu)", "2.1. Dự kiến các chỉ tiêu chủ yếu năm 2026") and holds figures; without one,
the run of field headings that hold figures ("1. Về kinh tế:", "2. Về văn hóa - xã hội:"). It ends at a
heading of its own level or above (told by the numbering: "3." after "2.", "III." after "II.", "2.2."
after "2.1."), at a heading of tasks and solutions, or at the next article. Nothing outside it becomes a
row. Pure functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from nqreport.extract.layout import Marker, Paragraph
from nqreport.text import clean, match_key


@dataclass(frozen=True)
class Item:
    """One numbered item of the targets section (it may hold several targets)."""

    label: str
    text: str
    line: int
    #: The field heading above it as written, None in a flat list.
    field: str | None = None
    #: A group title it belongs to ("Tỷ lệ trường đạt chuẩn:" above "+ Mầm non 60%").
    group: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    line: int
    items: tuple[Item, ...]


def _plain(text: str) -> str:
    """Without accents: headings are matched on their letters alone, since OCR misreads diacritics as often
    as anything ("Các chỉ tiêu chủ yêu" for "chủ yếu")."""
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


FIELD_WORDS = ("kinh tế", "văn hóa", "xã hội", "y tế", "giáo dục", "môi trường", "tài nguyên", "quốc phòng",
               "an ninh", "chuyển đổi số", "cải cách hành chính", "khoa học", "nông nghiệp", "nông thôn",
               "đô thị", "hạ tầng", "ngân sách", "tài chính", "chính quyền", "hệ thống chính trị", "nội chính",
               "đối ngoại", "dân số", "lao động", "an sinh", "du lịch", "thương mại", "công nghiệp", "dịch vụ",
               "xây dựng đảng", "thông tin", "đất đai")
_FIELD = re.compile(_plain(r"^(?:(?:các|nhóm|một số)\s+)?(?:chỉ tiêu\s+)?(?:(?:về|thuộc|trên)\s+)?"
                    r"(?:(?:lĩnh vực|khối|phát triển)\s+)?(?:về\s+)?(?:" + "|".join(FIELD_WORDS) + r")\b"))
_MAIN = re.compile(_plain(r"chỉ tiêu\b.*\b(?:chủ yếu|cụ thể|chính|kế hoạch|năm 20\d\d|phát triển kinh tế|"
                          r"kinh tế - xã hội)|\(\s*\d+\s+chỉ tiêu\s*\)|mục tiêu cụ thể|"
                          r"^(?:các |dự kiến (?:các )?)?chỉ tiêu$"))
_MAIN_ONLY = re.compile(_plain(r"\b(?:chủ yếu|cụ thể)\b"))
_END = re.compile(_plain(r"^(?:(?:các|một số|những)\s+)?(?:định hướng|nhiệm vụ|giải pháp|tổ chức thực hiện|"
                         r"phương hướng|danh mục|hiệu lực)\b"))
_YEARS = re.compile(r"\b(?:19|20)\d\d\b|\(\s*\d+\s+chỉ tiêu\s*\)")
_DIGIT = re.compile(r"\d")
#: An item marker inside a line, after the end of the item before it: "…; b) Tổng …", ". (3) Tỷ lệ …".
_RUN_ON = re.compile(r"(?:^|(?<=[;.:]))\s*((?:[a-zđ]|\d{1,2})\)|\(\d{1,2}\))\s+(?=\S)")
#: Item markers: below every heading level.
_ITEM_RANK = 10


def find_section(paragraphs: Sequence[Paragraph]) -> Section | None:
    """The targets section, or None when the text has none."""
    # The targets are decided in the articles: a title before them ("Về mục tiêu, chỉ tiêu, nhiệm vụ …")
    # is not their section.
    article = next((i for i, p in enumerate(paragraphs) if p.marker is not None and p.marker.style == "article"), 0)
    candidates = [i for i, p in enumerate(paragraphs) if i >= article and is_main_heading(p.text)]
    spans = [(i, section_end(paragraphs, i)) for i in candidates]
    with_targets = [(i, end) for i, end in spans
                    if _holds_targets([_inline(paragraphs[i]), *paragraphs[i + 1:end]])]
    for i, end in with_targets:
        if not any(i < j < end for j, _ in with_targets):
            heading = paragraphs[i]
            title = clean(f"{heading.marker.label if heading.marker else ''} {heading.text.split(':', 1)[0]}")
            return Section(title, heading.line, tuple(_items([_inline(heading), *paragraphs[i + 1:end]])))
    # Without a targets heading: the field headings that hold figures, before the tasks and solutions
    # (whose "Về kinh tế" paragraphs are tasks, not targets).
    tasks = next((i for i in range(article, len(paragraphs)) if is_end_heading(paragraphs[i].text)), len(paragraphs))
    first = next((i for i in range(tasks) if is_field_heading(paragraphs[i].text)
                  and _holds_targets(paragraphs[i + 1:section_end(paragraphs, i)])), None)
    if first is None:
        return None
    end = _fields_end(paragraphs, first)
    return Section(clean(paragraphs[first].text), paragraphs[first].line, tuple(_items(paragraphs[first:end])))


def _inline(heading: Paragraph) -> Paragraph:
    """What a heading holds after its colon ("2. Các chỉ tiêu chủ yếu: a) …; b) …"), as a paragraph."""
    rest = heading.text.split(":", 1)[1] if ":" in heading.text else ""
    return Paragraph(None, clean(rest), heading.line)


def head_of(text: str) -> str:
    """A heading's title: the text before its colon, without a trailing colon or full stop, and without
    accents (see :func:`_plain`)."""
    return _plain(match_key(text.split(":", 1)[0])).rstrip(" .")


def heading_like(text: str) -> bool:
    """Short, one sentence, no figure (a year or "(18 chỉ tiêu)" aside)."""
    head = text.split(":", 1)[0].strip().rstrip(".")
    return (0 < len(head.split()) <= 30 and ". " not in head and not _DIGIT.search(_YEARS.sub("", head)))


def is_main_heading(text: str) -> bool:
    """The heading of the targets section; a field's group ("Nhóm chỉ tiêu về kinh tế (06 chỉ tiêu)")
    is not, unless it says it holds the main ones ("Các chỉ tiêu kinh tế - xã hội chủ yếu")."""
    head = head_of(text)
    return (heading_like(text) and bool(_MAIN.search(head)) and not _END.match(head)
            and (not _FIELD.match(head) or bool(_MAIN_ONLY.search(head))))


def is_field_heading(text: str) -> bool:
    head = head_of(text)
    return heading_like(text) and bool(_FIELD.match(head)) and not is_main_heading(text) and not _END.match(head)


def is_end_heading(text: str) -> bool:
    head = head_of(text)
    return heading_like(text) and bool(_END.match(head)) and "chi tieu" not in head


def _rank(marker: Marker | None) -> int:
    if marker is None:
        return _ITEM_RANK
    if marker.style == "article":
        return 0
    if marker.style == "roman":
        return 1
    if marker.style == "LETTER":
        return 2
    if marker.style == "num.":
        return 2 + marker.depth
    return _ITEM_RANK


def section_end(paragraphs: Sequence[Paragraph], start: int) -> int:
    """Where the section headed by ``paragraphs[start]`` ends (the index after its last paragraph)."""
    head = paragraphs[start].marker
    restarted: dict[tuple[int, ...], int] = {}
    for j in range(start + 1, len(paragraphs)):
        paragraph = paragraphs[j]
        marker = paragraph.marker
        if (marker is not None and marker.style == "article") or is_end_heading(paragraph.text):
            return j
        if head is None:
            if marker is not None and marker.style == "roman":
                return j
            continue
        if marker is None:
            continue
        if _rank(marker) < min(_rank(head), _ITEM_RANK):
            return j
        if marker.style != head.style or marker.depth != head.depth or not marker.numbers or not head.numbers:
            if marker.style == head.style and not marker.numbers and _rank(head) == _ITEM_RANK:
                return j
            continue
        if marker.numbers[:-1] != head.numbers[:-1]:
            return j
        number = marker.numbers[-1]
        key = marker.numbers[:-1]
        # A list numbered afresh under the heading ("2. Chỉ tiêu" then "1.", "2.", "3." …) is its content.
        if number > head.numbers[-1] and number != restarted.get(key, -1) + 1:
            return j
        if number <= head.numbers[-1] or key in restarted:
            restarted[key] = number
    return len(paragraphs)


def _fields_end(paragraphs: Sequence[Paragraph], first: int) -> int:
    """The end of a run of field headings with their items, the first of them at ``first``."""
    head = paragraphs[first].marker
    for j in range(first + 1, len(paragraphs)):
        paragraph = paragraphs[j]
        marker = paragraph.marker
        if (marker is not None and marker.style == "article") or is_end_heading(paragraph.text):
            return j
        if marker is not None and _rank(marker) < min(_rank(head), _ITEM_RANK):
            return j
        same_level = (marker == head or (marker is not None and head is not None and marker.style == head.style
                                         and marker.depth == head.depth))
        if same_level and heading_like(paragraph.text) and not is_field_heading(paragraph.text):
            return j
    return len(paragraphs)


def _holds_targets(body: Sequence[Paragraph]) -> bool:
    return any(_DIGIT.search(_YEARS.sub("", p.text)) for p in body if not heading_like(p.text))


def _items(body: Sequence[Paragraph]) -> list[Item]:
    return [part for item in _paragraph_items(body) for part in _run_on(item)]


def _run_on(item: Item) -> list[Item]:
    """Items written on one line ("a) Thu nhập …; b) Tổng sản lượng …"), one each."""
    parts = _RUN_ON.split(item.text)
    if len(parts) < 3:
        return [item]
    lead, group = parts[0].strip(), item.group
    if lead.endswith(":") and not _DIGIT.search(_YEARS.sub("", lead)):
        # "5) Về giao thông, thủy lợi: a) …; b) …": the lead names the group of the items after it
        group, lead = clean(lead).rstrip(" :"), ""
    found = [Item(item.label, lead, item.line, item.field, group)] if lead.strip(" ;:") else []
    found += [Item(label, text.strip(), item.line, item.field, group)
              for label, text in zip(parts[1::2], parts[2::2], strict=True)]
    return found


def _paragraph_items(body: Sequence[Paragraph]) -> list[Item]:
    items: list[Item] = []
    field: str | None = None
    group, group_style = "", ""
    for paragraph in body:
        marker, text = paragraph.marker, paragraph.text
        if not text.strip():
            continue
        label = marker.label if marker is not None else ""
        if is_field_heading(text):
            field = clean(text.split(":", 1)[0]).rstrip(" .")
            group = ""
            rest = text.split(":", 1)[1] if ":" in text else ""
            if _DIGIT.search(_YEARS.sub("", rest)):
                items.append(Item(label, clean(rest), paragraph.line, field))
            continue
        if marker is None:
            if items and (text[:1].islower() or not heading_like(text)) and not _starts_item(text):
                last = items[-1]
                items[-1] = Item(last.label, f"{last.text} {text}", last.line, last.field, last.group)
            elif not heading_like(text) or _DIGIT.search(_YEARS.sub("", text)):
                items.append(Item("", text, paragraph.line, field, group))
            continue
        if group and marker.style == group_style:
            group = ""
        if text.rstrip().endswith(":") and heading_like(text):
            group, group_style = clean(text).rstrip(" :"), marker.style
            continue
        items.append(Item(label, text, paragraph.line, field, group))
    return items


def _starts_item(text: str) -> bool:
    """An unnumbered paragraph that reads as a target of its own rather than the end of the one before."""
    return bool(re.match(r"^(Tỷ lệ|Tỉ lệ|Tổng|Thu|Số|Phấn đấu|Giảm|Tăng|Duy trì|Hoàn thành)\b", text))
