"""One report rendered by nqreport, by docxtemplater (Node) and by plain docxtpl: ms per report and ratios.

The same report for all three: a 40-indicator commune report of about seven pages (a header, the five
fields each with a heading, its indicators as paragraphs of eight values, and an appendix table with a
row per indicator), written once as a .docx skeleton and given each engine's tags — Jinja with docxtpl's
``{%p``/``{%tr`` for nqreport and docxtpl, docxtemplater's ``{{#list}}…{{/list}}`` loops with its
``paragraphLoop`` option — and the same data (strings, so that no engine formats numbers). Every engine
rebuilds the whole .docx for every report, compressed, as a build writes it.

docxtemplater and PizZip are installed from the npm registry into ``benchmarks/peers/`` by this script
(not committed). Rounds alternate between the engines in one call, so that the machine's load falls on
all of them alike; the ratios are medians over the rounds.

    python benchmarks/bench_peers.py            # 7 rounds of 40 reports each
    python benchmarks/bench_peers.py --rounds 11 --reports 60
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from nqreport.render.document import render_docx
from nqreport.render.environment import make_environment
from nqreport.render.package import deterministic_zip

HERE = Path(__file__).resolve().parent
PEERS = HERE / "peers"
TEMPLATE = HERE.parent / "templates" / "bao-cao-xa.docx"
PACKAGES = ("docxtemplater@3.71.1", "pizzip@3.3.0")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FIELDS = ("Kinh tế", "Văn hóa - Xã hội", "Tài nguyên - Môi trường", "Chuyển đổi số - Cải cách hành chính",
          "Quốc phòng - An ninh")
VALUES = ("ten", "dvt", "ke_hoach", "thuc_hien", "uoc_ca_nam", "ty_le", "danh_gia", "ly_do")

NODE = """
const fs = require("fs");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");
const content = fs.readFileSync(process.argv[2]);
const data = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
function once() {
  const doc = new Docxtemplater(new PizZip(content), {
    paragraphLoop: true, linebreaks: true, delimiters: {start: "{{", end: "}}"}});
  doc.render(data);
  return doc.getZip().generate({type: "nodebuffer", compression: "DEFLATE"});
}
fs.writeFileSync(process.argv[4], once());
require("readline").createInterface({input: process.stdin}).on("line", (line) => {
  const count = parseInt(line, 10);
  if (!count) process.exit(0);
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) once();
  console.log((Number(process.hrtime.bigint() - start) / 1e6 / count).toFixed(4));
});
"""


def paragraph(text: str, bold: bool = False) -> str:
    run = '<w:rPr><w:b/></w:rPr>' if bold else ""
    return f'<w:p><w:r>{run}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def row(cells: list[str]) -> str:
    return "<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/></w:tcPr>{paragraph(c)}</w:tc>'
                              for c in cells) + "</w:tr>"


def body(engine: str) -> str:
    """The report's body with ``engine``'s tags ("jinja" or "docxtemplater")."""
    jinja = engine == "jinja"

    def var(name: str, item: str = "") -> str:
        return f"{{{{ {item}.{name} }}}}" if jinja and item else f"{{{{ {name} }}}}" if jinja else f"{{{{{name}}}}}"

    def loop(name: str, item: str, prefix: str = "p", inside: str = "") -> tuple[str, str]:
        if jinja:
            source = f"{inside}.{name}" if inside else name
            return f"{{%{prefix} for {item} in {source} %}}", f"{{%{prefix} endfor %}}"
        return f"{{{{#{name}}}}}", f"{{{{/{name}}}}}"

    parts = [paragraph(f"ỦY BAN NHÂN DÂN {var('ten_xa')}", bold=True), paragraph("BÁO CÁO", bold=True),
             paragraph(f"Kết quả thực hiện các chỉ tiêu {var('ky_bao_cao')} của {var('ten_day_du')}; "
                       f"số liệu tính đến {var('ngay_so_lieu')}.")]
    field_open, field_close = loop("linh_vuc", "lv")
    item_open, item_close = loop("chi_tieu", "ct", inside="lv")
    parts += [paragraph(field_open), paragraph(f"{var('stt', 'lv')}. {var('ten', 'lv')}", bold=True),
              paragraph(f"Kết quả: {var('cau', 'lv')}."), paragraph(item_open)]
    parts += [paragraph(" - ".join(var(name, "ct") for name in VALUES[:4])),
              paragraph(" - ".join(var(name, "ct") for name in VALUES[4:]))]
    parts += [paragraph(item_close), paragraph(field_close), paragraph("PHỤ LỤC", bold=True)]
    table_open, table_close = loop("tat_ca", "ct", prefix="tr")
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in VALUES)
    cells = [var(name, "ct") for name in VALUES]
    if jinja:
        rows = row([table_open] + [""] * (len(VALUES) - 1)) + row(cells) + row([table_close] + [""] * (len(VALUES) - 1))
    else:
        rows = row([f"{table_open}{cells[0]}", *cells[1:-1], f"{cells[-1]}{table_close}"])
    parts.append(f'<w:tbl><w:tblPr><w:tblW w:w="8000" w:type="dxa"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
                 f'{row([t.upper() for t in VALUES])}{rows}</w:tbl>')
    parts.append(paragraph(f"Người ký: {var('nguoi_ky')}"))
    return "".join(parts)


def template(engine: str, folder: Path) -> Path:
    """The skeleton with ``engine``'s tags, on the default template's styles and page setup."""
    with zipfile.ZipFile(TEMPLATE) as source:
        files = {name: source.read(name) for name in source.namelist()}
    document = etree.fromstring(files["word/document.xml"])
    body_element = document.find(f"{{{W_NS}}}body")
    assert body_element is not None
    section = body_element.find(f"{{{W_NS}}}sectPr")
    new_body = etree.fromstring(f'<w:body xmlns:w="{W_NS}">{body(engine)}</w:body>')
    if section is not None:
        new_body.append(section)
    document.replace(body_element, new_body)
    files["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    path = folder / f"bench-{engine}.docx"
    path.write_bytes(deterministic_zip(list(files.items())))
    return path


def data() -> dict[str, Any]:
    """A commune with 40 indicators in five fields; every value a string."""
    items = [{"ten": f"Chỉ tiêu số {n} về phát triển kinh tế - xã hội của xã", "dvt": "triệu đồng",
              "ke_hoach": f"{1000 + n * 37:,}".replace(",", "."), "thuc_hien": f"{900 + n * 41:,}".replace(",", "."),
              "uoc_ca_nam": f"{1100 + n * 29:,}".replace(",", "."), "ty_le": f"{95 + n % 11},{n % 10}%",
              "danh_gia": ("Vượt", "Đạt", "Không đạt")[n % 3],
              "ly_do": "Ước cả năm đạt 1.420 triệu đồng, bằng 108,7% kế hoạch (1.306 triệu đồng)"}
             for n in range(1, 41)]
    fields = [{"stt": str(i + 1), "ten": name, "cau": "5/8 chỉ tiêu đạt và vượt kế hoạch, trong đó 2 chỉ tiêu vượt",
               "chi_tieu": items[i * 8:(i + 1) * 8]} for i, name in enumerate(FIELDS)]
    return {"ten_xa": "QUỐC KHÁNH", "ten_day_du": "xã Quốc Khánh", "ky_bao_cao": "6 tháng đầu năm 2026",
            "ngay_so_lieu": "30/06/2026", "nguoi_ky": "Nguyễn Văn A", "linh_vuc": fields, "tat_ca": items}


def text_of(docx: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{{{W_NS}}}t")) for p in root.iter(f"{{{W_NS}}}p")]


def install() -> None:
    if (PEERS / "node_modules" / "docxtemplater").is_dir():
        return
    if shutil.which("npm") is None:
        sys.exit("npm is needed to install docxtemplater (Node.js)")
    PEERS.mkdir(exist_ok=True)
    (PEERS / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", *PACKAGES], cwd=PEERS, check=True)


def plain_docxtpl(path: Path, context: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    doc = DocxTemplate(str(path))
    doc.render(context, jinja_env=make_environment(), autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def timed(function: Any, count: int) -> float:
    start = time.perf_counter()
    for _ in range(count):
        function()
    return (time.perf_counter() - start) * 1000 / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--reports", type=int, default=40, help="reports per engine per round")
    args = parser.parse_args()
    install()
    context = data()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        jinja, peer = template("jinja", folder), template("docxtemplater", folder)
        (folder / "data.json").write_text(json.dumps(context, ensure_ascii=False), encoding="utf-8")
        (PEERS / "render.js").write_text(NODE, encoding="utf-8")
        node = subprocess.Popen(["node", str(PEERS / "render.js"), str(peer), str(folder / "data.json"),
                                 str(folder / "peer.docx")], cwd=PEERS, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
        assert node.stdin is not None and node.stdout is not None
        ours = render_docx(jinja, context)
        theirs_text = None
        results: dict[str, list[float]] = {"nqreport": [], "docxtemplater": [], "docxtpl": []}
        for _ in range(args.rounds):
            results["nqreport"].append(timed(lambda: render_docx(jinja, context), args.reports))
            node.stdin.write(f"{args.reports}\n")
            node.stdin.flush()
            results["docxtemplater"].append(float(node.stdout.readline()))
            results["docxtpl"].append(timed(lambda: plain_docxtpl(jinja, context), max(1, args.reports // 4)))
            if theirs_text is None:
                theirs_text = text_of((folder / "peer.docx").read_bytes())
        node.stdin.write("0\n")
        node.stdin.flush()
        node.wait()
        mine = [line for line in text_of(ours) if line.strip()]
        theirs = [line for line in (theirs_text or []) if line.strip()]
        same = "same text" if mine == theirs else f"TEXT DIFFERS ({len(mine)} and {len(theirs)} paragraphs)"
    median = {name: statistics.median(values) for name, values in results.items()}
    ratios = [a / b for a, b in zip(results["nqreport"], results["docxtemplater"], strict=True)]
    plain = [a / b for a, b in zip(results["docxtpl"], results["docxtemplater"], strict=True)]
    print(f"one 40-indicator report ({len(mine)} paragraphs with text; {same}), ms per report, median of "
          f"{args.rounds} alternating rounds:")
    for name, value in median.items():
        print(f"  {name:14} {value:7.2f} ms")
    print(f"  nqreport ÷ docxtemplater = {statistics.median(ratios):.2f} "
          f"(rounds: {', '.join(f'{r:.2f}' for r in ratios)})")
    print(f"  plain docxtpl ÷ docxtemplater = {statistics.median(plain):.2f}")


if __name__ == "__main__":
    main()
