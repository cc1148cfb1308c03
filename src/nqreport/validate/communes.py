"""A workbook's commune against the official list of communes, and against the communes its workspace
expects.

Warnings, not errors: the report can still be written, but a wrong code files a commune's figures under
another commune (the output folder, the summary and ``nqreport collect`` all go by the code), and a
workbook of another province does not belong in the province's summary. Each warning is at the commune
sheet's code cell and names the commune the code belongs to, so the official sees which of the two cells
to fix.
"""

from __future__ import annotations

from pathlib import Path

from nqreport.config.communes import load_register, name_key
from nqreport.config.expected import Expectation
from nqreport.errors import Problem, Severity
from nqreport.model import ReadResult


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
