"""Regenerate the documents generated from code (tests check they agree):

    python tools/make_docs.py

docs/so-chi-tieu.md comes from the workbook schema and the catalog; docs/bien-mau.md from the template
context contract (tools/make_templates.py writes it too, with the templates).
"""

from pathlib import Path

from nqreport.config.catalog import load_catalog
from nqreport.render.contract import contract_markdown
from nqreport.scaffold.standard_doc import standard_markdown

if __name__ == "__main__":
    docs = Path(__file__).resolve().parent.parent / "docs"
    (docs / "so-chi-tieu.md").write_text(standard_markdown(load_catalog()), encoding="utf-8")
    (docs / "bien-mau.md").write_text(contract_markdown() + "\n", encoding="utf-8")
    print("docs/so-chi-tieu.md\ndocs/bien-mau.md")
