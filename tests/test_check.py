"""`nqreport check`: the default templates pass; templates broken the ways Word and secretaries break
them are reported in one run, each problem with its place, the text around it and its fix; --fix writes a
repaired copy beside the template that passes and builds; exit codes 0 and 1."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner

from check_helpers import (
    BOLD,
    INS,
    NAMES,
    P,
    T,
    after_paragraph,
    broken_workspace,
    edit_docx,
    workspace,
)
from docx_helpers import TEMPLATES, Docx
from nqreport.cli import main
from nqreport.scaffold.init import init_workspace

#: What `nqreport check` prints (on stderr) for the templates of check_helpers.broken_workspace. Each line
#: was read against the edit that caused it: the paragraph numbers count the paragraphs inserted above.
EXPECTED = [
    'templates/bao-cao-xa.docx (12 lỗi, 9 cảnh báo):',
    '  templates/bao-cao-xa.docx › thân văn bản › bảng 1, dòng 1, ô 1, đoạn 1: Lỗi: thẻ "{{ co_quan in_hoa }}" có chữ thừa hoặc dấu cách trong tên biến (trước "in_hoa") — đoạn "{{ co_quan in_hoa }}". Cách sửa: tên biến viết liền, nối bằng dấu gạch dưới, ví dụ {{ ten_xa }}; mỗi thẻ in một biến.',
    '  templates/bao-cao-xa.docx › thân văn bản › bảng 1, dòng 2, ô 1, đoạn 6: Lỗi: thẻ "{{ so_ky_hieu }" thiếu dấu đóng "}}" — đoạn "Số: {{ so_ky_hieu }". Cách sửa: thêm "}}" vào cuối thẻ, trong cùng đoạn này.',
    '  templates/bao-cao-xa.docx › thân văn bản › bảng 1, dòng 2, ô 2, đoạn 7: Lỗi: không có bộ lọc "ngayy" (có phải "ngay"?) — đoạn "{{ dia_danh }}, {{ ngay_bao_cao|ngayy }}". Cách sửa: sửa thành |ngay; các bộ lọc: so, phan_tram, ngay, ngay_ngan, danh_gia, la_ma, hoa_dau, thuong_dau, giu_lien, upper, lower.',
    '  templates/bao-cao-xa.docx › thân văn bản › đoạn 16: Lỗi: "dem" là một nhóm thông tin, không in trực tiếp được — đoạn "Nghị quyết giao {{ dem }} chỉ tiêu chủ yếu. Kết quả {{ ky_bao_cao }}: {{ dem.cau }}.". Cách sửa: in một thuộc tính của nó, ví dụ {{ dem.cau }}; các thuộc tính: cau, chua_co_so_lieu, dang_thuc_hien, dat, dat_va_vuot, khong_dat, tong, vuot.',
    '  templates/bao-cao-xa.docx › thân văn bản › đoạn 19: Lỗi: "lv" không có thuộc tính "tenn" (có phải "ten"?) — đoạn "{{ loop.index }}. {{ lv.tenn }}". Cách sửa: sửa thành lv.ten; danh sách biến: nqreport context hoặc docs/huong-dan-mau.md.',
    '  templates/bao-cao-xa.docx › thân văn bản › đoạn 20: Lỗi: thẻ "{{ lv.dem.cau }}" bị ngắt xuống đoạn sau (đoạn 21); khi lập báo cáo hai đoạn sẽ bị gộp làm một — đoạn "Kết quả: {{ lv.dem.". Cách sửa: xóa dấu xuống dòng (Enter) ở giữa thẻ để cả thẻ nằm trong một đoạn.',
    '  templates/bao-cao-xa.docx › thân văn bản › đoạn 33: Lỗi: thẻ "{%p endfor %}" không khớp với khối đang mở "{%p if lv.ton_tai %}" (đoạn 28) — đoạn "{%p endfor %}". Cách sửa: nếu đây là thẻ đóng của khối đó, sửa thành {%p endif %}; nếu không, thêm {%p endif %} trước thẻ này.',
    '  templates/bao-cao-xa.docx › thân văn bản › đoạn 42: Lỗi: có dấu "}}" mà không có dấu mở "{{" đi trước; báo cáo sẽ in nguyên văn — đoạn "Nhìn chung, kết quả ky_bao_cao }}: {{ dem.cau }} (chi tiết tại Phụ lục kèm theo).". Cách sửa: thêm dấu mở cho đủ thẻ (ví dụ {{ ten_xa }}) hoặc xóa dấu thừa.',
    '  templates/bao-cao-xa.docx › thân văn bản › đoạn 43: Lỗi: đoạn có thẻ "{%p if chi_tieu_khong_dat %}" còn có chữ khác ("Chú ý:"); khi lập báo cáo cả đoạn được thay bằng thẻ nên chữ này sẽ mất — đoạn "Chú ý: {%p if chi_tieu_khong_dat %}". Cách sửa: để thẻ một mình một đoạn: nhấn Enter trước và sau thẻ.',
    '  templates/bao-cao-xa.docx › thân văn bản › bảng 2, dòng 1, ô 1, đoạn 57: Lỗi: khối "{%p for dong in noi_nhan %}" chưa có thẻ đóng {%p endfor %} — đoạn "{%p for dong in noi_nhan %}". Cách sửa: thêm {%p endfor %} ở một đoạn riêng sau phần cần lặp.',
    '  templates/bao-cao-xa.docx › thân văn bản › bảng 2, dòng 1, ô 2, đoạn 60: Lỗi: thẻ "{{ tham_quyen_ky }}" bị tách: một phần nằm trong đoạn chữ đánh dấu sửa đổi (Track Changes), không nối lại được khi lập báo cáo — đoạn "{{ tham_quyen_ky }}". Cách sửa: chạy nqreport check --fix để có bản mẫu đã sửa, hoặc trong Word chấp nhận mọi sửa đổi (Review › Accept › Accept All Changes), xóa cả thẻ rồi gõ lại liền một lần.',
    '  templates/bao-cao-xa.docx › thân văn bản › bảng 2, dòng 1, ô 2, đoạn 66: Lỗi: không có biến "nguoi_kyy" (có phải "nguoi_ky"?) — đoạn "{{ nguoi_kyy }}". Cách sửa: sửa thành {{ nguoi_ky }}; danh sách biến: nqreport context hoặc docs/huong-dan-mau.md.',
    '  templates/bao-cao-xa.docx › thân văn bản: Cảnh báo: khổ giấy 215,9 × 279,4 mm, không phải A4 (210 × 297 mm) như Nghị định 30/2020/NĐ-CP quy định. Cách sửa: chọn Layout › Size › A4.',
    '  templates/bao-cao-xa.docx › thân văn bản: Cảnh báo: lề trái 25 mm (cần 30–35 mm), theo Nghị định 30/2020/NĐ-CP. Cách sửa: chọn Layout › Margins › Custom Margins rồi đặt lại lề: trên và dưới 20–25 mm, trái 30–35 mm, phải 15–20 mm.',
    '  templates/bao-cao-xa.docx › thân văn bản: Cảnh báo: không thấy quốc hiệu "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM". Cách sửa: thêm quốc hiệu ở đầu trang đầu, bên phải, chữ in hoa đứng đậm cỡ 12–13.',
    '  templates/bao-cao-xa.docx › thân văn bản: Cảnh báo: không thấy tiêu ngữ "Độc lập - Tự do - Hạnh phúc". Cách sửa: thêm tiêu ngữ ngay dưới quốc hiệu, chữ thường đứng đậm cỡ 13–14.',
    '  templates/bao-cao-xa.docx › thân văn bản: Cảnh báo: không thấy phần "Nơi nhận:". Cách sửa: thêm "Nơi nhận:" ở cuối văn bản, bên trái, rồi các dòng nơi nhận ({%p for dong in noi_nhan %}, {{ dong }}, {%p endfor %}).',
    '  templates/bao-cao-xa.docx › thân văn bản › đoạn 12: Cảnh báo: thẻ "{%p if ky == “6 tháng” %}" có dấu nháy kép cong (“ ”) do Word tự đổi — đoạn "{%p if ky == “6 tháng” %}". Cách sửa: đã tự sửa khi lập báo cáo; dùng --fix để sửa hẳn trong tệp.',
    '  templates/bao-cao-xa.docx › thân văn bản › đoạn 23: Cảnh báo: thẻ "{{ ct.cau }}" có một phần in đậm (Word tách thẻ thành nhiều đoạn định dạng); giá trị in theo định dạng của phần lớn thẻ — đoạn "- {{ ct.cau }}.". Cách sửa: đã tự sửa khi lập báo cáo; dùng --fix để sửa hẳn trong tệp.',
    '  templates/bao-cao-xa.docx › thân văn bản › đoạn 55: Cảnh báo: phông chữ "Arial" ở 1 đoạn (đoạn đầu tiên ở đây); Nghị định 30/2020/NĐ-CP quy định phông Times New Roman — đoạn "Trên đây là báo cáo kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội {{ ky_bao_c …". Cách sửa: chọn các đoạn đó (hoặc Ctrl+A cả văn bản) rồi chọn phông Times New Roman.',
    '  templates/bao-cao-xa.docx › thân văn bản › đoạn 55: Cảnh báo: chữ cỡ 12 pt ở 1 đoạn của phần nội dung (đoạn đầu tiên ở đây); Nghị định 30/2020/NĐ-CP quy định cỡ 13–14 pt — đoạn "Trên đây là báo cáo kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội {{ ky_bao_c …". Cách sửa: chọn các đoạn đó rồi đặt cỡ chữ 13 hoặc 14.',
    'templates/phu-luc-xa.docx (2 lỗi):',
    '  templates/phu-luc-xa.docx › thân văn bản › bảng 1, dòng 3, ô 1, đoạn 16: Lỗi: thẻ "{{ lv.stt }}" bắt đầu ở ô này nhưng kết thúc ở ô khác của bảng (bảng 1, dòng 3, ô 2, đoạn 17) — đoạn "{{ lv.". Cách sửa: viết trọn thẻ (từ {{ đến }}, từ {% đến %}) trong cùng một ô.',
    '  templates/phu-luc-xa.docx › thân văn bản › bảng 1, dòng 4, ô 1, đoạn 18: Lỗi: khối "{% for ct in lv.chi_tieu %}" … {% endfor %} (bảng 1, dòng 6, ô 1, đoạn 29) trải qua nhiều ô của bảng; bảng làm ra sẽ bị lệch ô — đoạn "{% for ct in lv.chi_tieu %}". Cách sửa: dùng {%tr for … %} ở một dòng riêng của bảng, và {%tr endfor %} ở một dòng riêng sau các dòng cần lặp.',
    'templates/bao-cao-tong-hop.docx (1 cảnh báo):',
    '  templates/bao-cao-tong-hop.docx › thân văn bản › bảng 6, dòng 1, ô 2, đoạn 144: Cảnh báo: phần chữ ký thiếu họ tên người ký — đoạn "{{ chuc_vu_ky }}". Cách sửa: thêm {{ nguoi_ky }} (hoặc họ tên) dưới chức vụ, cách vài dòng trống để ký.',
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_default_templates_pass_with_no_problem(tmp_path: Path) -> None:
    code, out, err = run("check", "-w", str(workspace(tmp_path)))
    assert (code, out, err) == (0, "Đã kiểm tra 3 mẫu: 0 lỗi, 0 cảnh báo. Kết quả: ĐẠT.\n", "")


def test_every_way_of_breaking_a_template_is_reported_in_one_run(tmp_path: Path) -> None:
    code, out, err = run("check", "-w", str(broken_workspace(tmp_path)))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [*EXPECTED, "Đã kiểm tra 3 mẫu: 14 lỗi, 10 cảnh báo. Kết quả: KHÔNG ĐẠT."]


def test_every_line_names_a_place_and_a_fix(tmp_path: Path) -> None:
    for line in EXPECTED:
        if line.endswith(":") and not line.startswith(" "):
            continue  # a file's heading
        assert re.match(r"  templates/[\w.-]+\.docx › (thân văn bản|đầu trang|chân trang)", line), line
        assert ": Lỗi: " in line or ": Cảnh báo: " in line, line
        assert ". Cách sửa: " in line and line.endswith("."), line


def test_strict_makes_warnings_fail(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    edit_docx(TEMPLATES / "bao-cao-xa.docx", root / "templates" / "bao-cao-xa.docx",
              [(T("- {{ ct.cau }}."), T("- {{ ct.") + "</w:r><w:r>" + BOLD + T("cau }}."))])
    line = ('  templates/bao-cao-xa.docx › thân văn bản › đoạn 19: Cảnh báo: thẻ "{{ ct.cau }}" có một phần in đậm '
            "(Word tách thẻ thành nhiều đoạn định dạng); giá trị in theo định dạng của phần lớn thẻ — đoạn "
            '"- {{ ct.cau }}.". Cách sửa: đã tự sửa khi lập báo cáo; dùng --fix để sửa hẳn trong tệp.')
    code, out, err = run("check", "-w", str(root))
    assert (code, out) == (0, "Đã kiểm tra 3 mẫu: 0 lỗi, 1 cảnh báo. Kết quả: ĐẠT.\n")
    assert err.splitlines() == ["templates/bao-cao-xa.docx (1 cảnh báo):", line]
    code, out, err = run("check", "-w", str(root), "--strict")
    assert (code, out) == (1, "")
    assert err.splitlines() == ["templates/bao-cao-xa.docx (1 lỗi):", line,
                                "Đã kiểm tra 3 mẫu: 0 lỗi, 1 cảnh báo. Kết quả: KHÔNG ĐẠT."]


def _add_footer(path: Path, text: str) -> None:
    """Give a template a page footer holding ``text`` (the default templates have none)."""
    footer = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr xmlns:w="http://schemas.'
              'openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r>' + T(text) + "</w:r></w:p></w:ftr>")
    source = io.BytesIO(path.read_bytes())
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as copy:
        for info in original.infolist():
            data = original.read(info).decode("utf-8")
            if info.filename == "word/document.xml":
                data = data.replace('<w:headerReference w:type="first" r:id="rId5"/>',
                                    '<w:headerReference w:type="first" r:id="rId5"/>'
                                    '<w:footerReference w:type="default" r:id="rId9"/>')
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace("</Relationships>", '<Relationship Id="rId9" Type="http://schemas.'
                                    'openxmlformats.org/officeDocument/2006/relationships/footer" '
                                    'Target="footer1.xml"/></Relationships>')
            elif info.filename == "[Content_Types].xml":
                data = data.replace("</Types>", '<Override PartName="/word/footer1.xml" ContentType="application/'
                                    'vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>')
            copy.writestr(info.filename, data)
        copy.writestr("word/footer1.xml", footer)
    path.write_bytes(out.getvalue())


def test_problems_in_page_headers_and_footers_name_the_part(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    report = root / "templates" / "bao-cao-xa.docx"
    edit_docx(TEMPLATES / "bao-cao-xa.docx", report,
              [("<w:pPr><w:pStyle w:val=\"Header\"/></w:pPr>",
                "<w:pPr><w:pStyle w:val=\"Header\"/></w:pPr><w:r>" + T("{{ ten_xaa }}") + "</w:r>")],
              part="word/header2.xml")
    _add_footer(report, "{{ ten_xa }} – {% if nam %}{{ nam }}{% endiff %}")
    code, out, err = run("check", "-w", str(root), str(report))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "templates/bao-cao-xa.docx (2 lỗi):",
        '  templates/bao-cao-xa.docx › đầu trang (trang đầu) › đoạn 1: Lỗi: không có biến "ten_xaa" (có phải '
        '"ten_xa"?) — đoạn "{{ ten_xaa }}". Cách sửa: sửa thành {{ ten_xa }}; danh sách biến: nqreport context '
        "hoặc docs/huong-dan-mau.md.",
        '  templates/bao-cao-xa.docx › chân trang › đoạn 1: Lỗi: lệnh "endiff" không dùng được trong mẫu (có phải '
        '"endif"?) — đoạn "{{ ten_xa }} – {% if nam %}{{ nam }}{% endiff %}". Cách sửa: chỉ dùng for, if, elif, '
        "else, endfor, endif (và set); ví dụ {%p for lv in linh_vuc %}.",
        "Đã kiểm tra 1 mẫu: 2 lỗi, 0 cảnh báo. Kết quả: KHÔNG ĐẠT.",
    ]


# --------------------------------------------------------------------------- --fix

FIXABLE_EDITS = (
    # half a tag bold, a tag typed with Track Changes on, a non-breaking space, Word's smart quotes
    (T("- {{ ct.cau }}."), T("- {{ ct.") + "</w:r><w:r>" + BOLD + T("cau }}.")),
    (T("{{ nguoi_ky }}"), T("{{ nguoi_") + "</w:r>" + INS + "<w:r>" + BOLD + T("ky }}") + "</w:r></w:ins><w:r>" + T("")),
    (T("{{ doan }}"), T("{{\u00a0doan }}")),
    after_paragraph("Nhìn chung, kết quả {{ ky_bao_cao }}: {{ dem.cau }} (chi tiết tại Phụ lục kèm theo).",
                    P("{%p if ky == “6 tháng” %}"), P("Đây là báo cáo giữa năm."), P("{%p endif %}")),
)


def example_workspace(path: Path) -> Path:
    init_workspace(path, example=True)
    return path


def built_report(root: Path) -> list[str]:
    code, _, err = run("-q", "build", "-w", str(root), "--only", "06004", "--jobs", "1")
    assert code == 0, err
    return Docx((root / "outputs" / "06004-quoc-khanh" / "bao-cao.docx").read_bytes()).paragraphs()


def test_fix_writes_a_repaired_copy_beside_the_template_that_passes_and_builds(tmp_path: Path) -> None:
    root = example_workspace(tmp_path / "ws")
    template = root / "templates" / "bao-cao-xa.docx"
    edit_docx(TEMPLATES / "bao-cao-xa.docx", template, FIXABLE_EDITS)
    before = template.read_bytes()

    code, out, err = run("check", "-w", str(root), "--fix")
    assert (code, out) == (1, "")  # the template itself is not changed: it still has the split tag
    assert err.splitlines()[-1] == "Đã kiểm tra 3 mẫu: 1 lỗi, 3 cảnh báo. Kết quả: KHÔNG ĐẠT."
    assert err.splitlines()[-2] == (
        "Đã ghi bản đã sửa templates/bao-cao-xa.sua.docx (nối 2 thẻ bị tách, sửa 2 thẻ có ký tự Word tự đổi); "
        "bản này không còn lỗi. Mẫu gốc templates/bao-cao-xa.docx giữ nguyên; để dùng bản sửa, đổi tên nó thành "
        "bao-cao-xa.docx (cất mẫu cũ ở nơi khác) hoặc ghi tên nó vào mục [templates] của nqreport.toml.")
    assert template.read_bytes() == before
    fixed = root / "templates" / "bao-cao-xa.sua.docx"
    assert run("check", "-w", str(root), str(fixed), "--scope", "xa", "--strict") == (
        0, "Đã kiểm tra 1 mẫu: 0 lỗi, 0 cảnh báo. Kết quả: ĐẠT.\n", "")

    # Each tag now lies in one run, with the formatting of most of it (the first run on a tie: "{{ ct." and
    # "cau }}" are six characters each); the smart quotes are straight.
    doc = Docx(fixed.read_bytes())
    texts = [t.text for t in doc.document.iter(f"{{{doc.document.nsmap['w']}}}t")]
    assert "- {{ ct.cau }}" in texts and '{%p if ky == "6 tháng" %}' in texts and "{{ doan }}" in texts
    assert doc.look("{{ nguoi_ky }}").bold and not doc.look("{{ ct.cau }}").bold

    pristine = example_workspace(tmp_path / "pristine")
    expected = built_report(pristine)
    settings = root / "nqreport.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'commune = "bao-cao-xa.docx"', 'commune = "bao-cao-xa.sua.docx"'), encoding="utf-8")
    assert run("check", "-w", str(root))[0] == 0
    report = built_report(root)
    at = expected.index(next(p for p in expected if p.startswith("Nhìn chung, kết quả"))) + 1
    assert report == [*expected[:at], "Đây là báo cáo giữa năm.", *expected[at:]]


def test_the_broken_template_itself_builds_where_the_render_can_repair(tmp_path: Path) -> None:
    """Without --fix, only the tag split by a revision mark stops the build; the rest is repaired."""
    root = example_workspace(tmp_path / "ws")
    edit_docx(TEMPLATES / "bao-cao-xa.docx", root / "templates" / "bao-cao-xa.docx", FIXABLE_EDITS[:1] + FIXABLE_EDITS[2:])
    expected = built_report(example_workspace(tmp_path / "pristine"))
    report = built_report(root)
    at = expected.index(next(p for p in expected if p.startswith("Nhìn chung, kết quả"))) + 1
    assert report == [*expected[:at], "Đây là báo cáo giữa năm.", *expected[at:]]
    edit_docx(TEMPLATES / "bao-cao-xa.docx", root / "templates" / "bao-cao-xa.docx", FIXABLE_EDITS[1:2])
    code, _, err = run("-q", "build", "-w", str(root), "--jobs", "1")
    assert code == 1
    assert err.splitlines()[-1] == (
        'Lỗi: bao-cao-xa.docx, đoạn 62 ("{{ nguoi_ky }}"): thẻ "{{ nguoi_ky }}" bị tách: một phần nằm trong đoạn '
        "chữ đánh dấu sửa đổi (Track Changes), không nối lại được khi lập báo cáo; chạy nqreport check --fix để "
        "có bản mẫu đã sửa, hoặc trong Word chấp nhận mọi sửa đổi (Review › Accept › Accept All Changes), xóa cả "
        "thẻ rồi gõ lại liền một lần. Báo cáo chưa được lập; xem mọi lỗi của mẫu và cách sửa bằng lệnh: "
        "nqreport check")


def test_fix_never_writes_over_the_template_nor_an_earlier_copy(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    template = root / "templates" / "bao-cao-xa.docx"
    edit_docx(TEMPLATES / "bao-cao-xa.docx", template, FIXABLE_EDITS[:1])
    earlier = root / "templates" / "bao-cao-xa.sua.docx"
    earlier.write_bytes(b"ban sua truoc")
    code, out, err = run("check", "-w", str(root), "--fix")
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == ("Lỗi: bao-cao-xa.sua.docx: tệp đã có; hãy xóa hoặc đổi tên tệp này, hoặc chạy "
                                    "lại với --force để ghi đè")
    assert earlier.read_bytes() == b"ban sua truoc"
    code, _, err = run("check", "-w", str(root), "--fix", "--force")
    assert code == 0, err
    assert Docx(earlier.read_bytes()).paragraphs() != []
    assert template.read_bytes() == edit_docx(TEMPLATES / "bao-cao-xa.docx", tmp_path / "again.docx",
                                              FIXABLE_EDITS[:1]).read_bytes()


def test_fix_with_nothing_to_repair_writes_nothing(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    code, out, err = run("check", "-w", str(root), "--fix")
    assert (code, out) == (0, "Đã kiểm tra 3 mẫu: 0 lỗi, 0 cảnh báo. Kết quả: ĐẠT.\n")
    assert err == ("--fix: không có gì để sửa tự động (chỉ sửa được thẻ bị tách và ký tự Word tự đổi); các lỗi "
                   "khác phải sửa trong Word.\n")
    assert sorted(p.name for p in (root / "templates").iterdir()) == sorted(NAMES)


# --------------------------------------------------------------------------- files and scopes


def test_a_file_that_is_not_a_docx_is_reported_and_the_others_still_checked(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    (root / "templates" / "bao-cao-cu.docx").write_bytes(b"Microsoft Word 97-2003")
    code, out, err = run("check", "-w", str(root), str(root / "templates"))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "templates/bao-cao-cu.docx (1 lỗi):",
        "  templates/bao-cao-cu.docx: Lỗi: không phải tệp Word .docx (tệp bị hỏng hoặc không phải tệp Word). "
        "Cách sửa: hãy mở mẫu bằng Word rồi lưu lại dưới dạng .docx (Word Document).",
        "Đã kiểm tra 4 mẫu: 1 lỗi, 0 cảnh báo. Kết quả: KHÔNG ĐẠT.",
    ]


def test_a_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    code, out, err = run("check", "-w", str(root), str(root / "mau.docx"))
    assert (code, out) == (1, "")
    assert err == f"Lỗi: {root / 'mau.docx'}: không tìm thấy tệp hoặc thư mục này; hãy kiểm tra lại đường dẫn\n"


def test_scope_comes_from_the_settings_then_from_the_names_used(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    renamed = root / "mau-tong-hop-moi.docx"
    shutil.copy(TEMPLATES / "bao-cao-tong-hop.docx", renamed)
    # Not named in nqreport.toml: recognised as a summary template by the names it uses.
    assert run("check", "-w", str(root), str(renamed))[0] == 0
    code, _, err = run("check", "-w", str(root), str(renamed), "--scope", "xa")
    assert code == 1
    assert ('mau-tong-hop-moi.docx › thân văn bản › đoạn 12: Lỗi: biến "tieu_de" chỉ có trong báo cáo tổng hợp các '
            'xã, không có trong báo cáo và phụ lục của một xã — đoạn "{{ tieu_de }}". Cách sửa: nếu mẫu này dùng '
            "cho báo cáo tổng hợp các xã, chạy nqreport check --scope tong_hop; danh sách biến: nqreport context "
            "hoặc docs/huong-dan-mau.md.") in err
    # Named in nqreport.toml as the commune report: checked as one, whatever it holds.
    settings = root / "nqreport.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'commune = "bao-cao-xa.docx"', 'commune = "mau-tong-hop-moi.docx"'), encoding="utf-8")
    shutil.copy(renamed, root / "templates" / renamed.name)
    code, _, err = run("check", "-w", str(root))
    assert code == 1 and "templates/mau-tong-hop-moi.docx › thân văn bản › đoạn 12: Lỗi: biến \"tieu_de\"" in err


def test_templates_missing_from_the_workspace_are_each_reported(tmp_path: Path) -> None:
    code, out, err = run("check", "-w", str(tmp_path))
    assert (code, out) == (1, "")
    assert err.splitlines()[:2] == [
        "templates/bao-cao-xa.docx (1 lỗi):",
        f"  templates/bao-cao-xa.docx: Lỗi: không tìm thấy mẫu ({tmp_path / 'templates' / 'bao-cao-xa.docx'}). "
        "Cách sửa: hãy kiểm tra đường dẫn và mục [templates] trong nqreport.toml (nqreport init tạo sẵn các mẫu "
        "mặc định).",
    ]
    assert err.splitlines()[-1] == "Đã kiểm tra 3 mẫu: 3 lỗi, 0 cảnh báo. Kết quả: KHÔNG ĐẠT."


def test_an_empty_file_and_a_renamed_doc_say_what_they_are(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    (root / "templates" / "rong.docx").write_bytes(b"")
    (root / "templates" / "cu.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    code, _out, err = run("check", "-w", str(root), str(root / "templates" / "rong.docx"), str(root / "templates" / "cu.docx"))
    assert code == 1
    assert "rong.docx: Lỗi: không phải tệp Word .docx (tệp rỗng, 0 byte)." in err
    assert "cu.docx: Lỗi: không phải tệp Word .docx (có thể là tệp .doc của Word 97-2003 đổi đuôi, hoặc tệp có đặt mật khẩu)." in err


def test_the_repaired_copy_is_tried_as_the_template_is(tmp_path: Path) -> None:
    # split tags --fix can join, and an expression a build cannot render, which only rendering it finds
    root = example_workspace(tmp_path / "ws")
    edit_docx(TEMPLATES / "bao-cao-xa.docx", root / "templates" / "bao-cao-xa.docx",
              [*FIXABLE_EDITS, (T("{{ chuc_vu_ky }}"), T("{{ '{0}'.format_map({}) }}"))])
    code, _, err = run("check", "-w", str(root), "--fix")
    assert code == 1
    assert "Đã ghi bản đã sửa templates/bao-cao-xa.sua.docx" in err
    assert "bản này còn 1 lỗi phải sửa tay trong Word" in err and "bản này không còn lỗi" not in err
    fixed = root / "templates" / "bao-cao-xa.sua.docx"
    code, _, err = run("check", "-w", str(root), str(fixed), "--scope", "xa")
    assert code == 1 and "lập thử báo cáo" in err
