"""Regenerate the documents generated from code (tests check they agree):

python tools/make_docs.py
"""

from pathlib import Path

from nqreport.catalog import load_catalog
from nqreport.standard_doc import standard_markdown

if __name__ == "__main__":
    docs = Path(__file__).resolve().parent.parent / "docs"
    (docs / "so-chi-tieu.md").write_text(standard_markdown(load_catalog()), encoding="utf-8")
    print("docs/so-chi-tieu.md")
