"""The shipped templates rendered with real contexts: what a reader of the .docx sees, and its format
per Nghị định 30/2020/NĐ-CP (A4, margins, Times New Roman, sizes of the header parts, the landscape
appendix, the header table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docx_helpers import (
    AWKWARD,
    TEMPLATES,
    Docx,
    RunLook,
    W,
    commune_report,
    cross_communes,
    settings,
    twips_to_mm,
)
from nqreport.render.context import commune_context, summary_context
from nqreport.render.document import render_docx
from nqreport.schema import Period


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Docx:
    context = commune_context(commune_report(), settings(tmp_path_factory.mktemp("ws")))
    return Docx(render_docx(TEMPLATES / "bao-cao-xa.docx", context))


@pytest.fixture(scope="module")
def appendix(tmp_path_factory: pytest.TempPathFactory) -> Docx:
    context = commune_context(commune_report(), settings(tmp_path_factory.mktemp("ws")))
    return Docx(render_docx(TEMPLATES / "phu-luc-xa.docx", context))


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> Docx:
    context = summary_context(cross_communes(), settings(tmp_path_factory.mktemp("ws")),
                              [("06999-hong.xlsx", "2 lỗi")])
    return Docx(render_docx(TEMPLATES / "bao-cao-tong-hop.docx", context))


# --------------------------------------------------------------------------- what the commune report says

COUNTS = "6/8 chỉ tiêu đạt và vượt kế hoạch, trong đó 2 chỉ tiêu vượt; 1 chỉ tiêu không đạt; 1 chỉ tiêu chưa có số liệu"


def test_commune_report_reads_as_written_by_the_commune(report: Docx) -> None:
    paragraphs = report.paragraphs()
    assert paragraphs[:2] == ["ỦY BAN NHÂN DÂN\nXÃ QUỐC KHÁNH", ""]  # the name, then the short rule
    text = report.text()
    assert "Số: 125/BC-UBND" in paragraphs
    assert "Quốc Khánh, ngày 15 tháng 12 năm 2026" in paragraphs
    # the period is kept on one line (no-break spaces): the title never ends with "2026" alone
    assert "Kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội năm\u00a02026" in paragraphs
    assert ("Thực hiện Nghị quyết số 45/NQ-HĐND ngày 18/12/2025 của Hội đồng nhân dân xã Quốc Khánh khóa XX, "
            "kỳ họp thứ Tư về mục tiêu, nhiệm vụ kế hoạch năm 2026, Ủy ban nhân dân xã Quốc Khánh báo cáo kết "
            "quả thực hiện các chỉ tiêu chủ yếu năm 2026 (số liệu tính đến ngày 10 tháng 12 năm 2026) như sau:"
            ) in paragraphs
    assert f"Nghị quyết giao 8 chỉ tiêu chủ yếu. Kết quả năm 2026: {COUNTS}." in paragraphs
    assert "{{" not in text and "{%" not in text


def test_each_field_has_its_counts_sentence_then_one_line_per_indicator(report: Docx) -> None:
    paragraphs = report.paragraphs()
    start = paragraphs.index("1. Kinh tế")
    assert paragraphs[start:start + 9] == [
        "1. Kinh tế",
        "Kết quả: 2/3 chỉ tiêu đạt và vượt kế hoạch, trong đó 1 chỉ tiêu vượt; 1 chỉ tiêu không đạt.",
        "- Thu ngân sách nhà nước trên địa bàn ước đạt 1.420 triệu đồng, bằng 108,7% kế hoạch (vượt chỉ tiêu).",
        "- Trồng rừng đạt 150 ha, bằng 75,0% kế hoạch (không đạt chỉ tiêu).",
        "- Tổng sản lượng lương thực đạt 13.750 tấn, bằng 98,9% kế hoạch (đạt chỉ tiêu).",
        # the officials' own assessment, paragraph by paragraph; no "Nhiệm vụ" heading as it is empty
        "Kinh tế phát triển ổn định.",
        "Thu ngân sách vượt dự toán.",
        "* Tồn tại, hạn chế:",
        "Trồng rừng chậm do thiếu giống.",
    ]
    start = paragraphs.index("2. Văn hóa - Xã hội")
    assert paragraphs[start:start + 6] == [
        "2. Văn hóa - Xã hội",
        "Kết quả: 3/4 chỉ tiêu đạt và vượt kế hoạch, trong đó 1 chỉ tiêu vượt; 1 chỉ tiêu chưa có số liệu.",
        "- Tỷ lệ hộ nghèo còn 6,5%, giảm 2,24 điểm % so với năm trước, kế hoạch giảm 2 điểm % (vượt chỉ tiêu).",
        "- Xây dựng đời sống văn hóa (đạt chỉ tiêu).",
        "- Hoàn thành trường nội trú: hoàn thành ngày 10/07/2026, hạn 15/07/2026 (đạt chỉ tiêu).",
        "- Đào tạo nghề cho lao động nông thôn: chưa có số liệu.",
    ]
    start = paragraphs.index("3. Quốc phòng - An ninh")
    assert paragraphs[start:start + 3] == [
        "3. Quốc phòng - An ninh",
        "Kết quả: 1/1 chỉ tiêu đạt kế hoạch.",
        f"- {AWKWARD} đạt 5 cuộc, bằng 100,0% kế hoạch (đạt chỉ tiêu).",
    ]
    assert "* Nhiệm vụ, giải pháp:" not in paragraphs


def test_closing_summary_lists_what_was_not_met_and_what_is_missing(report: Docx) -> None:
    paragraphs = report.paragraphs()
    assert f"Nhìn chung, kết quả năm 2026: {COUNTS} (chi tiết tại Phụ lục kèm theo)." in paragraphs
    start = paragraphs.index("Các chỉ tiêu không đạt kế hoạch:")
    assert paragraphs[start + 1] == "- Trồng rừng: thực hiện đạt 150 ha, bằng 75,0% kế hoạch (200 ha)."
    assert paragraphs[start + 2:start + 4] == ["Các chỉ tiêu chưa có số liệu, cần bổ sung:",
                                               "- Đào tạo nghề cho lao động nông thôn."]
    assert ("Trên đây là báo cáo kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội năm 2026 của Ủy ban "
            "nhân dân xã Quốc Khánh./.") in paragraphs


def test_signature_block_and_recipients(report: Docx) -> None:
    table = report.tables()[-1]
    left, right = (table.find(f"{W}tr").findall(f"{W}tc"))
    assert [Docx.text_of(p) for p in left.findall(f"{W}p")] == [
        "Nơi nhận:", "- Thường trực HĐND xã;", "- Lưu: VT."]
    assert [Docx.text_of(p) for p in right.findall(f"{W}p") if Docx.text_of(p)] == [
        "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hoàng Anh Dũng"]
    assert report.look("Nơi nhận:") == RunLook("Nơi nhận:", bold=True, italic=True, size_pt=12)
    assert report.look("- Thường trực HĐND xã;").size_pt == 11
    for words in ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hoàng Anh Dũng"):
        look = report.look(words)
        assert look.bold and 13 <= look.size_pt <= 14, words


# --------------------------------------------------------------------------- format of the commune report


def test_page_is_a4_portrait_with_decree_30_margins(report: Docx) -> None:
    section = report.section()
    assert (section["width"], section["height"], section["orient"]) == (11906, 16838, "portrait")
    assert 20 <= twips_to_mm(int(section["top"])) <= 25
    assert 20 <= twips_to_mm(int(section["bottom"])) <= 25
    assert 30 <= twips_to_mm(int(section["left"])) <= 35
    assert 15 <= twips_to_mm(int(section["right"])) <= 20.01


def test_times_new_roman_everywhere_body_14pt_justified_with_first_line_indent(report: Docx) -> None:
    assert report.default_fonts() == dict.fromkeys(("ascii", "hAnsi", "cs", "eastAsia"), "Times New Roman")
    assert b"rFonts" not in report.parts["word/document.xml"]  # no run picks another font
    para = report.paragraph("- Thu ngân sách nhà nước")
    assert report.alignment(para) == "both"
    look = report.look("- Thu ngân sách nhà nước")
    assert (look.bold, look.italic, look.size_pt) == (False, False, 14)
    style = para.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
    indent = report._style(style).find(f"{W}pPr/{W}ind")
    assert int(indent.get(f"{W}firstLine")) >= 567  # 1 cm


def test_header_table_two_columns_without_borders(report: Docx) -> None:
    header = report.tables()[0]
    assert len(header.findall(f"{W}tblGrid/{W}gridCol")) == 2
    borders = header.find(f"{W}tblPr/{W}tblBorders")
    assert {b.get(f"{W}val") for b in borders} == {"nil"}
    assert Docx.rows(header) == [
        ["ỦY BAN NHÂN DÂN\nXÃ QUỐC KHÁNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc"],
        ["Số: 125/BC-UBND", "Quốc Khánh, ngày 15 tháng 12 năm 2026"],
    ]
    # a short rule (a paragraph's top border) under the issuing body and under the motto
    for cell in header.find(f"{W}tr").findall(f"{W}tc"):
        rules = [p for p in cell.findall(f"{W}p") if p.find(f"{W}pPr/{W}pBdr/{W}top") is not None]
        assert len(rules) == 1 and Docx.text_of(rules[0]) == ""


def test_header_parts_have_the_decree_fonts_and_sizes(report: Docx) -> None:
    body = report.look("ỦY BAN NHÂN DÂN")
    assert body.bold and 12 <= body.size_pt <= 13
    nation = report.look("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert nation.bold and 12 <= nation.size_pt <= 13
    motto = report.look("Độc lập - Tự do - Hạnh phúc")
    assert motto.bold and not motto.italic and 13 <= motto.size_pt <= 14
    number = report.look("Số: 125/BC-UBND")
    assert not number.bold and 13 <= number.size_pt <= 14
    date_line = report.look("Quốc Khánh, ngày 15 tháng 12 năm 2026")
    assert date_line.italic and not date_line.bold and 13 <= date_line.size_pt <= 14
    title = report.look("BÁO CÁO")
    assert title.bold and 13 <= title.size_pt <= 14
    assert report.alignment(report.paragraph("BÁO CÁO")) == "center"
    assert report.look("Kết quả thực hiện các chỉ tiêu phát triển").bold


def test_page_number_centred_in_the_top_margin_from_page_two(report: Docx) -> None:
    section = report.section()
    assert section["title_page"] == "yes"
    assert twips_to_mm(int(section["header"])) < twips_to_mm(int(section["top"]))
    rels = report.parts["word/_rels/document.xml.rels"].decode()
    sect = report.body.find(f"{W}sectPr")
    refs = {r.get(f"{W}type"): r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for r in sect.findall(f"{W}headerReference")}
    target = {rid: rels.split(f'Id="{rid}"', 1)[1].split('Target="', 1)[1].split('"', 1)[0]
              for rid in refs.values()}
    default = report.parts[f"word/{target[refs['default']]}"].decode()
    first = report.parts[f"word/{target[refs['first']]}"].decode()
    assert " PAGE " in default and 'w:val="Header"' in default
    assert "PAGE" not in first
    assert 'w:jc w:val="center"' in report.parts["word/styles.xml"].decode().split('w:styleId="Header"', 1)[1]


def test_rendering_again_gives_the_same_bytes(tmp_path: Path, report: Docx) -> None:
    context = commune_context(commune_report(), settings(tmp_path))
    assert render_docx(TEMPLATES / "bao-cao-xa.docx", context) == report.data


# --------------------------------------------------------------------------- the appendix


def test_appendix_is_a_landscape_a4_page(appendix: Docx) -> None:
    section = appendix.section()
    assert section["orient"] == "landscape"
    assert (section["width"], section["height"]) == (16838, 11906)
    assert int(section["width"]) > int(section["height"])


def test_appendix_table_grouped_by_field_under_roman_numerals(appendix: Docx) -> None:
    assert appendix.paragraphs()[:3] == [
        "Phụ lục",
        "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2026",
        "(Kèm theo Báo cáo số 125/BC-UBND ngày 15 tháng 12 năm 2026 của Ủy ban nhân dân xã Quốc Khánh)",
    ]
    (table,) = appendix.tables()
    rows = Docx.rows(table)
    assert rows[0] == ["STT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện cùng kỳ", "Thực hiện kỳ báo cáo",
                       "Ước cả năm", "% kế hoạch", "Đánh giá", "Ghi chú"]
    assert table.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None  # repeated on every page
    assert rows[1:] == [
        ["I", "Kinh tế (2/3 chỉ tiêu đạt và vượt)"],
        ["1", "Thu ngân sách nhà nước trên địa bàn", "triệu đồng", "1.306", "", "", "1.420", "108,7%", "Vượt",
         "Dự toán tỉnh giao 1.166 triệu đồng"],
        ["2", "Trồng rừng", "ha", "200", "", "150", "", "75,0%", "Không đạt", ""],
        ["3", "Tổng sản lượng lương thực", "tấn", "khoảng 13.900", "", "13.750", "", "98,9%", "Đạt", ""],
        ["II", "Văn hóa - Xã hội (3/4 chỉ tiêu đạt và vượt)"],
        ["1", "Giảm tỷ lệ hộ nghèo", "%", "giảm 2 điểm %", "", "6,5", "", "112,0%", "Vượt", ""],
        ["2", "Xây dựng đời sống văn hóa", "", "", "", "", "", "", "Đạt", ""],
        ["3", "Hoàn thành trường nội trú", "công trình", "trước 15/07/2026", "", "10/07/2026", "", "", "Đạt", ""],
        ["4", "Đào tạo nghề cho lao động nông thôn", "học viên", "50", "", "", "", "", "Chưa có số liệu", ""],
        ["III", "Quốc phòng - An ninh (1/1 chỉ tiêu đạt và vượt)"],
        ["1", AWKWARD, "cuộc", "5", "", "5", "", "100,0%", "Đạt", ""],
    ]
    assert appendix.look("Kinh tế (2/3").bold
    assert appendix.look("Phụ lục").bold


# --------------------------------------------------------------------------- the summary report


def test_summary_matrix_of_communes_by_fields(summary: Docx) -> None:
    matrix = summary.tables()[1]
    assert Docx.rows(matrix) == [
        ["STT", "Xã, phường", "Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh", "Tổng"],
        ["1", "Quốc Khánh", "2/3", "3/4", "1/1", "6/8"],
        ["2", "Bằng Mạc", "2/2", "-", "0/1", "2/3"],
        ["", "Toàn bộ", "4/5", "3/4", "1/2", "8/11"],
    ]
    widths = [int(c.get(f"{W}w")) for c in matrix.findall(f"{W}tblGrid/{W}gridCol")]
    assert len(widths) == 6 and sum(widths) == 9354  # the loop's columns fitted to the text width
    assert widths[1] > widths[2] == widths[3] == widths[4]
    for tr in matrix.findall(f"{W}tr"):
        assert [int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for tc in tr.findall(f"{W}tc")] == widths


def test_summary_names_communes_with_indicators_not_met_and_catalog_totals(summary: Docx) -> None:
    paragraphs = summary.paragraphs()
    assert paragraphs[0] == "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN"
    assert "Tổng hợp kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội năm\u00a02026 của các xã" in paragraphs
    assert ("Tổng số 11 chỉ tiêu của 2 xã: 8/11 chỉ tiêu đạt và vượt kế hoạch, trong đó 3 chỉ tiêu vượt; 2 chỉ "
            "tiêu không đạt; 1 chỉ tiêu chưa có số liệu.") in paragraphs
    start = paragraphs.index("III. CÁC XÃ CÓ CHỈ TIÊU KHÔNG ĐẠT")
    assert paragraphs[start + 1:start + 5] == [
        "- Xã Quốc Khánh: 1 chỉ tiêu không đạt:",
        "+ Trồng rừng đạt 150 ha, bằng 75,0% kế hoạch (không đạt chỉ tiêu).",
        "- Xã Bằng Mạc: 1 chỉ tiêu không đạt:",
        "+ Tuyển quân đạt 90%, bằng 90,0% kế hoạch (không đạt chỉ tiêu).",
    ]
    totals = Docx.rows(summary.tables()[2])
    # A year report: "Thực hiện" as the commune appendix words it. KT01: Bằng Mạc's result 1.000 and Quốc
    # Khánh's estimate 1.420 (no result yet) in their own columns; the verdict is on 2.420 against 2.206.
    assert totals[0] == ["STT", "Mã", "Chỉ tiêu", "ĐVT", "Số xã", "Kế hoạch", "Thực hiện", "Ước cả năm",
                         "Đánh giá"]
    assert totals[1:] == [
        ["1", "KT01", "Thu ngân sách nhà nước trên địa bàn", "triệu đồng", "2", "2.206", "1.000", "1.420", "Vượt"],
        ["2", "KT03", "Tổng sản lượng lương thực có hạt", "tấn", "1", "khoảng 13.900", "13.750", "", "Đạt"],
        ["3", "KT05", "Diện tích trồng rừng mới (kể cả trồng dặm)", "ha", "1", "200", "150", "", "Không đạt"],
    ]
    # the notes under the table, one line per code that has one
    at = paragraphs.index("Ghi chú:")
    assert paragraphs[at + 1] == ("- KT01 (Thu ngân sách nhà nước trên địa bàn): Đánh giá trên tổng 2.420: thực "
                                  "hiện, riêng xã Quốc Khánh lấy ước cả năm; Thiếu ước cả năm: xã Bằng Mạc.")
    # KT07 has no row of "0 xã": it is named below the table
    at = paragraphs.index("Chưa tổng hợp được do các xã chưa nhập tử số, mẫu số: KT07 Tỷ lệ che phủ rừng.")
    assert paragraphs[at + 1] == "V. CÁC SỔ CHỈ TIÊU CHƯA TỔNG HỢP ĐƯỢC"
    start = paragraphs.index("V. CÁC SỔ CHỈ TIÊU CHƯA TỔNG HỢP ĐƯỢC")
    assert paragraphs[start + 1] == "- 06999-hong.xlsx: 2 lỗi."


def test_summary_with_every_workbook_skipped_still_renders(tmp_path: Path) -> None:
    from nqreport.aggregate import aggregate_communes
    from nqreport.config.catalog import load_catalog

    context = summary_context(aggregate_communes([], load_catalog()), settings(tmp_path),
                              [("a.xlsx", "không đọc được")])
    doc = Docx(render_docx(TEMPLATES / "bao-cao-tong-hop.docx", context))
    paragraphs = doc.paragraphs()
    assert "Không có xã nào có chỉ tiêu không đạt." in paragraphs
    assert "- a.xlsx: không đọc được." in paragraphs
    assert "Các xã chưa có chỉ tiêu nào thuộc danh mục để tổng hợp." in paragraphs
    assert len(doc.tables()) == 3  # header, matrix, signature: no empty table of totals
    assert Docx.rows(doc.tables()[1]) == [["STT", "Xã, phường", "Tổng"], ["", "Toàn bộ", "0/0"]]


@pytest.mark.parametrize(("period", "phrase"), [
    (Period.SIX_MONTHS, "6 tháng đầu năm 2026"),
    (Period.NINE_MONTHS, "9 tháng đầu năm 2026"),
    (Period.QUARTER_1, "quý I năm 2026"),
    (Period.YEAR, "năm 2026"),
])
def test_commune_report_for_any_period(tmp_path: Path, period: Period, phrase: str) -> None:
    context = commune_context(commune_report(period), settings(tmp_path))
    doc = Docx(render_docx(TEMPLATES / "bao-cao-xa.docx", context))
    paragraphs = doc.paragraphs()
    kept = phrase.replace(" ", "\u00a0")
    assert f"Kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội {kept}" in paragraphs
    assert f"các chỉ tiêu chủ yếu {phrase} (số liệu tính đến ngày 10 tháng 12 năm 2026) như sau:" in doc.text()
    forest = next(p for p in paragraphs if p.startswith("- Trồng rừng"))
    if period is Period.YEAR:
        assert forest == "- Trồng rừng đạt 150 ha, bằng 75,0% kế hoạch (không đạt chỉ tiêu)."
    else:  # in-year: progress against the target; no estimate, so not judged yet
        assert forest == "- Trồng rừng thực hiện được 150 ha/200 ha, đạt 75,0% kế hoạch (đang thực hiện)."
    appendix = Docx(render_docx(TEMPLATES / "phu-luc-xa.docx", context))
    assert appendix.paragraphs()[1] == f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU PHÁT TRIỂN KINH TẾ - XÃ HỘI {phrase.upper()}"


def test_an_in_year_summary_shows_the_period_and_the_year_in_two_columns(tmp_path: Path) -> None:
    from test_context import six_months_cross

    doc = Docx(render_docx(TEMPLATES / "bao-cao-tong-hop.docx", summary_context(six_months_cross(),
                                                                                 settings(tmp_path))))
    totals = doc.tables()[2]
    assert Docx.rows(totals) == [
        ["STT", "Mã", "Chỉ tiêu", "ĐVT", "Số xã", "Kế hoạch", "Thực hiện kỳ báo cáo", "Ước cả năm", "Đánh giá"],
        # 702 + 1.240 and 1.420 + 2.430; the verdict on 3.850 against 1.306 + 2.200 = 3.506
        ["1", "KT01", "Thu ngân sách nhà nước trên địa bàn", "triệu đồng", "2", "3.506", "1.942", "3.850", "Vượt"],
        # (400 + 300) / (500 + 500) = 70 (the renderer prints a whole number without decimals); no commune
        # has an estimate for the year, so the rate is progress only
        ["2", "XH02", "Tỷ lệ hộ dân nông thôn được sử dụng nước sạch đáp ứng quy chuẩn", "%", "2", "80", "70", "",
         "Đang thực hiện"],
    ]
    widths = [int(c.get(f"{W}w")) for c in totals.findall(f"{W}tblGrid/{W}gridCol")]
    assert len(widths) == 9 and sum(widths) <= 9354  # within the portrait page's text width
    paragraphs = doc.paragraphs()
    assert ("Chỉ tiêu cộng dồn được cộng từ số liệu các xã: cột Thực hiện kỳ báo cáo cộng kết quả thực hiện, cột "
            "Ước cả năm cộng ước thực hiện cả năm, cùng các xã với cột Kế hoạch. Chỉ tiêu tỷ lệ được tính lại bằng "
            "tổng tử số chia tổng mẫu số của kỳ báo cáo; ước cả năm của tỷ lệ là bình quân ước của các xã theo mẫu "
            "số. Cột Đánh giá đánh giá trên cột Ước cả năm, trừ chỉ tiêu có ghi chú dưới bảng.") in paragraphs
    assert "Ghi chú:" not in paragraphs  # both rows are judged as the table says
