"""Regenerate the documents generated from code (tests check they agree):

    python tools/make_docs.py

docs/so-chi-tieu.md comes from the workbook schema and the catalog; docs/bien-mau.md from the template
context contract (tools/make_templates.py writes it too, with the templates); src/nqreport/data/help.txt,
``nqreport --help`` at every width, from the command line (printed without loading click).
"""

from pathlib import Path

from nqreport.cli import main as _commands  # noqa: F401  (every command registered, for the help page)
from nqreport.cli.app import help_pages
from nqreport.config.catalog import load_catalog
from nqreport.render.contract import contract_markdown
from nqreport.scaffold.standard_doc import standard_markdown

if __name__ == "__main__":
    docs = Path(__file__).resolve().parent.parent / "docs"
    (docs / "so-chi-tieu.md").write_text(standard_markdown(load_catalog()), encoding="utf-8")
    (docs / "bien-mau.md").write_text(contract_markdown() + "\n", encoding="utf-8")
    help_file = docs.parent / "src" / "nqreport" / "data" / "help.txt"
    help_file.write_text(help_pages(), encoding="utf-8", newline="\n")
    print("docs/so-chi-tieu.md\ndocs/bien-mau.md\nsrc/nqreport/data/help.txt")
