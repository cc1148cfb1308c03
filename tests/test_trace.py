"""Every figure a report prints is traced to its cells (truy-vet.json), and tracing changes nothing in the
official report: it is byte for byte what an untraced render makes."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from docx_helpers import bang_mac, commune_report, cross_communes, quoc_khanh, settings
from nqreport.aggregate import commune_line, evaluate_commune
from nqreport.build import BuildOptions, build
from nqreport.config.catalog import load_catalog
from nqreport.config.settings import load_settings
from nqreport.marks import Figure, MarkedText, mark, read_marks, strip_marks
from nqreport.read.workbook import read_workbook
from nqreport.render.context import commune_context, summary_context
from nqreport.render.document import render, render_docx
from nqreport.render.sources import FIGURE_KEYS, commune_label, label
from nqreport.render.summary_sources import SummarySources
from nqreport.render.trace import Origin, Tracer
from nqreport.schema import Period
from test_render import make_template
from trace_helpers import example_workspace, report_of, sources_of, trace_of, untraced

REPORTS = {
    "06004-quoc-khanh": ("bao-cao.docx", "phu-luc.docx"),
    "06475-bang-mac": ("bao-cao.docx", "phu-luc.docx"),
    "tong-hop": ("bao-cao-tong-hop.docx",),
}


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = example_workspace(tmp_path_factory.mktemp("trace") / "ws")
    result = build(load_settings(root), BuildOptions(jobs=1))
    assert result.exit_code == 0
    return root


def reports(root: Path) -> Iterator[tuple[Path, dict[str, Any], dict[str, Any]]]:
    """(report, its trace record, the folder's trace) of every report of a build."""
    for folder, names in REPORTS.items():
        trace = trace_of(root / "outputs" / folder / "truy-vet.json")
        for name in names:
            path = root / "outputs" / folder / name
            yield path, report_of(trace, f"outputs/{folder}/{name}"), trace


# --------------------------------------------------------------------------- every number has a source


def test_every_number_of_every_report_of_the_example_has_a_source(example: Path) -> None:
    seen = 0
    for path, report, trace in reports(example):
        assert untraced(path.read_bytes(), report) == [], path
        assert report["unsourced"] == 0
        sources = sources_of(trace)
        for paragraph in report["paragraphs"]:
            for figure in paragraph.get("figures", ()):
                source = sources[str(figure["source"])]
                assert source["from"], (path.name, figure, source)
                assert paragraph["text"][slice(*figure["at"])] == figure["text"]
                seen += 1
    assert seen > 700  # 5 reports: every figure of every sentence and table cell


def test_sources_name_a_file_a_sheet_and_a_cell(example: Path) -> None:
    cell = re.compile(r"^inputs/[\w.-]+\.xlsx › [^›]+ › ([A-Z]{1,3}\d+|hàng [\d, ]+)$")
    other = re.compile(r"^(inputs/[\w.-]+\.xlsx( › Chỉ tiêu)?|nqreport\.toml › .+|danh mục chỉ tiêu mặc định .+)$")
    for _, _, trace in reports(example):
        for source in sources_of(trace).values():
            for where in source["from"]:
                assert cell.match(where) or other.match(where), where


def test_a_figure_and_the_sentence_it_is_in(example: Path) -> None:
    trace = trace_of(example / "outputs" / "06004-quoc-khanh" / "truy-vet.json")
    report = report_of(trace, "outputs/06004-quoc-khanh/bao-cao.docx")
    sentence = next(p for p in report["paragraphs"] if p["text"].startswith("- Thu ngân sách"))
    sources = sources_of(trace)
    found = {f["text"]: sources[str(f["source"])] for f in sentence["figures"]}
    cells = "inputs/06004-quoc-khanh.xlsx › Chỉ tiêu › "
    assert found["1.420"] == {"what": "Ước thực hiện cả năm", "from": [cells + "N4"]}
    assert found["108,7%"] == {"what": "Tỷ lệ so với kế hoạch", "from": [cells + "N4", cells + "G4"],
                               "how": "Ước thực hiện cả năm / Chỉ tiêu kế hoạch × 100"}
    assert found["15,1"]["how"] == "(Thực hiện kỳ báo cáo − Thực hiện cùng kỳ năm trước) / Thực hiện cùng kỳ năm trước × 100"
    table = report_of(trace, "outputs/06004-quoc-khanh/phu-luc.docx")
    cell = next(p for p in table["paragraphs"] if p["text"] == "108,7%")
    assert cell["where"] == {"paragraph": cell["where"]["paragraph"], "table": 1, "row": 3, "cell": 8}


def test_counts_name_the_rows_they_count(example: Path) -> None:
    trace = trace_of(example / "outputs" / "06004-quoc-khanh" / "truy-vet.json")
    for source in sources_of(trace).values():
        if source.get("how", "").startswith("đếm chỉ tiêu") or source.get("how") == "đếm mọi chỉ tiêu":
            (rows,) = source["from"]
            assert rows.startswith("inputs/06004-quoc-khanh.xlsx › Chỉ tiêu › hàng ")
    report = report_of(trace, "outputs/06004-quoc-khanh/bao-cao.docx")
    sentence = next(p for p in report["paragraphs"] if p["text"].startswith("Nghị quyết giao 30 chỉ tiêu"))
    counted = {f["text"]: sources_of(trace)[str(f["source"])] for f in sentence["figures"]}
    assert counted["22"]["what"] == "Số chỉ tiêu Vượt, Đạt"
    assert len(counted["22"]["from"][0].split("hàng ")[1].split(", ")) == 22
    assert len(counted["30"]["from"][0].split("hàng ")[1].split(", ")) == 30


# --------------------------------------------------------------------------- the check can fail


def test_the_check_catches_a_figure_left_untraced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tracer that forgets one kind of figure (the estimates for the year): the numbers it printed
    are found by the check, and the build's own trace lists them as unsourced."""
    root = example_workspace(tmp_path / "ws")
    original = Tracer.figure

    def forgetful(self: Tracer, value: Decimal | None, origin: Origin) -> Decimal | None:
        return value if origin.what == "Ước thực hiện cả năm" else original(self, value, origin)

    monkeypatch.setattr(Tracer, "figure", forgetful)
    build(load_settings(root), BuildOptions(jobs=1))
    path = root / "outputs" / "06004-quoc-khanh" / "bao-cao.docx"
    report = report_of(trace_of(path.parent / "truy-vet.json"), "outputs/06004-quoc-khanh/bao-cao.docx")
    missing = untraced(path.read_bytes(), report)
    assert any(": 1.420 (- Thu ngân sách nhà nước" in line for line in missing), missing
    assert report["unsourced"] > 0
    sentence = next(p for p in report["paragraphs"] if p["text"].startswith("- Thu ngân sách"))
    assert {"text": "1.420", "at": [sentence["text"].index("1.420"), sentence["text"].index("1.420") + 5]} in \
        sentence["unsourced"]


def test_a_number_the_template_computes_has_no_source(tmp_path: Path) -> None:
    """A secretary's template may print a figure of its own making: it is listed, not passed off."""
    root = example_workspace(tmp_path / "ws")
    template = root / "templates" / "bao-cao-xa.docx"
    with zipfile.ZipFile(template) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    xml = xml.replace("I. KẾT QUẢ CHUNG", "I. KẾT QUẢ CHUNG (còn {{ dem.tong - dem.vuot }} chỉ tiêu chưa vượt)", 1)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(template, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    build(load_settings(root), BuildOptions(jobs=1))
    path = root / "outputs" / "06004-quoc-khanh" / "bao-cao.docx"
    report = report_of(trace_of(path.parent / "truy-vet.json"), "outputs/06004-quoc-khanh/bao-cao.docx")
    assert untraced(path.read_bytes(), report) == [
        "paragraph 12: 19 (I. KẾT QUẢ CHUNG (còn 19 chỉ tiêu chưa vượt))"]
    heading = next(p for p in report["paragraphs"] if p["text"].startswith("I. KẾT QUẢ CHUNG"))
    assert heading["unsourced"] == [{"text": "19", "at": [22, 24]}]


# --------------------------------------------------------------------------- computed figures recompute


def workbook_cells(root: Path) -> dict[str, tuple[str, Decimal]]:
    """Every figure cell of the workspace's workbooks: reference → (column key, value)."""
    catalog = load_catalog()
    cells = {}
    for path in sorted((root / "inputs").glob("*.xlsx")):
        data = read_workbook(path, catalog, name=f"inputs/{path.name}").data
        assert data is not None
        for ind in data.indicators:
            source = ind.source
            assert source is not None
            for key in FIGURE_KEYS:
                value = getattr(ind, key)
                if value is not None:
                    cells[f"{source.file} › {source.sheet} › {source.cell(key)}"] = (key, value)
    return cells


def printed_value(text: str) -> tuple[Decimal, int]:
    """"108,7%" → (108.7, 1 decimal); "1.306" → (1306, 0)."""
    number = text.rstrip("%").replace(".", "").replace(",", ".")
    places = len(number.split(".")[1]) if "." in number else 0
    return Decimal(number), places


def recompute(how: str, cells: list[tuple[str, Decimal]]) -> Decimal:
    """The value of a "how" written with column headers, the headers standing for the cells given."""
    values = {label(key): value for key, value in cells}
    expression = how.replace(" (điểm %)", "").replace("×", "*").replace("−", "-").replace("[", "(").replace("]", ")")
    for name in sorted(values, key=len, reverse=True):
        expression = expression.replace(name, f"D('{values[name]}')")
    result = eval(expression, {"D": Decimal})  # a formula this test wrote from known words
    assert isinstance(result, Decimal)
    return result


def test_every_computed_figure_recomputes_from_the_cells_it_names(example: Path) -> None:
    cells = workbook_cells(example)
    checked = 0
    for _, report, trace in reports(example):
        sources = sources_of(trace)
        for paragraph in report["paragraphs"]:
            for figure in paragraph.get("figures", ()):
                source = sources[str(figure["source"])]
                how = source.get("how", "")
                if not re.fullmatch(r"[\d.,%]+", figure["text"]):
                    continue
                shown, places = printed_value(figure["text"])
                operands = [cells[ref] for ref in source["from"] if ref in cells]
                if not how:
                    if len(source["from"]) == 1 and source["from"][0] in cells:
                        assert shown == cells[source["from"][0]][1], (figure, source)
                        checked += 1
                    continue
                if how.startswith("Σ") and "/" in how:  # a rate across communes
                    parts = dict.fromkeys(("numerator", "denominator", "target", "estimate"), Decimal(0))
                    for key, value in operands:
                        parts[key] += value
                    if "Tử số" not in how.split("/")[0]:
                        continue  # a common target or estimate weighted by denominators
                    value = parts["numerator"] / parts["denominator"] * 100
                elif how.startswith("Σ"):
                    value = sum((v for _, v in operands), Decimal(0))
                elif how.startswith(("đếm chỉ tiêu", "đếm mọi chỉ tiêu")):
                    if "hàng " not in source["from"][0]:
                        continue  # a commune's count in the summary names its sheet
                    counted = len(source["from"][0].split("hàng ")[1].split(", "))
                    value = Decimal(0 if how.endswith("không có chỉ tiêu nào") else counted)
                elif "/" in how or "−" in how:
                    value = abs(recompute(how, operands))
                else:
                    continue
                assert value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == shown, (figure, source)
                checked += 1
    assert checked > 500


# --------------------------------------------------------------------------- the official copy is untouched


def every_variable(context: dict[str, Any]) -> list[str]:
    """Template lines printing every value of ``context`` (through the filters that fit it), loops
    included: what a secretary's template could print, and more."""
    lines: list[str] = []

    def leaf(expression: str, value: Any) -> str:
        if isinstance(value, bool) or value is None:
            return f"{{{{ {expression} }}}}"
        if isinstance(value, Decimal):
            return f"{{{{ {expression} }}}} {{{{ {expression}|so(2) }}}} {{{{ {expression}|phan_tram }}}}"
        if isinstance(value, int):
            return f"{{{{ {expression} }}}}"
        if hasattr(value, "year"):
            return f"{{{{ {expression} }}}} {{{{ {expression}|ngay }}}} {{{{ {expression}|ngay_ngan }}}}"
        return (f"{{{{ {expression} }}}} {{{{ {expression}|upper }}}} {{{{ {expression}|lower }}}} "
                f"{{{{ {expression}|hoa_dau }}}} {{{{ {expression}|thuong_dau }}}}")

    def walk(prefix: str, value: Any, depth: int) -> None:
        if isinstance(value, dict):
            scalars = []
            for key, item in value.items():
                expression = f"{prefix}.{key}" if prefix else key
                if isinstance(item, (dict, list)) or (hasattr(item, "__len__") and hasattr(item, "__getitem__")
                                                      and not isinstance(item, str)):
                    walk(expression, item, depth)
                elif key == "stt":
                    lines.append(f"{{{{ {expression} }}}}. dòng")
                else:
                    scalars.append(leaf(expression, item))
            lines.extend(scalars)
            return
        if not len(value):
            return
        name = f"v{depth}"
        lines.append(f"{{%p for {name} in {prefix} %}}")
        if isinstance(value[0], dict):
            walk(name, value[0], depth + 1)  # the loop body: the keys every element has
        else:
            lines.append(leaf(name, value[0]))
        lines.append("{%p endfor %}")

    walk("", context, 1)
    return lines


def summary_with_sources(other_province: bool = False) -> tuple[Any, SummarySources]:
    cross = cross_communes(other_province=other_province)
    sources = SummarySources(load_catalog())
    for data in (quoc_khanh(Period.YEAR), bang_mac()):
        report = evaluate_commune(data, Period.YEAR)
        sources.add(commune_line(report), data.commune.full_name, data.path, "Chỉ tiêu", report.indicators)
    return cross, sources


@pytest.mark.parametrize("period", [Period.YEAR, Period.SIX_MONTHS, Period.QUARTER_2])
def test_a_traced_commune_report_is_the_plain_one_byte_for_byte(tmp_path: Path, period: Period) -> None:
    report = commune_report(period)
    plain = commune_context(report, settings(tmp_path))
    traced = commune_context(report, settings(tmp_path), Tracer(), "--period")
    lines = every_variable(plain)
    template = make_template(tmp_path, lines)
    rendered = render(template, traced)
    assert rendered.data == render_docx(template, plain)
    assert not [p for p in rendered.paragraphs if p.unsourced], [p.text for p in rendered.paragraphs if p.unsourced]
    for name in ("bao-cao-xa.docx", "phu-luc-xa.docx"):
        default = Path(__file__).resolve().parent.parent / "templates" / name
        assert render(default, traced).data == render_docx(default, plain)


@pytest.mark.parametrize("other_province", [False, True])
def test_a_traced_summary_is_the_plain_one_byte_for_byte(tmp_path: Path, other_province: bool) -> None:
    cross, sources = summary_with_sources(other_province)
    plain = summary_context(cross, settings(tmp_path))
    traced = summary_context(cross, settings(tmp_path), trace=Tracer(), sources=sources)
    template = make_template(tmp_path, every_variable(plain))
    rendered = render(template, traced)
    assert rendered.data == render_docx(template, plain)
    assert not [p for p in rendered.paragraphs if p.unsourced], [p.text for p in rendered.paragraphs if p.unsourced]
    default = Path(__file__).resolve().parent.parent / "templates" / "bao-cao-tong-hop.docx"
    assert render(default, traced).data == render_docx(default, plain)


# --------------------------------------------------------------------------- marks


def test_marks_read_back_what_was_written() -> None:
    text = f"Đạt {mark('1.420', 7)} triệu đồng, {mark('khoảng ' + mark('13.900', 300), 2)}"
    plain, spans = read_marks(text)
    assert plain == "Đạt 1.420 triệu đồng, khoảng 13.900"
    assert [(s.mark, plain[s.start:s.end]) for s in spans] == [(7, "1.420"), (2, "khoảng 13.900"), (300, "13.900")]
    assert strip_marks(text) == plain
    assert read_marks("a\ufdd1b\ufdd2c\ufdd0")[0] == "abc"  # stray marks never fail


def test_a_figure_is_a_decimal_and_keeps_its_mark_only_when_printed_as_itself() -> None:
    figure = Figure(Decimal("-27.35"), 5)
    assert figure == Decimal("-27.35") and figure * 2 == Decimal("-54.70")
    assert type(figure * 2) is Decimal  # a figure computed from it has no source
    assert abs(figure).mark == 5 and figure.quantize(Decimal("0.1")).mark == 5
    text = MarkedText(f"Giảm {mark('27,4', 5)}%")
    assert text == "Giảm 27,4%" and len(text) == 10 and text.upper().startswith("GIẢM")
    assert f"{text}" == text.marked and str(text) == "Giảm 27,4%"


def test_the_summary_trace_written_in_pieces_is_the_same_json(tmp_path: Path) -> None:
    """write_trace (the summary's, piece by piece, so a country's trace is not held twice) writes the
    bytes trace_bytes makes, state first; the JSON reads back the same."""
    import json

    from nqreport.write.tracefile import trace_bytes, write_trace

    big = [f"inputs/xã-{i}.xlsx › Chỉ tiêu › N{i}" for i in range(40_000)]  # over the 1 MB a piece is held to
    trace = {"reports": [{"file": "tong-hop/bao-cao.docx", "figures": 2, "paragraphs": [
                 {"where": {"paragraph": 3, "table": None}, "text": "Đạt \"95%\"\n", "figures": [
                     {"text": "95%", "at": [4, 7], "source": 1}]}, {}, []]}],
             "sources": {"1": {"what": "Tổng", "from": big, "how": "Σ"}, "2": {"what": "x", "from": []}},
             "empty": {}, "list": [], "number": 1.5, "nothing": None, "state": {"a": [1, {"b": "ư"}]},
             "trace_format": "1"}
    path = tmp_path / "truy-vet.json"
    write_trace(path, trace)
    assert path.read_bytes() == trace_bytes(trace)
    assert path.read_bytes().startswith(b'{"trace_format":"1","state":')
    assert json.loads(path.read_bytes()) == trace


def test_cells_named_only_when_read_are_written_as_the_list_they_name(tmp_path: Path) -> None:
    """A summary total's cells are named only when the trace is written (a country's are 40 MB): merged,
    counted, compared and written, they read as the plain list of cells they stand for."""
    import json

    from nqreport.render.trace import Cells, Origin, merged
    from nqreport.write.tracefile import trace_bytes, write_trace

    plain = merged([("a › S › N1", "b › S › N2"), ("b › S › N2", "c › S › N3")])
    lazy_part = Cells((("b › S › N2",), tuple(f"x{i} › S › N{i}" for i in range(2500))), unique=False)
    lazy = merged([("a › S › N1", "b › S › N2"), lazy_part])
    assert plain == ("a › S › N1", "b › S › N2", "c › S › N3")
    assert isinstance(lazy, Cells) and list(lazy)[:3] == ["a › S › N1", "b › S › N2", "x0 › S › N0"]
    assert len(lazy) == 2 + 2500 and lazy[-1] == "x2499 › S › N2499"
    assert lazy == merged([("a › S › N1", "b › S › N2"), lazy_part]) and hash(lazy) == hash(
        merged([("a › S › N1", "b › S › N2"), lazy_part]))
    origin = Origin("Tổng", lazy, "Σ")
    path = tmp_path / "truy-vet.json"
    write_trace(path, {"trace_format": "1", "sources": {"1": origin.to_json()}})
    assert path.read_bytes() == trace_bytes({"trace_format": "1", "sources": {"1": {
        "what": "Tổng", "from": list(lazy), "how": "Σ"}}})
    assert json.loads(path.read_bytes())["sources"]["1"]["from"] == list(lazy)
    with pytest.raises(TypeError):  # never silently: a commune's trace holds no such sequence
        trace_bytes({"sources": {"1": origin.to_json()}})


def test_a_text_of_one_cell_is_traced_to_that_cell_not_to_another_that_reads_alike(tmp_path: Path) -> None:
    # Phường 3, whose report number is also "3": the 3 of the place and of the signer's line is not the report's
    report = commune_report(Period.YEAR)
    commune = replace(report.data.commune, unit_type="phường", name="3", place="Phường 3", report_number="3",
                      signer_authority="TM. UBND PHƯỜNG 3")
    report = replace(report, data=replace(report.data, commune=commune))
    tracer = Tracer()
    context = commune_context(report, settings(tmp_path), tracer)

    def cells(key: str) -> list[str]:
        text, spans = read_marks(format(context[key]))
        origins = [tracer.origin(span.mark) for span in spans]
        assert spans and text == strip_marks(format(context[key])), key
        return [o.what for o in origins if o is not None]

    assert cells("dia_danh") == [commune_label("place")]
    assert cells("tham_quyen_ky") == [commune_label("signer_authority")]
    assert cells("ten_day_du") == [commune_label("name")]
    assert cells("so_bao_cao") == [commune_label("report_number")]


def test_a_count_of_none_met_is_traced_like_any_count() -> None:
    from nqreport.aggregate import StatusCounts
    from nqreport.render.context import counts_dict
    from nqreport.render.sources import traced_counts

    tracer = Tracer()
    sentence = counts_dict(traced_counts(StatusCounts(0, 0, 3, 1, 0), tracer, {}), tracer)["cau"]
    text, spans = read_marks(sentence.marked)
    assert text == "chưa có chỉ tiêu nào đạt kế hoạch (0/4 chỉ tiêu); 3 chỉ tiêu không đạt; 1 chỉ tiêu đang thực hiện"
    traced = [(text[s.start:s.end], origin.what) for s in spans if (origin := tracer.origin(s.mark)) is not None]
    assert traced[:2] == [("0", "Số chỉ tiêu Vượt, Đạt"), ("4", "Tổng số chỉ tiêu")]
