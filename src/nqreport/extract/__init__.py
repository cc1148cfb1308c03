"""``nqreport extract``: a HĐND resolution read into the rows of a standardized workbook.

    sources (the file into lines: .txt, .docx, .pdf, OCR, LibreOffice)
    → layout (lines into paragraphs with their markers)
    → section (the targets section, its items and field headings)
    → rows (an item into its targets) → phrase (one target: kind, value, unit, deadline)
    identity (the commune, its code, the year, number and date) alongside
    → workbook (the blank-workbook writer, uncertain rows highlighted) or jsonview (for other tools)

Everything but :mod:`sources` (and what it calls) is pure. Text outside the targets section never
becomes a row.
"""

from __future__ import annotations

from pathlib import Path

from nqreport.config.communes import Register, load_register
from nqreport.errors import Problem, ResolutionError, Severity
from nqreport.extract.identity import read_identity
from nqreport.extract.layout import paragraphs
from nqreport.extract.model import Extraction, Identity, SourceText, Target
from nqreport.extract.rows import item_targets
from nqreport.extract.section import find_section
from nqreport.extract.sources import read_source

__all__ = ["Extraction", "Identity", "Target", "extract", "extract_text"]


def extract(path: Path, *, register: Register | None = None) -> Extraction:
    """Read the resolution at ``path``; :class:`ResolutionError` when it cannot be read or has no targets."""
    return extract_text(read_source(path), path, register=register)


def extract_text(source: SourceText, path: Path, *, register: Register | None = None) -> Extraction:
    """The targets and identity of a resolution already turned into lines (``path`` names it in messages)."""
    found = paragraphs(source.lines)
    identity, missing = read_identity(source.lines, register or load_register())
    section = find_section(found)
    if section is None:
        raise ResolutionError(f"{path}: không tìm thấy mục chỉ tiêu (ví dụ \"2. Các chỉ tiêu chủ yếu\" hoặc \"Về kinh "
                              "tế:\" có các chỉ tiêu đánh số); đây có phải Nghị quyết về kế hoạch năm của xã không? "
                              "Nếu phải, hãy gửi tệp cho người phát triển, hoặc nhập chỉ tiêu vào sổ bằng tay "
                              "(nqreport blank)")
    targets = tuple(target for item in section.items
                    for target in item_targets(item, identity.year, ocr=source.ocr))
    if not targets:
        raise ResolutionError(f"{path}: mục \"{section.heading}\" (dòng {section.line}) không có chỉ tiêu nào đọc "
                              "được; hãy nhập chỉ tiêu vào sổ bằng tay (nqreport blank)")
    problems = tuple(Problem(str(path), "", "", Severity.WARNING, message) for message in missing)
    return Extraction(path, identity, targets, problems, section.heading, source.ocr, source.format)
