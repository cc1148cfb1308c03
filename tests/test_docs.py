"""Generated documents agree with the code they are generated from."""

from __future__ import annotations

from pathlib import Path

from nqreport.config.catalog import load_catalog
from nqreport.scaffold.standard_doc import standard_markdown
from nqreport.schema import INDICATOR_COLUMNS, KIND_LABELS

ROOT = Path(__file__).resolve().parent.parent


def test_workbook_standard_doc_is_current() -> None:
    text = (ROOT / "docs" / "so-chi-tieu.md").read_text(encoding="utf-8")
    assert text == standard_markdown(load_catalog()), "chạy lại: python tools/make_docs.py"
    for col in INDICATOR_COLUMNS:
        assert f"| {col.header} |" in text
    for label in KIND_LABELS.values():
        assert label in text
