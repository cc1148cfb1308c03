"""The workspace settings file, ``nqreport.toml``.

TOML, never executed code. Every key is optional; a missing file means all defaults. Unknown keys are
reported (a typo must not be silently ignored).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from nqreport.errors import ConfigError
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
    """Read ``root/nqreport.toml``; defaults when it does not exist."""
    path = root / SETTINGS_FILE
    if not path.exists():
        return Settings(root=root)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path.name}: tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: sai cú pháp TOML ({exc}); hãy sửa dòng được chỉ ra") from exc
    return _build(path.name, root, raw)


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
    if "period" in raw:
        values["period"] = period_option(str(raw["period"]), where=f"{name}: period")
    for key in ("inputs", "outputs", "templates_dir", "catalog"):
        if key in raw:
            if not isinstance(raw[key], str):
                raise ConfigError(f"{name}: {key} phải là chuỗi trong dấu ngoặc kép")
            values[key] = raw[key]
    for section, cls in _SECTIONS.items():
        if section in raw:
            values[section] = _section(name, section, cls, raw[section])
    return Settings(**values)


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
                values[key] = Decimal(str(value))
            except InvalidOperation as exc:
                raise ConfigError(f"{name}: [{section}] {key} phải là con số") from exc
            if values[key] < 0:
                raise ConfigError(f"{name}: [{section}] {key} không được âm")
        elif isinstance(default, int):
            if not isinstance(value, int) or not 0 <= value <= 6:
                raise ConfigError(f"{name}: [{section}] {key} phải là số nguyên từ 0 đến 6")
            values[key] = value
        else:
            if not isinstance(value, str):
                raise ConfigError(f"{name}: [{section}] {key} phải là chuỗi trong dấu ngoặc kép")
            values[key] = value
    return cls(**values)


def period_option(text: str, where: str = "--period") -> Period:
    """A period from the command line or the settings file, by label ("6 tháng") or key ("6_months")."""
    period = parse_period(text)
    if period is None:
        raise ConfigError(
            f'{where}: không hiểu kỳ báo cáo "{text}"; hãy dùng: Năm, 9 tháng, 6 tháng, '
            "Quý I…Quý IV, Tháng 1…Tháng 12 (hoặc year, 9_months, 6_months, quarter_1, month_1…)"
        )
    return period
