"""The workspace settings file, ``nqreport.toml``.

TOML, never executed code. Every key is optional; a missing file means all defaults. The file is checked
whole: every unknown key (a typo must not be silently ignored) and every bad value is reported, each with
its key, before the command stops.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from nqreport.config.tomlfile import read_toml
from nqreport.errors import ConfigError, Problem, Severity
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
    #: The workspace's province as its 2-digit code ("20"), "" when it names none: every commune of it is
    #: expected to send a workbook (``province = 20`` or ``province = "Lạng Sơn"`` in the file).
    province: str = ""
    #: A file of the workspace listing the communes expected, one code a line (config/expected.py).
    communes: str = ""
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
    return _build(path.name, root, read_toml(path, path.name, "không tìm thấy tệp"))


class _Problems:
    """The problems of one settings file, each under its key; raised together at the end."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[Problem] = []

    def add(self, key: str, message: str) -> None:
        self.items.append(Problem(self.name, "", key, Severity.ERROR, message))

    def raise_any(self) -> None:
        """One problem is said as before, in one line; several are listed, then one closing line."""
        if len(self.items) == 1:
            only = self.items[0]
            # A problem of the list of communes names that file and its line, not nqreport.toml.
            raise ConfigError(f"{self.name if only.file == self.name else only.location()}: {only.message}")
        if self.items:
            files = " và ".join(dict.fromkeys([self.name, *(p.file for p in self.items)]))
            raise ConfigError(f"{files} có {len(self.items)} lỗi (ở trên); hãy sửa hết rồi chạy lại", self.items)


_TOP_KEYS = {"year", "period", "inputs", "outputs", "templates_dir", "catalog", "province", "communes"}
_SECTIONS = {"evaluation": EvalSettings, "templates": TemplateSettings, "summary": SummarySettings}


def _build(name: str, root: Path, raw: dict[str, Any]) -> Settings:
    problems = _Problems(name)
    allowed = ", ".join(sorted(_TOP_KEYS | set(_SECTIONS)))
    for key in sorted(set(raw) - _TOP_KEYS - set(_SECTIONS)):
        problems.add(key, f'không có khóa "{key}"; các khóa hợp lệ: {allowed}')
    values: dict[str, Any] = {"root": root}
    if "year" in raw:
        if not isinstance(raw["year"], int) or isinstance(raw["year"], bool) or not 2000 <= raw["year"] <= 2100:
            problems.add("year", "year phải là một năm, ví dụ year = 2026")
        else:
            values["year"] = raw["year"]
    if "period" in raw and str(raw["period"]).strip():
        # Empty means "each workbook's own period", as the shipped file's comment tells users.
        period = parse_period(str(raw["period"]))
        if period is None:
            problems.add("period", f'period: không hiểu kỳ báo cáo "{raw["period"]}"; hãy dùng: {PERIOD_CHOICES}')
        values["period"] = period
    if "province" in raw:
        _province(problems, raw["province"], values)
    for key in ("inputs", "outputs", "templates_dir", "catalog", "communes"):
        if key not in raw:
            continue
        if not isinstance(raw[key], str):
            problems.add(key, f"{key} phải là chuỗi trong dấu ngoặc kép")
        elif key not in ("catalog", "communes") and not raw[key].strip():
            problems.add(key, f'{key} không được để trống; hãy ghi tên thư mục, ví dụ {key} = '
                              f'"{getattr(Settings(root=root), key)}", hoặc xóa dòng này để dùng mặc định')
        else:
            values[key] = raw[key]
    for section, cls in _SECTIONS.items():
        if section in raw:
            values[section] = _section(problems, section, cls, raw[section])
    # A bad value is left out (its default stands in), so the folders and the list of communes are
    # checked in the same pass and every mistake is reported at once.
    settings = Settings(**values)
    _check_folders(problems, settings)
    _check_list(problems, settings)
    problems.raise_any()
    return settings


def _province(problems: _Problems, value: Any, values: dict[str, Any]) -> None:
    """``province = 20`` or ``province = "Lạng Sơn"``, kept as the province's 2-digit code."""
    from nqreport.config.communes import load_register

    example = 'ví dụ province = 20 hoặc province = "Lạng Sơn"'
    if isinstance(value, bool) or not isinstance(value, int | str):
        problems.add("province", f"province phải là mã tỉnh (2 chữ số) hoặc tên tỉnh trong dấu ngoặc kép, {example}")
        return
    if isinstance(value, str) and not value.strip():
        return  # empty: no province, as for period
    register = load_register()
    code = register.province_code(str(value))
    if code is None:
        known = ", ".join(f"{c} {name}" for c, name in sorted(register.provinces().items()))
        problems.add("province", f'province: không có tỉnh "{value}" trong danh sách 34 tỉnh, thành phố từ '
                                 f"1/7/2025; hãy ghi mã tỉnh hoặc tên tỉnh, {example}. Các tỉnh: {known}")
        return
    values["province"] = code


def _check_list(problems: _Problems, settings: Settings) -> None:
    """The list of communes is checked with the file that names it: every bad line listed, each with its
    line number, in the same run as the settings' other mistakes."""
    if not settings.communes.strip():
        return
    from nqreport.config.communes import load_register
    from nqreport.config.expected import read_commune_list

    _, found = read_commune_list(settings.root / settings.communes, settings.communes, load_register(),
                                 settings.province)
    problems.items.extend(found)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_folders(problems: _Problems, settings: Settings) -> None:
    """outputs/ is "safe to delete" and a build writes into it: it must not be or hold the workspace, nor
    be, hold or sit inside the inputs or the templates."""
    outputs = settings.outputs_path.resolve()
    for key, folder in (("", settings.root), ("inputs", settings.inputs_path),
                        ("templates_dir", settings.templates_path)):
        other = folder.resolve()
        if _inside(other, outputs) or (key and _inside(outputs, other)):
            what = f'thư mục {key} ("{getattr(settings, key)}")' if key else "chính thư mục làm việc"
            problems.add("outputs", f'outputs = "{settings.outputs}" trùng hoặc lồng với {what}; kết quả phải '
                                    'ghi vào một thư mục riêng (mặc định outputs = "outputs"), vì mỗi lần lập báo '
                                    "cáo ghi đè thư mục đó và có thể xóa nó đi bất cứ lúc nào")
            return


def _section(problems: _Problems, section: str, cls: type[Any], raw: Any) -> Any:
    if not isinstance(raw, dict):
        problems.add(section, f"[{section}] phải là một bảng")
        return cls()
    allowed = {f.name for f in fields(cls)}
    for key in sorted(set(raw) - allowed):
        problems.add(f"[{section}] {key}",
                     f'[{section}] không có khóa "{key}"; các khóa hợp lệ: {", ".join(sorted(allowed))}')
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in allowed:
            continue
        where = f"[{section}] {key}"
        default = getattr(cls(), key)
        if isinstance(default, Decimal):
            try:
                number = None if isinstance(value, bool) else Decimal(str(value).strip())
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                problems.add(where, f"{where} phải là con số, ví dụ {key} = {default}")
            elif number < 0:
                problems.add(where, f"{where} không được âm")
            else:
                values[key] = number
        elif isinstance(default, int):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 6:
                problems.add(where, f"{where} phải là số nguyên từ 0 đến 6")
            else:
                values[key] = value
        elif not isinstance(value, str):
            problems.add(where, f"{where} phải là chuỗi trong dấu ngoặc kép")
        else:
            values[key] = value
    return cls(**values)


#: The periods one may type, for messages.
PERIOD_CHOICES = ("Năm, 9 tháng, 6 tháng, Quý I…Quý IV, Tháng 1…Tháng 12 (hoặc year, 9_months, 6_months, "
                  "quarter_1, month_1…)")
