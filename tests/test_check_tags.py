"""The tag checks one by one: syntax in Vietnamese, block matching with recovery, names resolved against the
contract with loop variables bound to list elements, and where paragraph, row and cell tags may stand."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from check_helpers import T, make_template
from nqreport.templates.check import check_template
from nqreport.templates.format_rules import KIND_APPENDIX
from nqreport.word.scan import Finding

FORMAT_CODES = {"font", "font-size", "margins", "paper", "national-title", "motto", "recipients", "signer"}


def paragraphs(*lines: str) -> str:
    return "".join(f"<w:p><w:r>{T(line)}</w:r></w:p>" for line in lines)


def table(*rows: Sequence[str]) -> str:
    width = max(len(r) for r in rows)
    grid = '<w:gridCol w:w="2000"/>' * width
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{2000 * width}" w:type="dxa"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    for row in rows:
        out.append("<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{paragraphs(c)}</w:tc>'
                                      for c in row) + "</w:tr>")
    return "".join(out) + "</w:tbl>"


def findings(tmp_path: Path, body: str, scope: str) -> list[Finding]:
    path = make_template(tmp_path / "mau.docx", body)
    result = check_template(path, scope=scope, kind=KIND_APPENDIX)
    return [f for f in result.findings if f.code not in FORMAT_CODES]


def found(tmp_path: Path, body: str, scope: str = "xa") -> list[str]:
    """The tag problems of a template: "where: code: message (fix)"."""
    return [f"{f.where}: {f.code}: {f.message} ({f.fix})" for f in findings(tmp_path, body, scope)]


def messages(tmp_path: Path, body: str, scope: str = "xa") -> list[str]:
    """The tag problems of a template without their fixes: "where: code: message"."""
    return [f"{f.where}: {f.code}: {f.message}" for f in findings(tmp_path, body, scope)]


# --------------------------------------------------------------------------- syntax


@pytest.mark.parametrize(("tag", "closing", "message"), [
    ("{{ ten xa }}", "", 'thẻ "{{ ten xa }}" có chữ thừa hoặc dấu cách trong tên biến (trước "xa")'),
    ("{% for lv linh_vuc %}", "{% endfor %}", 'vòng lặp "{% for lv linh_vuc %}" thiếu chữ "in"'),
    ('{{ ten_xa|default("x) }}', "", 'thẻ "{{ ten_xa|default("x) }}" có dấu nháy " chưa đóng'),
    ("{{ ten_xa|default(1 }}", "", 'thẻ "{{ ten_xa|default(1 }}" thiếu dấu ")"'),
    ("{% if %}", "{% endif %}", 'thẻ "{% if %}" thiếu biến hoặc điều kiện'),
    ("{{ ngay_bao_cao| }}", "", 'thẻ "{{ ngay_bao_cao| }}" thiếu tên bộ lọc sau dấu |'),
    ("{{ }}", "", 'thẻ "{{ }}" rỗng'),
    ("{{ ten_xa @ }}", "", 'thẻ "{{ ten_xa @ }}" có ký tự "@" không dùng được trong thẻ'),
    ("{% include 'x.docx' %}", "", 'lệnh "include" không dùng được trong mẫu'),
    ("{%pif la_bao_cao_nam %}", "{%p endif %}", 'thẻ "{%pif la_bao_cao_nam %}" thiếu dấu cách sau "p"'),
    ("{% p if la_bao_cao_nam %}", "{%p endif %}", 'thẻ "{% p if la_bao_cao_nam %}" có dấu cách giữa "{%" và "p"'),
    ("{% iff la_bao_cao_nam %}", "{% endif %}", 'lệnh "iff" không dùng được trong mẫu (có phải "if"?)'),
    ("{% endif x %}", "", 'thẻ "{% endif x %}" có chữ thừa sau "endif"'),
])
def test_a_syntax_error_is_explained_in_vietnamese(tmp_path: Path, tag: str, closing: str, message: str) -> None:
    """One message per mistake: the block a misspelt tag opens is still matched with its closing tag."""
    lines = messages(tmp_path, paragraphs(tag, closing) if closing else paragraphs(tag))
    assert lines == [f"đoạn 1: syntax: {message}"]


def test_each_bad_tag_is_reported_not_only_the_first(tmp_path: Path) -> None:
    lines = messages(tmp_path, paragraphs("{{ ten xa }}", "{{ nam }", "{{ ten_xaa }}", "{{ tinh|hoa }}"))
    assert lines == [
        'đoạn 1: syntax: thẻ "{{ ten xa }}" có chữ thừa hoặc dấu cách trong tên biến (trước "xa")',
        'đoạn 2: unclosed-tag: thẻ "{{ nam }" thiếu dấu đóng "}}"',
        'đoạn 3: unknown-variable: không có biến "ten_xaa" (có phải "ten_xa"?)',
        'đoạn 4: unknown-filter: không có bộ lọc "hoa" (có phải "hoa_dau"?)',
    ]


def test_comments_are_not_checked(tmp_path: Path) -> None:
    assert found(tmp_path, paragraphs("{# ghi chú: {{ khong_co }} #}", "{#p bỏ đoạn này #}")) == []


# --------------------------------------------------------------------------- blocks


def test_a_missing_closer_is_told_apart_from_a_mistyped_one(tmp_path: Path) -> None:
    missing = paragraphs("{%p for lv in linh_vuc %}", "{%p if lv.ton_tai %}", "{{ lv.ten }}", "{%p endfor %}")
    assert messages(tmp_path, missing) == [
        'đoạn 2: unclosed-block: khối "{%p if lv.ton_tai %}" chưa có thẻ đóng {%p endif %} trước thẻ '
        '"{%p endfor %}" (đoạn 4)',
    ]
    mistyped = paragraphs("{%p for lv in linh_vuc %}", "{%p if lv.ton_tai %}", "{{ lv.ten }}", "{%p endfor %}",
                          "{{ lv.ten }}", "{%p endfor %}")
    assert messages(tmp_path, mistyped) == [
        'đoạn 4: unmatched-block: thẻ "{%p endfor %}" không khớp với khối đang mở "{%p if lv.ton_tai %}" (đoạn 2)',
    ]
    swapped = paragraphs("{%p for lv in linh_vuc %}", "{{ lv.ten }}", "{%p endif %}")
    assert messages(tmp_path, swapped) == [
        'đoạn 3: unmatched-block: thẻ "{%p endif %}" không khớp với khối đang mở "{%p for lv in linh_vuc %}" '
        "(đoạn 1)",
    ]


def test_stray_closers_and_middles(tmp_path: Path) -> None:
    assert messages(tmp_path, paragraphs("Đầu", "{%p endif %}", "{%p else %}", "{% elif nam %}")) == [
        "đoạn 2: unmatched-block: thẻ {%p endif %} không có thẻ mở {%p if … %} tương ứng",
        "đoạn 3: unmatched-block: thẻ {%p else %} không nằm trong một khối {%p if … %}",
        "đoạn 4: unmatched-block: thẻ {% elif %} không nằm trong một khối {% if … %}",
    ]


def test_a_block_left_open_is_reported_at_its_opening_tag(tmp_path: Path) -> None:
    assert found(tmp_path, table(["{%tr for ct in chi_tieu_khong_dat %}"], ["{{ ct.ten }}"])) == [
        'bảng 1, dòng 1, ô 1, đoạn 1: unclosed-block: khối "{%tr for ct in chi_tieu_khong_dat %}" chưa có thẻ đóng '
        "{%tr endfor %} (thêm {%tr endfor %} ở một dòng riêng của bảng sau phần cần lặp)",
    ]


def test_opening_and_closing_tags_of_different_kinds(tmp_path: Path) -> None:
    assert messages(tmp_path, paragraphs("{%p if la_bao_cao_nam %}", "Cả năm", "{% endif %}")) == [
        'đoạn 3: unmatched-block: thẻ "{% endif %}" khác loại với thẻ mở "{%p if la_bao_cao_nam %}" (đoạn 1)',
    ]


def test_the_whole_part_is_parsed_as_jinja_reads_it(tmp_path: Path) -> None:
    """Two else in one if passes the per-tag checks; Jinja's own parse of the part finds it."""
    body = paragraphs("{% if la_bao_cao_nam %}", "a", "{% else %}", "b", "{% else %}", "c", "{% endif %}")
    assert messages(tmp_path, body) == [
        'đoạn 5: syntax: thẻ "{% else %}" viết sai cú pháp (Jinja báo: Encountered unknown tag \'else\'. Jinja '
        "was looking for the following tags: 'endif'. The innermost block that needs to be closed is 'if'.)",
    ]


# --------------------------------------------------------------------------- names


def test_loop_variables_are_bound_to_the_elements_of_documented_lists(tmp_path: Path) -> None:
    body = paragraphs(
        "{%p for lv in linh_vuc %}", "{{ loop.index|la_ma }}. {{ lv.ten }}: {{ lv.dem.cau }}",
        "{%p for ct in lv.chi_tieu if ct.ma_danh_gia == \"khong_dat\" %}",
        "{{ ct.ten }} {{ ct.ty_le_ke_hoach|phan_tram(1) }} {{ ct.thuc_hien|so(2) }} {{ loop.length }}",
        "{%p endfor %}", "{%p for doan in lv.danh_gia_chung %}", "{{ doan|thuong_dau }}", "{%p endfor %}",
        "{%p endfor %}",
        "{%p for ct in chi_tieu_khong_dat %}", "{{ ct.ly_do }}", "{%p endfor %}",
        "{% set tong = dem.tong %}{{ tong }} {{ ten_xa.upper() }} {{ range(3)|list|length }}",
        "{% if nam is defined and dem.khong_dat > 0 %}{{ linh_vuc[0].ten }}{% endif %}",
    )
    assert found(tmp_path, body) == []


def test_unknown_names_attributes_filters_and_tests(tmp_path: Path) -> None:
    body = paragraphs(
        "{%p for lv in linh_vuc %}", "{{ lv.chi_tieu.ten }} {{ lv.dem.cauu }} {{ loop.indexx }}", "{%p endfor %}",
        "{{ lv.ten }}", "{{ ten_xa.ho }} {{ dem is khong_co }}", "{%p for x in dem %}", "{%p endfor %}",
        "{{ xa }}",
    )
    assert messages(tmp_path, body) == [
        'đoạn 2: unknown-attribute: "lv.chi_tieu" là một danh sách, không có thuộc tính "ten"',
        'đoạn 2: unknown-attribute: "lv.dem" không có thuộc tính "cauu" (có phải "cau"?)',
        'đoạn 2: unknown-attribute: "loop" không có thuộc tính "indexx" (có phải "index"?)',
        'đoạn 4: unknown-variable: biến "lv" chỉ có bên trong vòng lặp {%p for lv in … %} … {%p endfor %}',
        'đoạn 5: unknown-attribute: "ten_xa" là một giá trị để in, không có thuộc tính "ho"',
        'đoạn 5: unknown-filter: không có phép thử "is khong_co"',
        'đoạn 6: unknown-attribute: "dem" là một nhóm thông tin, không phải danh sách để lặp',
        'đoạn 8: unknown-variable: biến "xa" chỉ có trong báo cáo tổng hợp các xã, không có trong báo cáo và '
        "phụ lục của một xã",
    ]


def test_the_summary_scope_has_its_own_names(tmp_path: Path) -> None:
    body = paragraphs("{%p for x in xa %}", "{{ x.ten_day_du }}: {{ x.dem.khong_dat }}",
                      "{%p for ct in x.chi_tieu_khong_dat %}", "{{ ct.cau }}", "{%p endfor %}", "{%p endfor %}",
                      "{{ so_xa }} {{ ten_xa }}")
    assert messages(tmp_path, body, scope="tong_hop") == [
        'đoạn 7: unknown-variable: biến "ten_xa" chỉ có trong báo cáo và phụ lục của một xã, không có trong báo '
        "cáo tổng hợp các xã",
    ]


# --------------------------------------------------------------------------- placement


def test_row_loops_stand_in_rows_of_their_own(tmp_path: Path) -> None:
    body = (paragraphs("{%tr for ct in chi_tieu_khong_dat %}", "{%tr endfor %}")
            + table(["STT", "Chỉ tiêu"], ["{%tr for ct in chi_tieu_khong_dat %}", "Ghi chú"],
                    ["{{ loop.index }}", "{{ ct.ten }}"], ["{%tr endfor %}", ""]))
    assert messages(tmp_path, body) == [
        'đoạn 1: tag-placement: thẻ "{%tr for ct in chi_tieu_khong_dat %}" chỉ dùng được trong một dòng của bảng',
        'đoạn 2: tag-placement: thẻ "{%tr endfor %}" chỉ dùng được trong một dòng của bảng',
        'bảng 1, dòng 2, ô 1, đoạn 5: tag-placement: dòng có thẻ "{%tr for ct in chi_tieu_khong_dat %}" còn có chữ '
        'khác ("Ghi chú"); khi lập báo cáo cả dòng được thay bằng thẻ nên chữ này sẽ mất',
    ]


def test_a_plain_loop_over_cells_and_loops_cut_by_tables(tmp_path: Path) -> None:
    body = (table(["{% for ct in chi_tieu_khong_dat %}{{ ct.ten }}", "{% endfor %}"])
            + table(["{%tr for ct in chi_tieu_khong_dat %}"], ["{{ ct.ten }}"])
            + table(["{%tr endfor %}"])
            + table(["{%tc for lv in linh_vuc %}", "{{ lv.ten }}"], ["{%tc endfor %}", ""])
            + table(["{%p if la_bao_cao_nam %}", "{%p endif %}"]))
    assert messages(tmp_path, body) == [
        'bảng 1, dòng 1, ô 1, đoạn 1: table-loop: khối "{% for ct in chi_tieu_khong_dat %}" … {% endfor %} '
        "(bảng 1, dòng 1, ô 2, đoạn 2) trải qua nhiều ô của bảng; bảng làm ra sẽ bị lệch ô",
        'bảng 2, dòng 1, ô 1, đoạn 3: table-loop: thẻ "{%tr for ct in chi_tieu_khong_dat %}" và thẻ {%tr endfor %} '
        "(bảng 3, dòng 1, ô 1, đoạn 5) không cùng một bảng",
        'bảng 4, dòng 1, ô 1, đoạn 6: table-loop: thẻ "{%tc for lv in linh_vuc %}" và thẻ {%tc endfor %} (bảng 4, '
        "dòng 2, ô 1, đoạn 8) không cùng một dòng của bảng",
        'bảng 5, dòng 1, ô 1, đoạn 10: table-loop: thẻ "{%p if la_bao_cao_nam %}" và thẻ {%p endif %} (bảng 5, '
        "dòng 1, ô 2, đoạn 11) không cùng một ô của bảng",
    ]


def test_paragraph_tags_stand_alone(tmp_path: Path) -> None:
    body = paragraphs("{%p if la_bao_cao_nam %} {%p endif %}", '{%p if ky == "100%" %}', "{%p endif %}",
                      "{%tc for lv in linh_vuc %}", "{%tc endfor %}")
    assert messages(tmp_path, body) == [
        "đoạn 1: tag-placement: có hai thẻ {%p … %} trong cùng một đoạn; chỉ thẻ đầu được dùng",
        'đoạn 2: tag-placement: thẻ "{%p if ky == "100%" %}" có dấu % hoặc } ở bên trong; thẻ {%p … %} không chứa '
        "được các dấu này",
        'đoạn 4: tag-placement: thẻ "{%tc for lv in linh_vuc %}" chỉ dùng được trong một ô của bảng',
        'đoạn 5: tag-placement: thẻ "{%tc endfor %}" chỉ dùng được trong một ô của bảng',
    ]


def test_a_tag_cut_short_by_the_next_one_is_named_alone(tmp_path: Path) -> None:
    """A lost brace must not turn two tags into one long bad one (what a new user typed in Writer)."""
    line = "Số chỉ tiêu không đạt: {{ dem.khong_dat }; chưa có số liệu: {{ dem.chua_co_so_lieu }}."
    assert found(tmp_path, paragraphs(line)) == [
        'đoạn 1: unclosed-tag: thẻ "{{ dem.khong_dat }" thiếu dấu đóng "}}" (thêm "}}" vào cuối thẻ, trong cùng '
        "đoạn này)",
    ]
