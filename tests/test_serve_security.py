"""The security rules of ``nqreport serve``, each through a plain HTTP client (Flask's test client):

- on 127.0.0.1, a request for another host name (DNS rebinding) is refused;
- beyond 127.0.0.1, no page without a key; the administrator's link opens everything; a commune's link
  hands in only that commune's workbook and sees only its own page, problems and reports;
- every form needs this session's token, and a form from another site is refused;
- upload size, count and rate limits; an upload during a build waits, or is refused with nothing written;
- downloads only from the manifest's outputs, inside outputs/, unchanged since the build;
- nothing from a request becomes a path: file names are shown only; zips are read in memory;
- failures are pages in Vietnamese, never a traceback.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import threading
import time
import zipfile
from pathlib import Path

import pytest

from nqreport.serve.access import SECRET_FILE, Keys, load_secret
from nqreport.serve.building import FINISHED
from nqreport.serve.server import opening_lines, start
from nqreport.serve.web import FORM_FIELD, Limits
from serve_helpers import (
    BM,
    BM_FILE,
    QK,
    QK_FILE,
    app_for,
    broken_workbook,
    example_bytes,
    files_under,
    served,
    text_of,
    token,
    upload,
)

__all__ = ["served"]


def _built(app: object, client: object) -> None:
    services = app.extensions["nqreport"]  # type: ignore[attr-defined]
    assert client.post("/lap", data={FORM_FIELD: token(client, "/lap")}).status_code == 303  # type: ignore[attr-defined]
    assert services.builder.wait(120).phase == FINISHED


def _snapshot(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in files_under(root)}


# --------------------------------------------------------------------------- 127.0.0.1


def test_local_pages_answer_only_to_this_computers_names(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    for host in ("localhost", "127.0.0.1:8000", "[::1]:8000", "localhost:8123"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host
    for host in ("evil.example", "evil.example:8000", "192.168.1.5:8000", "127.0.0.1.evil.example"):
        response = client.get("/", headers={"Host": host})
        assert response.status_code == 400, host
        assert "chỉ mở được bằng địa chỉ của chính máy này" in text_of(response)


def test_every_form_needs_this_sessions_token(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    before = _snapshot(served)
    files = [("qk.xlsx", broken_workbook())]
    for form_token in (None, "", "x" * 22, token(app.test_client())):  # none, empty, made up, another session's
        response = upload(client, files, form_token=form_token)
        assert response.status_code == 403
        assert "Biểu mẫu đã cũ" in text_of(response)
    for url in ("/lap", "/mau", "/nghi-quyet"):
        assert client.post(url, data={}).status_code == 403
    assert _snapshot(served) == before
    assert upload(client, files, form_token=token(client)).status_code == 200


def test_a_form_sent_from_another_site_is_refused(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    form_token = token(client)
    response = upload(client, [("qk.xlsx", broken_workbook())], form_token=form_token, Origin="http://evil.example")
    assert response.status_code == 403 and "được gửi từ một trang khác" in text_of(response)
    assert (served / "inputs" / QK_FILE).read_bytes() == example_bytes(QK_FILE)
    same = upload(client, [("qk.xlsx", broken_workbook())], form_token=form_token, Origin="http://localhost")
    assert same.status_code == 200


def test_pages_carry_the_security_headers(served: Path) -> None:
    app, _ = app_for(served)
    response = app.test_client().get("/")
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


# --------------------------------------------------------------------------- keys


def test_without_a_key_nothing_answers(served: Path) -> None:
    app, _ = app_for(served, required=True)
    client = app.test_client()
    for url in ("/", f"/xa/{QK}", "/lap", "/so-trong", f"/so-trong?ma={QK}", "/nghi-quyet", "/mau", "/duong-dan",
                "/duong-dan.csv", "/tai-tat-ca.zip", "/tai/outputs/manifest.json", "/khong-co"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Trang này cần đường dẫn riêng" in text_of(response)
    assert upload(client, [("qk.xlsx", broken_workbook())]).status_code == 403
    assert client.get("/vao/khong-phai-khoa").status_code == 403
    assert client.get("/style.css").status_code == 200


def test_a_key_for_one_commune_does_not_open_another(served: Path) -> None:
    app, keys = app_for(served, required=True)
    key = keys.commune_key(QK)
    forged = key.replace(QK, BM, 1)
    assert keys.access_of(forged) is None
    assert app.test_client().get(f"/vao/{forged}").status_code == 403
    assert keys.access_of(keys.admin_key()[:-1] + "A") is None or keys.admin_key().endswith("A")


def test_the_administrators_link_opens_everything(served: Path) -> None:
    app, keys = app_for(served, required=True)
    client = app.test_client()
    entered = client.get(f"/vao/{keys.admin_key()}")
    assert entered.status_code == 303 and entered.headers["Location"] == "/"
    assert "HttpOnly" in entered.headers["Set-Cookie"]
    for url in ("/", f"/xa/{QK}", f"/xa/{BM}", "/lap", "/mau", "/duong-dan"):
        assert client.get(url).status_code == 200, url
    links = client.get("/duong-dan.csv").data.decode("utf-8-sig")
    assert f"/vao/{keys.commune_key(QK)}" in links and keys.admin_key() not in links


def test_a_communes_link_opens_its_own_page_only(served: Path) -> None:
    app, keys = app_for(served, required=True)
    client = app.test_client()
    entered = client.get(f"/vao/{keys.commune_key(QK)}")
    assert entered.headers["Location"] == f"/xa/{QK}"
    assert client.get("/").headers["Location"] == f"/xa/{QK}"
    assert client.get(f"/xa/{QK}").status_code == 200
    for url in (f"/xa/{BM}", "/lap", "/mau", "/mau?dang_dung=1", "/duong-dan", "/duong-dan.csv", f"/so-trong?ma={BM}"):
        assert client.get(url).status_code == 403, url
    assert client.post("/lap", data={FORM_FIELD: token(client, f"/xa/{QK}")}).status_code == 403
    assert client.get(f"/so-trong?ma={QK}").status_code == 200


def test_a_communes_link_hands_in_only_that_communes_workbook(served: Path) -> None:
    app, keys = app_for(served, required=True)
    client = app.test_client()
    client.get(f"/vao/{keys.commune_key(QK)}")
    form_token = token(client, f"/xa/{QK}")
    before = _snapshot(served)
    other = broken_workbook(example_bytes(BM_FILE), cell="M7", value="5")
    response = upload(client, [("so.xlsx", other)], form_token=form_token)
    page = text_of(response)
    assert "so.xlsx: Không nhận Sổ này là sổ của xã Bằng Mạc, tỉnh Lạng Sơn (mã 06475" in page
    assert "đường dẫn này chỉ nhận sổ của xã Quốc Khánh (mã 06004)" in page
    assert _snapshot(served) == before
    # in a zip too, beside the commune's own
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bm.xlsx", other)
        archive.writestr("qk.xlsx", broken_workbook())
    page = text_of(upload(client, [("ca-hai.zip", buffer.getvalue())], form_token=form_token))
    assert "ca-hai.zip › bm.xlsx: Không nhận" in page and "ca-hai.zip › qk.xlsx: Đã nhận" in page
    assert (served / "inputs" / BM_FILE).read_bytes() == example_bytes(BM_FILE)
    assert (served / "inputs" / QK_FILE).read_bytes() != example_bytes(QK_FILE)


def test_a_communes_link_downloads_only_its_own_reports(served: Path) -> None:
    app, keys = app_for(served, required=True)
    admin = app.test_client()
    admin.get(f"/vao/{keys.admin_key()}")
    _built(app, admin)
    client = app.test_client()
    client.get(f"/vao/{keys.commune_key(QK)}")
    page = text_of(client.get(f"/xa/{QK}"))
    assert "outputs/06004-quoc-khanh/bao-cao.docx" in page and "06475" not in page.split("Báo cáo của xã")[1]
    assert client.get("/tai/outputs/06004-quoc-khanh/bao-cao.docx").status_code == 200
    for other in ("outputs/06475-bang-mac/bao-cao.docx", "outputs/tong-hop/bao-cao-tong-hop.docx",
                  "outputs/tong-hop/tong-hop.xlsx"):
        assert client.get(f"/tai/{other}").status_code == 404, other
        assert admin.get(f"/tai/{other}").status_code == 200, other
    with zipfile.ZipFile(io.BytesIO(client.get("/tai-tat-ca.zip").data)) as archive:
        # its reports and the trace of their figures, nothing of another commune
        assert sorted(archive.namelist()) == ["06004-quoc-khanh/bao-cao.docx", "06004-quoc-khanh/phu-luc.docx",
                                              "06004-quoc-khanh/truy-vet.json"]


def test_the_secret_is_private_and_never_printed(served: Path) -> None:
    running = start(served, "127.0.0.1", 0, require_keys=True)
    try:
        secret = served / SECRET_FILE
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600 or os.name == "nt"
        text = secret.read_text(encoding="ascii").strip()
        printed = "\n".join(opening_lines(running, served))
        assert text not in printed and running.services.keys.admin_key() in printed
        assert load_secret(secret).hex() == text  # the same links after a restart
    finally:
        running.close()
    secret.write_text("hỏng", encoding="utf-8")
    with pytest.raises(Exception, match="hãy xóa tệp này rồi chạy lại"):
        Keys.for_workspace(served, required=True)


# --------------------------------------------------------------------------- downloads


@pytest.mark.parametrize("name", [
    "../nqreport.toml", "outputs/../nqreport.toml", "%2e%2e/nqreport.toml", "..%2fnqreport.toml",
    "inputs/06004-quoc-khanh.xlsx", SECRET_FILE, "/etc/passwd", "outputs/manifest.json", "outputs",
    "outputs/06004-quoc-khanh/", "OUTPUTS/06004-quoc-khanh/bao-cao.docx", "outputs/06004-quoc-khanh/bao-cao.docx ",
])
def test_downloads_are_only_the_manifests_outputs(served: Path, name: str) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    _built(app, client)
    response = client.get(f"/tai/{name}", follow_redirects=True)  # "/tai//etc" is redirected to "/tai/etc" first
    assert response.status_code == 404, name
    assert "Không tải được tệp" in text_of(response) or "Không có trang này" in text_of(response)


def test_a_manifest_naming_a_file_outside_outputs_or_changed_serves_nothing(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    _built(app, client)
    manifest_path = served / "outputs" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    settings = served / "nqreport.toml"
    import hashlib

    manifest["outputs"].append({"path": "outputs/../nqreport.toml", "sha256": hashlib.sha256(settings.read_bytes())
                                .hexdigest(), "size": settings.stat().st_size})
    manifest["outputs"].append({"path": "nqreport.toml", "sha256": "0", "size": 1})
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert client.get("/tai/outputs/../nqreport.toml").status_code == 404
    assert client.get("/tai/nqreport.toml").status_code == 404
    report = served / "outputs" / "06004-quoc-khanh" / "bao-cao.docx"
    report.write_bytes(report.read_bytes() + b"x")
    changed = client.get("/tai/outputs/06004-quoc-khanh/bao-cao.docx")
    assert changed.status_code == 404 and "tệp đã thay đổi từ lần lập báo cáo" in text_of(changed)
    with zipfile.ZipFile(io.BytesIO(client.get("/tai-tat-ca.zip").data)) as archive:
        names = archive.namelist()
    assert "06004-quoc-khanh/bao-cao.docx" not in names and not any("nqreport.toml" in n for n in names)


# --------------------------------------------------------------------------- uploads


def test_an_uploads_name_never_becomes_a_path(served: Path, tmp_path: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    before = set(files_under(tmp_path))
    names = ["../../../evil.xlsx", "..\\..\\evil.xlsx", "/tmp/evil.xlsx", "C:\\Windows\\evil.xlsx", "a\x00b.xlsx"]
    for name in names:
        response = upload(client, [(name, broken_workbook(cell="M7", value=str(len(name))))], form_token=token(client))
        assert response.status_code == 200
    added = set(files_under(tmp_path)) - before
    assert all(a.startswith("ws/inputs/06004-quoc-khanh.xlsx") or a.startswith("ws/luu-tru/") for a in added), added
    assert not any("evil" in a for a in files_under(tmp_path))
    assert sorted(p.name for p in (served / "inputs").iterdir()) == [QK_FILE, BM_FILE]


def test_a_zip_whose_members_climb_out_is_read_in_memory_only(served: Path, tmp_path: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../escape.xlsx", broken_workbook(cell="M7", value="1"))
        archive.writestr("/abs/escape.sh", "#!/bin/sh\ntouch /tmp/pwned\n")
    before = set(files_under(tmp_path))
    page = text_of(upload(client, [("x.zip", buffer.getvalue())], form_token=token(client)))
    assert "x.zip › ../../escape.xlsx: Đã nhận" in page
    assert "Không nhận" in page  # the script: not a workbook, never run
    added = set(files_under(tmp_path)) - before
    assert not any("escape" in a for a in added)
    assert all(a.startswith(("ws/inputs/06004-quoc-khanh.xlsx", "ws/luu-tru/")) for a in added), added


def test_a_script_dressed_as_a_workbook_is_refused_and_not_run(served: Path, tmp_path: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    marker = tmp_path / "ran"
    script = f"#!/bin/sh\ntouch {marker}\n".encode()
    html = b"<html><script>alert(1)</script></html>"
    before = _snapshot(served)
    page = text_of(upload(client, [("so.xlsx", script), ("so2.xlsx", html), ("s.xlsm", b"PK\x03\x04garbage")],
                          form_token=token(client)))
    assert page.count("Không nhận") == 3
    assert "tệp thực chất là trang web (HTML)" in page
    assert not marker.exists() and _snapshot(served) == before
    assert "<script>alert(1)" not in client.get("/").get_data(as_text=True)


def test_upload_size_and_count_limits(served: Path) -> None:
    limits = Limits(request_bytes=200_000, admin_files=3, commune_files=1, commune_files_per_hour=2)
    app, keys = app_for(served, required=True, limits=limits)
    before = _snapshot(served)
    admin = app.test_client()
    admin.get(f"/vao/{keys.admin_key()}")
    big = upload(admin, [("big.xlsx", b"PK" + b"0" * 300_000)], form_token=token(admin))
    assert big.status_code == 413 and "Tệp quá lớn" in text_of(big) and "lớn hơn 0,2 MB" in text_of(big)
    many = upload(admin, [(f"{i}.xlsx", b"x") for i in range(4)], form_token=token(admin))
    assert many.status_code == 413 and "mỗi lần gửi được tối đa 3 tệp" in text_of(many)
    commune = app.test_client()
    commune.get(f"/vao/{keys.commune_key(QK)}")
    form_token = token(commune, f"/xa/{QK}")
    two = upload(commune, [("a.xlsx", b"x"), ("b.xlsx", b"y")], form_token=form_token)
    assert two.status_code == 413 and "tối đa 1 tệp" in text_of(two)
    assert _snapshot(served) == before
    assert upload(commune, [("a.xlsx", broken_workbook(cell="M7", value="1"))], form_token=form_token).status_code == 200
    assert upload(commune, [("a.xlsx", broken_workbook(cell="M7", value="2"))], form_token=form_token).status_code == 200
    third = upload(commune, [("a.xlsx", broken_workbook(cell="M7", value="3"))], form_token=form_token)
    assert third.status_code == 429 and "hơn 2 tệp trong một giờ" in text_of(third)


def test_no_file_chosen(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    response = client.post("/nop", data={FORM_FIELD: token(client), "so": (io.BytesIO(b""), "")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "Chưa chọn tệp nào" in text_of(response)


# --------------------------------------------------------------------------- one writer at a time


def test_an_upload_during_a_build_waits_for_it(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    gate = app.extensions["nqreport"].gate
    gate.enter_build()  # a build holding the workspace
    results: list[int] = []
    form_token = token(client)
    thread = threading.Thread(target=lambda: results.append(
        upload(client, [("qk.xlsx", broken_workbook())], form_token=form_token).status_code))
    thread.start()
    time.sleep(0.5)
    assert not results and (served / "inputs" / QK_FILE).read_bytes() == example_bytes(QK_FILE)
    gate.leave_build()
    thread.join(30)
    assert results == [200]
    assert (served / "inputs" / QK_FILE).read_bytes() != example_bytes(QK_FILE)


def test_an_upload_that_waited_too_long_is_refused_with_nothing_written(served: Path) -> None:
    app, _ = app_for(served, limits=Limits(upload_wait=0.3))
    client = app.test_client()
    form_token = token(client)
    before = _snapshot(served)
    gate = app.extensions["nqreport"].gate
    gate.enter_build()
    try:
        response = upload(client, [("qk.xlsx", broken_workbook())], form_token=form_token)
    finally:
        gate.leave_build()
    assert response.status_code == 503
    assert "Sổ chưa được nhận vì chương trình đang lập báo cáo" in text_of(response) and "gửi lại" in text_of(response)
    assert _snapshot(served) == before


def test_a_second_build_while_one_runs_is_refused(served: Path) -> None:
    app, _ = app_for(served)
    client = app.test_client()
    services = app.extensions["nqreport"]
    services.gate.enter_build()  # holds the first build at "waiting"
    try:
        form_token = token(client, "/lap")
        assert client.post("/lap", data={FORM_FIELD: form_token}).headers["Location"] == "/lap"
        assert "Đang chờ nhận xong các sổ" in text_of(client.get("/lap"))
        second = client.post("/lap", data={FORM_FIELD: form_token})
        assert second.headers["Location"] == "/lap?dang_lap=1"
        assert "Đang lập báo cáo rồi" in text_of(client.get(second.headers["Location"]))
    finally:
        services.gate.leave_build()
    assert services.builder.wait(120).phase == FINISHED


# --------------------------------------------------------------------------- failures


def test_a_bug_is_a_page_without_a_traceback(served: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, _ = app_for(served)
    services = app.extensions["nqreport"]

    def broken() -> None:
        raise RuntimeError("/secret/path/in/message")

    monkeypatch.setattr(services.views, "current", broken)
    response = app.test_client().get("/")
    assert response.status_code == 500
    page = text_of(response)
    assert "Lỗi không mong đợi (RuntimeError)" in page and "Traceback" not in page and "/secret/path" not in page


@pytest.mark.parametrize(("method", "url", "status", "words"), [
    ("GET", "/khong-co-trang-nay", 404, "Không có trang này"),
    ("DELETE", "/", 405, "Không làm được việc này ở đây"),
    ("GET", "/tai/", 404, "Không có trang này"),
])
def test_http_errors_are_vietnamese_pages(served: Path, method: str, url: str, status: int, words: str) -> None:
    app, _ = app_for(served)
    response = app.test_client().open(url, method=method)
    assert response.status_code == status and words in text_of(response)
    assert "Not Found" not in response.get_data(as_text=True)


def test_a_communes_link_reads_only_its_own_resolution(served: Path) -> None:
    app, keys = app_for(served, required=True)
    client = app.test_client()
    client.get(f"/vao/{keys.commune_key(QK)}")
    resolutions = Path(__file__).resolve().parent / "data" / "resolutions"
    response = upload(client, [("nq.txt", (resolutions / "xa-cam-lo-2026.txt").read_bytes())],
                      form_token=token(client, "/nghi-quyet"), field="nghi_quyet", url="/nghi-quyet")
    assert response.status_code == 400
    assert "nq.txt: đây là Nghị quyết của Hội đồng nhân dân xã Cam Lộ" in text_of(response)
    assert "chỉ dùng cho xã mã 06004" in text_of(response)


def test_on_a_network_resolutions_read_through_libreoffice_are_refused(served: Path) -> None:
    app, keys = app_for(served, required=True)
    client = app.test_client()
    client.get(f"/vao/{keys.admin_key()}")
    doc = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600
    for name, data in (("nq.doc", doc), ("nq.rtf", b"{\\rtf1 Nghi quyet}")):
        response = upload(client, [(name, data)], form_token=token(client, "/nghi-quyet"), field="nghi_quyet",
                          url="/nghi-quyet")
        assert response.status_code == 400 and "chỉ đọc được bằng LibreOffice" in text_of(response), name


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None and os.environ.get("NQREPORT_REQUIRE_SOFFICE") != "1",
                    reason="LibreOffice (soffice) not installed")
def test_a_communes_link_downloads_the_pdf_of_its_report_and_no_other(served: Path) -> None:
    app, keys = app_for(served, required=True)
    admin = app.test_client()
    admin.get(f"/vao/{keys.admin_key()}")
    assert "Xuất thêm bản PDF" in text_of(admin.get("/lap"))
    assert admin.post("/lap", data={FORM_FIELD: token(admin, "/lap"), "pdf": "1"}).status_code == 303
    state = app.extensions["nqreport"].builder.wait(300)
    assert state.phase == FINISHED and state.result.pdf_count == 5, state.message
    client = app.test_client()
    client.get(f"/vao/{keys.commune_key(QK)}")
    assert "outputs/06004-quoc-khanh/bao-cao.pdf" in text_of(client.get(f"/xa/{QK}"))
    pdf = client.get("/tai/outputs/06004-quoc-khanh/bao-cao.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and pdf.mimetype == "application/pdf"
    assert client.get("/tai/outputs/06475-bang-mac/bao-cao.pdf").status_code == 404
    assert client.get("/tai/outputs/tong-hop/bao-cao-tong-hop.pdf").status_code == 404
