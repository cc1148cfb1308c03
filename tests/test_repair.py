"""Repairing what Word does to tags: at render time on a copy of the XML (the user's file untouched), and in a
copy beside the template with `--fix`. Split tags are joined into the run holding most of the tag; smart
quotes, non-breaking spaces, dashes and zero-width characters are undone inside tags only."""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from check_helpers import INS, T, make_template
from docx_helpers import Docx, W
from nqreport.errors import OutputError, TemplateError
from nqreport.render.document import render_docx
from nqreport.templates.check import check_template
from nqreport.templates.format_rules import KIND_APPENDIX
from nqreport.word.repair import fix_package, fixed_path, repair_xml

CONTEXT = {"ten_xa": "Quốc Khánh", "nam": 2026, "la_bao_cao_nam": True, "dem": {"tong": 27, "cau": "x"}}
PLAIN = ""
BOLD = "<w:rPr><w:b/><w:bCs/></w:rPr>"


def run(text: str, props: str = PLAIN) -> str:
    return f"<w:r>{props}{T(text)}</w:r>"


def para(*runs: str) -> str:
    return f"<w:p>{''.join(runs)}</w:p>"


def rendered(tmp_path: Path, body: str, name: str = "mau.docx") -> Docx:
    template = make_template(tmp_path / name, body)
    before = template.read_bytes()
    doc = Docx(render_docx(template, CONTEXT))
    assert template.read_bytes() == before, "rendering must never change the template"
    return doc


# --------------------------------------------------------------------------- at render time


def test_a_tag_half_in_bold_takes_the_formatting_of_most_of_it(tmp_path: Path) -> None:
    doc = rendered(tmp_path, para(run("Xã {{ ten_"), run("xa }} báo cáo", BOLD))
                   + para(run("{", BOLD), run("{ nam }} là năm")) + para(run("{"), run("{ dem.tong }}", BOLD)))
    assert doc.paragraphs() == ["Xã Quốc Khánh báo cáo", "2026 là năm", "27"]
    assert not doc.look("Quốc Khánh").bold  # "{{ ten_" is 7 characters, "xa }}" 5
    assert doc.look(" báo cáo").bold  # the text after the tag keeps its own formatting
    assert not doc.look("2026").bold  # a bold brace does not make the figure bold
    assert doc.look("27").bold


def test_word_s_characters_are_undone_inside_tags_only(tmp_path: Path) -> None:
    doc = rendered(tmp_path, para(run("{% if ten_xa == “Quốc Khánh” %}có{% endif %} “{{ ten_xa }}” – ‘{{ nam }}’"))
                   + para(run("{%p\u00a0if la_bao_cao_nam %}")) + para(run("Cả năm {{ nam\u00a0– 1 }}"))
                   + para(run("{%p endif\u00a0%}")) + para(run("{{ ten\u200b_xa }}")))
    assert doc.paragraphs() == ["có “Quốc Khánh” – ‘2026’", "Cả năm 2025", "Quốc Khánh"]


def test_pieces_in_a_hyperlink_or_a_revision_stop_the_render_with_the_paragraph_and_the_fix(tmp_path: Path) -> None:
    body = para(run("Kính gửi")) + para(run("Xã {{ ten_"), f'<w:hyperlink w:anchor="a">{run("xa }}")}</w:hyperlink>')
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, body)
    assert str(caught.value) == (
        'mau.docx, đoạn 2 ("Xã {{ ten_xa }}"): thẻ "{{ ten_xa }}" bị tách: một phần nằm trong liên kết (hyperlink), '
        "không nối lại được khi lập báo cáo; chạy nqreport check --fix để có bản mẫu đã sửa, hoặc trong Word chấp "
        "nhận mọi sửa đổi (Review › Accept › Accept All Changes), xóa cả thẻ rồi gõ lại liền một lần")
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, para(run("{{ nam"), INS + run(" }}") + "</w:ins>"), "mau2.docx")
    assert "một phần nằm trong đoạn chữ đánh dấu sửa đổi (Track Changes)" in str(caught.value)


def test_a_tag_cut_by_a_cell_boundary_stops_the_render(tmp_path: Path) -> None:
    cell = '<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{}</w:tc>'
    body = ('<w:tbl><w:tblPr><w:tblW w:w="4000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/>'
            '<w:gridCol w:w="2000"/></w:tblGrid><w:tr>' + cell.format(para(run("{{ ten_")))
            + cell.format(para(run("xa }}"))) + "</w:tr></w:tbl><w:p/>")
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, body)
    assert str(caught.value) == ('mau.docx, bảng 1, dòng 1, ô 1, đoạn 1 ("{{ ten_"): thẻ bắt đầu ở ô này nhưng kết '
                                 "thúc ở ô khác của bảng; viết trọn thẻ (từ {{ đến }}, từ {% đến %}) trong cùng một ô")


def test_nothing_to_repair_gives_back_the_same_text() -> None:
    xml = (f'<w:body xmlns:w="{W[1:-1]}"><w:p><w:r><w:t>{{{{ ten_xa }}}} “trích”</w:t></w:r></w:p></w:body>')
    assert repair_xml(xml) is xml
    assert repair_xml("<w:body/>") == "<w:body/>"


# --------------------------------------------------------------------------- property: any split renders


LINE = "Xã {{ ten_xa }} có {{ dem.tong }} chỉ tiêu{% if la_bao_cao_nam %} (cả năm){% endif %}"


@st.composite
def split_line(draw: st.DrawFn) -> list[tuple[str, bool]]:
    """LINE cut at random places into runs, each bold or not."""
    cuts = sorted(draw(st.sets(st.integers(1, len(LINE) - 1), max_size=8)))
    bounds = [0, *cuts, len(LINE)]
    return [(LINE[a:b], draw(st.booleans())) for a, b in itertools.pairwise(bounds)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=split_line())
def test_any_split_of_a_line_renders_as_the_whole_line_does(tmp_path: Path, pieces: list[tuple[str, bool]]) -> None:
    doc = rendered(tmp_path, para(*(run(text, BOLD if bold else PLAIN) for text, bold in pieces)))
    assert doc.paragraphs() == ["Xã Quốc Khánh có 27 chỉ tiêu (cả năm)"]
    result = check_template(tmp_path / "mau.docx", scope="xa", kind=KIND_APPENDIX)
    assert result.errors == 0
    assert {f.code for f in result.findings} <= {"split-format"}
    fixed = fix_package(tmp_path / "mau.docx", force=True)
    if fixed.target is not None:
        again = check_template(fixed.target, scope="xa", kind=KIND_APPENDIX)
        assert again.findings == ()
        texts = [t.text for t in Docx(fixed.target.read_bytes()).document.iter(f"{W}t")]
        assert all(text.count("{{") == text.count("}}") and text.count("{%") == text.count("%}") for text in texts)


# --------------------------------------------------------------------------- --fix in the file


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_fix_joins_tags_across_revisions_and_links_and_changes_no_other_part(tmp_path: Path) -> None:
    body = (para(run("Xã {{ ten_"), f'<w:hyperlink w:anchor="a">{run("xa }}", BOLD)}</w:hyperlink>', run(" báo cáo"))
            + para(run("{{ nam"), INS + run(" }}") + "</w:ins>", run(" – {{ dem.tong }}"))
            + para(run('{% if ten_xa == “Quốc Khánh” %}có{% endif %}')))
    template = make_template(tmp_path / "mau.docx", body)
    before = template.read_bytes()
    result = fix_package(template)
    assert (result.target, result.joined, result.normalised) == (tmp_path / "mau.sua.docx", 2, 1)
    assert template.read_bytes() == before
    old, new = entries(template), entries(tmp_path / "mau.sua.docx")
    assert list(old) == list(new)
    assert [name for name in old if old[name] != new[name]] == ["word/document.xml"]
    doc = Docx((tmp_path / "mau.sua.docx").read_bytes())
    assert doc.document.find(f".//{W}hyperlink") is None and doc.document.find(f".//{W}ins") is None
    assert [t.text for t in doc.document.iter(f"{W}t")] == [
        "Xã {{ ten_xa }}", " báo cáo", "{{ nam }}", " – {{ dem.tong }}", '{% if ten_xa == "Quốc Khánh" %}có{% endif %}']
    assert Docx(render_docx(result.target, CONTEXT)).paragraphs() == ["Xã Quốc Khánh báo cáo", "2026 – 27", "có"]


def test_fix_writes_nothing_when_nothing_needs_it_and_never_over_a_file(tmp_path: Path) -> None:
    clean = make_template(tmp_path / "mau.docx", para(run("{{ ten_xa }}")))
    assert fix_package(clean).target is None
    assert not fixed_path(clean).exists()
    broken = make_template(tmp_path / "hong.docx", para(run("{{ ten_"), run("xa }}", BOLD)))
    with pytest.raises(OutputError) as caught:
        fix_package(broken, broken)
    assert str(caught.value) == "hong.docx: bản sửa không được ghi đè lên chính mẫu; hãy chọn tên khác"
    fixed_path(broken).write_bytes(b"x")
    with pytest.raises(OutputError) as caught:
        fix_package(broken)
    assert str(caught.value) == ("hong.sua.docx: tệp đã có; hãy xóa hoặc đổi tên tệp này, hoặc chạy lại với --force "
                                 "để ghi đè")
    assert fixed_path(broken).read_bytes() == b"x"
    assert fix_package(broken, force=True).target == tmp_path / "hong.sua.docx"
    assert Docx(fixed_path(broken).read_bytes()).paragraphs() == ["{{ ten_xa }}"]


def test_fix_reads_what_word_writes_after_a_byte_for_byte_copy(tmp_path: Path) -> None:
    """The repaired copy is a zip Word opens: same entries, same order, every part well formed."""
    template = make_template(tmp_path / "mau.docx", para(run("{{ ten_"), run("xa }}", BOLD)))
    template.chmod(0o640)
    copy = fix_package(template).target
    assert copy is not None
    assert copy.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".nqreport-")] == []
    with zipfile.ZipFile(copy) as archive:
        assert archive.testzip() is None
        assert archive.namelist()[0] == "[Content_Types].xml"
    import docx

    assert docx.Document(io.BytesIO(copy.read_bytes())).paragraphs[0].text == "{{ ten_xa }}"


def test_word_s_invisible_splits_are_joined_without_a_word(tmp_path: Path) -> None:
    """Spelling marks, bookmarks, revision ids and a language change split runs all the time in Word; the
    tag looks whole, so check says nothing and the render joins it."""
    body = para(
        '<w:r w:rsidR="00A1"><w:t xml:space="preserve">Xã {{ </w:t></w:r><w:proofErr w:type="spellStart"/>',
        '<w:r w:rsidR="00B2"><w:rPr><w:lang w:val="en-US"/><w:noProof/></w:rPr><w:t>ten_xa</w:t></w:r>',
        '<w:proofErr w:type="spellEnd"/><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>',
        '<w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t xml:space="preserve"> }}</w:t></w:r>')
    template = make_template(tmp_path / "mau.docx", body)
    assert check_template(template, scope="xa", kind=KIND_APPENDIX).findings == ()
    assert rendered(tmp_path, body, "mau2.docx").paragraphs() == ["Xã Quốc Khánh"]


# --------------------------------------------------------------------------- why: docxtpl on its own


def docxtpl_alone(path: Path) -> Docx:
    """Render with docxtpl itself, without the repair (what a peer tool would give)."""
    from docxtpl import DocxTemplate

    doc = DocxTemplate(str(path))
    doc.render(CONTEXT, autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return Docx(out.getvalue())


def test_docxtpl_alone_joins_sibling_runs_with_the_first_run_s_formatting(tmp_path: Path) -> None:
    template = make_template(tmp_path / "mau.docx", para(run("{", BOLD), run("{ nam }} là năm")))
    doc = docxtpl_alone(template)
    assert doc.paragraphs() == ["2026 là năm"]
    assert doc.look("2026").bold  # the bold brace makes the figure bold; the repair does not (test above)


def test_docxtpl_alone_silently_drops_the_page_setup_for_a_tag_split_into_a_hyperlink(tmp_path: Path) -> None:
    """The reason such a split is an error of check and stops the render: docxtpl's join leaves the XML
    unbalanced, its lenient parser recovers by dropping what follows, the section properties included."""
    body = para(run("Xã {{ ten_"), f'<w:hyperlink w:anchor="a">{run("xa }}")}</w:hyperlink>')
    template = make_template(tmp_path / "mau.docx", body)
    assert Docx(template.read_bytes()).body.find(f"{W}sectPr") is not None
    doc = docxtpl_alone(template)
    assert doc.paragraphs() == ["Xã Quốc Khánh"]
    assert doc.body.find(f"{W}sectPr") is None
