"""Which communes a workspace expects a workbook from: its province, or its own list of communes.

``nqreport.toml`` may name a province (``province = 20`` or ``province = "Lạng Sơn"``): every commune of
that province in the official list is expected. A body that is not a whole province names a list file
instead (``communes = "danh-sach-xa.csv"``), one commune a line:

- the commune's 5-digit code first; a code Excel saved as a number ("6004") is read as 06004;
- after it, separated by a comma, semicolon or tab, anything else (the name, a note); a name there is
  checked against the code, since a list typed by hand is where a wrong code hides;
- blank lines and lines starting with ``#`` are skipped, and so is a first line that holds no code (the
  column titles, "Mã xã,Tên xã");
- UTF-8 (with or without the BOM Excel writes), or Windows-1258 for a list Excel saved as plain "CSV".

Both keys may be set: then the list says which communes, and each must be of the province.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nqreport.config.communes import Register, Unit, load_register, name_key, province_phrase
from nqreport.errors import ConfigError, Problem, Severity
from nqreport.schema import COMMUNE_CODE_LENGTH
from nqreport.text import clean

if TYPE_CHECKING:
    from nqreport.config.settings import Settings

#: A list file bigger than this is not a list of communes (the whole country fits in 200 KB).
MAX_LIST_BYTES = 2 * 1024 * 1024
_SEPARATOR = re.compile(r"[,;\t]")
#: The code first, the name after it, in the first field ("06004", "6004", "06004 Quốc Khánh").
_LEADING_CODE = re.compile(r"^(\d{1,5})(?:\.0)?(?:\s+(.*))?$")


@dataclass(frozen=True)
class Expectation:
    """What a workspace says about its communes, for the rules that compare a workbook with it."""

    #: The province's 2-digit code ("" when the workspace names none).
    province: str = ""
    #: The expected communes' codes in the order of the list (or of the official list for a province);
    #: None when the workspace names neither a province nor a list.
    codes: tuple[str, ...] | None = None
    #: Where the expectation comes from, as messages name it: 'province = 20 trong nqreport.toml',
    #: 'danh sách xã danh-sach-xa.csv'.
    source: str = ""

    def expects(self, code: str) -> bool:
        return self.codes is None or code in self.codes

    def units(self) -> tuple[Unit, ...] | None:
        """The expected communes, in order; None when the workspace does not say."""
        return _units(self.codes)

    @property
    def province_phrase(self) -> str:
        """"tỉnh Lạng Sơn" ("" when no province is named)."""
        if not self.province:
            return ""
        return province_phrase(load_register().province_full(self.province))


def expectation(settings: Settings) -> Expectation:
    """What ``settings`` expect; an empty :class:`Expectation` when they name neither province nor list.

    Raises :class:`ConfigError` when the list file cannot be used (``load_settings`` checks it first, so
    this only happens when the file changed since)."""
    register = load_register()
    province = settings.province
    if settings.communes:
        path = settings.root / settings.communes
        codes, problems = read_commune_list(path, settings.communes, register, province)
        if problems:
            raise ConfigError(f"{settings.communes} có {len(problems)} lỗi (ở trên); hãy sửa rồi chạy lại",
                              problems)
        return Expectation(province, codes, f"danh sách xã {settings.communes}")
    if province:
        codes = tuple(u.code for u in register.units if u.province_code == province)
        return Expectation(province, codes, f"province = {province} trong nqreport.toml")
    return Expectation()


def expected_communes(settings: Settings) -> tuple[Unit, ...] | None:
    """The communes the workspace expects a workbook from, in order; None when it does not say."""
    return expectation(settings).units()


def _units(codes: tuple[str, ...] | None) -> tuple[Unit, ...] | None:
    if codes is None:
        return None
    register = load_register()
    return tuple(unit for code in codes if (unit := register.get(code)) is not None)


def read_commune_list(path: Path, shown: str, register: Register,
                      province: str = "") -> tuple[tuple[str, ...], list[Problem]]:
    """The codes of a list file, in order and each once, and every problem of the file (each naming its
    line). ``shown`` is how the file is named in messages; ``province`` (a code) is the workspace's."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_LIST_BYTES + 1)
    except FileNotFoundError:
        return (), [_problem(shown, "", f"không tìm thấy tệp danh sách xã {shown} (tính từ thư mục làm việc); hãy "
                                        "tạo tệp này (mỗi dòng một mã xã) hoặc sửa khóa communes trong nqreport.toml")]
    except OSError:
        return (), [_problem(shown, "", "không đọc được tệp danh sách xã (đang mở trong chương trình khác, hoặc "
                                        "không có quyền đọc); hãy đóng tệp rồi chạy lại")]
    if len(data) > MAX_LIST_BYTES or data.startswith((b"PK\x03\x04", bytes.fromhex("D0CF11E0"))):
        return (), [_problem(shown, "", "tệp danh sách xã phải là tệp văn bản (CSV), mỗi dòng một mã xã; nếu "
                                        "danh sách đang ở Excel, hãy chọn Lưu thành › CSV UTF-8 (.csv)")]
    text = _decode(data)
    codes: dict[str, None] = {}
    problems: list[Problem] = []
    content_lines = 0
    for number, line in enumerate(text.splitlines(), start=1):
        line = clean(line)
        if not line or line.startswith("#"):
            continue
        content_lines += 1
        fields = [clean(field.strip('"')) for field in _SEPARATOR.split(line)]
        match = _LEADING_CODE.match(fields[0])
        if match is None:
            if content_lines == 1:
                continue  # the column titles
            problems.append(_problem(shown, number, f'"{line}" không bắt đầu bằng mã xã; mỗi dòng ghi mã 5 chữ '
                                                    "số của một xã, có thể ghi tên sau dấu phẩy, ví dụ 06004,Quốc Khánh"))
            continue
        code = match.group(1).zfill(COMMUNE_CODE_LENGTH)
        unit = register.get(code)
        if unit is None:
            problems.append(_problem(shown, number, f"mã {code} không phải mã đơn vị hành chính cấp xã nào (danh "
                                                    "sách từ 1/7/2025); hãy sửa mã theo Quyết định 19/2025/QĐ-TTg"))
            continue
        name = clean(match.group(2) or (fields[1] if len(fields) > 1 else ""))
        if name and not name[0].isdigit() and name_key(name) != name_key(unit.name):
            problems.append(_problem(shown, number, f"mã {code} là {unit.described}; danh sách ghi {name}; hãy "
                                                    "sửa mã hoặc tên cho đúng"))
            continue
        if province and unit.province_code != province:
            wanted = province_phrase(register.province_full(province))
            problems.append(_problem(shown, number, f"{unit.full_name} (mã {code}) thuộc {unit.province_phrase}, "
                                                    f"không thuộc {wanted} (province = {province} trong "
                                                    "nqreport.toml); hãy bỏ dòng này hoặc sửa province"))
            continue
        codes.setdefault(code, None)
    if not codes and not problems:
        problems.append(_problem(shown, "", "danh sách xã không có mã xã nào; mỗi dòng ghi mã 5 chữ số của một "
                                            "xã, ví dụ 06004,Quốc Khánh"))
    return tuple(codes), problems


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _problem(shown: str, line: int | str, message: str) -> Problem:
    return Problem(shown, "", f"dòng {line}" if line != "" else "", Severity.ERROR, message)
