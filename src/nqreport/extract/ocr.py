"""Scanned resolutions read through OCR: each page drawn by PDFium at 300 dpi and read by Tesseract with
its Vietnamese data (``tesseract-ocr-vie`` on Debian and Ubuntu; the Vietnamese option of the Windows
installer). Tesseract is optional: without it a scan is refused with a message saying what to install.
Every row read this way is marked for review, since OCR misreads digits as easily as letters.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from nqreport.errors import ResolutionError

logger = logging.getLogger(__name__)

#: Environment variable naming the tesseract program when it is not on PATH.
TESSERACT_ENV = "NQREPORT_TESSERACT"
DPI = 300
#: Seconds for one page (a page takes a few seconds on one core).
PAGE_TIMEOUT = 180.0
_WINDOWS_PLACES = (r"C:\Program Files\Tesseract-OCR\tesseract.exe",
                   r"C:\Program Files (x86)\Tesseract-OCR\tesseract.exe")


def find_tesseract() -> Path | None:
    """Tesseract: the environment variable, PATH, then where the Windows installer puts it."""
    named = os.environ.get(TESSERACT_ENV)
    if named:
        return Path(named) if Path(named).is_file() else None
    found = shutil.which("tesseract")
    if found:
        return Path(found)
    if sys.platform == "win32":
        return next((Path(p) for p in _WINDOWS_PLACES if Path(p).is_file()), None)
    return None


@lru_cache(maxsize=4)
def has_vietnamese(program: Path) -> bool:
    try:
        done = subprocess.run([str(program), "--list-langs"], capture_output=True, text=True, timeout=60,
                              check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return "vie" in (done.stdout + done.stderr).split()


def ocr_pages(document: Any, path: Path) -> list[str]:
    """The lines of every page of a scanned PDF (a pypdfium2 document), read by Tesseract."""
    program = find_tesseract()
    scanned = f"{path}: tệp PDF là bản quét (ảnh chụp trang giấy), không có lớp chữ nên không đọc được chữ"
    if program is None:
        raise ResolutionError(f"{scanned}; hãy dùng bản .docx hoặc bản PDF xuất từ Word của Nghị quyết, hoặc cài "
                              "Tesseract OCR kèm dữ liệu tiếng Việt (gói tesseract-ocr-vie) để chương trình "
                              "nhận dạng chữ")
    if not has_vietnamese(program):
        raise ResolutionError(f"{scanned}; máy đã có Tesseract OCR nhưng thiếu dữ liệu tiếng Việt: hãy cài thêm "
                              "(gói tesseract-ocr-vie, hoặc chọn Vietnamese khi cài trên Windows), hoặc dùng bản "
                              ".docx của Nghị quyết")
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="nqreport-ocr-") as tmp:
        for index in range(len(document)):
            image = Path(tmp) / f"trang-{index + 1}.pgm"
            page = document[index]
            try:
                _write_pgm(page.render(scale=DPI / 72, grayscale=True), image)
            finally:
                page.close()
            lines.extend(_tesseract(program, image, path, index + 1))
            lines.append("")
    if sum(ch.isalpha() for line in lines for ch in line) < 20:
        raise ResolutionError(f"{scanned}, và nhận dạng chữ (OCR) không đọc được gì; hãy dùng bản .docx hoặc bản "
                              "quét rõ hơn")
    return lines


def _write_pgm(bitmap: Any, target: Path) -> None:
    """A grayscale bitmap as a binary PGM, which Tesseract reads and which needs no imaging library."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    buffer = bytes(bitmap.buffer)
    with target.open("wb") as handle:
        handle.write(f"P5 {width} {height} 255\n".encode("ascii"))
        for row in range(height):
            handle.write(buffer[row * stride: row * stride + width])


def _tesseract(program: Path, image: Path, path: Path, page: int) -> list[str]:
    command = [str(program), str(image), "stdout", "-l", "vie", "--psm", "4"]
    logger.debug("OCR: %s", " ".join(command))
    try:
        done = subprocess.run(command, capture_output=True, timeout=PAGE_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise ResolutionError(f"{path}: nhận dạng chữ (OCR) trang {page} quá {int(PAGE_TIMEOUT)} giây; hãy dùng "
                              "bản .docx của Nghị quyết") from None
    except OSError as exc:
        raise ResolutionError(f"{path}: không chạy được Tesseract ({exc.strerror or exc}); hãy cài lại Tesseract "
                              "OCR") from None
    if done.returncode != 0:
        logger.debug("tesseract: %s", done.stderr.decode(errors="replace"))
        raise ResolutionError(f"{path}: Tesseract không nhận dạng được trang {page}; hãy dùng bản .docx của Nghị "
                              "quyết")
    return done.stdout.decode("utf-8", errors="replace").splitlines()
