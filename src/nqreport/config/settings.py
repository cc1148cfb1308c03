"""The workspace settings file, ``nqreport.toml``.

TOML, never executed code. Every key is optional; a missing file means all defaults. Unknown keys are
reported (a typo must not be silently ignored).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from nqreport.errors import ConfigError, os_reason
from nqreport.schema import Period, parse_period

SETTINGS_FILE = "nqreport.toml"


@dataclass(frozen=True)
class EvalSettings:
    """What evaluation may be tuned with; pure data handed to the pure functions."""

    #: "Khoảng" is met within this many percent of the target, either side.
    approx_tolerance_pct: Decimal = Decimal(5)
    #: Decimals shown for percentages (percent of plan, rates).
    percent_places: int = 1


@dataclass(frozen=True)
class TemplateSettings:
    commune: str = "bao-cao-xa.docx"
    appendix: str = "phu-luc-xa.docx"
    summary: str = "bao-cao-tong-hop.docx"


@dataclass(frozen=True)
class SummarySettings:
    """Header of the cross-commune summary report (who sends it)."""

    issuing_body: str = ""
    parent_body: str = ""
    place: str = ""
    title: str = ""
    signer_authority: str = ""
    signer_title: str = ""
    signer: str = ""


@dataclass(frozen=True)
class Settings:
    root: Path
    year: int | None = None
    period: Period | None = None
    inputs: str = "inputs"
    outputs: str = "outputs"
    templates_dir: str = "templates"
    catalog: str = ""
    evaluation: EvalSettings = field(default_factory=EvalSettings)
    templates: TemplateSettings = field(default_factory=TemplateSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)

    @property
    def inputs_path(self) -> Path:
        return self.root / self.inputs

    @property
    def outputs_path(self) -> Path:
        return self.root / self.outputs

    @property
    def templates_path(self) -> Path:
        return self.root / self.templates_dir

    @property
    def catalog_path(self) -> Path | None:
        return self.root / self.catalog if self.catalog else None

    def with_overrides(self, **changes: Any) -> Settings:
        """Command-line options override the file only when given (``None`` means not given)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_settings(root: Path) -> Settings:
    """Read ``root/nqreport.toml``; defaults when it does not exist.

    A workspace folder that does not exist is an error here, not later: otherwise every command would
    complain about something inside it (no templates, no inputs) and hide the mistyped path.
    """
    if not root.is_dir():
        what = "không phải thư mục" if root.exists() else "không tìm thấy thư mục làm việc này"
        raise ConfigError(f"{root}: {what}; hãy kiểm tra đường dẫn sau -w, hoặc tạo thư mục làm việc mới "
                          f"bằng: nqreport init {root}")
    path = root / SETTINGS_FILE
    if not path.exists():
        return Settings(root=root)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path.name}: tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: {toml_error_message(exc)}") from exc
    except OSError as exc:
        raise ConfigError(f"{path.name}: không đọc được tệp ({os_reason(exc)})") from exc
    return _build(path.name, root, raw)


#: tomllib's messages (English) → what they mean for someone editing the file in Notepad.
_TOML_MESSAGES = (
    ("Unterminated string", "chuỗi chưa có dấu ngoặc kép đóng"),
    ("Illegal character '\\n'", "chuỗi chưa có dấu ngoặc kép đóng trước khi hết dòng"),
    ("Illegal character", "có ký tự không được phép"),
    ("Invalid value", 'giá trị không hợp lệ (chữ phải đặt trong dấu ngoặc kép, ví dụ period = "6 tháng"; '
                      "số thập phân viết bằng dấu chấm, ví dụ 2.5)"),
    ("Expected '=' after a key", 'thiếu dấu "=" giữa tên khóa và giá trị'),
    ("Cannot overwrite a value", "khóa này đã có ở trên; mỗi khóa chỉ ghi một lần"),
    ("Cannot declare", "mục này đã có ở trên; mỗi mục chỉ ghi một lần"),
    ("Expected newline or end of document", "sau giá trị còn chữ thừa; mỗi khóa một dòng"),
    ("Expected ']'", 'tên mục thiếu dấu "]" ở cuối, ví dụ [evaluation]'),
    ("Unclosed array", 'danh sách thiếu dấu "]" ở cuối'),
    ("Invalid initial character for a key part", "tên khóa bắt đầu bằng ký tự không hợp lệ"),
    ("Invalid statement", "dòng không đúng dạng khóa = giá trị"),
)
_TOML_WHERE = re.compile(r"\(at (?:line (\d+), column (\d+)|end of document)\)$")


def toml_error_message(exc: tomllib.TOMLDecodeError) -> str:
    """A TOML syntax error in Vietnamese, with its line and column (tomllib gives them only in English)."""
    text = str(exc)
    match = _TOML_WHERE.search(text)
    where = ""
    if match is not None:
        where = f" ở dòng {match.group(1)}, cột {match.group(2)}" if match.group(1) else " ở cuối tệp"
    meaning = next((vi for en, vi in _TOML_MESSAGES if text.startswith(en)), "không đúng cú pháp")
    return (f"sai cú pháp TOML{where}: {meaning}. Hãy sửa chỗ đó (mỗi dòng dạng khóa = giá trị; chữ đặt trong "
            'dấu ngoặc kép, ví dụ period = "6 tháng"), hoặc chép lại nqreport.toml từ nqreport init')


_TOP_KEYS = {"year", "period", "inputs", "outputs", "templates_dir", "catalog"}
_SECTIONS = {"evaluation": EvalSettings, "templates": TemplateSettings, "summary": SummarySettings}


def _build(name: str, root: Path, raw: dict[str, Any]) -> Settings:
    unknown = sorted(set(raw) - _TOP_KEYS - set(_SECTIONS))
    if unknown:
        raise ConfigError(
            f'{name}: không có khóa "{unknown[0]}"; các khóa hợp lệ: '
            + ", ".join(sorted(_TOP_KEYS | set(_SECTIONS)))
        )
    values: dict[str, Any] = {"root": root}
    if "year" in raw:
        if not isinstance(raw["year"], int) or not 2000 <= raw["year"] <= 2100:
            raise ConfigError(f"{name}: year phải là một năm, ví dụ year = 2026")
        values["year"] = raw["year"]
    if "period" in raw and str(raw["period"]).strip():
        # Empty means "each workbook's own period", as the shipped file's comment tells users.
        values["period"] = period_option(str(raw["period"]), where=f"{name}: period")
    for key in ("inputs", "outputs", "templates_dir", "catalog"):
        if key in raw:
            if not isinstance(raw[key], str):
                raise ConfigError(f"{name}: {key} phải là chuỗi trong dấu ngoặc kép")
            if key != "catalog" and not raw[key].strip():
                raise ConfigError(f'{name}: {key} không được để trống; hãy ghi tên thư mục, ví dụ {key} = '
                                  f'"{getattr(Settings(root=root), key)}", hoặc xóa dòng này để dùng mặc định')
            values[key] = raw[key]
    for section, cls in _SECTIONS.items():
        if section in raw:
            values[section] = _section(name, section, cls, raw[section])
    settings = Settings(**values)
    _check_folders(name, settings)
    return settings


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_folders(name: str, settings: Settings) -> None:
    """outputs/ is "safe to delete" and a build writes into it: it must not be or hold the workspace, nor
    be, hold or sit inside the inputs or the templates."""
    outputs = settings.outputs_path.resolve()
    for key, folder in (("", settings.root), ("inputs", settings.inputs_path),
                        ("templates_dir", settings.templates_path)):
        other = folder.resolve()
        if _inside(other, outputs) or (key and _inside(outputs, other)):
            what = f'thư mục {key} ("{getattr(settings, key)}")' if key else "chính thư mục làm việc"
            raise ConfigError(f'{name}: outputs = "{settings.outputs}" trùng hoặc lồng với {what}; kết quả phải '
                              'ghi vào một thư mục riêng (mặc định outputs = "outputs"), vì mỗi lần lập báo cáo '
                              "ghi đè thư mục đó và có thể xóa nó đi bất cứ lúc nào")


def _section(name: str, section: str, cls: type[Any], raw: Any) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(f"{name}: [{section}] phải là một bảng")
    allowed = {f.name for f in fields(cls)}
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ConfigError(
            f'{name}: [{section}] không có khóa "{unknown[0]}"; các khóa hợp lệ: '
            + ", ".join(sorted(allowed))
        )
    values: dict[str, Any] = {}
    for key, value in raw.items():
        default = getattr(cls(), key)
        if isinstance(default, Decimal):
            try:
                number = None if isinstance(value, bool) else Decimal(str(value).strip())
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                raise ConfigError(f"{name}: [{section}] {key} phải là con số, ví dụ {key} = {default}")
            if number < 0:
                raise ConfigError(f"{name}: [{section}] {key} không được âm")
            values[key] = number
        elif isinstance(default, int):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 6:
                raise ConfigError(f"{name}: [{section}] {key} phải là số nguyên từ 0 đến 6")
            values[key] = value
        else:
            if not isinstance(value, str):
                raise ConfigError(f"{name}: [{section}] {key} phải là chuỗi trong dấu ngoặc kép")
            values[key] = value
    return cls(**values)


#: The periods one may type, for messages.
PERIOD_CHOICES = ("Năm, 9 tháng, 6 tháng, Quý I…Quý IV, Tháng 1…Tháng 12 (hoặc year, 9_months, 6_months, "
                  "quarter_1, month_1…)")


def period_option(text: str, where: str = "--period") -> Period:
    """A period from the command line or the settings file, by label ("6 tháng") or key ("6_months")."""
    period = parse_period(text)
    if period is None:
        raise ConfigError(f'{where}: không hiểu kỳ báo cáo "{text}"; hãy dùng: {PERIOD_CHOICES}')
    return period
