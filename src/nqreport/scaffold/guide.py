"""The generated part of docs/huong-dan-mau.md, the secretaries' guide to the Word templates.

The guide is written by hand, except its list of variables and filters, which is the contract itself
(:func:`nqreport.render.contract.contract_markdown`) with its headings moved one level down; a test checks
that the file holds exactly what :func:`reference_section` gives, so the guide cannot fall behind
the code. ``python tools/make_guide.py`` rewrites that section in place.
"""

from __future__ import annotations

from nqreport.render.contract import contract_markdown

BEGIN = "<!-- BẮT ĐẦU PHẦN SINH TỰ ĐỘNG: nqreport context --format markdown; đừng sửa tay -->"
END = "<!-- KẾT THÚC PHẦN SINH TỰ ĐỘNG -->"


def reference_section() -> str:
    """The contract as a section of the guide: no title of its own, headings one level down."""
    lines = contract_markdown().splitlines()
    body = [line for line in lines[1:] if not line.startswith("<!--")]
    while body and not body[0].strip():
        body.pop(0)
    out = [f"#{line}" if line.startswith("#") else line for line in body]
    return "\n".join(out).strip()


def with_reference(guide: str) -> str:
    """``guide`` with the text between the markers replaced by the current reference section."""
    start = guide.index(BEGIN) + len(BEGIN)
    end = guide.index(END)
    return f"{guide[:start]}\n\n{reference_section()}\n\n{guide[end:]}"


def current_reference(guide: str) -> str:
    """The text between the markers, as the file holds it."""
    start = guide.index(BEGIN) + len(BEGIN)
    return guide[start:guide.index(END)].strip()
