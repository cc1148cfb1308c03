"""`nqreport collect`: the attachments of a province filed into inputs/, one workbook per commune, the newest;
the replaced ones archived with a log line; the sources untouched; a second run changes nothing."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from nqreport.cli import main
from nqreport.collect import Action, collect
from nqreport.collect.archive import ARCHIVE_DIR, LOG_HEADER, LOG_NAME
from nqreport.config.settings import load_settings
from wbfactory import COMMUNE, Book, write

QUOC_KHANH = COMMUNE
BANG_MAC = {**COMMUNE, "code": "06475", "name": "Bằng Mạc", "issuing_body": "Ủy ban nhân dân xã Bằng Mạc"}
#: xã Tân Tiến of Tuyên Quang: Lạng Sơn has a xã Tân Tiến too (06019).
TAN_TIEN_ELSEWHERE = {**COMMUNE, "code": "01051", "name": "Tân Tiến", "province": "Tuyên Quang",
                      "province_code": "08"}


def book(commune: dict[str, object], **changes: object) -> Book:
    return Book(commune={**commune, **changes})


def sent(path: Path, when: datetime) -> Path:
    """The time the attachment was saved, as mail programs keep it."""
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))
    return path


def workbook_at(folder: Path, name: str, content: Book, when: datetime = datetime(2026, 7, 1, 9)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = write(folder, content, name="x")
    return sent(path.rename(folder / name), when)


def new_workspace(root: Path, settings: str = 'year = 2026\nperiod = "6 tháng"\nprovince = 20\n') -> Path:
    (root / "inputs").mkdir(parents=True)
    (root / "nqreport.toml").write_text(settings, encoding="utf-8")
    return root


def snapshot(folder: Path) -> dict[str, tuple[str, float]]:
    """Every file under ``folder`` with its hash and modification time."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def attachments(tmp_path: Path) -> Path:
    """What a province office finds in its mail before a session."""
    folder = tmp_path / "dinh-kem"
    workbook_at(folder, "Bao cao 6 thang xa Quoc Khanh.xlsx", book(QUOC_KHANH), datetime(2026, 6, 20, 8))
    workbook_at(folder, "Bao cao 6 thang xa Quoc Khanh (1).xlsx",
                book(QUOC_KHANH, cutoff=datetime(2026, 6, 30)), datetime(2026, 7, 2, 16))
    workbook_at(folder, "So chi tieu Bang Mac 2025.xlsx", book(BANG_MAC, year=2025))
    workbook_at(folder, "Tan Tien.xlsx", book(TAN_TIEN_ELSEWHERE))
    # No code, but only one xã Đoàn Kết in Lạng Sơn (06001).
    workbook_at(folder, "doan ket.xlsx", book(QUOC_KHANH, code=None, name="Đoàn Kết"))
    (folder / "Ke hoach.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (folder / "Bao cao (2).xlsx").write_bytes(b"")
    zalo = folder / "Zalo"
    bang_mac = workbook_at(tmp_path / "tmp", "Bang Mac.xlsx", book(BANG_MAC))
    zalo.mkdir()
    with zipfile.ZipFile(zalo / "tep dinh kem.zip", "w") as archive:
        archive.write(bang_mac, "Xã Bằng Mạc/Báo cáo 6 tháng.xlsx")
        archive.writestr("__MACOSX/._Báo cáo 6 tháng.xlsx", b"junk")
    return folder


def test_every_file_ends_where_it_should_and_the_sources_are_untouched(tmp_path: Path, attachments: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    before = snapshot(attachments)
    result = collect(load_settings(root), [attachments], now=datetime(2026, 7, 3, 10))
    assert snapshot(attachments) == before
    actions = {d.workbook.origin.replace(str(attachments), "~"): (d.action, d.target) for d in result.decisions}
    assert actions == {
        "~/Bao cao (2).xlsx": (Action.REFUSED, ""),
        "~/Bao cao 6 thang xa Quoc Khanh (1).xlsx": (Action.ADDED, "06004-quoc-khanh.xlsx"),
        "~/Bao cao 6 thang xa Quoc Khanh.xlsx": (Action.OLDER, "06004-quoc-khanh.xlsx"),
        "~/doan ket.xlsx": (Action.ADDED, "06001-doan-ket.xlsx"),
        "~/Ke hoach.pdf": (Action.REFUSED, ""),
        "~/So chi tieu Bang Mac 2025.xlsx": (Action.REFUSED, ""),
        "~/Tan Tien.xlsx": (Action.REFUSED, ""),
        "~/Zalo/tep dinh kem.zip › Xã Bằng Mạc/Báo cáo 6 tháng.xlsx": (Action.ADDED, "06475-bang-mac.xlsx"),
    }
    reasons = {Path(d.workbook.origin.split(" › ")[0]).name: d.reason for d in result.decisions}
    assert reasons["Ke hoach.pdf"].startswith("tệp là tài liệu PDF")
    assert reasons["Bao cao (2).xlsx"].startswith("tệp rỗng (0 byte)")
    assert reasons["So chi tieu Bang Mac 2025.xlsx"].startswith(
        "sổ năm 2025 của xã Bằng Mạc, thư mục làm việc lập báo cáo năm 2026")
    assert reasons["Tan Tien.xlsx"].startswith(
        "xã Tân Tiến, tỉnh Tuyên Quang (mã 01051) không thuộc tỉnh Lạng Sơn của thư mục làm việc")
    assert reasons["Bao cao 6 thang xa Quoc Khanh.xlsx"] == (
        f"có bản mới hơn cùng lần này: {attachments}/Bao cao 6 thang xa Quoc Khanh (1).xlsx (số liệu tính đến "
        "30/06/2026, mới hơn 15/06/2026)")
    assert reasons["doan ket.xlsx"] == "sổ của xã Đoàn Kết, tỉnh Lạng Sơn (nhận theo tên và tỉnh vì sổ không ghi mã)"
    inputs = root / "inputs"
    assert sorted(p.name for p in inputs.iterdir()) == ["06001-doan-ket.xlsx", "06004-quoc-khanh.xlsx",
                                                        "06475-bang-mac.xlsx"]
    newer = attachments / "Bao cao 6 thang xa Quoc Khanh (1).xlsx"
    assert (inputs / "06004-quoc-khanh.xlsx").read_bytes() == newer.read_bytes()
    assert (inputs / "06004-quoc-khanh.xlsx").stat().st_mtime == newer.stat().st_mtime  # the time it was sent
    log = list(csv.reader((root / ARCHIVE_DIR / LOG_NAME).read_text(encoding="utf-8-sig").splitlines()))
    assert log[0] == list(LOG_HEADER)
    assert [row[1:5] for row in log[1:]] == [
        ["Thêm", "06004", "xã Quốc Khánh", "inputs/06004-quoc-khanh.xlsx"],
        ["Thêm", "06001", "xã Đoàn Kết", "inputs/06001-doan-ket.xlsx"],
        ["Thêm", "06475", "xã Bằng Mạc", "inputs/06475-bang-mac.xlsx"],
    ]
    assert (root / ARCHIVE_DIR / LOG_NAME).read_bytes().startswith(b"\xef\xbb\xbf")


def test_running_twice_on_the_same_sources_changes_nothing(tmp_path: Path, attachments: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    collect(load_settings(root), [attachments])
    first = snapshot(root)
    again = collect(load_settings(root), [attachments])
    assert snapshot(root) == first
    assert not again.changed
    assert again.count(Action.KEPT) == 3


def test_a_newer_submission_replaces_the_one_in_inputs_and_the_old_is_archived(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    first = workbook_at(tmp_path / "thang-6", "QK.xlsx", book(QUOC_KHANH), datetime(2026, 6, 20, 8))
    collect(load_settings(root), [first])
    later = workbook_at(tmp_path / "thang-7", "QK moi.xlsx", book(QUOC_KHANH, cutoff=datetime(2026, 6, 30)))
    result = collect(load_settings(root), [later], now=datetime(2026, 7, 3, 10, 5))
    (decision,) = result.decisions
    assert (decision.action, decision.reason) == (Action.REPLACED, "số liệu tính đến 30/06/2026, mới hơn 15/06/2026")
    inputs = root / "inputs"
    assert [p.name for p in inputs.iterdir()] == ["06004-quoc-khanh.xlsx"]
    assert (inputs / "06004-quoc-khanh.xlsx").read_bytes() == later.read_bytes()
    short = hashlib.sha256(first.read_bytes()).hexdigest()[:8]
    kept = root / ARCHIVE_DIR / f"06004-quoc-khanh.2026-06-15.{short}.xlsx"
    assert kept.read_bytes() == first.read_bytes()
    log = list(csv.reader((root / ARCHIVE_DIR / LOG_NAME).read_text(encoding="utf-8-sig").splitlines()))
    assert log[-1] == ["2026-07-03 10:05:00", "Thay", "06004", "xã Quốc Khánh", "inputs/06004-quoc-khanh.xlsx",
                       str(later), "30/06/2026", "06004-quoc-khanh.xlsx", kept.relative_to(root).as_posix(),
                       "số liệu tính đến 30/06/2026, mới hơn 15/06/2026"]
    # The older one sent again is not taken back.
    again = collect(load_settings(root), [first])
    assert [d.action for d in again.decisions] == [Action.OLDER]
    assert again.decisions[0].reason.startswith("không mới hơn sổ đang có inputs/06004-quoc-khanh.xlsx (số liệu "
                                                "tính đến 30/06/2026, mới hơn 15/06/2026)")


def test_same_cut_off_date_the_later_file_wins(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    early = workbook_at(tmp_path / "a", "QK.xlsx", book(QUOC_KHANH, signer="A"), datetime(2026, 6, 20, 8))
    late = workbook_at(tmp_path / "b", "QK.xlsx", book(QUOC_KHANH, signer="B"), datetime(2026, 6, 21, 9, 30))
    result = collect(load_settings(root), [late, early])
    assert [d.action for d in result.decisions] == [Action.ADDED, Action.OLDER]
    assert result.decisions[1].reason.endswith(
        "(cùng số liệu tính đến 15/06/2026, tệp lúc 21/06/2026 09:30, sau 20/06/2026 08:00)")


def test_a_workbook_of_last_year_in_inputs_gives_way_to_this_years(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    shutil.copy(workbook_at(tmp_path / "a", "x.xlsx", book(QUOC_KHANH, year=2025, cutoff=datetime(2025, 12, 1))),
                root / "inputs" / "Quoc Khanh 2025.xlsx")
    new = workbook_at(tmp_path / "b", "QK.xlsx", book(QUOC_KHANH))
    (decision,) = collect(load_settings(root), [new]).decisions
    assert (decision.action, decision.reason) == (
        Action.REPLACED, "sổ kia là sổ năm 2025, thư mục làm việc lập báo cáo năm 2026")
    assert sorted(p.name for p in (root / "inputs").iterdir()) == ["06004-quoc-khanh.xlsx"]
    assert [p.name.split(".")[0] for p in (root / ARCHIVE_DIR).glob("*.xlsx")] == ["Quoc Khanh 2025"]


@pytest.mark.parametrize(("commune", "reason"), [
    ({**QUOC_KHANH, "name": "Bằng Mạc"},
     "mã 06004 là xã Quốc Khánh, tỉnh Lạng Sơn nhưng sổ ghi xã Bằng Mạc: không rõ là sổ của xã nào"),
    ({**QUOC_KHANH, "code": "06099"}, "mã 06099 ở ô Thông tin chung › B2 không phải mã xã nào trong danh sách từ "
                                      "1/7/2025 (theo tên và tỉnh có thể là xã Quốc Khánh, tỉnh Lạng Sơn, mã 06004)"),
    ({**QUOC_KHANH, "code": None, "name": None},
     'sổ không ghi mã xã và tên xã (trang "Thông tin chung"): không biết là sổ của xã nào'),
    ({**QUOC_KHANH, "code": None, "name": "Quảng Ninh", "province": "", "unit_type": "Xã"},
     "sổ không ghi mã xã, và không có xã nào tên Quảng Ninh ở tỉnh Lạng Sơn"),
    ({**QUOC_KHANH, "period": "9 tháng"}, "sổ kỳ 9 tháng của xã Quốc Khánh, thư mục làm việc lập báo cáo kỳ 6 tháng"),
    ({**TAN_TIEN_ELSEWHERE, "code": None},  # found by its name in its own province, which is not ours
     "xã Tân Tiến, tỉnh Tuyên Quang (mã 01051) không thuộc tỉnh Lạng Sơn của thư mục làm việc"),
])
def test_a_workbook_of_no_commune_of_the_workspace_is_refused_with_its_reason(
        tmp_path: Path, commune: dict[str, object], reason: str) -> None:
    root = new_workspace(tmp_path / "ws")
    source = workbook_at(tmp_path / "a", "x.xlsx", Book(commune=commune))
    (decision,) = collect(load_settings(root), [source]).decisions
    assert decision.action is Action.REFUSED
    assert decision.reason.startswith(reason), decision.reason
    assert list((root / "inputs").iterdir()) == []


def test_a_name_found_in_two_provinces_needs_its_code(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws", "year = 2026\n")
    source = workbook_at(tmp_path / "a", "x.xlsx", book(QUOC_KHANH, code=None, name="Quảng Ninh", province=""))
    (decision,) = collect(load_settings(root), [source]).decisions
    assert decision.reason == ("sổ không ghi mã xã, và tên Quảng Ninh có ở 2 đơn vị: 16540 (tỉnh Thanh Hóa), 19207 "
                               "(tỉnh Quảng Trị); hãy điền mã xã vào ô Thông tin chung › B2 rồi gửi lại")


def test_xls_and_ods_keep_their_format_and_a_nested_zip_is_opened(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    folder = tmp_path / "nguon"
    folder.mkdir()
    xls = write(folder, book(QUOC_KHANH), "xls", name="qk")
    ods = write(folder, book(BANG_MAC), "ods", name="bm")
    inner = folder / "inner.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        archive.write(ods, "bm.ods")
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.write(xls, "qk.xls")
        archive.write(inner, "inner.zip")
    result = collect(load_settings(root), [outer])
    assert sorted(d.target for d in result.decisions) == ["06004-quoc-khanh.xls", "06475-bang-mac.ods"]
    assert {d.workbook.origin for d in result.decisions} == {f"{outer} › qk.xls", f"{outer} › inner.zip › bm.ods"}


def test_a_zip_three_deep_and_a_broken_zip_are_named(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    deepest = tmp_path / "c.zip"
    with zipfile.ZipFile(deepest, "w") as archive:
        archive.writestr("a.txt", "x")
    for name, inside in (("b.zip", deepest), ("a.zip", tmp_path / "b.zip")):
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            archive.write(inside, inside.name)
    (tmp_path / "hong.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    result = collect(load_settings(root), [tmp_path / "a.zip", tmp_path / "hong.zip"])
    assert [(d.action, d.reason.split(";")[0]) for d in result.decisions] == [
        (Action.REFUSED, "tệp nén nằm trong tệp nén trong tệp nén"),
        (Action.REFUSED, "tệp bị hỏng hoặc chưa được chép/tải về hết, không đọc được"),
    ]


def test_a_missing_source_stops_before_anything(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    result = CliRunner().invoke(main, ["collect", "-w", str(root), str(tmp_path / "khong-co")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Lỗi: không tìm thấy: {tmp_path / 'khong-co'}; hãy kiểm tra lại đường dẫn")


def test_the_command_lists_what_it_did_and_how_long_it_took(tmp_path: Path, attachments: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    result = CliRunner().invoke(main, ["collect", "-w", str(root), str(attachments)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (f"Thêm: inputs/06004-quoc-khanh.xlsx ← {attachments}/Bao cao 6 thang xa Quoc Khanh (1).xlsx: "
                        "sổ của xã Quốc Khánh, tỉnh Lạng Sơn")
    assert lines[-1].startswith("Đã thêm 3 sổ vào inputs/ (nhật ký: luu-tru/nhat-ky.csv); 1 sổ cũ hơn không chép; "
                                "4 tệp không nhận. Thời gian: ")
    assert lines[-1].endswith(" giây. Xem xã nào đã nộp, xã nào còn thiếu: nqreport status")
    again = CliRunner().invoke(main, ["collect", "-w", str(root), str(attachments), "--format", "json"])
    doc = json.loads(again.stdout)
    assert sorted({f["action"] for f in doc["files"]}) == ["cu_hon", "da_co", "khong_nhan"]


def test_a_file_of_another_commune_under_the_target_name_is_left_alone(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    misnamed = root / "inputs" / "06004-quoc-khanh.xlsx"
    shutil.copy(workbook_at(tmp_path / "a", "x.xlsx", book(BANG_MAC)), misnamed)
    before = misnamed.read_bytes()
    source = workbook_at(tmp_path / "b", "QK.xlsx", book(QUOC_KHANH))
    (decision,) = collect(load_settings(root), [source]).decisions
    assert (decision.action, decision.reason) == (
        Action.REFUSED, "inputs/06004-quoc-khanh.xlsx đã có và là sổ của mã 06475; hãy đổi tên tệp đó rồi chạy lại")
    assert misnamed.read_bytes() == before


def test_a_list_of_communes_refuses_the_others(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws", 'year = 2026\ncommunes = "cum.csv"\n')
    (root / "cum.csv").write_text("06475\n", encoding="utf-8")
    source = workbook_at(tmp_path / "a", "QK.xlsx", book(QUOC_KHANH))
    (decision,) = collect(load_settings(root), [source]).decisions
    assert (decision.action, decision.reason) == (
        Action.REFUSED, "xã Quốc Khánh, tỉnh Lạng Sơn (mã 06004) không có trong danh sách xã cum.csv; không chép")


def test_not_a_workspace_is_said_before_reading_anything(tmp_path: Path, attachments: Path) -> None:
    result = CliRunner().invoke(main, ["collect", "-w", str(tmp_path / "trong"), str(attachments)])
    assert result.exit_code == 1
    assert "không tìm thấy thư mục làm việc này" in result.stderr
    (tmp_path / "trong").mkdir()
    result = CliRunner().invoke(main, ["collect", "-w", str(tmp_path / "trong"), str(attachments)])
    assert result.exit_code == 1
    assert "không phải thư mục làm việc (không có nqreport.toml, không có thư mục inputs)" in result.stderr


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    root = new_workspace(tmp_path / "ws")
    bomb = tmp_path / "bom.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("so.xlsx", b"\0" * (3 * 1024 * 1024))
    (decision,) = collect(load_settings(root), [bomb]).decisions
    assert decision.action is Action.REFUSED
    assert decision.reason.startswith("tệp nén bất thường")
