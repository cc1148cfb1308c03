"""Making a new workspace from the installed package (not only from a checkout)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from nqreport.errors import OutputError
from nqreport.examples import write_examples
from nqreport.settings import SETTINGS_FILE

WORKSPACE_DIRS = ("inputs", "templates", "outputs")


def init_workspace(directory: Path, *, example: bool = False) -> list[Path]:
    """Create ``nqreport.toml``, ``inputs/``, ``templates/`` (default templates) and ``outputs/``.

    Refuses to touch a folder that already holds a workspace, so that a secretary's edited templates
    are never overwritten.
    """
    settings_path = directory / SETTINGS_FILE
    if settings_path.exists():
        raise OutputError(
            f"{settings_path}: thư mục này đã là thư mục làm việc; không ghi đè. "
            "Hãy chọn thư mục khác hoặc xóa nqreport.toml nếu muốn tạo lại"
        )
    data = resources.files("nqreport").joinpath("data")
    templates = sorted(
        (t for t in data.joinpath("templates").iterdir() if t.name.endswith(".docx")), key=lambda t: t.name
    )
    clashes = [
        directory / "templates" / t.name for t in templates if (directory / "templates" / t.name).exists()
    ]
    if clashes:
        raise OutputError(f"{clashes[0]}: đã có mẫu cùng tên; không ghi đè mẫu đã sửa. Hãy chọn thư mục khác")
    try:
        for sub in WORKSPACE_DIRS:
            (directory / sub).mkdir(parents=True, exist_ok=True)
        created = [settings_path]
        settings_path.write_text(data.joinpath(SETTINGS_FILE).read_text(encoding="utf-8"), encoding="utf-8")
        for template in templates:
            target = directory / "templates" / template.name
            target.write_bytes(template.read_bytes())
            created.append(target)
        if example:
            created += write_examples(directory / "inputs")
    except OSError as exc:
        raise OutputError(f"{directory}: không tạo được thư mục làm việc ({exc.strerror})") from exc
    return created
