"""The Nghị định 30/2020/NĐ-CP checks: warnings for fonts, body sizes, paper, margins, and the national title,
motto, recipients and signer of a report; the appendix has only the font, paper and margin rules; the
default templates pass them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from check_helpers import NAMES, T, edit_docx, make_template
from docx_helpers import TEMPLATES
from nqreport.templates.check import check_template
from nqreport.templates.format_rules import KIND_APPENDIX, KIND_REPORT

REPORT = TEMPLATES / "bao-cao-xa.docx"
STYLE_FONT = '<w:rFonts w:ascii="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman" ' \
             'w:cs="Times New Roman"/>'


def warnings(path: Path, kind: str = KIND_REPORT) -> list[str]:
    result = check_template(path, scope="xa", kind=kind)
    assert result.errors == 0
    return [f"{f.where}: {f.code}: {f.message}" for f in result.findings]


@pytest.mark.parametrize("name", NAMES)
def test_the_default_templates_follow_the_decree(name: str) -> None:
    result = check_template(TEMPLATES / name)
    assert result.findings == ()
    assert result.kind == (KIND_APPENDIX if name == "phu-luc-xa.docx" else KIND_REPORT)


def test_a_font_set_in_a_run_in_a_style_or_by_the_theme(tmp_path: Path) -> None:
    by_run = edit_docx(REPORT, tmp_path / "a.docx", [
        ('<w:r><w:t xml:space="preserve">Trên đây là báo cáo',
         '<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr><w:t xml:space="preserve">Trên đây là báo cáo'),
        ('<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">I. KẾT QUẢ CHUNG',
         '<w:r><w:rPr><w:rFonts w:hAnsi="Calibri"/><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">I. KẾT QUẢ CHUNG'),
    ])
    assert warnings(by_run) == [
        'đoạn 12: font: phông chữ "Calibri" ở 1 đoạn (đoạn đầu tiên ở đây); Nghị định 30/2020/NĐ-CP quy định '
        "phông Times New Roman",
        'đoạn 51: font: phông chữ "Arial" ở 1 đoạn (đoạn đầu tiên ở đây); Nghị định 30/2020/NĐ-CP quy định phông '
        "Times New Roman",
    ]
    # The document default changed: every paragraph with text (31 in the body, paragraph tags left out), and
    # the page number in the header.
    by_style = edit_docx(REPORT, tmp_path / "b.docx", [(STYLE_FONT, '<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>')],
                         part="word/styles.xml")
    assert warnings(by_style) == [
        'bảng 1, dòng 1, ô 1, đoạn 1: font: phông chữ "Arial" ở 32 đoạn (đoạn đầu tiên ở đây); Nghị định '
        "30/2020/NĐ-CP quy định phông Times New Roman",
    ]
    by_theme = edit_docx(REPORT, tmp_path / "c.docx", [(STYLE_FONT, '<w:rFonts w:asciiTheme="minorHAnsi" '
                                                       'w:hAnsiTheme="minorHAnsi"/>')], part="word/styles.xml")
    assert warnings(by_theme) == []  # no theme part: Word falls back to Times New Roman


def test_body_text_outside_13_to_14_points(tmp_path: Path) -> None:
    small = edit_docx(REPORT, tmp_path / "a.docx", [
        ('<w:style w:type="paragraph" w:customStyle="1" w:styleId="NoiDung"><w:name w:val="Nội dung báo cáo"/>'
         '<w:basedOn w:val="Normal"/><w:qFormat/>',
         '<w:style w:type="paragraph" w:customStyle="1" w:styleId="NoiDung"><w:name w:val="Nội dung báo cáo"/>'
         '<w:basedOn w:val="Normal"/><w:qFormat/><w:rPr><w:sz w:val="24"/></w:rPr>'),
    ], part="word/styles.xml")
    # The 19 body paragraphs in the NoiDung style (from "Thực hiện …" to "Trên đây là …"); the centred title
    # above them is in Normal, 14 pt.
    assert warnings(small) == [
        "đoạn 11: font-size: chữ cỡ 12 pt ở 19 đoạn của phần nội dung (đoạn đầu tiên ở đây); Nghị định "
        "30/2020/NĐ-CP quy định cỡ 13–14 pt",
    ]
    # Table cells (the header, the signature block) have their own sizes and are not body text.
    big = edit_docx(REPORT, tmp_path / "b.docx", [('<w:r><w:t xml:space="preserve">Trên đây là báo cáo',
                                                   '<w:r><w:rPr><w:sz w:val="31"/></w:rPr><w:t xml:space="preserve">'
                                                   'Trên đây là báo cáo')])
    assert warnings(big) == ["đoạn 51: font-size: chữ cỡ 15,5 pt ở 1 đoạn của phần nội dung (đoạn đầu tiên ở "
                             "đây); Nghị định 30/2020/NĐ-CP quy định cỡ 13–14 pt"]


def test_paper_and_margins_of_each_section(tmp_path: Path) -> None:
    letter = edit_docx(REPORT, tmp_path / "a.docx", [
        ('<w:pgSz w:w="11906" w:h="16838"/>', '<w:pgSz w:w="12240" w:h="15840"/>'),
        ('w:top="1134" w:right="851" w:bottom="1134" w:left="1701"', 'w:top="1500" w:right="1300" w:bottom="1134" '
         'w:left="1984"'),
    ])
    assert warnings(letter) == [
        ": paper: khổ giấy 215,9 × 279,4 mm, không phải A4 (210 × 297 mm) như Nghị định 30/2020/NĐ-CP quy định",
        ": margins: lề trên 26,5 mm (cần 20–25 mm); lề phải 22,9 mm (cần 15–20 mm), theo Nghị định 30/2020/NĐ-CP",
    ]
    # A landscape A4 section ending at heading III: landscape A4 is A4; its own margins are checked, and the
    # message says which section.
    sections = edit_docx(REPORT, tmp_path / "b.docx", [
        ("<w:p><w:pPr><w:pStyle w:val=\"NoiDung\"/><w:keepNext/></w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr>"
         '<w:t xml:space="preserve">III. ĐÁNH GIÁ CHUNG',
         '<w:p><w:pPr><w:pStyle w:val="NoiDung"/><w:keepNext/><w:sectPr><w:pgSz w:w="16838" w:h="11906" '
         'w:orient="landscape"/><w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1000"/></w:sectPr>'
         '</w:pPr><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">III. ĐÁNH GIÁ CHUNG'),
    ])
    assert warnings(sections) == [
        "đoạn 37: margins: phần 1 của văn bản: lề trái 17,6 mm (cần 30–35 mm), theo Nghị định 30/2020/NĐ-CP",
    ]


def test_a_report_without_national_title_motto_recipients_or_signer(tmp_path: Path) -> None:
    bare = make_template(tmp_path / "bao-cao.docx", '<w:p><w:r><w:t>Báo cáo {{ ten_xa }}</w:t></w:r></w:p>')
    assert warnings(bare) == [
        ': national-title: không thấy quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"',
        ': motto: không thấy tiêu ngữ "Độc lập - Tự do - Hạnh phúc"',
        ': recipients: không thấy phần "Nơi nhận:"',
        ": signer: không thấy phần chữ ký (thẩm quyền ký, chức vụ và họ tên người ký)",
    ]
    assert warnings(bare, KIND_APPENDIX) == []


def test_the_national_title_and_signer_as_secretaries_type_them(tmp_path: Path) -> None:
    """The old spelling "HOÀ", a literal authority and name instead of tags: all accepted."""
    lines = ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", "Nơi nhận:", "- Như trên;",
             "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Hoàng Văn Nam")
    typed = make_template(tmp_path / "bao-cao.docx", "".join(f"<w:p><w:r>{T(line)}</w:r></w:p>" for line in lines))
    assert warnings(typed) == []
    unsigned = make_template(tmp_path / "chua-ky.docx",
                             "".join(f"<w:p><w:r>{T(line)}</w:r></w:p>" for line in lines[:-1]))
    assert warnings(unsigned) == ["đoạn 7: signer: phần chữ ký thiếu họ tên người ký"]


def test_the_appendix_keeps_the_font_paper_and_margin_rules(tmp_path: Path) -> None:
    appendix = edit_docx(TEMPLATES / "phu-luc-xa.docx", tmp_path / "phu-luc-xa.docx", [
        ('w:left="1701"', 'w:left="1417"'),
        ('<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Phụ lục',
         '<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">Phụ lục'),
    ])
    result = check_template(appendix)
    assert result.kind == KIND_APPENDIX
    assert [f"{f.where}: {f.code}" for f in result.findings] == [": margins", "đoạn 1: font"]
