"""From lines to the targets section: page artefacts, broken lines, list markers, where the section starts
and ends, and what the resolution says about itself. Pure functions over text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from nqreport.errors import ResolutionError
from nqreport.extract import Extraction, extract_text
from nqreport.extract.layout import marker_of, paragraphs
from nqreport.extract.model import SourceText
from nqreport.schema import Kind

HEADER = "HỘI ĐỒNG NHÂN DÂN XÃ CAM LỘ\nCăn cứ Quyết định của Ủy ban nhân dân tỉnh Quảng Trị;\nQUYẾT NGHỊ:\n"


def read(text: str) -> Extraction:
    return extract_text(SourceText(tuple(text.split("\n")), "txt"), Path("nq.txt"))


def values(text: str) -> list[Decimal | None]:
    return [t.target for t in read(HEADER + text).targets]


@pytest.mark.parametrize(("line", "style", "label"), [
    ("Điều 1. Thông qua", "article", "Điều 1."), ("II. CÁC CHỈ TIÊU", "roman", "II."),
    ("A. KINH TẾ", "LETTER", "A."), ("2.1. Chỉ tiêu về kinh tế", "num.", "2.1."), ("3) Tỷ lệ", "num)", "3)"),
    ("(12) Tỷ lệ", "paren", "(12)"), ("đ) Trồng rừng", "letter", "đ)"), ("- 100% hộ", "dash", "-"),
    ("+ Vốn ngân sách", "plus", "+"), ("* Về kinh tế:", "bullet", "*"), ("9. 100% rác thải", "num.", "9."),
    ("10/ Giao quân đạt 100%", "num/", "10/"),
])
def test_markers(line: str, style: str, label: str) -> None:
    marker, _ = marker_of(line)
    assert marker is not None and (marker.style, marker.label) == (style, label)


@pytest.mark.parametrize("line", ["1.306 triệu đồng", "-5% so với", "2025; mục tiêu", "2,52 Km", "70% trở lên",
                                  "15/7/2026 hoàn thành"])
def test_figures_at_the_start_of_a_line_are_no_markers(line: str) -> None:
    assert marker_of(line)[0] is None


def test_pdf_artefacts_are_dropped_and_broken_lines_joined() -> None:
    lines = ["- Tổng thu ngân sách nhà nước trên địa bàn 15.600 triệu đồng, tăng", "", "1", "",
             "\fTrang 2/3", "", "6% so với dự toán.", "", "- 3 -", "", "- Thu nhập bình quân đầu người đạt 75",
             "", "triệu đồng.", "", "- Tỷ lệ che phủ rừng đạt 56%."]
    found = paragraphs([line for raw in lines for line in raw.split("\f")])
    assert [p.text for p in found] == [
        "Tổng thu ngân sách nhà nước trên địa bàn 15.600 triệu đồng, tăng 6% so với dự toán.",
        "Thu nhập bình quân đầu người đạt 75 triệu đồng.", "Tỷ lệ che phủ rừng đạt 56%."]


def test_a_list_numbered_afresh_under_its_heading_belongs_to_it() -> None:
    text = ("1. Mục tiêu: phát triển bền vững.\n2. Chỉ tiêu chủ yếu\n1. Thu nhập đạt 62 triệu đồng.\n"
            "2. Sản lượng lương thực đạt 14.500 tấn.\n3. Tỷ lệ che phủ rừng đạt 49%.\n4. Tỷ lệ hộ nghèo dưới 3%.\n"
            "3. Nhiệm vụ và giải pháp\n1. Đầu tư 6 km đường.\n")
    assert values(text) == [Decimal(62), Decimal(14500), Decimal(49), Decimal(3)]


def test_targets_on_the_heading_line_and_run_together() -> None:
    text = ("Điều 1. Thông qua kế hoạch năm 2026:\n2. Các chỉ tiêu chủ yếu: a) Thu nhập đạt 62 triệu đồng; "
            "b) Sản lượng lương thực đạt 14.500 tấn; c) Tỷ lệ hộ nghèo giảm còn 2,5%.\n"
            "3. Nhiệm vụ, giải pháp: đầu tư 6 km đường.\n")
    extraction = read(HEADER + text)
    assert extraction.section == "2. Các chỉ tiêu chủ yếu"
    assert [(t.item, t.target) for t in extraction.targets] == [("a)", Decimal(62)), ("b)", Decimal(14500)),
                                                                ("c)", Decimal("2.5"))]


def test_an_item_naming_the_group_of_its_run_together_targets_is_no_row() -> None:
    text = ("Điều 1. Thông qua kế hoạch năm 2026:\n2. Các chỉ tiêu chủ yếu\n"
            "1) Thu ngân sách đạt 18.500 triệu đồng.\n"
            "2) Về giao thông, thủy lợi: a) bê tông hóa 4,2 km đường ngõ xóm; b) kiên cố hóa 2,1 km kênh mương.\n"
            "3. Nhiệm vụ, giải pháp: đầu tư 6 km đường.\n")
    targets = read(HEADER + text).targets
    assert [(t.item, t.target, t.unit) for t in targets] == [
        ("1)", Decimal(18500), "triệu đồng"), ("a)", Decimal("4.2"), "km"), ("b)", Decimal("2.1"), "km")]
    assert targets[1].name.startswith("Về giao thông, thủy lợi: ")


def test_a_quarter_carried_to_the_next_line_of_a_pdf_is_no_heading() -> None:
    """PDF text: "… trong quý" / "III/2026." — the line is the end of the target, not a section III."""
    text = ("Điều 1. Thông qua như sau:\nI. MỤC TIÊU TỔNG QUÁT\nPhát triển kinh tế bền vững, nâng cao đời sống của\n"
            "nhân dân trên địa bàn phường.\nII. CÁC CHỈ TIÊU CHỦ YẾU\n"
            "- Hoàn thành lát vỉa hè tuyến đường Nguyễn Du dài 1,8 km trong quý\nIII/2026.\n"
            "- Trồng mới 2.000 cây xanh đô thị trên các tuyến phố\nchính của phường.\n"
            "III. NHIỆM VỤ, GIẢI PHÁP\n1. Đầu tư 6 km đường giao thông và các công trình\nphúc lợi.\n")
    targets = read(HEADER + text).targets
    assert [(t.kind, t.target, t.deadline) for t in targets] == [
        (Kind.DEADLINE, Decimal("1.8"), date(2026, 9, 30)), (Kind.AT_LEAST, Decimal(2000), None)]


def test_a_title_naming_the_targets_is_not_their_section() -> None:
    text = ("NGHỊ QUYẾT\nVề mục tiêu, chỉ tiêu, nhiệm vụ phát triển kinh tế - xã hội năm 2026\n" + HEADER
            + "Điều 1. Thông qua như sau:\nII. CHỈ TIÊU CỤ THỂ\n- Tỷ lệ đô thị hóa đạt 65%.\n"
            "III. NHIỆM VỤ, GIẢI PHÁP\n1. Cải tạo 2,5 km vỉa hè.\n")
    extraction = read(text)
    assert extraction.section == "II. CHỈ TIÊU CỤ THỂ"
    assert [t.target for t in extraction.targets] == [Decimal(65)]


def test_field_headings_in_the_tasks_are_no_targets() -> None:
    with pytest.raises(ResolutionError, match="không tìm thấy mục chỉ tiêu"):
        read(HEADER + "Điều 1. Thông qua nhiệm vụ năm 2026:\n1. Nhiệm vụ trọng tâm\na) Về kinh tế: trồng 50 ha "
             "rừng; làm 3 km đường.\nb) Về xã hội: hỗ trợ 20 hộ nghèo.\nĐiều 2. Tổ chức thực hiện.\n")


def test_the_commune_name_ends_where_the_official_list_says() -> None:
    identity = read(HEADER + "2. Các chỉ tiêu chủ yếu\n- Tỷ lệ che phủ rừng đạt 49%.\n").identity
    assert (identity.name, identity.province, identity.code) == ("Cam Lộ", "Quảng Trị", "19597")


def test_headings_misread_by_ocr_are_still_found() -> None:
    """OCR drops or swaps Vietnamese diacritics ("Điêu 1.", "chủ yêu"): the section is still found, from
    the article on, and its targets read."""
    from nqreport.extract.section import find_section

    lines = ["QUYÊT NGHỊ:", "Điêu 1. Thông qua kế hoạch năm 2026 như sau:", "1. Các chỉ tiêu chủ yêu.",
             "a) Thu nhập bình quân đầu người đạt 62 triệu đồng.", "b) Tỷ lệ che phủ rừng đạt 49%.",
             "2. Nhiệm vụ, giải pháp", "Điều 2. Giao Ủy ban nhân dân xã tổ chức thực hiện."]
    assert marker_of("Điêu 1. Thông qua")[0] is not None
    found = find_section(paragraphs(lines))
    assert found is not None
    assert len(found.items) == 2
