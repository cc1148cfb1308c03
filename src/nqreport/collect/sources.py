"""Everything named on ``nqreport collect``'s command line, as files in memory: files, folders (walked
whole) and .zip archives of attachments (read in memory, never extracted; a zip inside a zip is opened
too, one level deep).

Sources are only ever read: each file is opened read-only once. A zip is checked by its declared sizes
before anything is inflated (:func:`nqreport.read.zipsafe.check_zip_sizes`), and its members' names are
only shown, never used as paths.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nqreport.errors import ConfigError, WorkbookError
from nqreport.read.book import read_file
from nqreport.read.zipsafe import DAMAGED_ZIP, EMPTY_ZIP_MAGIC, ZIP_MAGIC, check_zip_sizes, read_member

#: How deep archives are opened: a zip of attachments, and a zip inside it.
MAX_ARCHIVE_DEPTH = 2
#: Folders a mail program or a Mac adds to an archive, and files no one sends on purpose.
_JUNK_FOLDERS = ("__MACOSX/",)
_JUNK_NAMES = ("thumbs.db", "desktop.ini")
_UTF8_NAMES = 0x800


@dataclass(frozen=True)
class Item:
    """One file found among the sources."""

    #: How the user finds it again: the path as given, and inside an archive the member after " › ".
    origin: str
    #: The file's own name.
    name: str
    data: bytes | None
    #: When the file was last changed (for a member of a zip, the time the zip records), local time.
    modified: datetime | None
    #: Why it cannot be read (then ``data`` is None).
    problem: str = ""


def gather(sources: Sequence[Path], *, skip: Sequence[Path] = ()) -> list[Item]:
    """Every file of ``sources`` in order (a folder's files sorted by name); folders in ``skip`` (the
    workspace's own inputs, outputs and archive) are not entered when met while walking a folder."""
    missing = [str(path) for path in sources if not path.exists()]
    if missing:
        raise ConfigError(f"không tìm thấy: {', '.join(missing)}; hãy kiểm tra lại đường dẫn (tệp, thư mục hoặc "
                          "tệp nén .zip chứa sổ chỉ tiêu các xã gửi về)")
    skipped = {_key(path) for path in skip}
    items: list[Item] = []
    for source in sources:
        if source.is_dir():
            for path in _walk(source, skipped):
                items.extend(_file(path, str(path)))
        else:
            items.extend(_file(source, str(source)))
    return items


def _key(path: Path) -> str:
    return os.path.normcase(str(path.resolve()))


def _walk(folder: Path, skipped: set[str]) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted((d for d in dirs if not d.startswith(".") and _key(here / d) not in skipped),
                         key=str.casefold)
        for name in sorted(files, key=str.casefold):
            if not _is_junk(name):
                yield here / name


def _is_junk(name: str) -> bool:
    """Hidden files and the files systems leave behind: never a commune's workbook, not worth a line."""
    return (name.startswith(".") and not name.startswith(".~lock")) or name.casefold() in _JUNK_NAMES


def _file(path: Path, origin: str) -> list[Item]:
    try:
        modified: datetime | None = datetime.fromtimestamp(path.stat().st_mtime)
        data = read_file(path)
    except WorkbookError as exc:
        return [Item(origin, path.name, None, None, exc.message)]
    except OSError as exc:
        return [Item(origin, path.name, None, None, f"không đọc được tệp ({exc.strerror or exc})")]
    return _content(origin, path.name, data, modified, depth=0)


def items_of(origin: str, name: str, data: bytes, modified: datetime | None) -> list[Item]:
    """The workbooks of one file already in memory (an upload): itself, or the members of a .zip read
    as a named source's are."""
    return _content(origin, name, data, modified, depth=0)


def _content(origin: str, name: str, data: bytes, modified: datetime | None, depth: int) -> list[Item]:
    if name.startswith(("~$", ".~lock")):
        return [Item(origin, name, None, modified, "tệp khóa tạm mà Excel/LibreOffice tạo ra khi đang mở một sổ, "
                                                    "không phải sổ chỉ tiêu")]
    if not is_archive(data):
        return [Item(origin, name, data, modified)]
    if depth >= MAX_ARCHIVE_DEPTH:
        return [Item(origin, name, None, modified, "tệp nén nằm trong tệp nén trong tệp nén; hãy giải nén ra thư "
                                                    "mục rồi chạy lại với thư mục đó")]
    return _members(origin, data, depth + 1)


def is_archive(data: bytes) -> bool:
    """A .zip of files, as opposed to a workbook (.xlsx and .ods are zips too, with their own parts)."""
    if not data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {name.lower() for name in archive.namelist()}
    except DAMAGED_ZIP:
        return False  # the reader will say the file is damaged
    return "[content_types].xml" not in names and "mimetype" not in names


def _members(origin: str, data: bytes, depth: int) -> list[Item]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        check_zip_sizes(infos)
    except WorkbookError as exc:
        return [Item(origin, origin, None, None, exc.message)]
    except DAMAGED_ZIP:
        return [Item(origin, origin, None, None, "tệp nén bị hỏng hoặc chưa tải về hết; hãy tải lại tệp đính kèm")]
    with archive:
        return _read_members(archive, infos, origin, depth)


def _read_members(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], origin: str, depth: int) -> list[Item]:
    items: list[Item] = []
    for info in sorted(infos, key=lambda i: _member_name(i).casefold()):
        name = _member_name(info)
        base = name.rstrip("/").rsplit("/", 1)[-1]
        if info.is_dir() or name.startswith(_JUNK_FOLDERS) or _is_junk(base):
            continue
        where = f"{origin} › {name}"
        when = _zip_time(info)
        if info.flag_bits & 0x1:
            items.append(Item(where, base, None, when, "tệp trong tệp nén được đặt mật khẩu; hãy giải nén bằng mật "
                                                       "khẩu rồi chạy lại với thư mục đã giải nén"))
            continue
        try:
            content = read_member(archive, info.filename)
        except WorkbookError as exc:
            items.append(Item(where, base, None, when, exc.message))
            continue
        items.extend(_content(where, base, content, when, depth))
    return items


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its sender typed it: Windows' "Send to › Compressed folder" and many mail
    programs write UTF-8 names without saying so, which zipfile then reads as cp437 ("Bß║úo c├ío")."""
    name = info.filename
    if info.flag_bits & _UTF8_NAMES:
        return name
    try:
        return name.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def _zip_time(info: zipfile.ZipInfo) -> datetime | None:
    try:
        return datetime(*info.date_time)
    except ValueError:
        return None
