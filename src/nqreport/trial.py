"""A template tried on the example communes, under the build's own limits: whatever ``build`` would
refuse or stop on at run time (an expression Python refuses, a text of gigabytes, a loop without end),
``nqreport check`` says first. The tag check reads a template; this renders it once, as a build would,
with the contexts of the two example communes (Quốc Khánh and Bằng Mạc, data/examples).
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from nqreport.aggregate import aggregate_communes, evaluate_commune
from nqreport.config.catalog import load_catalog
from nqreport.config.settings import Settings
from nqreport.errors import TemplateError
from nqreport.read.workbook import read_workbook
from nqreport.render.context import commune_context, summary_context
from nqreport.render.contract import SCOPE_COMMUNE
from nqreport.render.document import render_docx
from nqreport.scaffold.examples import write_examples
from nqreport.templates.check import TemplateCheck
from nqreport.word.scan import Finding


@lru_cache(maxsize=1)
def _example_reports() -> tuple[Any, ...]:
    catalog = load_catalog()
    reports = []
    with tempfile.TemporaryDirectory(prefix="nqreport-thu-") as folder:
        for path in write_examples(Path(folder)):
            data = read_workbook(path, catalog).data
            assert data is not None, path.name
            reports.append(evaluate_commune(data))
    return tuple(reports)


def example_context(scope: str, settings: Settings) -> dict[str, Any]:
    """The context a template of ``scope`` gets in a build of the example communes."""
    reports = _example_reports()
    if scope == SCOPE_COMMUNE:
        return commune_context(reports[0], settings)
    return summary_context(aggregate_communes(reports, load_catalog(), settings.evaluation), settings)


def tried(result: TemplateCheck, settings: Settings) -> TemplateCheck:
    """``result`` with the error a build would meet rendering the template added: what every check of a
    template reports (``nqreport check``, its ``--fix`` copy, the web page's check)."""
    found = trial_findings(result, settings)
    return replace(result, findings=(*result.findings, *found)) if found else result


def trial_findings(result: TemplateCheck, settings: Settings) -> list[Finding]:
    """The error a build would meet rendering the template, as a finding of the check (none when its tags
    already have errors: those come first)."""
    if result.errors:
        return []
    try:
        render_docx(result.path, example_context(result.scope, settings))
    except TemplateError as exc:
        return [Finding("", "", "", True, "trial", f"lập thử báo cáo với số liệu của hai xã mẫu thì lỗi: {exc.message}",
                        "sửa mẫu như thông báo, rồi chạy lại nqreport check", (10**9, 0))]
    return []
