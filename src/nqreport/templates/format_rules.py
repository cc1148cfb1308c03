"""The presentation rules of Nghị định 30/2020/NĐ-CP, checked on a template as warnings.

A report is returned when it does not follow the decree: wrong font, body text too small, margins out
of range, or a missing national title, motto, "Nơi nhận" or signer block. These are warnings (the report
can still be built); ``--strict`` makes them fail. The rules read what Word will show: a run's own
formatting, then its character style, its paragraph style and the document defaults.

Which rules apply depends on the kind of template: a report (báo cáo) has all of them; an appendix
(phụ lục) has no national title, recipients or signer of its own, and its notes under the table are
smaller by custom, so only the font, the paper and the margins are checked there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lxml import etree

from nqreport.text import strip_accents
from nqreport.word.scan import (
    Finding,
    Paragraph,
    Part,
    W,
    excerpt,
    find_tags,
    finding_at,
    paragraphs,
    text_runs,
)
from nqreport.wording.numbers import format_number

KIND_REPORT = "bao_cao"
KIND_APPENDIX = "phu_luc"

FONT = "Times New Roman"
BODY_SIZES = (Decimal(13), Decimal(14))
#: Margins in millimetres (Nghị định 30/2020/NĐ-CP, Phụ lục I): top, bottom, left, right.
MARGINS = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
MARGIN_NAMES = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}
A4_MM = (210, 297)
DECREE = "Nghị định 30/2020/NĐ-CP"

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_DEFAULT_SIZE = Decimal(10)  # Word's size when nothing sets one


# --------------------------------------------------------------------------- formatting lookup


class Styles:
    """Effective run formatting: the run, its character style, its paragraph style, the defaults."""

    def __init__(self, styles: Any, theme: Any) -> None:
        self.by_id: dict[str, Any] = {}
        self.default_paragraph: str | None = None
        self.defaults = None
        if styles is not None:
            for style in styles.iter(f"{W}style"):
                self.by_id[style.get(f"{W}styleId", "")] = style
                if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true"):
                    self.default_paragraph = style.get(f"{W}styleId")
            self.defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.theme: dict[str, str] = {}
        if theme is not None:
            for kind in ("major", "minor"):
                latin = theme.find(f".//{A}{kind}Font/{A}latin")
                if latin is not None and latin.get("typeface"):
                    self.theme[kind] = latin.get("typeface")

    def _chain(self, style_id: str | None) -> list[Any]:
        chain: list[Any] = []
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id.get(style_id)
            if style is None:
                break
            chain.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return chain

    def lookup(self, run: Any, para: Any, get: Callable[[Any], Any]) -> Any:
        rpr = run.find(f"{W}rPr")
        candidates = [rpr]
        rstyle = rpr.find(f"{W}rStyle") if rpr is not None else None
        if rstyle is not None:
            candidates += [s.find(f"{W}rPr") for s in self._chain(rstyle.get(f"{W}val"))]
        pstyle = para.find(f"{W}pPr/{W}pStyle")
        style_id = pstyle.get(f"{W}val") if pstyle is not None else self.default_paragraph
        candidates += [s.find(f"{W}rPr") for s in self._chain(style_id)]
        candidates.append(self.defaults)
        for candidate in candidates:
            if candidate is not None:
                value = get(candidate)
                if value is not None:
                    return value
        return None

    def fonts(self, run: Any, para: Any) -> set[str]:
        """The fonts Word uses for Latin letters in this run (plain and accented Vietnamese)."""
        found = set()
        for attr in ("ascii", "hAnsi"):
            font = self.lookup(run, para, functools.partial(self._font, attr=attr))
            found.add(font or FONT)
        return found

    def _font(self, rpr: Any, attr: str) -> str | None:
        fonts = rpr.find(f"{W}rFonts")
        if fonts is None:
            return None
        theme = fonts.get(f"{W}{attr}Theme")
        if theme:
            return self.theme.get("major" if theme.startswith("major") else "minor", FONT)
        value = fonts.get(f"{W}{attr}")
        return str(value) if value else None

    def size(self, run: Any, para: Any) -> Decimal:
        def get(rpr: Any) -> Decimal | None:
            sz = rpr.find(f"{W}sz")
            if sz is None or not (sz.get(f"{W}val") or "").isdigit():
                return None
            return Decimal(sz.get(f"{W}val")) / 2

        value = self.lookup(run, para, get)
        return value if value is not None else _DEFAULT_SIZE


# --------------------------------------------------------------------------- the rules


@dataclass(frozen=True)
class _Seen:
    para: Paragraph
    text: str


def _is_tag_only(text: str) -> bool:
    """A paragraph that holds nothing but a paragraph, row or cell tag disappears from the report."""
    spans, _ = find_tags(text)
    if len(spans) != 1 or not spans[0].complete:
        return False
    tag = spans[0].text(text)
    return bool(re.match(r"\{[%{#](p|tr|tc) ", tag)) and not text.replace(tag, "").strip()


def _mm(twips: str | None) -> Decimal | None:
    if twips is None or not re.fullmatch(r"-?\d+", twips):
        return None
    return (Decimal(twips) * Decimal("25.4") / Decimal(1440)).quantize(Decimal("0.1"))


def _mm_text(value: Decimal) -> str:
    return format_number(value)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", strip_accents(text).casefold())


class FormatChecker:
    def __init__(self, parts: list[Part], styles: Any, theme: Any, kind: str) -> None:
        self.parts = parts
        self.styles = Styles(styles, theme)
        self.kind = kind
        self.findings: list[Finding] = []
        self.body = parts[0]
        self.body_paras = paragraphs(self.body)

    def check(self) -> list[Finding]:
        self._fonts()
        if self.kind == KIND_REPORT:
            self._sizes()
        self._pages()
        if self.kind == KIND_REPORT:
            self._required()
        return self.findings

    def _warn(self, para: Paragraph | None, around: str, code: str, message: str, fix: str,
              part_index: int = 0) -> None:
        if para is None:
            self.findings.append(Finding(self.body.label, "", "", False, code, message, fix, (part_index, 0)))
        else:
            self.findings.append(finding_at(para, around, error=False, code=code, message=message, fix=fix,
                                            part_index=part_index))

    def _fonts(self) -> None:
        seen: dict[str, list[tuple[int, _Seen]]] = {}
        for index, part in enumerate(self.parts):
            paras = self.body_paras if index == 0 else paragraphs(part)
            for para in paras:
                if _is_tag_only(para.text):
                    continue
                for run, text in text_runs(para):
                    for font in sorted(self.styles.fonts(run, para.element) - {FONT}):
                        places = seen.setdefault(font, [])
                        if not places or places[-1][1].para is not para:
                            places.append((index, _Seen(para, text)))
        for font, places in seen.items():
            index, first = places[0]
            self._warn(first.para, first.text, "font",
                       f"phông chữ \"{font}\" ở {len(places)} đoạn (đoạn đầu tiên ở đây); {DECREE} quy định "
                       f"phông {FONT}",
                       f"chọn các đoạn đó (hoặc Ctrl+A cả văn bản) rồi chọn phông {FONT}", index)

    def _sizes(self) -> None:
        seen: dict[Decimal, list[_Seen]] = {}
        for para in self.body_paras:
            if para.table is not None or _is_tag_only(para.text):
                continue
            for run, text in text_runs(para):
                size = self.styles.size(run, para.element)
                if BODY_SIZES[0] <= size <= BODY_SIZES[1]:
                    continue
                places = seen.setdefault(size, [])
                if not places or places[-1].para is not para:
                    places.append(_Seen(para, text))
        for size, places in sorted(seen.items()):
            first = places[0]
            self._warn(first.para, first.text, "font-size",
                       f"chữ cỡ {format_number(size.normalize())} pt ở {len(places)} đoạn của phần nội dung "
                       f"(đoạn đầu tiên ở đây); {DECREE} quy định cỡ 13–14 pt",
                       "chọn các đoạn đó rồi đặt cỡ chữ 13 hoặc 14")

    def _sections(self) -> list[tuple[Paragraph | None, Any]]:
        out: list[tuple[Paragraph | None, Any]] = []
        for para in self.body_paras:
            sect = para.element.find(f"{W}pPr/{W}sectPr")
            if sect is not None:
                out.append((para, sect))
        body = self.body.root.find(f"{W}body")
        last = body.find(f"{W}sectPr") if body is not None else None
        if last is not None:
            out.append((None, last))
        return out

    def _pages(self) -> None:
        sections = self._sections()
        for number, (para, sect) in enumerate(sections, start=1):
            which = f"phần {number} của văn bản: " if len(sections) > 1 else ""
            size = sect.find(f"{W}pgSz")
            if size is not None:
                width, height = _mm(size.get(f"{W}w")), _mm(size.get(f"{W}h"))
                if width is not None and height is not None:
                    short, long = sorted((width, height))
                    if abs(short - A4_MM[0]) > 1 or abs(long - A4_MM[1]) > 1:
                        self._warn(para, "", "paper",
                                   f"{which}khổ giấy {_mm_text(width)} × {_mm_text(height)} mm, không phải A4 "
                                   f"(210 × 297 mm) như {DECREE} quy định",
                                   "chọn Layout › Size › A4")
            margins = sect.find(f"{W}pgMar")
            if margins is None:
                continue
            wrong = []
            for side, (low, high) in MARGINS.items():
                value = _mm(margins.get(f"{W}{side}"))
                if value is None:
                    continue
                value = abs(value)
                if not low <= value <= high:
                    wrong.append(f"{MARGIN_NAMES[side]} {_mm_text(value)} mm (cần {low}–{high} mm)")
            if wrong:
                self._warn(para, "", "margins", f"{which}{'; '.join(wrong)}, theo {DECREE}",
                           "chọn Layout › Margins › Custom Margins rồi đặt lại lề: trên và dưới 20–25 mm, "
                           "trái 30–35 mm, phải 15–20 mm")

    def _required(self) -> None:
        keys = [(para, _key(para.text)) for para in self.body_paras]
        everything = "".join(k for _, k in keys)
        if "conghoaxahoichunghiavietnam" not in everything:
            self._warn(None, "", "national-title",
                       "không thấy quốc hiệu \"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\"",
                       "thêm quốc hiệu ở đầu trang đầu, bên phải, chữ in hoa đứng đậm cỡ 12–13")
        if "doclaptudohanhphuc" not in everything:
            self._warn(None, "", "motto",
                       "không thấy tiêu ngữ \"Độc lập - Tự do - Hạnh phúc\"",
                       "thêm tiêu ngữ ngay dưới quốc hiệu, chữ thường đứng đậm cỡ 13–14")
        if not any(k.startswith("noinhan") for _, k in keys):
            self._warn(None, "", "recipients", "không thấy phần \"Nơi nhận:\"",
                       "thêm \"Nơi nhận:\" ở cuối văn bản, bên trái, rồi các dòng nơi nhận "
                       "({%p for dong in noi_nhan %}, {{ dong }}, {%p endfor %})")
        self._signer()

    def _signer(self) -> None:
        title_at = None
        for index, para in enumerate(self.body_paras):
            if _is_signer_title(para.text):
                title_at = index
        if title_at is None:
            self._warn(None, "", "signer",
                       "không thấy phần chữ ký (thẩm quyền ký, chức vụ và họ tên người ký)",
                       "thêm ở cuối văn bản, bên phải: {{ tham_quyen_ky }}, {{ chuc_vu_ky }}, vài dòng trống để "
                       "ký, rồi {{ nguoi_ky }}")
            return
        title = self.body_paras[title_at]
        after = [p for p in self.body_paras[title_at + 1:]
                 if p.container is title.container and p.text.strip() and not _is_tag_only(p.text)]
        if not after:
            self._warn(title, title.text, "signer", "phần chữ ký thiếu họ tên người ký",
                       "thêm {{ nguoi_ky }} (hoặc họ tên) dưới chức vụ, cách vài dòng trống để ký")


_AUTHORITY = re.compile(r"^\s*(TM|KT|TL|TUQ|Q)\s*\.\s*\S")
_TITLES = ("CHỦ TỊCH", "GIÁM ĐỐC", "TRƯỞNG BAN", "TRƯỞNG PHÒNG", "CHÁNH VĂN PHÒNG", "BÍ THƯ")


def _is_signer_title(text: str) -> bool:
    if "tham_quyen_ky" in text or "chuc_vu_ky" in text:
        return True
    clean = " ".join(text.split())
    if _AUTHORITY.match(clean):
        return True
    return clean.isupper() and any(clean.startswith(t) or clean.startswith(f"PHÓ {t}") for t in _TITLES)


def check_format(parts: list[Part], entries: dict[str, bytes], kind: str) -> list[Finding]:
    """Warnings for what departs from Nghị định 30/2020/NĐ-CP in a template of ``kind``."""
    styles = _parse(entries.get("word/styles.xml"))
    theme = _parse(entries.get("word/theme/theme1.xml"))
    return FormatChecker(parts, styles, theme, kind).check()


def _parse(data: bytes | None) -> Any:
    if data is None:
        return None
    try:
        return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return None


def first_text(parts: list[Part]) -> str:
    """The first words of the body (to tell an appendix from a report)."""
    for para in paragraphs(parts[0]):
        if para.text.strip() and not _is_tag_only(para.text):
            return excerpt(para.text, width=40)
    return ""
