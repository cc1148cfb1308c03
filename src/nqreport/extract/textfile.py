"""Plain text as saved by Notepad, Word's "Plain text" or a converter, into lines."""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

from nqreport.errors import ResolutionError

logger = logging.getLogger(__name__)

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data: bytes, path: Path) -> str:
    """Text as saved by Notepad, Word's "Plain text" or a converter: a BOM says the encoding; otherwise
    UTF-8, then UTF-16 without BOM (NUL bytes), then Windows-1258 (the Vietnamese Windows code page)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode(data, codec, path)
    if b"\x00" in data[:4096]:
        even_nuls = data[:4096:2].count(0)
        return _decode(data, "utf-16-be" if even_nuls > len(data[:4096]) // 4 else "utf-16-le", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        logger.info("%s: không phải UTF-8, đọc theo bảng mã Windows-1258", path)
        return _decode(data, "cp1258", path)


def _decode(data: bytes, codec: str, path: Path) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        raise ResolutionError(f"{path}: không đọc được chữ trong tệp (không phải văn bản, hoặc bảng mã lạ); hãy "
                              "mở bằng Word rồi lưu thành .docx hoặc Văn bản thuần (.txt, mã hóa UTF-8)") from None
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(20, len(text[:20000]) // 50):
        raise ResolutionError(f"{path}: tệp không phải văn bản (.docx, .pdf, .txt) mà chương trình đọc được; hãy "
                              "mở bằng Word rồi lưu thành .docx")
    return text


def split_lines(text: str) -> list[str]:
    """Lines, a form feed (a page break in converted text) counting as a line break."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
