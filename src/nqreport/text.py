"""Text clean-up shared by every reader and matcher.

Officials' text arrives in NFD (the seed resolutions contain decomposed letters), with non-breaking
spaces, leading apostrophes and stray line breaks. Everything is normalised to NFC before it is compared
or stored.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
_MATCH_DROP = re.compile(r"[…:*\u2026]|\.{2,}")


@lru_cache(maxsize=8192)
def clean(text: str) -> str:
    """NFC, every kind of space folded to one space, trimmed; a leading apostrophe dropped."""
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text).strip()
    if text.startswith("'"):
        text = text[1:].strip()
    return text


def clean_lines(text: str) -> list[str]:
    """Split a multi-line cell into cleaned, non-empty lines."""
    return [line for line in (clean(part) for part in re.split(r"[\r\n]+", text)) if line]


@lru_cache(maxsize=8192)
def match_key(text: str) -> str:
    """A key for lenient label matching: NFC, case-folded, punctuation that officials vary dropped."""
    text = _MATCH_DROP.sub(" ", clean(text)).casefold()
    return _SPACES.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    """ASCII-ish folding used for suggestions and file names ("Quốc Khánh" → "Quoc Khanh")."""
    text = unicodedata.normalize("NFD", clean(text)).replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def slug(text: str) -> str:
    """A file-name-safe slug: ``"xã Quốc Khánh"`` → ``"xa-quoc-khanh"``."""
    ascii_text = strip_accents(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"
