"""The project's hostile suite: workbooks and templates made by an attacker or a careless hand, and the
answer each one gets — a Vietnamese line naming the file (and the cell), an error where it is one, never a
traceback, "lỗi không mong đợi", a hang or gigabytes.

Workbooks are the example workbook with one part replaced; templates the default commune template with
its document part replaced. Each is validated (or checked and built) in this process, timed; the cases
that aim at memory also run ``nqreport validate`` in a child process capped at 600 MB of address space.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from build_helpers import invoke
from nqreport.config.catalog import load_catalog
from nqreport.validate import validate_workbooks

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "06004-quoc-khanh.xlsx"
TEMPLATE = ROOT / "templates" / "bao-cao-xa.docx"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

# --------------------------------------------------------------------------- building files


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _sheet_names() -> dict[str, str]:
    """Sheet name → part, from the example workbook."""
    parts = _parts(EXAMPLE)
    names = re.findall(rb'<sheet [^>]*name="([^"]+)"[^>]*r:id="(rId\d+)"', parts["xl/workbook.xml"])
    rels = dict(re.findall(rb'Id="(rId\d+)"[^>]*Target="([^"]+)"', parts["xl/_rels/workbook.xml.rels"]))
    if not rels:
        rels = {i: t for t, i in re.findall(rb'Target="([^"]+)"[^>]*Id="(rId\d+)"', parts["xl/_rels/workbook.xml.rels"])}
    return {n.decode(): "xl/" + rels[i].decode().lstrip("/").removeprefix("xl/") for n, i in names}


def _indicator_part() -> str:
    return _sheet_names()["Chỉ tiêu"]


def _with_sheet(transform: Callable[[bytes], bytes]) -> bytes:
    parts = _parts(EXAMPLE)
    part = _indicator_part()
    parts[part] = transform(parts[part])
    return _zip(parts)


def _with_cell(value_xml: str) -> bytes:
    """The indicator sheet with the result of its first indicator (row 4, column N) replaced."""
    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        text, count = re.subn(r'<c r="N4"[^>]*?(?:/>|>.*?</c>)', value_xml, text, count=1, flags=re.S)
        if not count:
            text = text.replace("</row>", value_xml + "</row>", 1)
        return text.encode("utf-8")
    return _with_sheet(change)


def _lying_zip(declared: int, actual: int) -> bytes:
    """A workbook whose sheet part declares ``declared`` bytes and inflates to ``actual``."""
    parts = _parts(EXAMPLE)
    part = _indicator_part()
    body = b"<a>" + b" " * (actual - 7) + b"</a>"
    parts[part] = body
    data = bytearray(_zip(parts))
    encoded = part.encode()
    # patch the uncompressed size in the local header and in the central directory
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            length = struct.unpack_from("<H", data, at + (26 if signature == b"PK\x03\x04" else 28))[0]
            if bytes(data[name_at:name_at + length]) == encoded:
                struct.pack_into("<I", data, at + offset, declared)
            start = at + 4
    return bytes(data)


def _many_members(count: int) -> bytes:
    parts = _parts(EXAMPLE)
    for number in range(count):
        parts[f"xl/media/x{number}.bin"] = b""
    return _zip(parts)


def _dense_rows(rows: int) -> bytes:
    def change(xml: bytes) -> bytes:
        filler = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(200, 200 + rows))
        return xml.replace(b"</sheetData>", filler.encode() + b"</sheetData>")
    return _with_sheet(change)


def _merged_to_the_end(count: int) -> bytes:
    def change(xml: bytes) -> bytes:
        merges = "".join(f'<mergeCell ref="{c}10:{c}1048576"/>' for c in "BCDEFGHIJKLMNOPQRSTU"[:count])
        block = f'<mergeCells count="{count}">{merges}</mergeCells>'.encode()
        if b"<mergeCells" in xml:
            return re.sub(rb"<mergeCells[^>]*>.*?</mergeCells>", block, xml, flags=re.S)
        return xml.replace(b"</sheetData>", b"</sheetData>" + block)
    return _with_sheet(change)


def _doctype(part_xml: bytes, encoding: str) -> bytes:
    text = part_xml.decode("utf-8")
    text = re.sub(r"^<\?xml[^>]*\?>", "", text)
    declared = f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE x [<!ENTITY e "boom">]>'
    return (declared + text).encode(encoding)


def _billion_laughs() -> bytes:
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                        for i in range(1, 10))
              + ']><sst ' + NS + '><si><t>&lol9;</t></si></sst>')
    parts = _parts(EXAMPLE)
    parts["xl/sharedStrings.xml"] = laughs.encode()
    return _zip(parts)


def _two_indicator_sheets() -> bytes:
    parts = _parts(EXAMPLE)
    workbook = parts["xl/workbook.xml"].decode()
    part = _indicator_part()
    copy_part = "xl/worksheets/sheet99.xml"
    parts[copy_part] = parts[part]
    workbook = workbook.replace("</sheets>", '<sheet name="Chi tieu" sheetId="99" r:id="rId99"/></sheets>')
    parts["xl/workbook.xml"] = workbook.encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace("</Relationships>", '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet99.xml"/>'
                        "</Relationships>")
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    types = parts["[Content_Types].xml"].decode().replace("</Types>", '<Override PartName="/xl/worksheets/'
                                                          'sheet99.xml" ContentType="application/vnd.openxmlformats-'
                                                          'officedocument.spreadsheetml.worksheet+xml"/></Types>')
    parts["[Content_Types].xml"] = types.encode()
    return _zip(parts)


def _inline(text: str) -> str:
    return f'<c r="N4" t="inlineStr"><is><t>{text}</t></is></c>'


# --------------------------------------------------------------------------- workbook cases

#: (case, file bytes, words the answer must hold)
WORKBOOKS: list[tuple[str, Callable[[], bytes], tuple[str, ...]]] = [
    ("empty", lambda: b"", ("tệp rỗng",)),
    ("random bytes", lambda: os.urandom(4096), ("không phải sổ bảng tính",)),
    ("csv named .xlsx", lambda: "Mã xã,Tên xã\n06004,Quốc Khánh\n".encode(), ("không phải sổ bảng tính",)),
    ("html named .xlsx", lambda: b"<html><body><table><tr><td>1</td></tr></table></body></html>",
     ("trang web (HTML)",)),
    ("pdf named .xlsx", lambda: b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", ("không phải sổ bảng tính",)),
    ("docx named .xlsx", lambda: TEMPLATE.read_bytes(), ("không phải sổ",)),
    # zipfile stops at the declared size, then finds the checksum wrong: a damaged file, read no further
    ("zip member lying about its size", lambda: _lying_zip(30_000, 300_000_000), ("bị hỏng",)),
    ("honest zip bomb", lambda: _zip({**_parts(EXAMPLE), "xl/media/big.bin": b"\0" * 250_000_000}),
     ("tệp nén bất thường",)),
    ("100,000 members", lambda: _many_members(100_000), ("phần",)),
    ("DOCTYPE in the sheet", lambda: _with_sheet(lambda x: _doctype(x, "utf-8")), ("DOCTYPE",)),
    ("DOCTYPE in UTF-16", lambda: _with_sheet(lambda x: _doctype(x, "utf-16")), ("DOCTYPE",)),
    ("DOCTYPE in UTF-32", lambda: _with_sheet(lambda x: _doctype(x, "utf-32")), ("DOCTYPE",)),
    ("billion laughs", _billion_laughs, ("DOCTYPE",)),
    ("truncated file", lambda: EXAMPLE.read_bytes()[:5000], ("bị hỏng",)),
    ("malformed sheet XML", lambda: _with_sheet(lambda x: x[: len(x) // 2]), ("bị hỏng",)),
    ("deeply nested XML", lambda: _with_sheet(lambda x: x.replace(b"</sheetData>", b"<a>" * 100_000
                                                                  + b"</a>" * 100_000 + b"</sheetData>")),
     ("bị hỏng",)),
    ("row number ²", lambda: _with_sheet(lambda x: x.replace(b'<row r="4"', '<row r="²" hidden="1"'.encode(), 1)),
     ("số dòng",)),
    ("row number of 5,000 digits", lambda: _with_sheet(lambda x: x.replace(b'<row r="4"', b'<row hidden="1" r="'
                                                                           + b"9" * 5000 + b'"', 1)),
     ("số dòng",)),
    ("cell reference of 5,000 digits", lambda: _with_cell('<c r="N' + "9" * 5000 + '"><v>1</v></c>'),
     ("địa chỉ ô",)),
    ("number of 4,400 digits", lambda: _with_cell('<c r="N4"><v>' + "9" * 4400 + "</v></c>"), ("N4",)),
    ("number of 4,400 digits typed as text", lambda: _with_cell(_inline("9" * 4400)), ("N4", "quá lớn")),
    # 10 MB of one letter compresses 680:1: refused as a zip bomb before it is read
    ("10 MB in one cell", lambda: _with_cell(_inline("x" * 10_000_000)), ("nén bất thường",)),
    ("100,000 characters in one cell", lambda: _with_cell(_inline(os.urandom(50_000).hex())),
     ("N4", "ô dài 100.000 ký tự, quá giới hạn 32.767 ký tự của")),
    ("1,000,000 rows", lambda: _dense_rows(1_000_000), ("quá lớn",)),
    ("250,000 rows", lambda: _dense_rows(250_000), ('trang "Chỉ tiêu": có hơn 200.000 ô có dữ liệu', "ô), quá nhiều")),
    ("merged ranges down to row 1,048,576", lambda: _merged_to_the_end(20), ()),
    ("two sheets Chỉ tiêu", _two_indicator_sheets, ("Chi tieu", "Chỉ tiêu")),
    # Excel writes a control character as _x0007_
    ("control characters", lambda: _with_cell(_inline("Trồng rừng_x0007_")), ("N4", "ký tự điều khiển")),
    # the columns are found by their headers: a note moved right of the standard ones is read, and cleaned
    ("control characters far right", lambda: _with_sheet(lambda x: x.replace(
        b"</row>", '<c r="Z4" t="inlineStr"><is><t>ghi_x0007_chú</t></is></c></row>'.encode(), 1)),
     ("Z4", "ký tự điều khiển")),
    ("formula that looks like a name", lambda: _with_cell(_inline("=HYPERLINK(&quot;http://x&quot;)")),
     ("N4",)),
    ("16,384 columns", lambda: _with_sheet(lambda x: x.replace(b"</row>", b'<c r="XFD4"><v>1</v></c></row>', 1)),
     ()),
]


@pytest.mark.parametrize(("case", "make", "words"), WORKBOOKS, ids=[c for c, _, _ in WORKBOOKS])
def test_a_hostile_workbook_gets_a_clean_answer(tmp_path: Path, case: str, make: Callable[[], bytes],
                                                words: tuple[str, ...]) -> None:
    path = tmp_path / "inputs" / "hostile.xlsx"
    path.parent.mkdir()
    path.write_bytes(make())
    other = tmp_path / "inputs" / "06475-bang-mac.xlsx"
    shutil.copy(ROOT / "inputs" / other.name, other)
    start = time.monotonic()
    results = validate_workbooks([path, other], load_catalog(), root=tmp_path)
    seconds = time.monotonic() - start
    assert seconds < 10, f"{case}: {seconds:.1f} s"
    hostile, sound = results
    text = "\n".join(p.format() for p in hostile.problems)
    assert "inputs/hostile.xlsx" in text or not hostile.problems
    assert "không mong đợi" not in text and "Traceback" not in text
    for word in words:
        assert word in text, f"{case}: {text[:500]}"
    # the other file is still read and judged
    assert sound.data is not None and not any(p.is_error for p in sound.problems)


#: The cases that aim at memory, run through the command line in a child process: its peak resident memory
#: must stay under 300 MB (and its address space is capped at 1 GB, so a runaway fails fast).
MEMORY = ["zip member lying about its size", "honest zip bomb", "1,000,000 rows", "250,000 rows", "10 MB in one cell",
          "100,000 characters in one cell", "merged ranges down to row 1,048,576", "billion laughs"]


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS and /proc/self/status are Linux's")
@pytest.mark.parametrize("case", MEMORY)
def test_no_hostile_workbook_takes_more_than_300_mb(tmp_path: Path, case: str) -> None:
    make = next(m for c, m, _ in WORKBOOKS if c == case)
    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "hostile.xlsx").write_bytes(make())
    code = ("import atexit, resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))\n"
            # the peak of this program's own memory (ru_maxrss would count the test process it was forked from)
            "atexit.register(lambda: print('RSS', next(l.split()[1] for l in open('/proc/self/status')"
            " if l.startswith('VmHWM')), file=sys.stderr))\n"
            "from nqreport.launch import main\n"
            "sys.argv = ['nqreport', 'validate', '-w', sys.argv[1]]\nmain()\n")
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert time.monotonic() - start < 10, case
    assert done.returncode in (0, 1), done.stderr[-500:]
    assert "MemoryError" not in done.stderr and "không mong đợi" not in done.stderr, done.stderr[-500:]
    peak_mb = int(done.stderr.rsplit("RSS ", 1)[1].split()[0]) / 1024
    assert peak_mb < 300, f"{case}: {peak_mb:.0f} MB"


def test_a_link_is_named_as_given_and_one_out_of_the_workspace_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.xlsx"
    shutil.copy(EXAMPLE, outside)
    workspace = tmp_path / "ws"
    (workspace / "inputs").mkdir(parents=True)
    (workspace / "inputs" / "06004-quoc-khanh.xlsx").symlink_to(outside)
    (workspace / "inputs" / "zero.xlsx").symlink_to("/dev/zero")
    code, _, err = invoke("validate", "-w", str(workspace))
    assert code == 1
    assert "inputs/06004-quoc-khanh.xlsx" in err and "ngoài thư mục làm việc" in err
    assert "inputs/zero.xlsx" in err and "không phải tệp thường" in err
    assert "không mong đợi" not in err


def _nqreport(*args: str) -> subprocess.CompletedProcess[str]:
    """The program in its own process, stopped after a minute: a command that waits on a device must fail."""
    return subprocess.run([sys.executable, "-m", "nqreport", *args], capture_output=True, text=True, timeout=60,
                          check=False)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes with a name are a POSIX thing")
def test_no_command_reads_a_link_it_refuses_nor_waits_on_a_pipe(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(ROOT / "templates", workspace / "templates")
    shutil.copy(ROOT / "nqreport.toml", workspace / "nqreport.toml")
    (workspace / "inputs").mkdir()
    shutil.copy(EXAMPLE, workspace / "inputs" / EXAMPLE.name)
    (workspace / "inputs" / "zero.xlsx").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe")
    (workspace / "inputs" / "pipe.xlsx").symlink_to(tmp_path / "pipe")
    for command in (("build", "-j", "1"), ("status",), ("collect", str(tmp_path / "none"))):
        (tmp_path / "none").mkdir(exist_ok=True)
        done = _nqreport(*command, "-w", str(workspace))
        assert "Traceback" not in done.stderr and "không mong đợi" not in done.stderr, (command, done.stderr)
    built = _nqreport("build", "-j", "1", "-w", str(workspace))
    assert "inputs/zero.xlsx" in built.stderr and "không phải tệp thường" in built.stderr
    assert (workspace / "outputs" / "06004-quoc-khanh" / "bao-cao.docx").is_file()
    os.mkfifo(tmp_path / "direct.xlsx")
    named = _nqreport("validate", str(tmp_path / "direct.xlsx"))
    assert named.returncode == 1 and "không phải tệp thường" in named.stderr


# --------------------------------------------------------------------------- templates


def _template(body: str) -> bytes:
    parts = _parts(TEMPLATE)
    document = parts["word/document.xml"].decode("utf-8")
    paragraph = f"<w:p><w:r><w:t xml:space=\"preserve\">{body}</w:t></w:r></w:p>"
    parts["word/document.xml"] = document.replace("<w:body>", "<w:body>" + paragraph, 1).encode("utf-8")
    return _zip(parts)


def _template_bomb() -> bytes:
    parts = _parts(TEMPLATE)
    parts["word/media/big.bin"] = b"\0" * 300_000_000
    return _zip(parts)


def _template_doctype() -> bytes:
    parts = _parts(TEMPLATE)
    parts["word/document.xml"] = _doctype(parts["word/document.xml"], "utf-8")
    return _zip(parts)


def _template_of_a_later_zip() -> bytes:
    """A template whose members say they need a zip version Python does not read (a damaged directory reads
    the same): zipfile raises NotImplementedError."""
    data = bytearray(TEMPLATE.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        data[at + 6:at + 8] = (250).to_bytes(2, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


#: (case, template bytes, words the answer must hold)
TEMPLATES: list[tuple[str, Callable[[], bytes], tuple[str, ...]]] = [
    ("include", lambda: _template("{% include 'x.docx' %}"), ("include",)),
    ("import", lambda: _template("{% import 'x' as y %}"), ("import",)),
    ("extends", lambda: _template("{% extends 'x' %}"), ("extends",)),
    ("class escape", lambda: _template("{{ ''.__class__.__mro__ }}"), ("__class__",)),
    ("format escape", lambda: _template("{{ '{0.__class__}'.format(ten_xa) }}"), ()),
    ("format_map", lambda: _template("{{ '{0}'.format_map({}) }}"), ()),
    ("huge string", lambda: _template("{{ 'A' * 400000000 }}"), ("1.000.000",)),
    ("huge padding", lambda: _template("{{ 'A'.ljust(400000000) }}"), ("1.000.000",)),
    ("endless loop", lambda: _template("{% for i in range(100000) %}{% for j in range(100000) %}"
                                      "{% endfor %}{% endfor %}"), ("giây",)),
    ("endless recursion", lambda: _template("{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}"), ("macro",)),
    ("lipsum", lambda: _template("{{ lipsum }}"), ("lipsum",)),
    ("cycler", lambda: _template("{{ cycler }}"), ("cycler",)),
    ("template zip bomb", _template_bomb, ("nén bất thường",)),
    ("template with a DOCTYPE", _template_doctype, ("DOCTYPE",)),
    ("template of a later zip version", _template_of_a_later_zip, ("không phải tệp Word .docx",)),
]


def _workspace_with(tmp_path: Path, template: bytes) -> Path:
    root = tmp_path / "ws"
    for name in ("inputs", "templates"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "nqreport.toml", root / "nqreport.toml")
    (root / "templates" / "bao-cao-xa.docx").write_bytes(template)
    return root


@pytest.mark.parametrize(("case", "make", "words"), TEMPLATES, ids=[c for c, _, _ in TEMPLATES])
def test_check_reports_what_build_refuses_and_build_leaves_outputs_as_they_were(
        tmp_path: Path, case: str, make: Callable[[], bytes], words: tuple[str, ...]) -> None:
    root = _workspace_with(tmp_path, make())
    code, _, checked = invoke("check", "-w", str(root))
    assert code == 1, f"{case}: check approved it\n{checked}"
    assert "không mong đợi" not in checked
    for word in words:
        assert word in checked, f"{case}: {checked[-800:]}"
    start = time.monotonic()
    code, _, built = invoke("build", "-w", str(root), "-j", "1")
    assert time.monotonic() - start < 60
    assert code == 1, f"{case}: build accepted it"
    assert "không mong đợi" not in built and "Traceback" not in built, built[-800:]
    assert "bao-cao-xa.docx" in built
    assert not (root / "outputs" / "manifest.json").exists()
    assert not [p for p in (root / "outputs").iterdir() if p.name.startswith(".nqreport")]


def test_the_same_template_gives_the_same_bytes_whatever_it_prints(tmp_path: Path) -> None:
    """Nothing a template can print changes from run to run (``{{ lipsum }}`` printed a memory address)."""
    root = _workspace_with(tmp_path, _template("{{ range(3)|list }} {{ ten_xa }}"))
    assert invoke("build", "-w", str(root), "-j", "1", "-q")[0] == 0
    first = (root / "outputs" / "06004-quoc-khanh" / "bao-cao.docx").read_bytes()
    assert invoke("build", "-w", str(root), "-j", "1", "-q")[0] == 0
    assert (root / "outputs" / "06004-quoc-khanh" / "bao-cao.docx").read_bytes() == first


def test_a_failed_template_names_the_old_reports_left_as_they_were(tmp_path: Path) -> None:
    root = _workspace_with(tmp_path, TEMPLATE.read_bytes())
    assert invoke("build", "-w", str(root), "-q")[0] == 0
    (root / "templates" / "bao-cao-xa.docx").write_bytes(_template("{{ '{0}'.format_map({}) }}"))
    code, _, err = invoke("build", "-w", str(root), "-j", "1")
    assert code == 1
    assert "outputs/06004-quoc-khanh: Cảnh báo: vẫn là báo cáo của lần chạy trước" in err

