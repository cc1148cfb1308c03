"""Resolutions in the formats Python does not read (.doc of Word 97-2003, .odt, .rtf), as text through
LibreOffice (``soffice --headless --convert-to txt``), which writes list numbers into the text.

LibreOffice is optional: it is looked for where ``nqreport build --pdf`` looks for it, and its absence
is a clear message. The conversion runs on a copy in a temporary folder with a private profile, so that
it touches neither the user's file nor their LibreOffice settings, and is stopped after a time limit.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import tempfile
from pathlib import Path

from nqreport.errors import ResolutionError
from nqreport.extract.model import SourceText
from nqreport.extract.textfile import decode_text, split_lines
from nqreport.write.pdf import SOFFICE_ENV, find_soffice

logger = logging.getLogger(__name__)

#: A fresh LibreOffice profile takes a few seconds to create; a resolution converts in one or two more.
TIMEOUT = 180.0

_NAMES = {"doc": "Word 97-2003 (.doc)", "odt": "LibreOffice Writer (.odt)", "rtf": "RTF (.rtf)"}


def convert_to_text(data: bytes, path: Path, kind: str) -> SourceText:
    """The text of a .doc, .odt or .rtf resolution, converted by LibreOffice."""
    soffice = find_soffice()
    what = _NAMES[kind]
    if soffice is None:
        raise ResolutionError(f"{path}: tệp {what} cần LibreOffice để đọc, nhưng máy chưa cài LibreOffice (lệnh "
                              f"soffice). Hãy cài LibreOffice (hoặc đặt biến môi trường {SOFFICE_ENV}), hoặc mở "
                              "Nghị quyết bằng Word rồi lưu thành .docx hay .pdf")
    with tempfile.TemporaryDirectory(prefix="nqreport-nghi-quyet-") as tmp:
        work = Path(tmp)
        source = work / f"nghi-quyet.{kind}"
        source.write_bytes(data)
        out_dir = work / "ra"
        command = [str(soffice), f"-env:UserInstallation={(work / 'ho-so').as_uri()}", "--headless", "--invisible",
                   "--nologo", "--norestore", "--nodefault", "--nolockcheck",
                   "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out_dir), str(source)]
        _run(command, path)
        produced = out_dir / "nghi-quyet.txt"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise ResolutionError(f"{path}: LibreOffice không đọc được tệp {what} này (tệp hỏng, có mật khẩu, hoặc "
                                  "không phải văn bản); hãy mở bằng Word rồi lưu thành .docx")
        text = decode_text(produced.read_bytes(), path)
    return SourceText(tuple(split_lines(text)), kind)


def _run(command: list[str], path: Path) -> None:
    logger.debug("LibreOffice: %s", " ".join(command))
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=(os.name != "nt"))
    except OSError as exc:
        raise ResolutionError(f"{path}: không chạy được LibreOffice ({exc.strerror or exc}); hãy cài lại "
                              "LibreOffice, hoặc lưu Nghị quyết thành .docx") from exc
    try:
        process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise ResolutionError(f"{path}: LibreOffice không trả lời sau {int(TIMEOUT)} giây; hãy đóng mọi cửa sổ "
                              "LibreOffice rồi chạy lại, hoặc lưu Nghị quyết thành .docx") from None
    except BaseException:
        _stop(process)
        raise


def _stop(process: subprocess.Popen[bytes]) -> None:
    """soffice is a launcher whose child does the work: stop the whole group."""
    try:
        if os.name != "nt":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except OSError:
        pass
    process.communicate()
