"""docs/huong-dan-mau.md, the secretaries' guide: its variable list is the contract, its example messages are
what `nqreport check` really prints, and its template snippets check clean and render."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_helpers import T, broken_workspace, edit_docx, make_template
from docx_helpers import ROOT, TEMPLATES, Docx, commune_report, settings
from nqreport.build import CHECK_HINT
from nqreport.cli import main
from nqreport.config.settings import load_settings
from nqreport.errors import TemplateError
from nqreport.render.context import commune_context
from nqreport.render.document import render_docx
from nqreport.scaffold.guide import BEGIN, END, current_reference, reference_section, with_reference
from nqreport.templates.check import check_template, check_templates, to_problem

GUIDE = ROOT / "docs" / "huong-dan-mau.md"


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)


def test_the_variable_list_is_generated_from_the_contract(guide: str) -> None:
    assert current_reference(guide) == reference_section(), "chạy lại: python tools/make_guide.py"
    assert with_reference(guide) == guide
    assert guide.index(BEGIN) < guide.index(END)
    # The same names as `nqreport context`, headings one level under the guide's own.
    assert "### Báo cáo của một xã và Phụ lục (bao-cao-xa.docx, phu-luc-xa.docx)" in reference_section()
    assert "| `linh_vuc[].chi_tieu[].cau` |" in reference_section()
    assert "| `phan_tram` |" in reference_section()


def test_the_generator_tool_reports_a_stale_guide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_guide", ROOT / "tools" / "make_guide.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    stale = tmp_path / "huong-dan-mau.md"
    stale.write_text(f"# Hướng dẫn\n\n{BEGIN}\n\ncũ\n\n{END}\n", encoding="utf-8")
    monkeypatch.setattr(tool, "GUIDE", stale)
    assert tool.main(["--check"]) == 1
    assert tool.main([]) == 0
    assert current_reference(stale.read_text(encoding="utf-8")) == reference_section()
    assert tool.main(["--check"]) == 0


def test_every_example_message_is_what_check_prints(tmp_path: Path, guide: str) -> None:
    root = broken_workspace(tmp_path)
    (root / "templates" / "bao-cao-cu.docx").write_bytes(b"Microsoft Word 97-2003")
    printed: list[str] = []
    for args in (("check", "-w", str(root)), ("check", "-w", str(root), str(root / "templates" / "bao-cao-cu.docx"))):
        result = CliRunner().invoke(main, list(args))
        printed += [line.strip() for line in result.stderr.splitlines()]
    examples = [line for block in code_blocks(guide) for line in block.splitlines()
                if line.startswith("templates/") and (": Lỗi: " in line or ": Cảnh báo: " in line)]
    assert len(examples) == 25
    for line in examples:
        assert line in printed, line


def test_every_kind_of_message_has_an_example(tmp_path: Path, guide: str) -> None:
    root = broken_workspace(tmp_path)
    results = check_templates([], load_settings(root))
    kinds: dict[str, list[str]] = {}
    for result in results:
        for finding in result.findings:
            kinds.setdefault(finding.code, []).append(to_problem(result.name, finding).format())
    assert len(kinds) == 24
    for code, lines in kinds.items():
        assert any(line in guide for line in lines), f"no example of {code} in the guide"


def test_the_build_error_shown_is_the_renderer_s(tmp_path: Path, guide: str) -> None:
    broken = edit_docx(TEMPLATES / "bao-cao-xa.docx", tmp_path / "bao-cao-xa.docx",
                       [(T("{{ nguoi_ky }}"), T("{{ nguoi_kyy }}"))])
    with pytest.raises(TemplateError) as caught:
        render_docx(broken, commune_context(commune_report(), settings(tmp_path)))
    # what `nqreport build` prints: the renderer's message and the build's pointer to `nqreport check`
    assert f"\nLỗi: {str(caught.value).rstrip('. ')}. {CHECK_HINT}\n" in guide


def _snippets(guide: str) -> list[str]:
    """The template snippets of sections 4 to 7: code blocks with tags, not messages nor filter examples."""
    part = guide[guide.index("## 4."):guide.index("## 8.")]
    return [block for block in code_blocks(part)
            if ("{{" in block or "{%" in block) and "→" not in block and "›" not in block]


def _table(guide: str) -> str:
    """The table of section 8 as a Word table, one paragraph per cell."""
    part = guide[guide.index("## 8."):guide.index("## 9.")]
    rows = [line for line in part.splitlines() if line.startswith("| ") and "---" not in line]
    xml = ['<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/></w:tblPr><w:tblGrid>'
           + '<w:gridCol w:w="3000"/>' * 3 + "</w:tblGrid>"]
    for row in rows:
        cells = [c.strip().strip("`") for c in row.strip("|").split("|")]
        xml.append("<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr><w:p><w:r>{T(c)}'
                                      "</w:r></w:p></w:tc>" for c in cells) + "</w:tr>")
    return "".join(xml) + "</w:tbl>"


def test_the_guide_s_template_snippets_check_clean_and_render(tmp_path: Path, guide: str) -> None:
    snippets = _snippets(guide)
    assert len(snippets) == 7
    body = "".join(f"<w:p><w:r>{T(line)}</w:r></w:p>" for block in snippets for line in block.splitlines())
    template = make_template(tmp_path / "mau.docx", body + _table(guide))
    result = check_template(template, scope="xa")
    assert [f for f in result.findings if f.error or f.code in ("split-format", "word-characters")] == []
    context = commune_context(commune_report(), settings(tmp_path))
    doc = Docx(render_docx(template, context))
    paragraphs = doc.paragraphs()
    not_met = context["chi_tieu_khong_dat"]
    assert [ct["ten"] for ct in not_met] == ["Trồng rừng"]
    reason = not_met[0]["ly_do"]
    assert "Số chỉ tiêu không đạt: 1; chưa có số liệu: 1." in paragraphs
    assert f"- Trồng rừng: {reason[0].lower()}{reason[1:]}." in paragraphs
    assert f"Kết quả cả năm: {context['dem']['cau']}." in paragraphs
    assert "Tất cả các chỉ tiêu đều đạt hoặc vượt kế hoạch." not in paragraphs
    assert Docx.rows(doc.tables()[0]) == [["STT", "Chỉ tiêu", "Lý do"], ["1", "Trồng rừng", reason]]
