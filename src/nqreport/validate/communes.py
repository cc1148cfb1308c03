"""A workbook's commune against the official list of communes, and against the communes its workspace
expects; and which commune a workbook is (:func:`identify`, for ``nqreport collect`` and the submission
board).

Warnings, not errors: the report can still be written, but a wrong code files a commune's figures under
another commune (the output folder, the summary and ``nqreport collect`` all go by the code), and a
workbook of another province does not belong in the province's summary. Each warning is at the commune
sheet's code cell and names the commune the code belongs to, so the official sees which of the two cells
to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nqreport.config.catalog import load_catalog
from nqreport.config.communes import Unit, load_register, name_key
from nqreport.config.expected import Expectation
from nqreport.config.workspace import link_refusal
from nqreport.errors import Problem, Severity, WorkbookError
from nqreport.model import ReadResult
from nqreport.read.book import read_file
from nqreport.read.workbook import Identity, read_identity


def check_commune(result: ReadResult, expect: Expectation | None = None) -> list[Problem]:
    """The warnings of one workbook's code, name and province (none when its commune sheet could not be read:
    reading has said why)."""
    if result.data is None:
        return []
    commune = result.data.commune
    register = load_register()
    file = result.name or Path(result.path).name

    def warn(message: str) -> Problem:
        return Problem(file, commune.sheet, commune.cell("code"), Severity.WARNING, message)

    unit = register.get(commune.code)
    if unit is None:
        guesses = register.find(commune.name, commune.province)
        hint = (f"; theo tên và tỉnh thì đây có thể là {guesses[0].described}, mã {guesses[0].code}"
                if len(guesses) == 1 else "")
        return [warn(f"mã {commune.code} không phải mã của đơn vị hành chính cấp xã nào trong danh sách 3.321 xã, "
                     f"phường, đặc khu từ 1/7/2025{hint}; hãy sửa mã theo Quyết định 19/2025/QĐ-TTg")]
    problems = []
    written = []
    if name_key(commune.name) != name_key(unit.name):
        written.append(commune.full_name)
    if name_key(commune.province) != name_key(unit.province):
        written.append(f"tỉnh {commune.province}")
    if written:
        problems.append(warn(f"mã {unit.code} là {unit.described}; sổ ghi {', '.join(written)}. Hãy sửa mã hoặc "
                             "tên cho đúng: báo cáo, bảng tổng hợp và lệnh nqreport collect đều xếp sổ theo mã"))
    if expect is not None and expect.province and unit.province_code != expect.province:
        problems.append(warn(f"{unit.full_name} (mã {unit.code}) thuộc {unit.province_phrase}, không thuộc "
                             f"{expect.province_phrase} của thư mục làm việc ({expect.source}); nếu sổ gửi nhầm, "
                             "hãy bỏ nó ra khỏi thư mục inputs, nếu mã sai hãy sửa mã"))
    elif expect is not None and not expect.expects(unit.code):
        problems.append(warn(f"{unit.described} (mã {unit.code}) không có trong {expect.source}; nếu sổ gửi "
                             "nhầm, hãy bỏ nó ra khỏi thư mục inputs, nếu không hãy thêm xã vào danh sách"))
    return problems


# --------------------------------------------------------------------------- which commune a workbook is


@dataclass(frozen=True)
class Identified:
    """The commune a workbook belongs to, or why it cannot be told."""

    unit: Unit | None
    #: Why no commune (Vietnamese, what to fix); "" when found.
    reason: str = ""
    #: Found by name and province, the code being missing.
    by_name: bool = False


def identify(identity: Identity, expect: Expectation | None = None) -> Identified:
    """The commune of a workbook by its code; by its name and province when the code is missing and the
    match is unique (the workspace's province stands in for a province left blank).

    A code and a name that disagree are refused rather than guessed: filing a workbook under the code's
    commune would replace that commune's workbook with another's figures.
    """
    register = load_register()
    cell = f"ô {identity.sheet} › {identity.code_cell}" if identity.code_cell else f'trang "{identity.sheet}"'
    written = f"{identity.unit_type.lower()} {identity.name}".strip()
    if identity.code is not None:
        unit = register.get(identity.code)
        if unit is None:
            guesses = register.find(identity.name, identity.province) if identity.name else ()
            hint = f" (theo tên và tỉnh có thể là {guesses[0].described}, mã {guesses[0].code})" if len(guesses) == 1 else ""
            return Identified(None, f"mã {identity.code} ở {cell} không phải mã xã nào trong danh sách từ 1/7/2025"
                                    f"{hint}; hãy sửa mã trong sổ rồi gửi lại")
        if identity.name and name_key(identity.name) != name_key(unit.name):
            return Identified(None, f"mã {unit.code} là {unit.described} nhưng sổ ghi {written}: không rõ là sổ của "
                                    "xã nào; hãy sửa mã hoặc tên trong sổ cho đúng rồi gửi lại")
        elsewhere = [u for u in register.find(unit.name, identity.province)
                     if identity.province and u.province_code != unit.province_code]
        if elsewhere and name_key(identity.province) != name_key(unit.province):
            return Identified(None, f"mã {unit.code} là {unit.described} nhưng sổ ghi tỉnh {identity.province}, nơi "
                                    f"cũng có {elsewhere[0].full_name} (mã {elsewhere[0].code}): không rõ là sổ của "
                                    "xã nào; hãy sửa mã hoặc tỉnh trong sổ cho đúng rồi gửi lại")
        return Identified(unit)
    if not identity.name:
        return Identified(None, f'sổ không ghi mã xã và tên xã (trang "{identity.sheet}"): không biết là sổ của xã '
                                "nào; hãy điền mã xã rồi gửi lại")
    province = identity.province or (expect.province if expect is not None else "")
    found = register.find(identity.name, province)
    where = f" ở tỉnh {identity.province}" if identity.province else (
        f" ở {expect.province_phrase}" if province and expect is not None else "")
    if len(found) == 1:
        return Identified(found[0], by_name=True)
    if not found:
        return Identified(None, f"sổ không ghi mã xã, và không có xã nào tên {identity.name}{where} trong danh sách "
                                f"từ 1/7/2025; hãy điền mã xã vào {cell} rồi gửi lại")
    named = ", ".join(f"{u.code} ({u.province_phrase})" for u in found[:5]) + (", …" if len(found) > 5 else "")
    return Identified(None, f"sổ không ghi mã xã, và tên {identity.name}{where} có ở {len(found)} đơn vị: {named}; "
                            f"hãy điền mã xã vào {cell} rồi gửi lại")


def commune_code(result: ReadResult, path: Path, root: Path) -> str | None:
    """The commune code of a workbook as read, or, when its commune sheet was incomplete (a year or a date
    missing), as its commune sheet still tells (by code, or by a unique name): a workbook with errors is
    still a workbook received from that commune. A link the reader refused is not read here either."""
    if result.data is not None:
        return result.data.commune.code
    if link_refusal(path, root) is not None:
        return None
    try:
        identity = read_identity(read_file(path), load_catalog(), label=result.name)
    except WorkbookError:
        return None
    if identity.code is not None:
        return identity.code
    found = identify(identity)
    return found.unit.code if found.unit is not None else None
