"""Breaking the default templates the way Word and secretaries do, for the check, repair and guide tests.

Every edit is an exact replacement in a part's XML, asserted to match, so that a change in the default
templates shows up here as a clear failure rather than as a test that silently stops testing.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx_helpers import ROOT, TEMPLATES, load_tool

NAMES = ("bao-cao-xa.docx", "phu-luc-xa.docx", "bao-cao-tong-hop.docx")
INS = '<w:ins w:id="9" w:author="Văn phòng" w:date="2026-06-01T08:00:00Z">'
BOLD = "<w:rPr><w:b/><w:bCs/></w:rPr>"


def T(text: str) -> str:
    """A ``w:t`` as the template tool writes it."""
    return f'<w:t xml:space="preserve">{text}</w:t>'


def P(text: str, style: str = "NoiDung") -> str:
    """A whole body paragraph with one run."""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r>{T(text)}</w:r></w:p>'


def after_paragraph(text: str, *paragraphs: str) -> tuple[str, str]:
    """An edit inserting whole paragraphs after the paragraph whose only run holds ``text``."""
    return T(text) + "</w:r></w:p>", T(text) + "</w:r></w:p>" + "".join(paragraphs)


Edit = tuple[str, str] | tuple[str, str, int]


def edit_docx(source: Path, target: Path, edits: Sequence[Edit], part: str = "word/document.xml") -> Path:
    """A copy of ``source`` with each (old, new[, occurrence]) replaced in ``part``; occurrence 0 is the
    first, -1 the last."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == part:
                xml = data.decode("utf-8")
                for edit in edits:
                    old, new = edit[0], edit[1]
                    occurrence = edit[2] if len(edit) == 3 else 0  # type: ignore[misc]
                    count = xml.count(old)
                    assert count, f"not in {source.name}: {old}"
                    starts = []
                    at = xml.find(old)
                    while at >= 0:
                        starts.append(at)
                        at = xml.find(old, at + 1)
                    at = starts[occurrence]
                    xml = xml[:at] + new + xml[at + len(old):]
                data = xml.encode("utf-8")
            copy.writestr(zipfile.ZipInfo(info.filename, date_time=info.date_time), data)  # no clock: same edit, same bytes
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(out.getvalue())
    return target


def workspace(tmp_path: Path) -> Path:
    """A workspace with the default settings file and templates (no workbooks)."""
    root = tmp_path / "ws"
    (root / "templates").mkdir(parents=True)
    shutil.copy(ROOT / "nqreport.toml", root / "nqreport.toml")
    for name in NAMES:
        shutil.copy(TEMPLATES / name, root / "templates" / name)
    return root


def make_template(path: Path, body: str, *, landscape: bool = False) -> Path:
    """A template whose body is the given raw paragraphs and tables, in the default package."""
    tool = load_tool()
    document = tool._document([body], landscape=landscape)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(tool.package(document, "thử"))
    return path


# --------------------------------------------------------------------------- the broken workspace

#: The commune report broken every way a tag goes wrong, plus the format rules of Nghị định 30.
REPORT_EDITS: tuple[Edit, ...] = (
    # a space inside a variable name
    (T("{{ co_quan_in_hoa }}"), T("{{ co_quan in_hoa }}")),
    # a closing brace lost
    (T("Số: {{ so_ky_hieu }}"), T("Số: {{ so_ky_hieu }")),
    # a misspelt filter
    (T("{{ dia_danh }}, {{ ngay_bao_cao|ngay }}"), T("{{ dia_danh }}, {{ ngay_bao_cao|ngayy }}")),
    # a condition typed in Word: smart quotes inside the tag
    after_paragraph("Thực hiện {{ nghi_quyet }} về mục tiêu, nhiệm vụ kế hoạch năm {{ nam }}, {{ co_quan_ban_hanh }} "
                    "báo cáo kết quả thực hiện các chỉ tiêu chủ yếu {{ ky_bao_cao }} (số liệu tính đến "
                    "{{ ngay_so_lieu|ngay }}) như sau:",
                    P("{%p if ky == “6 tháng” %}"), P("Đây là báo cáo giữa năm."), P("{%p endif %}")),
    # a group printed as a whole
    ("Nghị quyết giao {{ dem.tong }} chỉ tiêu", "Nghị quyết giao {{ dem }} chỉ tiêu"),
    # a misspelt attribute
    (T("{{ loop.index }}. {{ lv.ten }}"), T("{{ loop.index }}. {{ lv.tenn }}")),
    # Enter pressed inside a tag
    (T("Kết quả: {{ lv.dem.cau }}."), T("Kết quả: {{ lv.dem.") + "</w:r></w:p><w:p><w:pPr><w:pStyle "
     'w:val="NoiDung"/></w:pPr><w:r>' + T("cau }}.")),
    # half of a tag made bold
    (T("- {{ ct.cau }}."), T("- {{ ct.") + "</w:r><w:r>" + BOLD + T("cau }}.")),
    # endif mistyped as endfor
    (T("{%p endif %}"), T("{%p endfor %}"), 1),
    # an opening brace lost
    ("Nhìn chung, kết quả {{ ky_bao_cao }}:", "Nhìn chung, kết quả ky_bao_cao }}:"),
    # text beside a paragraph tag
    (T("{%p if chi_tieu_khong_dat %}"), T("Chú ý: {%p if chi_tieu_khong_dat %}")),
    # a different font and size in a body paragraph
    ('<w:r><w:t xml:space="preserve">Trên đây là báo cáo',
     '<w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>'
     '<w:t xml:space="preserve">Trên đây là báo cáo'),
    # recipients renamed
    (T("Nơi nhận:"), T("Gửi:")),
    # the last loop left open (the recipients)
    ("<w:p>" + "<w:r>" + T("{%p endfor %}") + "</w:r></w:p>", "<w:p/>", -1),
    # part of a tag typed with Track Changes on
    (T("{{ tham_quyen_ky }}"), T("{{ tham_quyen_") + "</w:r>" + INS + "<w:r>" + BOLD + T("ky }}") + "</w:r></w:ins>"
     "<w:r>" + T("")),
    # a misspelt variable
    (T("{{ nguoi_ky }}"), T("{{ nguoi_kyy }}")),
    # the national title and motto deleted, Letter paper, a narrow left margin
    (T("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), T("")),
    (T("Độc lập - Tự do - Hạnh phúc"), T("")),
    ('<w:pgSz w:w="11906" w:h="16838"/>', '<w:pgSz w:w="12240" w:h="15840"/>'),
    ('w:left="1701"', 'w:left="1417"'),
)

#: The appendix: a plain for loop over table rows, and a tag cut by a cell boundary.
APPENDIX_EDITS: tuple[Edit, ...] = (
    (T("{%tr for ct in lv.chi_tieu %}"), T("{% for ct in lv.chi_tieu %}")),
    (T("{%tr endfor %}"), T("{% endfor %}")),
    (T("{{ lv.stt }}"), T("{{ lv.")),
    (">{{ lv.ten }} (", ">stt }} {{ lv.ten }} ("),
)

#: The summary: the signer's name deleted.
SUMMARY_EDITS: tuple[Edit, ...] = ((T("{{ nguoi_ky }}"), T("")),)


def broken_workspace(tmp_path: Path) -> Path:
    root = workspace(tmp_path)
    folder = root / "templates"
    for name, edits in (("bao-cao-xa.docx", REPORT_EDITS), ("phu-luc-xa.docx", APPENDIX_EDITS),
                        ("bao-cao-tong-hop.docx", SUMMARY_EDITS)):
        edit_docx(TEMPLATES / name, folder / name, edits)
    return root
