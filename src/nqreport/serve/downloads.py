"""What may be downloaded: the outputs the last build's manifest lists, and nothing else.

A request names an output by its path in the manifest ("outputs/06004-quoc-khanh/bao-cao.docx"). It is
served only when that exact string is one of the manifest's outputs, the holder of the link may see it (a
commune sees the files of its own reports; the summary and anything else is the administrator's), the file
resolves inside outputs/ and its bytes still have the manifest's SHA-256. No other path from a request is
ever opened.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from nqreport.config.settings import Settings
from nqreport.serve.access import Access
from nqreport.write.manifest import MANIFEST_NAME, sha256_bytes


class NotAvailable(Exception):
    """The output cannot be served; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Output:
    #: As the manifest names it, relative to the workspace.
    path: str
    sha256: str
    size: int
    #: The commune whose report it is; None for the summary (and anything not a commune's).
    code: str | None

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def kind(self) -> str:
        return PurePosixPath(self.path).suffix.lstrip(".").upper()


def read_manifest(settings: Settings) -> dict[str, Any] | None:
    """The last build's manifest; None when there has been none (or it is not one)."""
    try:
        data = json.loads((settings.outputs_path / MANIFEST_NAME).read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("outputs"), list) else None


def manifest_outputs(manifest: dict[str, Any] | None) -> list[Output]:
    """Every output of the manifest, each with the commune it belongs to."""
    if manifest is None:
        return []
    owners: dict[str, str] = {}
    for built in manifest.get("built", []):
        if isinstance(built, dict) and isinstance(built.get("code"), str):
            for path in built.get("outputs", []):
                if isinstance(path, str):
                    owners[path] = built["code"]
    found = []
    for record in manifest["outputs"]:
        if not (isinstance(record, dict) and isinstance(record.get("path"), str)
                and isinstance(record.get("sha256"), str)):
            continue
        path = record["path"]
        # A PDF is the copy of the report beside it.
        owner = owners.get(path) or owners.get(str(PurePosixPath(path).with_suffix(".docx")))
        size = record.get("size")
        found.append(Output(path, record["sha256"], size if isinstance(size, int) else 0, owner))
    return found


def outputs_for(settings: Settings, access: Access) -> list[Output]:
    """The outputs this holder may download, in the manifest's order."""
    return allowed_outputs(read_manifest(settings), access)


def allowed_outputs(manifest: dict[str, Any] | None, access: Access) -> list[Output]:
    """:func:`outputs_for` from a manifest already read."""
    return [o for o in manifest_outputs(manifest) if _allowed(o, access)]


def _allowed(output: Output, access: Access) -> bool:
    return access.is_admin or (output.code is not None and access.may_see(output.code))


def open_output(settings: Settings, requested: str, access: Access) -> tuple[Output, bytes]:
    """The bytes of one output; :class:`NotAvailable` for anything else."""
    output = next((o for o in manifest_outputs(read_manifest(settings)) if o.path == requested), None)
    if output is None or not _allowed(output, access):
        raise NotAvailable("không có tệp này trong các báo cáo đã lập (hoặc đường dẫn này không được xem tệp này); "
                           "hãy mở lại trang và bấm vào tên báo cáo")
    return output, _read(settings, output)


def _read(settings: Settings, output: Output) -> bytes:
    outputs = settings.outputs_path.resolve()
    path = (settings.root / output.path).resolve()
    if not path.is_relative_to(outputs) or path == outputs:
        raise NotAvailable(f"{output.path}: không nằm trong thư mục kết quả; không tải về")
    try:
        data = path.read_bytes()
    except OSError:
        raise NotAvailable(f"{output.path}: không còn trong thư mục kết quả; hãy lập báo cáo lại") from None
    if sha256_bytes(data) != output.sha256:
        raise NotAvailable(f"{output.path}: tệp đã thay đổi từ lần lập báo cáo vừa rồi; hãy lập báo cáo lại")
    return data


def zip_outputs(settings: Settings, access: Access) -> bytes:
    """Every output this holder may download, in one .zip (paths as in the manifest, under outputs/)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for output in outputs_for(settings, access):
            try:
                data = _read(settings, output)
            except NotAvailable:
                continue
            archive.writestr(_member(settings, output), data)
    return buffer.getvalue()


def _member(settings: Settings, output: Output) -> str:
    """The output's path inside the .zip: below outputs/, as the folders are on disk."""
    path = PurePosixPath(output.path)
    prefix = PurePosixPath(Path(settings.outputs).as_posix())
    return str(path.relative_to(prefix)) if path.is_relative_to(prefix) else path.name
