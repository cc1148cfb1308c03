"""``nqreport check``: every problem of the Word templates in one pass, each with its place and its fix.

A secretary edits the templates in Word; what goes wrong is well known (a tag split by formatting,
smart quotes inside a tag, a misspelt variable, a loop left open, a row loop outside a table) and the
renderer alone would stop at the first of them with little to go on. Here each template is read part
by part (body, page headers, page footers), paragraph by paragraph, table cell by table cell; its tags
are checked against the context contract of its scope (:mod:`nqreport.templates.tags`) and its layout
against Nghị định 30/2020/NĐ-CP (:mod:`nqreport.templates.format_rules`, warnings). ``--fix`` writes a repaired
copy beside the template (:func:`nqreport.word.repair.fix_package`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nqreport.config.settings import Settings
from nqreport.config.workspace import display_name
from nqreport.errors import ConfigError, Problem, Severity, TemplateError
from nqreport.render.contract import SCOPE_COMMUNE, SCOPE_SUMMARY, SCOPE_TITLES
from nqreport.render.environment import make_environment
from nqreport.templates.format_rules import KIND_APPENDIX, KIND_REPORT, check_format, first_text
from nqreport.templates.tags import check_part
from nqreport.text import match_key
from nqreport.word.repair import FixResult, fix_package
from nqreport.word.scan import Finding, Part, read_package, template_parts

log = logging.getLogger(__name__)

SCOPES = (SCOPE_COMMUNE, SCOPE_SUMMARY)
KIND_TITLES = {KIND_REPORT: "báo cáo", KIND_APPENDIX: "phụ lục"}


@dataclass(frozen=True)
class TemplateCheck:
    """What ``nqreport check`` found in one template."""

    path: Path
    name: str  # as the messages name it
    scope: str  # the contract it was checked against: "xa" or "tong_hop"
    kind: str  # which format rules applied: "bao_cao" or "phu_luc"
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(f.error for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    def problems(self) -> list[Problem]:
        return [to_problem(self.name, f) for f in self.findings]


def to_problem(file: str, finding: Finding) -> Problem:
    """One finding as the line the CLI prints: ``file › part › place: Lỗi: what — "text". Cách sửa: …``."""
    message = finding.message
    if finding.quoted:
        message += f" — đoạn \"{finding.quoted}\""
    message += f". Cách sửa: {finding.fix}."
    severity = Severity.ERROR if finding.error else Severity.WARNING
    return Problem(file, finding.part, finding.where, severity, message)


def check_template(path: Path, *, scope: str | None = None, kind: str | None = None,
                   settings: Settings | None = None, name: str | None = None) -> TemplateCheck:
    """Check one template. Its scope (which variables it may use) is ``scope`` when given, else the one
    the settings give its file name, else the one with fewer unknown names. Raises TemplateError for a
    file that is not a Word document."""
    if scope is not None and scope not in SCOPES:
        raise ConfigError(f"--scope: không có loại mẫu \"{scope}\"; hãy dùng xa hoặc tong_hop")
    shown = name or (display_name(path, settings.root) if settings is not None else path.name)
    entries = read_package(path)
    parts = template_parts(entries, shown)
    env = make_environment()
    configured = _configured_roles(settings, path)
    candidates = [scope] if scope else ([configured[0]] if configured else list(SCOPES))
    best: tuple[int, str, list[Finding]] | None = None
    for candidate in candidates:
        findings: list[Finding] = []
        unknown = 0
        for index, part in enumerate(parts):
            found, names = check_part(part, index, candidate, env)
            findings += found
            unknown += names
        if best is None or unknown < best[0]:
            best = (unknown, candidate, findings)
    assert best is not None
    _, chosen, findings = best
    template_kind = kind or (configured[1] if configured else _guess_kind(parts))
    findings += check_format(parts, entries, template_kind)
    findings.sort(key=lambda f: (f.order, not f.error))
    log.info("%s: kiểm tra theo %s (%s)", shown, SCOPE_TITLES[chosen], KIND_TITLES[template_kind])
    return TemplateCheck(path, shown, chosen, template_kind, tuple(_unique(findings)))


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[Finding] = set()
    out = []
    for finding in findings:
        if finding not in seen:
            seen.add(finding)
            out.append(finding)
    return out


def _configured_roles(settings: Settings | None, path: Path) -> tuple[str, str] | None:
    """(scope, kind) when the settings use this file as one of the three templates."""
    if settings is None:
        return None
    roles = {
        settings.templates.commune: (SCOPE_COMMUNE, KIND_REPORT),
        settings.templates.appendix: (SCOPE_COMMUNE, KIND_APPENDIX),
        settings.templates.summary: (SCOPE_SUMMARY, KIND_REPORT),
    }
    return roles.get(path.name)


def _guess_kind(parts: list[Part]) -> str:
    return KIND_APPENDIX if match_key(first_text(parts)).startswith("phụ lục") else KIND_REPORT


def configured_templates(settings: Settings) -> list[Path]:
    """The workspace's three templates, as nqreport.toml names them (each once)."""
    names = (settings.templates.commune, settings.templates.appendix, settings.templates.summary)
    return [settings.templates_path / name for name in dict.fromkeys(names)]


def template_files(paths: Sequence[Path], settings: Settings) -> list[Path]:
    """Templates named directly, or the .docx files of the folders named; the configured ones when none."""
    if not paths:
        return configured_templates(settings)
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".docx"
                            and not p.name.startswith(("~$", ".~lock", ".")))
        elif path.exists():
            found.append(path)
        else:
            raise ConfigError(f"{path}: không tìm thấy tệp hoặc thư mục này; hãy kiểm tra lại đường dẫn")
    if not found:
        others = sorted(p.name for path in paths if path.is_dir() for p in path.iterdir()
                        if p.is_file() and p.suffix.lower() in (".doc", ".dotx", ".dot", ".docm", ".odt", ".rtf"))
        hint = (f"; có {', '.join(others)}: hãy mở bằng Word rồi lưu lại dạng Word Document (.docx)" if others
                else "; hãy ghi đường dẫn tới tệp mẫu .docx, hoặc không ghi gì để kiểm tra các mẫu trong nqreport.toml")
        raise ConfigError(f"{', '.join(str(p) for p in paths)}: không có mẫu Word (.docx) nào{hint}")
    return list(dict.fromkeys(found))


def check_templates(paths: Sequence[Path], settings: Settings, *, scope: str | None = None) -> list[TemplateCheck]:
    """Check every template named (or the workspace's); a file that cannot be opened is reported as an
    error of its own rather than stopping the others."""
    results = []
    for path in template_files(paths, settings):
        try:
            results.append(check_template(path, scope=scope, settings=settings))
        except TemplateError as exc:
            name = display_name(path, settings.root)
            message = exc.message.removeprefix(f"{path.name}: ").removeprefix(f"{name}: ")
            finding = Finding("", "", "", True, "unreadable", message.split("; ", 1)[0],
                              message.split("; ", 1)[1] if "; " in message else "mở mẫu bằng Word rồi lưu lại")
            results.append(TemplateCheck(path, name, scope or SCOPE_COMMUNE, KIND_REPORT, (finding,)))
    return results


FIXABLE = frozenset({"split-tag", "split-format", "word-characters"})


@dataclass(frozen=True)
class FixOutcome:
    """A repaired copy and what checking it again found (None when there was nothing to repair)."""

    original: TemplateCheck
    fix: FixResult
    recheck: TemplateCheck | None


def fix_templates(results: Sequence[TemplateCheck], settings: Settings, *,
                  force: bool = False) -> list[FixOutcome]:
    """A repaired copy beside each template that has something ``--fix`` can repair, checked again with
    the original's scope and kind. Never writes over a template, nor over an earlier copy unless
    ``force``."""
    out = []
    for result in results:
        if not any(f.code in FIXABLE for f in result.findings):
            continue
        fixed = fix_package(result.path, force=force)
        recheck = None
        if fixed.target is not None:
            recheck = check_template(fixed.target, scope=result.scope, kind=result.kind, settings=settings)
        out.append(FixOutcome(result, fixed, recheck))
    return out


def fix_lines(outcomes: Sequence[FixOutcome]) -> list[str]:
    """What ``--fix`` did, for the terminal."""
    lines = []
    for outcome in outcomes:
        fixed, recheck = outcome.fix, outcome.recheck
        if fixed.target is None or recheck is None:
            continue
        what = []
        if fixed.joined:
            what.append(f"nối {fixed.joined} thẻ bị tách")
        if fixed.normalised:
            what.append(f"sửa {fixed.normalised} thẻ có ký tự Word tự đổi")
        target = recheck.name
        left = recheck.errors
        tail = (f"bản này còn {left} lỗi phải sửa tay trong Word (các lỗi còn lại ở trên)" if left
                else "bản này không còn lỗi")
        lines.append(f"Đã ghi bản đã sửa {target} ({', '.join(what)}); {tail}. Mẫu gốc {outcome.original.name} "
                     f"giữ nguyên; để dùng bản sửa, đổi tên nó thành {outcome.original.path.name} (cất mẫu cũ ở "
                     "nơi khác) hoặc ghi tên nó vào mục [templates] của nqreport.toml.")
    if not outcomes:
        lines.append("--fix: không có gì để sửa tự động (chỉ sửa được thẻ bị tách và ký tự Word tự đổi); các "
                     "lỗi khác phải sửa trong Word.")
    return lines


def report_lines(results: Sequence[TemplateCheck], *, strict: bool = False) -> list[str]:
    """The problems grouped by template, errors first, each on one line (as ``nqreport validate``)."""
    lines: list[str] = []
    for result in results:
        if not result.findings:
            continue
        errors = result.errors + (result.warnings if strict else 0)
        warnings = len(result.findings) - errors
        counts = [f"{errors} lỗi"] if errors else []
        if warnings:
            counts.append(f"{warnings} cảnh báo")
        lines.append(f"{result.name} ({', '.join(counts)}):")
        ordered = sorted(result.findings, key=lambda f: (not f.error, f.order))
        lines += [f"  {to_problem(result.name, f).format()}" for f in ordered]
    return lines


def verdict(results: Sequence[TemplateCheck], *, strict: bool = False) -> tuple[bool, str]:
    """(failed, closing line)."""
    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    failed = errors > 0 or (strict and warnings > 0)
    return failed, (f"Đã kiểm tra {len(results)} mẫu: {errors} lỗi, {warnings} cảnh báo. "
                    f"Kết quả: {'KHÔNG ĐẠT' if failed else 'ĐẠT'}.")


__all__ = [
    "FixOutcome",
    "TemplateCheck",
    "check_template",
    "check_templates",
    "configured_templates",
    "fix_lines",
    "fix_templates",
    "report_lines",
    "template_files",
    "to_problem",
    "verdict",
]
