"""What the page shows and does, through Flask's test client: the board, a workbook handed in with its
problems, the fix, the build with its progress and downloads, what changed, and the tools."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from check_helpers import T, edit_docx
from docx_helpers import TEMPLATES, Docx
from nqreport.config.catalog import load_catalog
from nqreport.read.workbook import read_identity
from nqreport.serve.building import FINISHED
from serve_helpers import (
    BM_FILE,
    QK,
    QK_FILE,
    app_for,
    broken_workbook,
    example_bytes,
    files_under,
    make_workspace,
    served,
    text_of,
    token,
    upload,
)

__all__ = ["served"]

RESOLUTIONS = Path(__file__).resolve().parent / "data" / "resolutions"


def _build(app: object, client: object) -> None:
    services = app.extensions["nqreport"]  # type: ignore[attr-defined]
    response = client.post("/lap", data={"_token": token(client, "/lap")})  # type: ignore[attr-defined]
    assert response.status_code == 303
    state = services.builder.wait(120)
    assert state.phase == FINISHED, (state.message, state.problems)


def test_the_board_lists_every_expected_commune_with_its_counts(served: Path) -> None:
    app, _ = app_for(served)
    page = text_of(app.test_client().get("/"))
    assert "2/4 xã đã nộp 0 hợp lệ 2 có cảnh báo 0 có lỗi 2 chưa nộp" in page
    assert "xã Quốc Khánh" in page and "xã Tân Tiến" in page and "Chưa nộp" in page
    # Quốc Khánh's 30 indicators: 11 Vượt, 11 Đạt, 5 Không đạt, 2 Đang thực hiện, 1 Chưa có số liệu
    assert "06004 xã Quốc Khánh Đã nộp, có cảnh báo" in page
    assert "Vượt: 18" in page  # both communes together


def test_a_broken_workbook_shows_its_cell_and_fix_then_the_fixed_one_replaces_it(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    response = upload(client, [("Sổ QK sửa.xlsx", broken_workbook())], form_token=token(client))
    assert response.status_code == 200
    page = text_of(response)
    assert "Sổ QK sửa.xlsx: Đã nhận, thay sổ nộp trước" in page
    assert "Lưu thành inputs/06004-quoc-khanh.xlsx" in page
    assert "Sổ mới thay sổ 06004-quoc-khanh.xlsx nộp lúc " in page
    assert "(bản cũ lưu tại luu-tru/06004-quoc-khanh.2026-06-30." in page
    assert "Sổ có 1 lỗi" in page
    assert 'Lỗi Chỉ tiêu N7 Trồng rừng "khoảng hai trăm" không phải con số; hãy gõ số theo kiểu Việt Nam' in page
    assert sorted(p.name for p in (served / "inputs").iterdir()) == [QK_FILE, BM_FILE]
    archived = [name for name in files_under(served / "luu-tru") if name.endswith(".xlsx")]
    assert len(archived) == 1 and archived[0].startswith("06004-quoc-khanh.2026-06-30.")
    assert "06004 xã Quốc Khánh Đã nộp, có lỗi" in text_of(client.get("/"))
    commune = text_of(client.get(f"/xa/{QK}"))
    assert "1 lỗi phải sửa trước khi lập báo cáo" in commune and "N7" in commune

    fixed = upload(client, [("Sổ QK.xlsx", example_bytes(QK_FILE))], form_token=token(client))
    page = text_of(fixed)
    assert "Sổ QK.xlsx: Đã nhận, thay sổ nộp trước" in page and "Sổ không có lỗi" in page
    assert (served / "inputs" / QK_FILE).read_bytes() == example_bytes(QK_FILE)
    assert "06004 xã Quốc Khánh Đã nộp, có cảnh báo" in text_of(client.get("/"))


def test_the_same_workbook_twice_changes_nothing(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    page = text_of(upload(client, [("a.xlsx", example_bytes(BM_FILE))], form_token=token(client)))
    assert "a.xlsx: Đã có sẵn, không thay đổi gì" in page
    assert not (served / "luu-tru").exists()


def test_a_zip_of_attachments_and_a_file_that_is_not_a_workbook(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Bằng Mạc.xlsx", broken_workbook(example_bytes(BM_FILE), cell="M7", value="??"))
        archive.writestr("ghi chú.txt", "xin gửi")
    page = text_of(upload(client, [("thư.zip", buffer.getvalue()), ("b.pdf", b"%PDF-1.4 x")],
                          form_token=token(client)))
    assert "thư.zip › Bằng Mạc.xlsx: Đã nhận, thay sổ nộp trước" in page
    assert "thư.zip › ghi chú.txt: Không nhận" in page
    assert "b.pdf: Không nhận Tệp là tài liệu PDF, không phải sổ bảng tính" in page


def test_build_progress_reports_changes_and_downloads(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    _build(app, client)
    page = text_of(client.get("/lap"))
    assert "Đã lập xong" in page and "Đã lập báo cáo cho 2 xã, báo cáo tổng hợp và bảng tổng hợp" in page
    assert "Đây là lần lập đầu tiên" in page
    report = "outputs/06004-quoc-khanh/bao-cao.docx"
    assert report in page
    download = client.get(f"/tai/{report}")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith('attachment; filename="bao-cao.docx"')
    text = Docx(download.data).text()
    assert "xã Quốc Khánh" in text.replace("XÃ QUỐC KHÁNH", "xã Quốc Khánh") and "Nơi nhận" in text
    everything = client.get("/tai-tat-ca.zip")
    with zipfile.ZipFile(io.BytesIO(everything.data)) as archive:
        names = archive.namelist()
    assert "06004-quoc-khanh/bao-cao.docx" in names and "tong-hop/bao-cao-tong-hop.docx" in names

    _build(app, client)
    assert "Không có gì thay đổi: sổ và báo cáo giống hệt lần trước" in text_of(client.get("/lap"))
    upload(client, [("qk.xlsx", broken_workbook(cell="M7", value="130"))], form_token=token(client))
    _build(app, client)
    page = text_of(client.get("/lap"))
    assert "Sổ đã thay: inputs/06004-quoc-khanh.xlsx" in page
    assert "outputs/06004-quoc-khanh/bao-cao.docx" in page.split("Báo cáo thay đổi:")[1]
    assert "outputs/06475-bang-mac/bao-cao.docx" not in page.split("Báo cáo thay đổi:")[1].split("Báo cáo không đổi")[0]


def test_a_commune_with_errors_is_skipped_and_said(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    upload(client, [("qk.xlsx", broken_workbook())], form_token=token(client))
    _build(app, client)
    page = text_of(client.get("/lap"))
    assert "Bỏ qua 1 sổ" in page and "inputs/06004-quoc-khanh.xlsx" in page
    assert 'N7 "khoảng hai trăm" không phải con số' in page


def test_the_blank_workbook_of_a_commune(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    assert "06019 · xã Tân Tiến" in text_of(client.get("/so-trong"))
    response = client.get("/so-trong?ma=06019&danh_muc=1")
    assert response.status_code == 200
    assert 'filename="06019-tan-tien.xlsx"' in response.headers["Content-Disposition"]
    identity = read_identity(response.data, load_catalog(), label="x")
    assert (identity.code, identity.name, identity.year) == ("06019", "Tân Tiến", 2026)
    wrong = client.get("/so-trong?ma=abc")
    assert wrong.status_code == 400 and 'mã xã phải gồm đúng 5 chữ số (ví dụ 06004), không phải "abc"' in text_of(wrong)


def test_a_resolution_read_into_a_workbook_to_download(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    source = (RESOLUTIONS / "xa-cam-lo-2026.txt").read_bytes()
    response = upload(client, [("NQ Cam Lộ.txt", source)], form_token=token(client, "/nghi-quyet"),
                      field="nghi_quyet", url="/nghi-quyet")
    page = text_of(response)
    assert response.status_code == 200, page
    assert "NQ Cam Lộ.txt: Hội đồng nhân dân xã Cam Lộ" in page and "chỉ tiêu" in page
    link = response.get_data(as_text=True).split('href="/nghi-quyet/tai/')[1].split('"')[0]
    workbook = client.get(f"/nghi-quyet/tai/{link}")
    assert workbook.status_code == 200
    assert read_identity(workbook.data, load_catalog(), label="x").name == "Cam Lộ"
    # the download is this session's and holder's: another browser gets nothing
    assert app.test_client().get(f"/nghi-quyet/tai/{link}").status_code == 404


def test_a_resolution_that_is_not_one(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    response = upload(client, [("thư mời.txt", "Kính mời dự họp".encode())], form_token=token(client, "/nghi-quyet"),
                      field="nghi_quyet", url="/nghi-quyet")
    page = text_of(response)
    assert response.status_code == 400
    assert page.count("thư mời.txt: không tìm thấy mục chỉ tiêu") == 1 and "nqreport-serve-" not in page


def test_the_template_check(served: Path, tmp_path: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    assert "bao-cao-xa.docx: 0 lỗi, 0 cảnh báo" in text_of(client.get("/mau?dang_dung=1"))
    broken = edit_docx(TEMPLATES / "bao-cao-xa.docx", tmp_path / "mau.docx", [(T("{{ nguoi_ky }}"), T("{{ nguoi_kyy }}"))])
    response = upload(client, [("Mẫu của tôi.docx", broken.read_bytes())], form_token=token(client, "/mau"),
                      field="mau", url="/mau")
    page = text_of(response)
    assert "Mẫu của tôi.docx: 1 lỗi" in page and "nguoi_kyy" in page and "Cách sửa" in page
    not_word = upload(client, [("mẫu.docx", b"hello")], form_token=token(client, "/mau"), field="mau", url="/mau")
    assert "mẫu.docx: không phải tệp Word .docx" in text_of(not_word) and "nqreport-serve-" not in text_of(not_word)
    # tags a build cannot render, though each reads well: found by rendering it once, as nqreport check does
    refused = edit_docx(TEMPLATES / "bao-cao-xa.docx", tmp_path / "mau2.docx",
                        [(T("{{ nguoi_ky }}"), T("{{ '{0}'.format_map({}) }}"))])
    page = text_of(upload(client, [("Mẫu lạ.docx", refused.read_bytes())], form_token=token(client, "/mau"),
                          field="mau", url="/mau"))
    assert "Mẫu lạ.docx: 1 lỗi" in page and "lập thử báo cáo" in page


def test_a_broken_settings_file_is_a_message(served: Path) -> None:
    app, _ = app_for(served)
    (served / "nqreport.toml").write_text("year = = 2026\n", encoding="utf-8")
    response = app.test_client().get("/")
    assert response.status_code == 400
    page = text_of(response)
    assert "nqreport.toml" in page and "Traceback" not in page


@pytest.mark.parametrize("empty", [True])
def test_an_empty_workspace_says_what_to_do(tmp_path: Path, empty: bool) -> None:
    root = make_workspace(tmp_path / "ws", with_inputs=not empty)
    app, _ = app_for(root)
    page = text_of(app.test_client().get("/"))
    assert "0/4 xã đã nộp" in page and "Chưa lập báo cáo lần nào" in page


def test_a_build_of_many_communes_starts_its_worker_processes(tmp_path: Path) -> None:
    """From eight communes on, build() starts worker processes: the build's own process must be allowed to."""
    from build_helpers import simple_rows, write_workbook
    from nqreport.config.communes import load_register

    root = make_workspace(tmp_path / "ws", with_inputs=False)
    (root / "nqreport.toml").write_text("year = 2026\n", encoding="utf-8")
    for unit in load_register().in_province("20")[:9]:
        write_workbook(root / "inputs" / f"{unit.code}.xlsx", unit.code, unit.name, simple_rows())
    app, _ = app_for(root)
    client = app.test_client()
    _build(app, client)
    assert "Đã lập báo cáo cho 9 xã" in text_of(client.get("/lap"))
