"""The import rules of docs/architecture.md: a stage imports only the stages before it, never one after.

Every ``import`` in the package is read, including those inside functions (a late import is still a
dependency). The rules are the table of the developer's guide; a new module of a known package needs no
change here, a new package does, on purpose.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "nqreport"

#: Modules every stage may use: records, the standard, errors, text clean-up and the writing of numbers.
CORE = {"nqreport", "nqreport.errors", "nqreport.text", "nqreport.schema", "nqreport.model", "nqreport.marks",
        "nqreport.wording.numbers"}

#: What each part may import besides the core (and itself), lower layers first.
ALLOWED: dict[str, set[str]] = {
    "config": set(),
    "read": {"config"},
    "validate": {"config", "read"},
    "evaluate": {"config"},
    "totals": {"config", "evaluate"},
    "aggregate": {"config", "evaluate", "totals"},
    "changes": {"config", "evaluate", "totals", "aggregate"},
    "wording": {"config", "evaluate", "totals", "aggregate", "changes"},
    "word": {"read"},
    "write": set(),
    "board": {"config"},
    "render": {"config", "evaluate", "totals", "aggregate", "wording", "word", "board", "read"},
    "templates": {"config", "word", "render"},
    "summary": {"config", "evaluate", "totals", "aggregate", "wording"},
    "scaffold": {"config", "render"},
    "collect": {"config", "read", "validate", "write", "board"},
    "extract": {"config", "read", "scaffold", "write", "word"},
    "jobs": {"config", "read", "validate", "evaluate", "totals", "aggregate", "changes", "wording", "render", "write"},
    "build": {"config", "read", "validate", "evaluate", "totals", "aggregate", "changes", "wording", "render", "write",
              "jobs", "board"},
    "cli": {"config", "read", "validate", "evaluate", "totals", "aggregate", "changes", "wording", "render", "write",
            "jobs", "build", "summary", "templates", "scaffold", "word", "board", "collect", "extract", "launch", "trial"},
    "trial": {"config", "read", "scaffold", "evaluate", "aggregate", "render", "templates", "word"},
    "launch": {"cli"},
    "__main__": {"launch"},
}

#: The web page (``nqreport serve``) is an interface beside the command line: the library's public doors, never
#: the command line itself, nor the workers, Word XML or rendering the build does for it.
ALLOWED["serve"] = {"config", "read", "validate", "evaluate", "totals", "aggregate", "wording", "write", "board",
                    "collect", "extract", "scaffold", "templates", "trial", "summary", "build"}
ALLOWED["cli"] = ALLOWED["cli"] | {"serve"}

#: Finer rules inside a part: the template checker reads the contract and the Jinja environment, never
#: the context builders (which would pull in evaluation); the guide reads the contract only.
ONLY: dict[str, set[str]] = {
    "templates": {"nqreport.render.contract", "nqreport.render.filters", "nqreport.render.environment"},
    "scaffold": {"nqreport.render.contract"},
}
#: Finer rules on other parts: extract reads a zip safely and finds LibreOffice where build --pdf does,
#: and writes nothing but through the blank-workbook writer.
ONLY_IN: dict[str, dict[str, set[str]]] = {
    # templates are zips too: read with the same limits as workbooks
    "word": {"read": {"nqreport.read.zipsafe"}},
    "render": {"read": {"nqreport.read.zipsafe"}},
    "extract": {"read": {"nqreport.read.zipsafe", "nqreport.read.xlsx", "nqreport.read.values"},
                "word": {"nqreport.word.scan"},
                "write": {"nqreport.write.pdf"},
                "scaffold": {"nqreport.scaffold.blank"}},
}

#: Modules that must stay pure functions of what they are given (no file, no clock): everything they may
#: import besides the core. The plausibility checks of a row and the rule across communes run in workers
#: and in the build's parent alike, and are tested without a workbook.
PURE: dict[str, set[str]] = {
    "nqreport.validate.plausibility": {"nqreport.config.catalog", "nqreport.validate.rows"},
    "nqreport.validate.outliers": {"nqreport.config.catalog", "nqreport.validate.plausibility"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else "nqreport"


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "nqreport":
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "nqreport"}
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_part_has_a_rule() -> None:
    parts = {part_of(module_name(path)) for path in MODULES} - {"nqreport"}
    assert parts - {part_of(m) for m in CORE} <= set(ALLOWED), parts - set(ALLOWED)


def violations(module: str, targets: set[str]) -> list[str]:
    """The imports of ``module`` its layer does not allow."""
    if module in CORE:
        return sorted(t for t in targets if t not in CORE)
    if module in PURE:
        return sorted(t for t in targets if t not in CORE and t not in PURE[module])
    part = part_of(module)
    wrong = []
    for target in sorted(targets):
        if target in CORE or part_of(target) == part:
            continue
        only = ONLY.get(part)
        only_in = ONLY_IN.get(part, {}).get(part_of(target))
        if part_of(target) not in ALLOWED[part] or (only is not None and part_of(target) == "render"
                                                   and target not in only) or (only_in is not None
                                                                               and target not in only_in):
            wrong.append(target)
    return wrong


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_a_module_imports_only_what_its_layer_may(path: Path) -> None:
    module = module_name(path)
    assert violations(module, imports(path)) == [], module


def test_the_rules_catch_an_import_upwards(tmp_path: Path) -> None:
    fake = tmp_path / "bad.py"
    fake.write_text("def f():\n    from nqreport.render.context import commune_context\n", encoding="utf-8")
    assert violations("nqreport.read.bad", imports(fake)) == ["nqreport.render.context"]
    assert violations("nqreport.templates.bad", {"nqreport.render.context"}) == ["nqreport.render.context"]
    assert violations("nqreport.templates.bad", {"nqreport.render.contract"}) == []
    assert violations("nqreport.schema", {"nqreport.config.settings"}) == ["nqreport.config.settings"]
    # A pure rule may not read a workbook, even though its stage may.
    assert violations("nqreport.validate.plausibility", {"nqreport.read.workbook", "nqreport.validate.rows"}) == [
        "nqreport.read.workbook"]
    assert violations("nqreport.validate", {"nqreport.read.workbook"}) == []


def test_the_pure_modules_exist() -> None:
    assert {module_name(path) for path in MODULES} >= set(PURE)
