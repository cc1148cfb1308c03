"""Making a new workspace from the installed package (not only from a checkout)."""

from __future__ import annotations

import contextlib
from importlib import resources
from pathlib import Path

from nqreport.config.settings import SETTINGS_FILE
from nqreport.errors import NqError, OutputError, os_reason
from nqreport.scaffold.examples import examples as example_list
from nqreport.scaffold.examples import write_examples

WORKSPACE_DIRS = ("inputs", "templates", "outputs")


def init_workspace(directory: Path, *, example: bool = False) -> list[Path]:
    """Create ``nqreport.toml``, ``inputs/``, ``templates/`` (default templates) and ``outputs/``.

    Refuses to touch a folder that already holds a workspace, and never writes over a file (a
    secretary's edited template, an official's workbook). All or nothing: when something cannot be
    written, what this call made is removed again, so that running it once more (after freeing the
    disk, say) is not refused as "already a workspace". ``nqreport.toml`` is written last for the same
    reason.
    """
    settings_path = directory / SETTINGS_FILE
    if settings_path.exists():
        raise OutputError(f"{settings_path}: thư mục này đã là thư mục làm việc; không ghi đè. "
                          "Hãy chọn thư mục khác hoặc xóa nqreport.toml nếu muốn tạo lại")
    data = resources.files("nqreport").joinpath("data")
    templates = sorted(
        (t for t in data.joinpath("templates").iterdir() if t.name.endswith(".docx")), key=lambda t: t.name
    )
    clashes = [
        directory / "templates" / t.name for t in templates if (directory / "templates" / t.name).exists()
    ]
    if clashes:
        raise OutputError(f"{clashes[0]}: đã có mẫu cùng tên; không ghi đè mẫu đã sửa. Hãy chọn thư mục khác")
    examples = [directory / "inputs" / e.file_name for e in example_list()] if example else []
    clashes = [path for path in examples if path.exists()]
    if clashes:
        raise OutputError(f"{clashes[0]}: đã có sổ cùng tên; không ghi đè sổ đã có. Hãy chọn thư mục khác, hoặc "
                          "bỏ --example")
    made_dirs: list[Path] = []
    created: list[Path] = []
    try:
        for sub in WORKSPACE_DIRS:
            made_dirs += _make_dirs(directory / sub)
        for template in templates:
            target = directory / "templates" / template.name
            created.append(target)
            target.write_bytes(template.read_bytes())
        if example:
            created += examples
            write_examples(directory / "inputs")
        created.append(settings_path)
        settings_path.write_text(data.joinpath(SETTINGS_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    except (OSError, NqError) as exc:
        _undo(created, made_dirs)
        reason = os_reason(exc) if isinstance(exc, OSError) else exc.message
        raise OutputError(f"{directory}: không tạo được thư mục làm việc ({reason})") from exc
    return [settings_path, *created[:-1]]


def _make_dirs(path: Path) -> list[Path]:
    """Create ``path`` and its missing parents; the folders made, outermost first."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    made = []
    for folder in reversed(missing):
        folder.mkdir()
        made.append(folder)
    if not path.is_dir():
        path.mkdir()  # raises the error that says why (a file in the way)
    return made


def _undo(files: list[Path], folders: list[Path]) -> None:
    for path in reversed(files):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()
