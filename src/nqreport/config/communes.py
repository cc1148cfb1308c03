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
from functools import lru_cache
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


@dataclass(frozen=True)
class Register:
    units: tuple[Unit, ...]

    def get(self, code: str) -> Unit | None:
        return _by_code(self).get(clean(code))

    def in_province(self, province: str) -> tuple[Unit, ...]:
        """The units of a province, by its 2-digit code ("20") or its name ("Lạng Sơn", "tỉnh Lạng Sơn")."""
        wanted = clean(province)
        if wanted.isdigit():
            return tuple(u for u in self.units if u.province_code == wanted.zfill(2))
        key = name_key(wanted)
        return tuple(u for u in self.units if name_key(u.province) == key)

    def find(self, name: str, province: str = "") -> tuple[Unit, ...]:
        """The units with this name (any level prefix, accents or not), in ``province`` when given."""
        found = _by_name(self).get(name_key(name), ())
        wanted = clean(province)
        if not wanted:
            return found
        if wanted.isdigit():
            return tuple(u for u in found if u.province_code == wanted.zfill(2))
        key = name_key(wanted)
        return tuple(u for u in found if name_key(u.province) == key)

    def provinces(self) -> dict[str, str]:
        """Province code → name."""
        return {u.province_code: u.province for u in self.units}


@lru_cache(maxsize=4)
def _by_code(register: Register) -> dict[str, Unit]:
    return {unit.code: unit for unit in register.units}


@lru_cache(maxsize=4)
def _by_name(register: Register) -> dict[str, tuple[Unit, ...]]:
    """Units by their name's key, in the list's order: finding a name is a look-up, not 3,321 comparisons
    (nqreport extract looks names up a few dozen times per resolution)."""
    index: dict[str, list[Unit]] = {}
    for unit in register.units:
        index.setdefault(name_key(unit.name), []).append(unit)
    return {key: tuple(units) for key, units in index.items()}


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
