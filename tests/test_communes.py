"""The official list of commune-level units shipped with the package."""

from __future__ import annotations

from collections import Counter

from nqreport.config.communes import load_register, name_key


def test_the_list_has_every_unit_of_the_country() -> None:
    register = load_register()
    assert len(register.units) == 3321
    assert len({u.code for u in register.units}) == 3321
    assert len(register.provinces()) == 34
    sizes = Counter(u.province_code for u in register.units)
    assert (min(sizes.values()), max(sizes.values())) == (38, 168)
    assert Counter(u.level for u in register.units) == {"Xã": 2621, "Phường": 687, "Đặc khu": 13}


def test_the_seed_communes_by_code_and_by_name() -> None:
    register = load_register()
    unit = register.get("06004")
    assert unit is not None
    assert (unit.name, unit.level, unit.province, unit.province_code) == ("Quốc Khánh", "Xã", "Lạng Sơn", "20")
    assert unit.full_name == "xã Quốc Khánh"
    assert [u.code for u in register.find("Bằng Mạc")] == ["06475"]
    assert [u.code for u in register.find("xa bang mac", "Lạng Sơn")] == ["06475"]
    assert len(register.in_province("20")) == len(register.in_province("Tỉnh Lạng Sơn")) == 65


def test_a_name_in_two_provinces_needs_its_province() -> None:
    register = load_register()
    assert sorted(u.code for u in register.find("Xã Quảng Ninh")) == ["16540", "19207"]
    assert [u.code for u in register.find("Quảng Ninh", "Thanh Hóa")] == ["16540"]
    assert name_key("Tỉnh Quảng Trị") == name_key("quang tri")


def test_a_prefix_is_dropped_only_where_it_is_one() -> None:
    assert name_key("Xã Quốc Khánh") == name_key("quoc khanh") == name_key("XA QUOC KHANH") == "quoc khanh"
    assert name_key("Xá Lượng") == "xa luong"  # a name that starts like a level keeps it
