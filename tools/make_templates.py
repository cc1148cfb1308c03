"""Build the default Word templates from raw OOXML.

Why raw XML: python-docx's default document carries about 800 KiB of styles nobody uses, which every
report would re-compress (docs/architecture.md, "Traps"). These templates hold only the parts Word needs and only the styles
they use, laid out per Nghị định 30/2020/NĐ-CP (A4; margins 20/20/30/15 mm; Times New Roman 14 pt; the
two-column header; the page number centred in the top margin from page 2).

Each Jinja tag is written inside a single run (docxtpl cannot read a tag split across runs), and the
paragraph-level tags (``{%p %}``, ``{%tr %}``, ``{%tc %}``) sit alone in their paragraph, row or cell.
The zip is deterministic, so rebuilding gives the same bytes; a test checks that the committed
templates equal what this tool builds.

The same run writes docs/bien-mau.md, the template variables, from :mod:`nqreport.render.contract`.

    python tools/make_templates.py            # writes templates/, src/nqreport/data/templates/, the doc
    python tools/make_templates.py --check    # exit 1 if the committed files differ
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from nqreport.render.contract import contract_markdown
from nqreport.render.package import deterministic_zip

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIRS = (ROOT / "templates", ROOT / "src" / "nqreport" / "data" / "templates")
CONTRACT_DOC = ROOT / "docs" / "bien-mau.md"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
FONT = "Times New Roman"

# Page geometry in twentieths of a point (twips); 1 mm = 56.7 twips.
A4_SHORT, A4_LONG = 11906, 16838
MARGIN_TOP = MARGIN_BOTTOM = 1134   # 20 mm
MARGIN_LEFT = 1701                  # 30 mm
MARGIN_RIGHT = 851                  # 15 mm
HEADER_DISTANCE = 567               # 10 mm: the page number sits in the top margin
PORTRAIT_WIDTH = A4_SHORT - MARGIN_LEFT - MARGIN_RIGHT     # 9354
LANDSCAPE_WIDTH = A4_LONG - MARGIN_LEFT - MARGIN_RIGHT     # 14286
FIRST_LINE_INDENT = 567             # 1 cm
BODY_PT = 14


# --------------------------------------------------------------------------- runs and paragraphs


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    size: float | None = None  # points; None: the style's size

    def xml(self) -> str:
        props = _run_props(self.bold, self.italic, self.size)
        pieces = self.text.split("\n")
        body = '<w:br/>'.join(f'<w:t xml:space="preserve">{escape(piece)}</w:t>' for piece in pieces)
        return f"<w:r>{props}{body}</w:r>"


def _run_props(bold: bool = False, italic: bool = False, size: float | None = None) -> str:
    inner = ""
    if bold:
        inner += "<w:b/><w:bCs/>"
    if italic:
        inner += "<w:i/><w:iCs/>"
    if size is not None:
        half = round(size * 2)
        inner += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def R(text: str, **kw: object) -> Run:
    return Run(text, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    style: str | None = None
    align: str | None = None          # left, center, right, both
    first_line: int | None = None
    left: int | None = None
    right: int | None = None
    before: int | None = None         # twips
    after: int | None = None
    keep_next: bool = False
    rule_above: bool = False          # a short horizontal rule drawn as the paragraph's top border
    mark_size: float | None = None    # size of the paragraph mark (sets the height of an empty line)

    def xml(self) -> str:
        ppr = ""
        if self.style:
            ppr += f'<w:pStyle w:val="{self.style}"/>'
        if self.keep_next:
            ppr += "<w:keepNext/>"
        if self.rule_above:
            ppr += '<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'
        if self.before is not None or self.after is not None:
            attrs = ""
            if self.before is not None:
                attrs += f' w:before="{self.before}"'
            if self.after is not None:
                attrs += f' w:after="{self.after}"'
            ppr += f"<w:spacing{attrs}/>"
        if self.first_line is not None or self.left is not None or self.right is not None:
            attrs = ""
            if self.left is not None:
                attrs += f' w:left="{self.left}"'
            if self.right is not None:
                attrs += f' w:right="{self.right}"'
            if self.first_line is not None:
                attrs += f' w:firstLine="{self.first_line}"'
            ppr += f"<w:ind{attrs}/>"
        if self.align:
            ppr += f'<w:jc w:val="{self.align}"/>'
        if self.mark_size is not None:
            ppr += _run_props(size=self.mark_size)
        props = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
        return f"<w:p>{props}{''.join(r.xml() for r in self.runs)}</w:p>"


def P(*runs: Run | str, **kw: object) -> Para:
    return Para(tuple(r if isinstance(r, Run) else Run(r) for r in runs), **kw)  # type: ignore[arg-type]


def body(*runs: Run | str, **kw: object) -> Para:
    """A paragraph of the report's body: justified, first-line indent, 6 pt after (the body style)."""
    return P(*runs, style="NoiDung", **kw)


def heading(text: str, before: int | None = None) -> Para:
    """A section heading inside the body ("I. KẾT QUẢ CHUNG"): bold, kept with what follows."""
    return P(R(text, bold=True), style="NoiDung", keep_next=True, before=before)


def tag(text: str) -> Para:
    """A paragraph holding only a docxtpl paragraph tag (``{%p for … %}``); it disappears on render."""
    return P(text, style="NoiDung")


def rule(width: int, column: int, after: int = 0) -> Para:
    """A short centred rule ``width`` twips long in a column ``column`` twips wide."""
    side = max((column - width) // 2, 0)
    return Para((), align="center", left=side, right=side, before=100, after=after, rule_above=True,
                mark_size=4)


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Cell:
    paras: tuple[Para, ...]
    span: int = 1
    valign: str | None = "center"
    fill: str | None = None


def C(*paras: Para | str, span: int = 1, valign: str | None = "center", fill: str | None = None) -> Cell:
    return Cell(tuple(p if isinstance(p, Para) else P(p) for p in paras), span, valign, fill)


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    header: bool = False


def table(widths: Sequence[int], rows: Iterable[Row], *, borders: bool, indent: int = 0,
          center: bool = False, width: int | None = None) -> str:
    """A fixed-layout table. ``widths`` are the grid columns; a cell spanning n columns is n wide.

    ``width`` (the table's declared width) is given for tables with a column loop: once the loop has
    made its columns, the renderer fits them to this width.
    """
    total = width or sum(widths)
    tblpr = ""
    if borders:
        tblpr += '<w:tblStyle w:val="BangKe"/>'
    tblpr += f'<w:tblW w:w="{total}" w:type="dxa"/>'
    if center:
        tblpr += '<w:jc w:val="center"/>'
    if indent:
        tblpr += f'<w:tblInd w:w="{indent}" w:type="dxa"/>'
    if not borders:
        tblpr += ("<w:tblBorders>" + "".join(f'<w:{side} w:val="nil"/>' for side in
                  ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")
    tblpr += '<w:tblLayout w:type="fixed"/>'
    tblpr += '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" ' \
             'w:noHBand="0" w:noVBand="1"/>'
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [f"<w:tbl><w:tblPr>{tblpr}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"]
    for row in rows:
        trpr = "<w:cantSplit/>" + ("<w:tblHeader/>" if row.header else "")
        out.append(f"<w:tr><w:trPr>{trpr}</w:trPr>")
        col = 0
        for cell in row.cells:
            width = sum(widths[col:col + cell.span])
            col += cell.span
            tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if cell.span > 1:
                tcpr += f'<w:gridSpan w:val="{cell.span}"/>'
            if cell.fill:
                tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{cell.fill}"/>'
            if cell.valign:
                tcpr += f'<w:vAlign w:val="{cell.valign}"/>'
            out.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{''.join(p.xml() for p in cell.paras)}</w:tc>")
        if col != len(widths):
            raise ValueError(f"row spans {col} columns, grid has {len(widths)}")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


# --------------------------------------------------------------------------- shared blocks

HEADER_LEFT = 3685    # 6.5 cm: the issuing body
HEADER_RIGHT = 5953   # 10.5 cm: the national title; the table runs 0.5 cm into the left margin
HEADER_INDENT = -284


def national_header(left_lines: Sequence[Para], number: str, place_date: str) -> str:
    """The two-column header of Nghị định 30: issuing body and number | national title and date."""
    left = (*left_lines, rule(1134, HEADER_LEFT, after=0))
    right = (
        P(R("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12), align="center"),
        P(R("Độc lập - Tự do - Hạnh phúc", bold=True, size=13), align="center"),
        rule(3402, HEADER_RIGHT),
    )
    rows = [
        Row((C(*left, valign="top"), C(*right, valign="top"))),
        Row((C(P(R(number, size=13), align="center", before=60)),
             C(P(R(place_date, italic=True, size=14), align="center", before=60)))),
    ]
    return table((HEADER_LEFT, HEADER_RIGHT), rows, borders=False, indent=HEADER_INDENT)


def title_block(summary: str) -> list[Para]:
    return [
        P(R("BÁO CÁO", bold=True), align="center", before=360),
        P(R(summary, bold=True), align="center"),
        rule(2268, PORTRAIT_WIDTH, after=240),
    ]


SIGN_LEFT = 4536
SIGN_RIGHT = PORTRAIT_WIDTH - SIGN_LEFT


def signature_block() -> str:
    """Nơi nhận (bold italic 12 pt, list 11 pt) | the signer: authority, title, room to sign, name."""
    left = (
        P(R("Nơi nhận:", bold=True, italic=True, size=12), before=120),
        P("{%p for dong in noi_nhan %}"),
        P(R("{{ dong }}", size=11)),
        P("{%p endfor %}"),
    )
    right = (
        P(R("{{ tham_quyen_ky }}", bold=True), align="center", before=120, keep_next=True),
        P(R("{{ chuc_vu_ky }}", bold=True), align="center", keep_next=True),
        P("", keep_next=True), P("", keep_next=True), P("", keep_next=True), P("", keep_next=True),
        P(R("{{ nguoi_ky }}", bold=True), align="center"),
    )
    return table((SIGN_LEFT, SIGN_RIGHT), [Row((C(*left, valign="top"), C(*right, valign="top")))],
                 borders=False)


# --------------------------------------------------------------------------- the three templates


def commune_report() -> str:
    """Báo cáo of one commune: opening, overall counts, each field with its indicators, closing."""
    parts: list[str | Para] = [
        national_header([P(R("{{ co_quan_in_hoa }}", bold=True, size=13), align="center")],
                        "Số: {{ so_ky_hieu }}", "{{ dia_danh }}, {{ ngay_bao_cao|ngay }}"),
        *title_block("Kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội {{ ky_bao_cao|giu_lien }}"),
        body("Thực hiện {{ nghi_quyet }} về mục tiêu, nhiệm vụ kế hoạch năm {{ nam }}, "
             "{{ co_quan_ban_hanh }} báo cáo kết quả thực hiện các chỉ tiêu chủ yếu {{ ky_bao_cao }} "
             "(số liệu tính đến {{ ngay_so_lieu|ngay }}) như sau:"),
        heading("I. KẾT QUẢ CHUNG"),
        body("Nghị quyết giao {{ dem.tong }} chỉ tiêu chủ yếu. Kết quả {{ ky_bao_cao }}: {{ dem.cau }}."),
        heading("II. KẾT QUẢ THỰC HIỆN THEO LĨNH VỰC"),
        tag("{%p for lv in linh_vuc %}"),
        P(R("{{ loop.index }}. {{ lv.ten }}", bold=True), style="NoiDung", keep_next=True),
        body("Kết quả: {{ lv.dem.cau }}."),
        tag("{%p for ct in lv.chi_tieu %}"),
        body("- {{ ct.cau }}."),
        tag("{%p endfor %}"),
        tag("{%p for doan in lv.danh_gia_chung %}"),
        body("{{ doan }}"),
        tag("{%p endfor %}"),
        tag("{%p if lv.ton_tai %}"),
        body(R("* Tồn tại, hạn chế:", italic=True)),
        tag("{%p for doan in lv.ton_tai %}"),
        body("{{ doan }}"),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        tag("{%p if lv.nhiem_vu %}"),
        body(R("* Nhiệm vụ, giải pháp:", italic=True)),
        tag("{%p for doan in lv.nhiem_vu %}"),
        body("{{ doan }}"),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
        heading("III. ĐÁNH GIÁ CHUNG"),
        body("Nhìn chung, kết quả {{ ky_bao_cao }}: {{ dem.cau }} (chi tiết tại Phụ lục kèm theo)."),
        tag("{%p if chi_tieu_khong_dat %}"),
        body("Các chỉ tiêu không đạt kế hoạch:"),
        tag("{%p for ct in chi_tieu_khong_dat %}"),
        body("- {{ ct.ten }}: {{ ct.ly_do|thuong_dau }}."),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        tag("{%p if chi_tieu_chua_co_so_lieu %}"),
        body("Các chỉ tiêu chưa có số liệu, cần bổ sung:"),
        tag("{%p for ct in chi_tieu_chua_co_so_lieu %}"),
        body("- {{ ct.ten }}."),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        # kept with the signature: a last page never holds the signature alone
        body("Trên đây là báo cáo kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội "
             "{{ ky_bao_cao }} của {{ co_quan_ban_hanh }}./.", keep_next=True),
        signature_block(),
    ]
    return _document(parts, landscape=False)


APPENDIX_COLUMNS = (
    # (header, width, alignment of the data cells)
    # Widths fit what the cells hold on one line at 12 pt: a date or "khoảng 13.900" in Kế hoạch, a figure
    # like 13.750,5 in each figure column, "Không đạt" in Đánh giá (a date broke as "15/07/202│6"), and
    # each word of "triệu đồng/người" in ĐVT (LibreOffice does not break after "/").
    ("STT", 680, "center"),
    ("Chỉ tiêu", 3587, "left"),
    ("ĐVT", 1500, "center"),
    ("Kế hoạch", 1400, "right"),
    ("Thực hiện cùng kỳ", 1150, "right"),
    ("Thực hiện kỳ báo cáo", 1150, "right"),
    ("Ước cả năm", 1150, "right"),
    ("% kế hoạch", 950, "right"),
    ("Đánh giá", 1250, "center"),
    ("Ghi chú", 1469, "left"),
)


def commune_appendix() -> str:
    """Phụ lục: the indicator table, grouped by field under Roman-numeral rows, on a landscape page."""
    widths = [w for _, w, _ in APPENDIX_COLUMNS]
    assert sum(widths) <= LANDSCAPE_WIDTH, sum(widths)
    n = len(widths)
    cells = (
        "{{ ct.stt }}", "{{ ct.ten }}", "{{ ct.dvt }}", "{{ ct.muc_ke_hoach }}", "{{ ct.cung_ky }}",
        "{{ ct.thuc_hien }}", "{{ ct.uoc_ca_nam }}", "{{ ct.ty_le_ke_hoach|phan_tram }}", "{{ ct.danh_gia }}",
        "{{ ct.ghi_chu }}",
    )
    rows = [
        Row(tuple(C(P(R(h, bold=True, size=12), align="center")) for h, _, _ in APPENDIX_COLUMNS),
            header=True),
        Row((C(P("{%tr for lv in linh_vuc %}"), span=n),)),
        # a field's row is kept with its first indicator: never alone at the foot of a page
        Row((C(P(R("{{ lv.stt }}", bold=True, size=12), align="center", keep_next=True), fill="F2F2F2"),
             C(P(R("{{ lv.ten }} ({{ lv.dem.dat_va_vuot }}/{{ lv.dem.tong }} chỉ tiêu đạt và vượt)",
                   bold=True, size=12), keep_next=True), span=n - 1, fill="F2F2F2"))),
        Row((C(P("{%tr for ct in lv.chi_tieu %}"), span=n),)),
        Row(tuple(C(P(R(text, size=12 if i != n - 1 else 11), align=align))
                  for i, (text, (_, _, align)) in enumerate(zip(cells, APPENDIX_COLUMNS, strict=True)))),
        Row((C(P("{%tr endfor %}"), span=n),)),
        Row((C(P("{%tr endfor %}"), span=n),)),
    ]
    parts: list[str | Para] = [
        P(R("Phụ lục", bold=True), align="center"),
        P(R("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU PHÁT TRIỂN KINH TẾ - XÃ HỘI {{ ky_bao_cao|upper }}", bold=True),
          align="center"),
        P(R("(Kèm theo Báo cáo số {{ so_ky_hieu }} {{ ngay_bao_cao|ngay }} của {{ co_quan_ban_hanh }})",
            italic=True), align="center"),
        rule(2268, LANDSCAPE_WIDTH, after=240),
        table(widths, rows, borders=True, center=True),
        P(R("Tổng số: {{ dem.cau }}.", italic=True, size=12), before=120, align="both"),
        P(R("Số liệu tính đến {{ ngay_so_lieu|ngay }}. Đánh giá: Vượt, Đạt, Không đạt kế hoạch; Đang thực "
            "hiện: chưa đến hạn đánh giá; Chưa có số liệu: sổ chỉ tiêu để trống.", italic=True, size=12),
          align="both"),
    ]
    return _document(parts, landscape=True)


MATRIX_FIXED = (680, 2268)   # STT, Xã
MATRIX_TOTAL = 1134
MATRIX_FIELD = 1134          # one field column; the renderer fits the generated columns to the page
TAG_COLUMN = 340             # the cells holding {%tc for %} / {%tc endfor %} (gone once rendered)

TOTALS_COLUMNS = (
    # Two figure columns, worded like the commune appendix: the period's results (a rate recomputed from
    # the period's parts) and the estimates for the year. The notes go under the table, one line per code:
    # a narrow notes column ran to 12 lines a row. STT and Mã fit "25" and "KT05" on one line at 11 pt,
    # Đánh giá fits "Không đạt".
    ("STT", 680, "center"),
    ("Mã", 737, "center"),
    ("Chỉ tiêu", 2041, "left"),
    ("ĐVT", 907, "center"),
    ("Số xã", 510, "center"),
    ("Kế hoạch", 1077, "right"),
    ("{{ cot_thuc_hien }}", 1077, "right"),
    ("Ước cả năm", 1134, "right"),
    ("Đánh giá", 1191, "center"),
)


def _matrix_rows(span: int, title: str, item: str, items: str, name: str) -> list[Row]:
    """A table of ``items`` × fields: a header, one row per item (its STT, ``name``, a cell per field, its
    total), and the row of every field's total."""
    head = 11
    return [
        Row((C(P(R("STT", bold=True, size=head), align="center")),
             C(P(R(title, bold=True, size=head), align="center")),
             C(P(R("{%tc for lv in linh_vuc %}", size=head))),
             C(P(R("{{ lv.ten }}", bold=True, size=head), align="center")),
             C(P(R("{%tc endfor %}", size=head))),
             C(P(R("Tổng", bold=True, size=head), align="center"))), header=True),
        Row((C(P(f"{{%tr for {item} in {items} %}}"), span=span),)),
        Row((C(P(R(f"{{{{ {item}.stt }}}}", size=12), align="center")),
             C(P(R(name, size=12))),
             C(P(R(f"{{%tc for o in {item}.theo_linh_vuc %}}", size=12))),
             C(P(R("{{ o.ket_qua }}", size=12), align="center")),
             C(P(R("{%tc endfor %}", size=12))),
             C(P(R(f"{{{{ {item}.dem.dat_va_vuot }}}}/{{{{ {item}.dem.tong }}}}", bold=True, size=12),
                 align="center")))),
        Row((C(P("{%tr endfor %}"), span=span),)),
        Row((C(P(R("", size=12))),
             C(P(R("Toàn bộ", bold=True, size=12))),
             C(P(R("{%tc for lv in linh_vuc %}", size=12))),
             C(P(R("{{ lv.dem.dat_va_vuot }}/{{ lv.dem.tong }}", bold=True, size=12), align="center")),
             C(P(R("{%tc endfor %}", size=12))),
             C(P(R("{{ dem.dat_va_vuot }}/{{ dem.tong }}", bold=True, size=12), align="center")))),
    ]


def summary_report() -> str:
    """Báo cáo tổng hợp across communes: the communes × fields matrix, communes with indicators not
    met, the catalog totals, and the workbooks that could not be used."""
    matrix_widths = (*MATRIX_FIXED, TAG_COLUMN, MATRIX_FIELD, TAG_COLUMN, MATRIX_TOTAL)
    head = 11
    # The communes × fields matrix; a country-wide summary has one row per province instead of 3,321 communes.
    matrix_rows = _matrix_rows(len(matrix_widths), "Xã, phường", "x", "xa", "{{ x.ten }}")
    province_rows = _matrix_rows(len(matrix_widths), "Tỉnh (số xã)", "t", "tinh", "{{ t.ten }} ({{ t.so_xa }} xã)")
    # Communes with indicators not met, one row each (more than 5 communes).
    failed_widths = (680, 2268, 1134, PORTRAIT_WIDTH - 680 - 2268 - 1134)
    failed_rows = [
        Row(tuple(C(P(R(h, bold=True, size=head), align="center"))
                  for h in ("STT", "Xã, phường", "Số chỉ tiêu không đạt", "Các chỉ tiêu không đạt")), header=True),
        Row((C(P("{%tr for x in xa_khong_dat %}"), span=4),)),
        Row((C(P(R("{{ loop.index }}", size=12), align="center")),
             C(P(R("{{ x.ten }}", size=12))),
             C(P(R("{{ x.dem.khong_dat }}", size=12), align="center")),
             C(P(R("{% for ct in x.chi_tieu_khong_dat %}{{ ct.ten }}{% if not loop.last %}; {% endif %}"
                   "{% endfor %}", size=11))))),
        Row((C(P("{%tr endfor %}"), span=4),)),
    ]
    totals_widths = [w for _, w, _ in TOTALS_COLUMNS]
    assert sum(totals_widths) <= PORTRAIT_WIDTH, sum(totals_widths)
    total_cells = (
        "{{ t.stt }}", "{{ t.ma }}", "{{ t.ten }}", "{{ t.dvt }}", "{{ t.so_xa }}", "{{ t.muc_ke_hoach }}",
        "{{ t.thuc_hien_ky }}", "{{ t.uoc_ca_nam }}", "{{ t.danh_gia }}",
    )
    totals_rows = [
        Row(tuple(C(P(R(h, bold=True, size=head), align="center")) for h, _, _ in TOTALS_COLUMNS),
            header=True),
        Row((C(P("{%tr for t in tong_danh_muc %}"), span=len(totals_widths)),)),
        Row(tuple(C(P(R(text, size=11), align=align))
                  for text, (_, _, align) in zip(total_cells, TOTALS_COLUMNS, strict=True))),
        Row((C(P("{%tr endfor %}"), span=len(totals_widths)),)),
    ]
    left_header = [
        P("{%p if co_quan_chu_quan %}"),
        P(R("{{ co_quan_chu_quan }}", size=13), align="center"),
        P("{%p endif %}"),
        P(R("{{ co_quan_in_hoa }}", bold=True, size=13), align="center"),
    ]
    parts: list[str | Para] = [
        national_header(left_header, "Số: {{ so_ky_hieu }}", "{{ dia_danh }}, {{ ngay_bao_cao|ngay }}"),
        *title_block("{{ tieu_de }}"),
        body("Tổng hợp từ sổ chỉ tiêu của {{ so_xa }} đơn vị cấp xã, kết quả thực hiện các chỉ tiêu chủ yếu "
             "{{ ky_bao_cao }} theo Nghị quyết của Hội đồng nhân dân các xã như sau:"),
        # The communes expected that sent nothing (nqreport.toml: province or communes) are named.
        tag("{%p if cau_chua_nop %}"),
        body("Còn {{ so_xa_chua_nop }}/{{ so_xa_phai_nop }} đơn vị cấp xã chưa gửi sổ chỉ tiêu, chưa được tổng hợp: "
             "{{ cau_chua_nop }}."),
        tag("{%p endif %}"),
        heading("I. KẾT QUẢ CHUNG"),
        body("Tổng số {{ dem.tong }} chỉ tiêu của {{ so_xa }} xã: {{ dem.cau }}."),
        tag("{%p if theo_tinh %}"),
        heading("II. KẾT QUẢ THEO TỈNH VÀ LĨNH VỰC"),
        body(R("Mỗi ô ghi số chỉ tiêu đạt và vượt trên tổng số chỉ tiêu của lĩnh vực ở các xã của tỉnh; \"-\": "
               "không xã nào của tỉnh có chỉ tiêu thuộc lĩnh vực đó. Kết quả từng xã có trong bảng tổng hợp "
               "tong-hop.xlsx.", italic=True)),
        table(matrix_widths, province_rows, borders=True, center=True, width=PORTRAIT_WIDTH),
        heading("III. CÁC XÃ CÓ CHỈ TIÊU KHÔNG ĐẠT", before=240),
        tag("{%p for t in tinh %}"),
        body("- Tỉnh {{ t.ten }}: {{ t.so_xa_khong_dat }}/{{ t.so_xa }} xã có chỉ tiêu không đạt, tổng cộng "
             "{{ t.dem.khong_dat }} chỉ tiêu."),
        tag("{%p endfor %}"),
        body("Danh sách từng chỉ tiêu không đạt của từng xã có trong bảng tổng hợp tong-hop.xlsx (trang Chỉ tiêu, "
             "lọc cột Đánh giá)."),
        tag("{%p else %}"),
        heading("II. KẾT QUẢ THEO XÃ VÀ LĨNH VỰC"),
        body(R("Mỗi ô ghi số chỉ tiêu đạt và vượt trên tổng số chỉ tiêu của lĩnh vực; \"-\": xã không có "
               "chỉ tiêu thuộc lĩnh vực đó.", italic=True)),
        table(matrix_widths, matrix_rows, borders=True, center=True, width=PORTRAIT_WIDTH),
        heading("III. CÁC XÃ CÓ CHỈ TIÊU KHÔNG ĐẠT", before=240),
        # A few communes: each indicator not met in a sentence with its figures. More: one row per commune
        # naming them (65 communes' sentences ran to 60 pages; the figures are in each commune's report).
        tag("{%p if so_xa <= 5 %}"),
        tag("{%p for x in xa_khong_dat %}"),
        body("- {{ x.ten_day_du|hoa_dau }}: {{ x.dem.khong_dat }} chỉ tiêu không đạt:"),
        tag("{%p for ct in x.chi_tieu_khong_dat %}"),
        body("+ {{ ct.cau }}."),
        tag("{%p endfor %}"),
        tag("{%p endfor %}"),
        tag("{%p elif xa_khong_dat %}"),
        table(failed_widths, failed_rows, borders=True, center=True),
        body(R("Số liệu và lý do của từng chỉ tiêu: báo cáo, phụ lục của từng xã và bảng tổng hợp tong-hop.xlsx "
               "(trang Chỉ tiêu).", italic=True), before=120),
        tag("{%p endif %}"),
        tag("{%p if not xa_khong_dat %}"),
        body("Không có xã nào có chỉ tiêu không đạt."),
        tag("{%p endif %}"),
        tag("{%p endif %}"),
        heading("IV. TỔNG HỢP CÁC CHỈ TIÊU THEO DANH MỤC"),
        tag("{%p if tong_danh_muc %}"),
        body(R("Chỉ tiêu cộng dồn được cộng từ số liệu các xã: cột {{ cot_thuc_hien }} cộng kết quả thực hiện, "
               "cột Ước cả năm cộng ước thực hiện cả năm, cùng các xã với cột Kế hoạch. Chỉ tiêu tỷ lệ được tính "
               "lại bằng tổng tử số chia tổng mẫu số của kỳ báo cáo; ước cả năm của tỷ lệ là bình quân ước của "
               "các xã theo mẫu số. Cột Đánh giá đánh giá trên cột {{ cot_danh_gia }}, trừ chỉ tiêu có ghi chú dưới "
               "bảng.", italic=True)),
        table(totals_widths, totals_rows, borders=True, center=True),
        tag("{%p for t in tong_danh_muc if t.ghi_chu %}"),
        tag("{%p if loop.first %}"),
        body(R("Ghi chú:", italic=True, bold=True), before=120, keep_next=True),
        tag("{%p endif %}"),
        body(R("- {{ t.ma }} ({{ t.ten }}): {{ t.ghi_chu }}.", italic=True)),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        # Totals no commune contributes to are named in one sentence, not as rows of "0 xã".
        tag("{%p if cau_chua_tong_hop %}"),
        body("{{ cau_chua_tong_hop }}.", before=120),
        tag("{%p endif %}"),
        tag("{%p if not tong_danh_muc and not cau_chua_tong_hop %}"),
        body("Các xã chưa có chỉ tiêu nào thuộc danh mục để tổng hợp."),
        tag("{%p endif %}"),
        tag("{%p if bo_qua %}"),
        heading("V. CÁC SỔ CHỈ TIÊU CHƯA TỔNG HỢP ĐƯỢC", before=240),
        tag("{%p for b in bo_qua %}"),
        body("- {{ b.tep }}: {{ b.ly_do }}."),
        tag("{%p endfor %}"),
        tag("{%p endif %}"),
        body("Trên đây là báo cáo tổng hợp kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội "
             "{{ ky_bao_cao }} của các xã./.", before=240, keep_next=True),
        signature_block(),
    ]
    return _document(parts, landscape=False)


# --------------------------------------------------------------------------- package parts


def _document(parts: Sequence[str | Para], *, landscape: bool) -> str:
    content = "".join(p if isinstance(p, str) else p.xml() for p in parts)
    if landscape:
        size = f'<w:pgSz w:w="{A4_LONG}" w:h="{A4_SHORT}" w:orient="landscape"/>'
    else:
        size = f'<w:pgSz w:w="{A4_SHORT}" w:h="{A4_LONG}"/>'
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId4"/>'
        '<w:headerReference w:type="first" r:id="rId5"/>'
        f"{size}"
        f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
        f'w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{HEADER_DISTANCE}" w:gutter="0"/>'
        '<w:cols w:space="720"/><w:titlePg/></w:sectPr>'
    )
    return (f'{XML_HEAD}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{content}{sect}</w:body>'
            "</w:document>")


def _header(page_number: bool) -> str:
    """The page header: the page number, centred (pages 2 on); the first page's header is empty."""
    if page_number:
        field = (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r><w:t>2</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )
    else:
        field = ""
    return (f'{XML_HEAD}<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="Header"/>'
            f"</w:pPr>{field}</w:p></w:hdr>")


def _styles() -> str:
    font = f'<w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
    size = BODY_PT * 2
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (
        f'{XML_HEAD}<w:styles xmlns:w="{W_NS}">'
        f"<w:docDefaults><w:rPrDefault><w:rPr>{font}"
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        '<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        "</w:style>"
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="NoiDung"><w:name w:val="Nội dung báo cáo"/>'
        '<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="0" w:after="120" w:line="288" '
        f'w:lineRule="auto"/><w:ind w:firstLine="{FIRST_LINE_INDENT}"/><w:jc w:val="both"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>'
        '<w:pPr><w:jc w:val="center"/></w:pPr></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="table" w:customStyle="1" w:styleId="BangKe"><w:name w:val="Bảng kẻ ô"/>'
        f'<w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        "</w:styles>"
    )


def _settings() -> str:
    return (
        f'{XML_HEAD}<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="vi-VN"/></w:settings>'
    )


def _font_table() -> str:
    return (
        f'{XML_HEAD}<w:fonts xmlns:w="{W_NS}"><w:font w:name="{FONT}">'
        '<w:panose1 w:val="02020603050405020304"/>'
        '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
    )


def _core(title: str) -> str:
    return (
        f'{XML_HEAD}<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>nqreport</dc:creator>"
        "<dc:language>vi-VN</dc:language></cp:coreProperties>"
    )


def _app() -> str:
    return (
        f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>nqreport</Application></Properties>"
    )


CONTENT_TYPES = (
    f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/header1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/header2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{DOC_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{DOC_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC_REL}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rId4" Type="{DOC_REL}/header" Target="header1.xml"/>'
    f'<Relationship Id="rId5" Type="{DOC_REL}/header" Target="header2.xml"/>'
    "</Relationships>"
)


def package(document: str, title: str) -> bytes:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/core.xml": _core(title),
        "docProps/app.xml": _app(),
        "word/document.xml": document,
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": _styles(),
        "word/settings.xml": _settings(),
        "word/fontTable.xml": _font_table(),
        "word/header1.xml": _header(page_number=True),
        "word/header2.xml": _header(page_number=False),
    }
    return deterministic_zip((name, text.encode("utf-8")) for name, text in parts.items())


TEMPLATES = {
    "bao-cao-xa.docx": (commune_report, "Báo cáo kết quả thực hiện chỉ tiêu của xã"),
    "phu-luc-xa.docx": (commune_appendix, "Phụ lục chỉ tiêu của xã"),
    "bao-cao-tong-hop.docx": (summary_report, "Báo cáo tổng hợp các xã"),
}


def build_all() -> dict[str, bytes]:
    """Every default template, by file name."""
    return {name: package(make(), title) for name, (make, title) in TEMPLATES.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="only compare with the committed files")
    args = parser.parse_args(argv)
    built = build_all()
    wanted = [(folder / name, data) for folder in OUTPUT_DIRS for name, data in built.items()]
    wanted.append((CONTRACT_DOC, (contract_markdown() + "\n").encode("utf-8")))
    stale = []
    for path, data in wanted:
        if path.exists() and path.read_bytes() == data:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    for path in stale:
        print(f"{'differs' if args.check else 'wrote'}: {path.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
