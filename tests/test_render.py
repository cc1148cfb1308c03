"""render.py: strict, sandboxed, autoescaping rendering; messages that name the variable and the paragraph;
deterministic bytes; a fresh template per render."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from docx_helpers import AWKWARD, Docx, load_tool
from nqreport.errors import TemplateError
from nqreport.render.document import render_docx
from nqreport.render.environment import make_environment

SEE = "Xem danh sách biến: nqreport context"


def make_template(tmp_path: Path, lines: Sequence[str], name: str = "mau.docx") -> Path:
    """A template whose body has one paragraph per line (each line in a single run)."""
    tool = load_tool()
    document = tool._document([tool.P(line) for line in lines], landscape=False)
    path = tmp_path / name
    path.write_bytes(tool.package(document, "thử"))
    return path


def render_text(tmp_path: Path, lines: Sequence[str], context: dict[str, Any]) -> list[str]:
    data = render_docx(make_template(tmp_path, lines), context)
    return Docx(data).paragraphs()


def error_of(tmp_path: Path, lines: Sequence[str], context: dict[str, Any]) -> str:
    with pytest.raises(TemplateError) as caught:
        render_docx(make_template(tmp_path, lines), context)
    return str(caught.value)


# --------------------------------------------------------------------------- strict


def test_unknown_variable_names_it_quotes_its_paragraph_and_suggests(tmp_path: Path) -> None:
    message = error_of(tmp_path, ["Kính gửi Hội đồng nhân dân", "Xã {{ ten_xaa }} báo cáo"],
                       {"ten_xa": "Quốc Khánh", "nam": 2026})
    assert message == (f'mau.docx, đoạn 2 ("Xã {{{{ ten_xaa }}}} báo cáo"): không có biến "ten_xaa"; '
                       f'có phải "ten_xa"? {SEE}')


def test_unknown_variable_without_a_close_name_has_no_suggestion(tmp_path: Path) -> None:
    message = error_of(tmp_path, ["{{ hoang_hon }}"], {"ten_xa": "Quốc Khánh"})
    assert message == f'mau.docx, đoạn 1 ("{{{{ hoang_hon }}}}"): không có biến "hoang_hon". {SEE}'


def test_unknown_attribute_inside_a_loop_names_the_expression(tmp_path: Path) -> None:
    lines = ["Các lĩnh vực:", "{%p for lv in linh_vuc %}", "- {{ lv.tenn }}: {{ lv.dem }}", "{%p endfor %}"]
    message = error_of(tmp_path, lines, {"linh_vuc": [{"ten": "Kinh tế", "dem": 3}]})
    assert message == (f'mau.docx, đoạn 3 ("- {{{{ lv.tenn }}}}: {{{{ lv.dem }}}}"): "lv" không có thuộc tính '
                       f'"tenn"; có phải "ten"? {SEE}')


def test_undefined_in_a_condition_is_an_error_too(tmp_path: Path) -> None:
    message = error_of(tmp_path, ["{%p if co_so_lieu %}", "Có", "{%p endif %}"], {"ten_xa": "A"})
    assert message.startswith('mau.docx, đoạn 1 ("{%p if co_so_lieu %}"): không có biến "co_so_lieu"')


def test_long_paragraph_is_quoted_around_the_tag(tmp_path: Path) -> None:
    words = " ".join(f"từ{i}" for i in range(40))
    message = error_of(tmp_path, [f"{words} {{{{ sai_ten }}}} {words}"], {})
    quoted = message.split('("', 1)[1].split('")', 1)[0]
    assert quoted.startswith("… ") and quoted.endswith(" …")
    assert "{{ sai_ten }}" in quoted
    assert len(quoted) < 100


def test_a_misspelt_name_in_a_shipped_template_is_reported_with_its_paragraph(tmp_path: Path) -> None:
    source = (load_tool().ROOT / "templates" / "bao-cao-xa.docx").read_bytes()
    broken = tmp_path / "bao-cao-xa.docx"
    with zipfile.ZipFile(io.BytesIO(source)) as archive, zipfile.ZipFile(broken, "w") as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"{{ nguoi_ky }}", b"{{ nguoi_kyy }}")
            out.writestr(info, data)
    from docx_helpers import commune_report, settings
    from nqreport.render.context import commune_context

    with pytest.raises(TemplateError) as caught:
        render_docx(broken, commune_context(commune_report(), settings(tmp_path)))
    message = str(caught.value)
    assert message.startswith("bao-cao-xa.docx, đoạn ")
    assert message.endswith(f'("{{{{ nguoi_kyy }}}}"): không có biến "nguoi_kyy"; có phải "nguoi_ky"? {SEE}')


# --------------------------------------------------------------------------- syntax


def test_syntax_error_names_the_paragraph(tmp_path: Path) -> None:
    message = error_of(tmp_path, ["Mở đầu", "Năm {{ nam }", "Kết"], {"nam": 2026})
    assert message.startswith('mau.docx, đoạn 2 ("Năm {{ nam }"): lỗi cú pháp trong thẻ Jinja (chi tiết kỹ thuật: ')
    assert message.endswith("hãy kiểm tra dấu {{ }} và {% %} trong đoạn này; nqreport check giải thích rõ hơn")


def test_unclosed_loop_says_which_closing_tag_is_missing(tmp_path: Path) -> None:
    message = error_of(tmp_path, ["{%p for lv in linh_vuc %}", "{{ lv.ten }}"], {"linh_vuc": []})
    assert message == ("mau.docx: thiếu thẻ đóng {% endfor %} cho một khối {% for … %}; hãy thêm đoạn "
                       "{%p endfor %} (hoặc {%tr endfor %} trong bảng) sau phần cần lặp hoặc điều kiện")


def test_unknown_filter_is_named_with_a_suggestion(tmp_path: Path) -> None:
    message = error_of(tmp_path, ["Đạt {{ x|phan_tramm }}"], {"x": Decimal(5)})
    assert message == ('mau.docx, đoạn 1 ("Đạt {{ x|phan_tramm }}"): không có bộ lọc "phan_tramm"; '
                       'có phải "phan_tram"? Các bộ lọc: so, phan_tram, ngay, ngay_ngan, danh_gia, la_ma, '
                       f'hoa_dau, thuong_dau, giu_lien. {SEE}')


def test_stray_closing_tag_is_reported(tmp_path: Path) -> None:
    message = error_of(tmp_path, ["Đầu", "{%p endif %}"], {})
    assert message.startswith('mau.docx, đoạn 2 ("{%p endif %}"): thẻ {% endif %} không hợp lệ')


def test_wrong_value_for_a_filter_names_the_filter_and_paragraph(tmp_path: Path) -> None:
    message = error_of(tmp_path, ["Tên", "Xã {{ ten_xa|so }}"], {"ten_xa": "Quốc Khánh"})
    assert message == (f'mau.docx, đoạn 2 ("Xã {{{{ ten_xa|so }}}}"): bộ lọc "so" cần một con số, nhưng nhận '
                       f'được "Quốc Khánh". {SEE}')


def test_printing_a_group_asks_for_one_of_its_attributes(tmp_path: Path) -> None:
    message = error_of(tmp_path, ["{{ dem }}"], {"dem": {"tong": 3, "cau": "x"}})
    assert message == (f'mau.docx, đoạn 1 ("{{{{ dem }}}}"): đây là một nhóm thông tin, không in trực tiếp '
                       f"được; hãy in một thuộc tính của nó (cau, tong). {SEE}")


# --------------------------------------------------------------------------- sandbox


def test_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    message = error_of(tmp_path, ["{{ ten_xa.__class__.__mro__ }}"], {"ten_xa": "A"})
    assert message.startswith('mau.docx, đoạn 1 ("{{ ten_xa.__class__.__mro__ }}"): mẫu dùng thao tác không '
                              "được phép (")


def test_sandbox_refuses_to_change_the_context(tmp_path: Path) -> None:
    message = error_of(tmp_path, ['{{ noi_nhan.append("- Lưu: VT.") }}'], {"noi_nhan": ["- Như trên;"]})
    assert "mẫu dùng thao tác không được phép" in message


def test_environment_is_sandboxed_strict_and_autoescaping() -> None:
    from jinja2.sandbox import SandboxedEnvironment

    env = make_environment()
    assert isinstance(env, SandboxedEnvironment)
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="a & <b>") == "a &amp; &lt;b&gt;"


# --------------------------------------------------------------------------- values


def test_names_with_ampersand_and_angle_brackets_print_as_written(tmp_path: Path) -> None:
    paragraphs = render_text(tmp_path, ["Chỉ tiêu: {{ ten }}", "R&D {{ ghi_chu }}"],
                             {"ten": AWKWARD, "ghi_chu": "\"trích\" 'dẫn' <b>"})
    assert paragraphs == [f"Chỉ tiêu: {AWKWARD}", "R&D \"trích\" 'dẫn' <b>"]


def test_figures_and_dates_print_the_vietnamese_way_by_default(tmp_path: Path) -> None:
    lines = ["{{ a }} | {{ b }} | {{ c }} | {{ d }} | [{{ e }}] | {{ f }} | {{ g }}"]
    context = {"a": Decimal("1306"), "b": Decimal("2.52"), "c": Decimal("1306.50"), "d": date(2025, 12, 18),
               "e": None, "f": 2026, "g": ["- Như trên;", "- Lưu: VT."]}
    assert render_text(tmp_path, lines, context) == ["1.306 | 2,52 | 1.306,5 | 18/12/2025 | [] | 2026 | "
                                                     "- Như trên;; - Lưu: VT."]


def test_filters_in_a_template(tmp_path: Path) -> None:
    lines = ["{{ a|so(2) }}; {{ p|phan_tram }}; {{ p|phan_tram(2) }}; {{ d|ngay }}; {{ n|ngay }}; "
             "{{ d|ngay_ngan }}; {{ s|danh_gia }}; {{ 4|la_ma }}; {{ t|hoa_dau }}; {{ r|thuong_dau }}"]
    context = {"a": Decimal("1306"), "p": Decimal("108.695"), "d": date(2026, 2, 5), "n": None,
               "s": "khong_dat", "t": "xã Bằng Mạc", "r": "Ước cả năm", "chu_so_phan_tram": 1}
    assert render_text(tmp_path, lines, context) == [
        "1.306,00; 108,7%; 108,70%; ngày 05 tháng 02 năm 2026; ngày … tháng … năm …; 05/02/2026; Không đạt; "
        "IV; Xã Bằng Mạc; ước cả năm"]


def test_percent_places_follow_the_context(tmp_path: Path) -> None:
    lines = ["{{ p|phan_tram }}"]
    assert render_text(tmp_path, lines, {"p": Decimal("95"), "chu_so_phan_tram": 2}) == ["95,00%"]
    assert render_text(tmp_path, lines, {"p": Decimal("95"), "chu_so_phan_tram": 0}) == ["95%"]


def test_multiline_values_become_line_breaks(tmp_path: Path) -> None:
    data = render_docx(make_template(tmp_path, ["{{ co_quan }}"]), {"co_quan": "ỦY BAN NHÂN DÂN\nXÃ A"})
    assert Docx(data).paragraphs() == ["ỦY BAN NHÂN DÂN\nXÃ A"]
    assert b"<w:br/>" in Docx(data).parts["word/document.xml"]


# --------------------------------------------------------------------------- output


def test_same_context_gives_the_same_bytes(tmp_path: Path) -> None:
    template = make_template(tmp_path, ["Xã {{ ten_xa }}", "{{ so }}"])
    context = {"ten_xa": "Quốc Khánh", "so": Decimal("1306")}
    first = render_docx(template, context)
    assert render_docx(template, context) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.namelist()[:2] == ["[Content_Types].xml", "_rels/.rels"]


def test_each_render_starts_from_the_template(tmp_path: Path) -> None:
    """Reusing one DocxTemplate printed the previous commune's data (docs/architecture.md, "Traps")."""
    template = make_template(tmp_path, ["Xã {{ ten_xa }}"])
    assert Docx(render_docx(template, {"ten_xa": "Quốc Khánh"})).paragraphs() == ["Xã Quốc Khánh"]
    assert Docx(render_docx(template, {"ten_xa": "Bằng Mạc"})).paragraphs() == ["Xã Bằng Mạc"]


def test_template_edited_between_renders_is_read_again(tmp_path: Path) -> None:
    template = make_template(tmp_path, ["Bản một {{ x }}"])
    assert Docx(render_docx(template, {"x": 1})).paragraphs() == ["Bản một 1"]
    make_template(tmp_path, ["Bản hai {{ x }}"])
    assert Docx(render_docx(template, {"x": 1})).paragraphs() == ["Bản hai 1"]


def test_missing_template_says_where_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        render_docx(tmp_path / "khong-co.docx", {})
    assert str(caught.value) == (f"khong-co.docx: không tìm thấy mẫu báo cáo ({tmp_path / 'khong-co.docx'}); "
                                 "hãy kiểm tra thư mục templates hoặc chạy nqreport init để lấy mẫu mặc định")


def test_a_file_that_is_not_a_word_document_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(TemplateError) as caught:
        render_docx(bad, {})
    assert str(caught.value) == ("hong.docx: không mở được mẫu Word (tệp bị hỏng hoặc không phải tệp Word); "
                                 "hãy mở và lưu lại mẫu bằng Word dưới dạng .docx")


def test_unknown_variable_in_the_page_header_is_located_there(tmp_path: Path) -> None:
    template = make_template(tmp_path, ["Thân bài {{ ten_xa }}"])
    with zipfile.ZipFile(template) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    entries["word/header1.xml"] = entries["word/header1.xml"].replace(
        b'<w:r><w:t>2</w:t></w:r>', b'<w:r><w:t>2</w:t></w:r><w:r><w:t xml:space="preserve"> - {{ so_trangg }}</w:t></w:r>')
    with zipfile.ZipFile(template, "w") as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    with pytest.raises(TemplateError) as caught:
        render_docx(template, {"ten_xa": "A", "so_trang": 1})
    assert str(caught.value) == (f'mau.docx, đầu trang, đoạn 1 ("2 - {{{{ so_trangg }}}}"): không có biến '
                                 f'"so_trangg"; có phải "so_trang"? {SEE}')
