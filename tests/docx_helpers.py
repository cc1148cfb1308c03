"""Reading a produced .docx the way a reader sees it, and the hand-made reports the render tests use.

The reader resolves formatting the way Word does for what these templates use: a run's own properties,
then its paragraph style (and the styles it is based on), then the document defaults.
"""

from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

from lxml import etree

from nqreport.aggregate import CommuneReport, aggregate_communes, evaluate_commune
from nqreport.config.catalog import load_catalog
from nqreport.config.settings import Settings
from nqreport.model import Assessment, Commune, CommuneData, Indicator
from nqreport.schema import Kind, Period, Status

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
D = Decimal


def load_tool() -> ModuleType:
    """tools/make_templates.py as a module (tools/ is not a package)."""
    name = "make_templates_tool"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "make_templates.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class RunLook:
    text: str
    bold: bool
    italic: bool
    size_pt: float


class Docx:
    """A .docx opened for assertions."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
            self.infos = archive.infolist()
        self.document = etree.fromstring(self.parts["word/document.xml"])
        self.styles = etree.fromstring(self.parts["word/styles.xml"])
        self.body = self.document.find(f"{W}body")

    # -- text

    @staticmethod
    def text_of(element: Any) -> str:
        out = []
        for node in element.iter(f"{W}t", f"{W}br", f"{W}tab"):
            if node.tag == f"{W}t":
                out.append(node.text or "")
            elif node.tag == f"{W}br":
                out.append("\n")
            else:
                out.append("\t")
        return "".join(out)

    def paragraphs(self) -> list[str]:
        """Every paragraph's text in reading order, table cells included."""
        return [self.text_of(p) for p in self.body.iter(f"{W}p")]

    def text(self) -> str:
        return "\n".join(self.paragraphs())

    def paragraph(self, starting: str) -> Any:
        for p in self.body.iter(f"{W}p"):
            if self.text_of(p).startswith(starting):
                return p
        raise AssertionError(f"no paragraph starts with {starting!r}")

    def tables(self) -> list[Any]:
        return self.body.findall(f"{W}tbl")

    @classmethod
    def rows(cls, table: Any) -> list[list[str]]:
        return [[cls.text_of(tc) for tc in tr.findall(f"{W}tc")] for tr in table.findall(f"{W}tr")]

    # -- section

    def section(self) -> dict[str, int | str]:
        sect = self.body.find(f"{W}sectPr")
        size = sect.find(f"{W}pgSz")
        margin = sect.find(f"{W}pgMar")
        out: dict[str, int | str] = {
            "width": int(size.get(f"{W}w")), "height": int(size.get(f"{W}h")),
            "orient": size.get(f"{W}orient") or "portrait",
        }
        for side in ("top", "bottom", "left", "right", "header"):
            out[side] = int(margin.get(f"{W}{side}"))
        out["title_page"] = "yes" if sect.find(f"{W}titlePg") is not None else "no"
        return out

    # -- formatting

    def _style(self, style_id: str) -> Any:
        for style in self.styles.findall(f"{W}style"):
            if style.get(f"{W}styleId") == style_id:
                return style
        return None

    def _default_rpr(self) -> Any:
        return self.styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")

    def _style_chain(self, style_id: str | None) -> list[Any]:
        chain = []
        while style_id:
            style = self._style(style_id)
            if style is None:
                break
            chain.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return chain

    def _lookup(self, run: Any, para: Any, tag: str) -> Any:
        rpr = run.find(f"{W}rPr")
        if rpr is not None and rpr.find(f"{W}{tag}") is not None:
            return rpr.find(f"{W}{tag}")
        pstyle = para.find(f"{W}pPr/{W}pStyle")
        for style in self._style_chain(pstyle.get(f"{W}val") if pstyle is not None else "Normal"):
            found = style.find(f"{W}rPr/{W}{tag}")
            if found is not None:
                return found
        return self._default_rpr().find(f"{W}{tag}")

    @staticmethod
    def _on(element: Any) -> bool:
        return element is not None and element.get(f"{W}val", "true") not in ("0", "false")

    def look(self, containing: str) -> RunLook:
        """How the run holding ``containing`` looks: bold, italic, size in points."""
        for para in self.body.iter(f"{W}p"):
            for run in para.iter(f"{W}r"):
                text = self.text_of(run)
                if containing in text:
                    size = self._lookup(run, para, "sz")
                    return RunLook(text, self._on(self._lookup(run, para, "b")),
                                   self._on(self._lookup(run, para, "i")), int(size.get(f"{W}val")) / 2)
        raise AssertionError(f"no run contains {containing!r}")

    def alignment(self, para: Any) -> str:
        jc = para.find(f"{W}pPr/{W}jc")
        if jc is not None:
            return str(jc.get(f"{W}val"))
        pstyle = para.find(f"{W}pPr/{W}pStyle")
        for style in self._style_chain(pstyle.get(f"{W}val") if pstyle is not None else "Normal"):
            found = style.find(f"{W}pPr/{W}jc")
            if found is not None:
                return str(found.get(f"{W}val"))
        return "left"

    def default_fonts(self) -> dict[str, str]:
        fonts = self._default_rpr().find(f"{W}rFonts")
        return {key: fonts.get(f"{W}{key}") for key in ("ascii", "hAnsi", "cs", "eastAsia")}


def twips_to_mm(value: int) -> float:
    return value / 1440 * 25.4


# --------------------------------------------------------------------------- hand-made reports

KT = "Kinh tế"
XH = "Văn hóa - Xã hội"
QA = "Quốc phòng - An ninh"
#: A name that is lost without autoescape (docs/architecture.md, "Traps"): it must print as written.
AWKWARD = "Phòng cháy & chữa cháy <thôn> ‹tạm tính>"


def quoc_khanh(period: Period = Period.YEAR) -> CommuneData:
    """Eight indicators over three fields; for a year report: 2 exceeded, 4 met, 1 not met, 1 no data."""
    indicators = (
        Indicator(KT, "Thu ngân sách nhà nước trên địa bàn", Kind.AT_LEAST, "triệu đồng", "KT01",
                  target=D(1306), estimate=D(1420), note="Dự toán tỉnh giao 1.166 triệu đồng"),
        Indicator(KT, "Trồng rừng", Kind.AT_LEAST, "ha", "KT05", target=D(200), result=D(150)),
        Indicator(KT, "Tổng sản lượng lương thực", Kind.APPROX, "tấn", "KT03", target=D(13900),
                  result=D(13750)),
        Indicator(XH, "Giảm tỷ lệ hộ nghèo", Kind.DECREASE_POINTS, "%", target=D(2), baseline=D("8.74"),
                  result=D("6.5")),
        Indicator(XH, "Xây dựng đời sống văn hóa", Kind.QUALITATIVE, manual_status=Status.MET),
        Indicator(XH, "Hoàn thành trường nội trú", Kind.DEADLINE, "công trình", deadline=date(2026, 7, 15),
                  completed_on=date(2026, 7, 10)),
        Indicator(XH, "Đào tạo nghề cho lao động nông thôn", Kind.AT_LEAST, "học viên", target=D(50)),
        Indicator(QA, AWKWARD, Kind.AT_LEAST, "cuộc", target=D(5), result=D(5)),
    )
    commune = Commune(
        code="06004", name="Quốc Khánh", province="Lạng Sơn", year=2026, period=period,
        cutoff=date(2026, 12, 10), resolution_number="45/NQ-HĐND", resolution_date=date(2025, 12, 18),
        resolution_session="khóa XX, kỳ họp thứ Tư", issuing_body="Ủy ban nhân dân xã Quốc Khánh",
        report_number="125/BC-UBND", report_date=date(2026, 12, 15), place="Quốc Khánh",
        signer_authority="TM. Ủy ban nhân dân", signer_title="Chủ tịch", signer="Hoàng Anh Dũng",
        recipients=("- Thường trực HĐND xã;", "Lưu: VT."),
    )
    assessments = (Assessment(KT, overview="Kinh tế phát triển ổn định.\nThu ngân sách vượt dự toán.",
                              shortcomings="Trồng rừng chậm do thiếu giống.", tasks=""),)
    return CommuneData(commune, indicators, assessments, path="inputs/06004-quoc-khanh.xlsx")


def bang_mac() -> CommuneData:
    indicators = (
        Indicator(KT, "Thu ngân sách nhà nước trên địa bàn", Kind.AT_LEAST, "triệu đồng", "KT01",
                  target=D(900), result=D(1000)),
        # a catalog rate without its numerator and denominator: nothing to recompute across communes
        Indicator(KT, "Tỷ lệ che phủ rừng", Kind.AT_LEAST, "%", "KT07", target=D(42), result=D(42)),
        Indicator(QA, "Tuyển quân", Kind.EXACT, "%", target=D(100), result=D(90)),
    )
    commune = Commune(code="06475", name="Bằng Mạc", province="Lạng Sơn", year=2026, period=Period.YEAR,
                      cutoff=date(2026, 12, 12), resolution_date=date(2025, 12, 26),
                      issuing_body="Ủy ban nhân dân xã Bằng Mạc")
    return CommuneData(commune, indicators, path="inputs/06475-bang-mac.xlsx")


def settings(tmp_path: Path) -> Settings:
    return Settings(root=tmp_path)


def commune_report(period: Period = Period.YEAR) -> CommuneReport:
    return evaluate_commune(quoc_khanh(period), period)


def cross_communes(*, other_province: bool = False) -> Any:
    """Quốc Khánh and Bằng Mạc (Lạng Sơn); with ``other_province`` Bằng Mạc is put in Cao Bằng, so that the
    summary groups them by province."""
    second = bang_mac()
    if other_province:
        second = replace(second, commune=replace(second.commune, province="Cao Bằng", province_code="04"))
    reports = [evaluate_commune(quoc_khanh()), evaluate_commune(second)]
    return aggregate_communes(reports, load_catalog())
