"""nqreport build as a user meets it: where the reports went, what to do when a template is broken."""

from __future__ import annotations

import zipfile
from pathlib import Path

from build_helpers import invoke


def test_outputs_outside_the_workspace_named_in_full(workspace: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "chia-se" / "bao-cao"
    settings = workspace / "nqreport.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + f'outputs = "{elsewhere.as_posix()}"\n',
                        encoding="utf-8")
    code, out, err = invoke("build", "-w", str(workspace), "-j", "1")
    assert code == 0, err
    assert out.startswith(f"Đã lập báo cáo và phụ lục của 2 xã, báo cáo và bảng tổng hợp vào {elsewhere}/. ")
    assert (elsewhere / "manifest.json").is_file()


def test_broken_template_points_at_check(workspace: Path) -> None:
    template = workspace / "templates" / "bao-cao-xa.docx"
    with zipfile.ZipFile(template) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = xml.replace("{{", "{{ ten_xaa }} {{", 1).encode("utf-8")
    with zipfile.ZipFile(template, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    code, out, err = invoke("build", "-w", str(workspace), "-j", "1")
    assert (code, out) == (1, "")
    assert err.startswith("Lỗi: bao-cao-xa.docx, ")
    assert 'không có biến "ten_xaa"' in err
    assert err.endswith(". Báo cáo chưa được lập; xem mọi lỗi của mẫu và cách sửa bằng lệnh: nqreport check\n")
    assert list((workspace / "outputs").iterdir()) == []


OTHER_FORMAT = ("không phải sổ chỉ tiêu nên không được đọc; nếu đây là sổ của một xã, hãy mở bằng Excel (hoặc WPS, "
                "LibreOffice) rồi lưu thành Sổ làm việc Excel (.xlsx)")


def test_spreadsheet_in_another_format_is_named_not_silently_left_out(workspace: Path) -> None:
    (workspace / "inputs" / "06100-tan-lap.csv").write_text("Mã xã;06100\n", encoding="utf-8")
    (workspace / "inputs" / "06200.xlsb").write_bytes(b"PK")
    (workspace / "inputs" / "ghi-chu.docx").write_bytes(b"PK")  # not a spreadsheet: no word about it
    code, out, err = invoke("validate", "-w", str(workspace))
    assert code == 0
    assert "inputs/06100-tan-lap.csv (1 cảnh báo):\n" in err
    assert f"  inputs/06100-tan-lap.csv: Cảnh báo: tệp .csv {OTHER_FORMAT}\n" in err
    assert f"  inputs/06200.xlsb: Cảnh báo: tệp .xlsb {OTHER_FORMAT}\n" in err
    assert "ghi-chu" not in err
    assert out == "Đã kiểm tra 2 sổ chỉ tiêu: 0 lỗi, 2 cảnh báo. Kết quả: ĐẠT.\n"
    code, out, err = invoke("build", "-w", str(workspace), "-j", "1")
    assert code == 0
    assert f"  inputs/06100-tan-lap.csv: Cảnh báo: tệp .csv {OTHER_FORMAT}\n" in err
    assert "; 2 cảnh báo. Thời gian" in out
    code, _, _ = invoke("build", "-w", str(workspace), "-j", "1", "--strict")
    assert code == 1


def test_a_file_or_folder_in_the_way_of_outputs(workspace: Path) -> None:
    outputs = workspace / "outputs"
    (outputs / "06004-quoc-khanh").write_text("ghi chú của ai đó")
    (outputs / "tong-hop" / "tong-hop.xlsx").mkdir(parents=True)
    code, out, err = invoke("build", "-w", str(workspace), "-j", "1")
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[:8] == [
        "outputs/06004-quoc-khanh/bao-cao.docx (1 lỗi):",
        "  outputs/06004-quoc-khanh/bao-cao.docx: Lỗi: không thay được tệp này bằng bản mới: không ghi được: đã có "
        "một tệp cùng tên ở chỗ cần tạo thư mục; hãy đổi tên hoặc chuyển tệp đó đi, rồi chạy lại",
        "outputs/06004-quoc-khanh/phu-luc.docx (1 lỗi):",
        "  outputs/06004-quoc-khanh/phu-luc.docx: Lỗi: không thay được tệp này bằng bản mới: không ghi được: đã có "
        "một tệp cùng tên ở chỗ cần tạo thư mục; hãy đổi tên hoặc chuyển tệp đó đi, rồi chạy lại",
        "outputs/06004-quoc-khanh/truy-vet.json (1 lỗi):",
        "  outputs/06004-quoc-khanh/truy-vet.json: Lỗi: không thay được tệp này bằng bản mới: không ghi được: đã có "
        "một tệp cùng tên ở chỗ cần tạo thư mục; hãy đổi tên hoặc chuyển tệp đó đi, rồi chạy lại",
        "outputs/tong-hop/tong-hop.xlsx (1 lỗi):",
        "  outputs/tong-hop/tong-hop.xlsx: Lỗi: không thay được tệp này bằng bản mới: không ghi được: ở chỗ cần ghi "
        "tệp đã có một thư mục cùng tên; hãy đổi tên hoặc chuyển thư mục đó đi, rồi chạy lại",
    ]
    assert lines[-1].startswith(
        "Đã lập báo cáo và phụ lục của 1 xã vào outputs/; 4 tệp không ghi được: outputs/06004-quoc-khanh/bao-cao.docx, "
        "outputs/06004-quoc-khanh/phu-luc.docx, outputs/06004-quoc-khanh/truy-vet.json, "
        "outputs/tong-hop/tong-hop.xlsx. Thời gian: ")
    assert (outputs / "06004-quoc-khanh").read_text() == "ghi chú của ai đó"


def test_template_saved_as_doc(workspace: Path) -> None:
    templates = workspace / "templates"
    (templates / "bao-cao-xa.docx").rename(templates / "bao-cao-xa.doc")
    code, _, err = invoke("build", "-w", str(workspace), "-j", "1")
    assert code == 1
    assert err == ("Lỗi: Không tìm thấy mẫu Word: templates/bao-cao-xa.docx. Có tệp templates/bao-cao-xa.doc: hãy mở "
                   "bằng Word rồi lưu lại dạng Word Document (.docx) với tên bao-cao-xa.docx. Hãy chép mẫu mặc định "
                   "vào templates/ (nqreport init tạo sẵn) hoặc sửa mục [templates] trong nqreport.toml\n")


def test_check_a_folder_without_docx(tmp_path: Path) -> None:
    code, _, err = invoke("check", str(tmp_path))
    assert (code, err) == (1, f"Lỗi: {tmp_path}: không có mẫu Word (.docx) nào; hãy ghi đường dẫn tới tệp mẫu .docx, "
                              "hoặc không ghi gì để kiểm tra các mẫu trong nqreport.toml\n")
    (tmp_path / "bao-cao-xa.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, err = invoke("check", str(tmp_path))
    assert (code, err) == (1, f"Lỗi: {tmp_path}: không có mẫu Word (.docx) nào; có bao-cao-xa.doc: hãy mở bằng Word "
                              "rồi lưu lại dạng Word Document (.docx)\n")


def test_summary_workbook_follows_percent_places(workspace: Path) -> None:
    import openpyxl

    def percent_formats() -> set[str]:
        book = openpyxl.load_workbook(workspace / "outputs" / "tong-hop" / "tong-hop.xlsx")
        return {str(c.number_format) for ws in book for r in ws.iter_rows() for c in r if "%" in str(c.number_format)}

    assert invoke("build", "-w", str(workspace), "-j", "1")[0] == 0
    assert "0.00%" not in percent_formats()
    settings = workspace / "nqreport.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "[evaluation]\npercent_places = 2\n", encoding="utf-8")
    assert invoke("build", "-w", str(workspace), "-j", "1")[0] == 0
    assert "0.00%" in percent_formats()
