"""The official list of commune-level units in force since 1/7/2025 (3,321 xã, phường, đặc khu).

Shipped as package data (``data/don-vi-hanh-chinh-cap-xa-2025.csv``: code, full name, level, province
code, province, the Standing Committee resolution that formed the unit). Names are not unique across
provinces (xã Quảng Ninh is 16540 in Thanh Hóa and 19207 in Quảng Trị): a unit is known by its 5-digit
code; a name finds it only with its province, or when it is the only one of that name.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from nqreport.text import clean, match_key, strip_accents

REGISTER_FILE = "don-vi-hanh-chinh-cap-xa-2025.csv"
LEVELS = ("Xã", "Phường", "Đặc khu")
_PROVINCE_PREFIX = re.compile(r"^(tỉnh|thành phố|tp\.?)\s+", re.IGNORECASE)
_LEVEL_PREFIX = re.compile(r"^(xã|phường|đặc khu)\s+", re.IGNORECASE)
#: What may stand before a name, once accents are gone: the level of a commune, the kind of a province.
_PLAIN_PREFIX = re.compile(r"^(xa|phuong|dac khu|tinh|thanh pho|tp\.?)\s+")


def name_key(text: str) -> str:
    """A commune or province name for comparing: no level or "Tỉnh" before it, no accents, no case
    ("Xã Quốc Khánh", "quoc khanh" and "Quốc  Khánh" compare equal)."""
    typed = match_key(text)
    # "Xá Lượng" is a name, "Xa Luong" typed without accents may be "xã Lượng": an unaccented prefix is
    # only dropped from text typed without accents.
    plain = typed.isascii()
    typed = _PROVINCE_PREFIX.sub("", _LEVEL_PREFIX.sub("", typed))
    key = strip_accents(typed).casefold()
    return _PLAIN_PREFIX.sub("", key) if plain else key


@dataclass(frozen=True)
class Unit:
    """One commune-level unit."""

    code: str
    #: The name without its level: "Quốc Khánh".
    name: str
    #: "Xã", "Phường" or "Đặc khu".
    level: str
    province_code: str
    #: The province without "Tỉnh"/"Thành phố": "Lạng Sơn".
    province: str
    #: As the list writes it: "Tỉnh Lạng Sơn", "Thành phố Hà Nội".
    province_full: str
    formed_by: str = ""

    @property
    def full_name(self) -> str:
        """"xã Quốc Khánh": the level in lower case, as written inside a sentence."""
        return f"{self.level.lower()} {self.name}"

    @property
    def province_phrase(self) -> str:
        """"tỉnh Lạng Sơn", "thành phố Hà Nội": the province as written inside a sentence."""
        return province_phrase(self.province_full)

    @property
    def described(self) -> str:
        """"xã Quốc Khánh, tỉnh Lạng Sơn": enough to tell it from a unit of the same name elsewhere."""
        return f"{self.full_name}, {self.province_phrase}"


def province_phrase(province_full: str) -> str:
    """"Tỉnh Lạng Sơn" → "tỉnh Lạng Sơn": the kind of a province in lower case, inside a sentence."""
    head, _, rest = province_full.partition(" ")
    if head in ("Tỉnh", "Thành") and rest:
        return f"{head.lower()} {rest}"
    return province_full


@dataclass(frozen=True)
class Register:
    units: tuple[Unit, ...]

    @cached_property
    def _by_code(self) -> dict[str, Unit]:
        # Built once per register (a frozen dataclass still lets cached_property fill its __dict__):
        # hashing 3,321 units to look one up in an lru_cache took a third of a millisecond per code.
        return {unit.code: unit for unit in self.units}

    def get(self, code: str) -> Unit | None:
        return self._by_code.get(clean(code))

    @cached_property
    def _by_province(self) -> dict[str, tuple[Unit, ...]]:
        grouped: dict[str, list[Unit]] = {}
        for unit in self.units:
            grouped.setdefault(unit.province_code, []).append(unit)
        return {code: tuple(units) for code, units in grouped.items()}

    @cached_property
    def _by_name(self) -> dict[str, tuple[Unit, ...]]:
        # name_key folds accents letter by letter: computed once per unit, not once per unit and lookup
        # (collecting a province's 168 workbooks spent 5 of its 7 seconds here).
        grouped: dict[str, list[Unit]] = {}
        for unit in self.units:
            grouped.setdefault(name_key(unit.name), []).append(unit)
        return {key: tuple(units) for key, units in grouped.items()}

    @cached_property
    def _province_keys(self) -> dict[str, str]:
        return {name_key(units[0].province): code for code, units in self._by_province.items()}

    def in_province(self, province: str) -> tuple[Unit, ...]:
        """The units of a province, by its 2-digit code ("20") or its name ("Lạng Sơn", "tỉnh Lạng Sơn")."""
        code = self.province_code(province)
        return self._by_province[code] if code is not None else ()

    def find(self, name: str, province: str = "") -> tuple[Unit, ...]:
        """The units with this name (any level prefix, accents or not), in ``province`` when given."""
        found = self._by_name.get(name_key(name), ())
        if not clean(province):
            return found
        code = self.province_code(province)
        return tuple(u for u in found if u.province_code == code)

    def provinces(self) -> dict[str, str]:
        """Province code → name."""
        return {code: units[0].province for code, units in self._by_province.items()}

    def province_code(self, province: str) -> str | None:
        """The 2-digit code of a province given by its code ("20", "2") or its name ("Lạng Sơn", "tỉnh Lạng
        Sơn", "lang son"); None when there is no such province."""
        wanted = clean(province)
        if wanted.isdigit():
            code = wanted.zfill(2)
            return code if code in self._by_province else None
        return self._province_keys.get(name_key(wanted))

    def province_full(self, code: str) -> str:
        """"Tỉnh Lạng Sơn" for "20"; "" for no such province."""
        units = self._by_province.get(code)
        return units[0].province_full if units else ""


@lru_cache(maxsize=1)
def load_register() -> Register:
    """The shipped list, read once per process."""
    text = resources.files("nqreport").joinpath("data", REGISTER_FILE).read_text(encoding="utf-8")
    units = []
    for row in csv.DictReader(io.StringIO(text)):
        level = clean(row["cap"])
        full = clean(row["ten"])
        name = full[len(level):].strip() if full.startswith(level) else full
        province_full = clean(row["tinh"])
        units.append(Unit(clean(row["ma"]), name, level, clean(row["ma_tinh"]),
                          _PROVINCE_PREFIX.sub("", province_full), province_full, clean(row["nghi_quyet"])))
    return Register(tuple(units))
