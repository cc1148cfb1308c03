"""The context handed to Word templates, as a contract: every name, what it holds, an example.

Secretaries write these names in Word (``{{ ten_xa }}``, ``{%p for lv in linh_vuc %}``), so each is
unaccented Vietnamese snake_case, stable, and listed with a description and an example by
``nqreport context`` and in docs/bien-mau.md — both generated from :data:`COMMUNE_VARIABLES` and
:data:`SUMMARY_VARIABLES`, with a test that every name the builders of :mod:`nqreport.render.context`
produce is listed and every listed name is produced. ``nqreport check`` reads the contract from here
without loading evaluation or aggregation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nqreport.render.filters import FILTER_DOCS, PERCENT_PLACES_KEY
from nqreport.text import strip_accents

SCOPE_COMMUNE = "xa"
SCOPE_SUMMARY = "tong_hop"
SCOPE_TITLES = {
    SCOPE_COMMUNE: "Báo cáo của một xã và Phụ lục (bao-cao-xa.docx, phu-luc-xa.docx)",
    SCOPE_SUMMARY: "Báo cáo tổng hợp các xã (bao-cao-tong-hop.docx)",
}


@dataclass(frozen=True)
class Variable:
    """One name of the contract. ``name`` is a path: ``linh_vuc[].ten`` is ``lv.ten`` inside
    ``{%p for lv in linh_vuc %}``."""

    name: str
    description: str
    example: str
    scope: str


def _vars(scope: str, rows: Sequence[tuple[str, str, str]]) -> tuple[Variable, ...]:
    return tuple(Variable(name, description, example, scope) for name, description, example in rows)


_COUNTS_ROWS = (
    ("dem", "Số chỉ tiêu theo mức đánh giá (một nhóm; dùng các thuộc tính dưới đây)", "dem.cau"),
    ("dem.tong", "Tổng số chỉ tiêu", "27"),
    ("dem.vuot", "Số chỉ tiêu vượt kế hoạch", "10"),
    ("dem.dat", "Số chỉ tiêu đạt (không kể vượt)", "12"),
    ("dem.dat_va_vuot", "Số chỉ tiêu đạt và vượt", "22"),
    ("dem.khong_dat", "Số chỉ tiêu không đạt", "3"),
    ("dem.dang_thuc_hien", "Số chỉ tiêu đang thực hiện (chưa đến lúc đánh giá)", "1"),
    ("dem.chua_co_so_lieu", "Số chỉ tiêu chưa có số liệu", "1"),
    ("dem.cau", "Câu tổng hợp như cán bộ viết (chữ đầu viết thường, không có dấu chấm cuối)",
     "22/27 chỉ tiêu đạt và vượt kế hoạch, trong đó 10 chỉ tiêu vượt; 3 chỉ tiêu không đạt"),
)

_INDICATOR_ROWS = (
    ("linh_vuc[].chi_tieu", "Các chỉ tiêu của lĩnh vực, theo thứ tự trong sổ: {%p for ct in lv.chi_tieu %}",
     "ct.cau"),
    ("linh_vuc[].chi_tieu[].stt", "Số thứ tự trong lĩnh vực", "1"),
    ("linh_vuc[].chi_tieu[].ma", "Mã trong danh mục chỉ tiêu (trống nếu không có)", "KT01"),
    ("linh_vuc[].chi_tieu[].ten", "Tên chỉ tiêu như trong Nghị quyết", "Thu ngân sách nhà nước trên địa bàn"),
    ("linh_vuc[].chi_tieu[].linh_vuc", "Lĩnh vực của chỉ tiêu", "Kinh tế"),
    ("linh_vuc[].chi_tieu[].dvt", "Đơn vị tính", "triệu đồng"),
    ("linh_vuc[].chi_tieu[].loai", "Loại chỉ tiêu (cách đánh giá)", "Từ … trở lên, đạt (≥)"),
    ("linh_vuc[].chi_tieu[].ke_hoach", "Chỉ tiêu kế hoạch (con số; trống với loại định tính, hạn hoàn thành)",
     "1.306"),
    ("linh_vuc[].chi_tieu[].ke_hoach_tren", "Cận trên (loại trong khoảng)", "10,5"),
    ("linh_vuc[].chi_tieu[].han", "Hạn hoàn thành (loại hoàn thành trước ngày)", "15/07/2026"),
    ("linh_vuc[].chi_tieu[].muc_ke_hoach", "Chỉ tiêu kế hoạch viết sẵn để in trong bảng",
     "trên 90; khoảng 13.900; tăng 10%; 10 - 10,5; trước 15/07/2026"),
    ("linh_vuc[].chi_tieu[].nam_truoc", "Thực hiện năm trước", "1.250"),
    ("linh_vuc[].chi_tieu[].cung_ky", "Thực hiện cùng kỳ năm trước", "610"),
    ("linh_vuc[].chi_tieu[].thuc_hien",
     "Thực hiện kỳ báo cáo (với loại hoàn thành trước ngày: ngày hoàn thành)", "702"),
    ("linh_vuc[].chi_tieu[].uoc_ca_nam", "Ước thực hiện cả năm", "1.420"),
    ("linh_vuc[].chi_tieu[].ty_le_ke_hoach", "Số được đánh giá so với kế hoạch, tính bằng % (đã làm tròn); "
     "trống nơi tỷ lệ không có nghĩa, hoặc nơi nó trái với mức đánh giá (loại Trên đạt đúng 90%: 100,0% mà Không "
     "đạt; câu ly_do nói rõ). In kèm dấu %: |phan_tram", "108,7"),
    ("linh_vuc[].chi_tieu[].tien_do", "Kỳ giữa năm: thực hiện kỳ báo cáo so với kế hoạch, tính bằng %", "60"),
    ("linh_vuc[].chi_tieu[].so_voi_cung_ky", "Tăng (+) hoặc giảm (-) so với cùng kỳ năm trước, tính bằng % "
     "(chỉ tiêu tỷ lệ, ĐVT %: tính bằng điểm %)", "15,1"),
    ("linh_vuc[].chi_tieu[].danh_gia", "Mức đánh giá", "Vượt"),
    ("linh_vuc[].chi_tieu[].ma_danh_gia", "Mã mức đánh giá, để viết điều kiện: vuot, dat, khong_dat, "
     "dang_thuc_hien, chua_co_so_lieu", "{% if ct.ma_danh_gia == \"khong_dat\" %}"),
    ("linh_vuc[].chi_tieu[].ly_do", "Vì sao có mức đánh giá đó (câu đầy đủ)",
     "Ước cả năm đạt 1.420 triệu đồng, bằng 108,7% kế hoạch (1.306 triệu đồng)"),
    ("linh_vuc[].chi_tieu[].cau", "Câu báo cáo về chỉ tiêu (không có dấu chấm cuối)",
     "Thu ngân sách nhà nước trên địa bàn ước đạt 1.420 triệu đồng, bằng 108,7% kế hoạch (vượt chỉ tiêu)"),
    ("linh_vuc[].chi_tieu[].ghi_chu", "Ghi chú trong sổ", "Dự toán tỉnh giao 1.166 triệu đồng"),
    ("linh_vuc[].chi_tieu[].co_quan_chu_tri", "Cơ quan chủ trì", "Phòng Kinh tế"),
)

COMMUNE_VARIABLES: tuple[Variable, ...] = _vars(SCOPE_COMMUNE, (
    ("ma_xa", "Mã đơn vị hành chính (5 chữ số)", "06004"),
    ("ten_xa", "Tên xã, phường (không kèm chữ \"xã\")", "Quốc Khánh"),
    ("cap_xa", "Cấp hành chính", "Xã"),
    ("ten_day_du", "Tên kèm cấp, viết trong câu", "xã Quốc Khánh"),
    ("tinh", "Tỉnh, thành phố", "Lạng Sơn"),
    ("nam", "Năm kế hoạch", "2026"),
    ("ky", "Kỳ báo cáo, tên ngắn", "6 tháng"),
    ("ky_bao_cao", "Kỳ báo cáo viết trong câu", "6 tháng đầu năm 2026; năm 2026; quý I năm 2026"),
    ("la_bao_cao_nam", "Đúng nếu là báo cáo cả năm (dùng trong điều kiện {% if la_bao_cao_nam %})", "có"),
    ("ngay_so_lieu", "Ngày chốt số liệu. Viết đầy đủ: |ngay", "15/06/2026"),
    ("so_nghi_quyet", "Số hiệu Nghị quyết giao chỉ tiêu (trống nếu chưa có số)", "45/NQ-HĐND"),
    ("ngay_nghi_quyet", "Ngày thông qua Nghị quyết", "18/12/2025"),
    ("khoa_ky_hop", "Khóa, kỳ họp HĐND đã thông qua Nghị quyết", "khóa XX, kỳ họp thứ Tư"),
    ("nghi_quyet", "Nghị quyết viết sẵn trong câu",
     "Nghị quyết số 45/NQ-HĐND ngày 18/12/2025 của Hội đồng nhân dân xã Quốc Khánh khóa XX, kỳ họp thứ Tư"),
    ("co_quan_ban_hanh", "Cơ quan ban hành báo cáo, viết trong câu", "Ủy ban nhân dân xã Quốc Khánh"),
    ("co_quan_in_hoa", "Cơ quan ban hành in hoa, hai dòng, cho phần đầu văn bản",
     "ỦY BAN NHÂN DÂN / XÃ QUỐC KHÁNH"),
    ("so_bao_cao", "Số báo cáo như ghi trong sổ (trống nếu chưa có)", "125/BC-UBND"),
    ("so_ky_hieu", "Số và ký hiệu in sau \"Số:\"; chưa có số thì để trống chỗ cho văn thư điền",
     "125/BC-UBND hoặc \"      /BC-UBND\""),
    ("ngay_bao_cao",
     "Ngày báo cáo (trống nếu chưa có). Viết đầy đủ: |ngay, trống in \"ngày … tháng … năm …\"", "15/06/2026"),
    ("dia_danh", "Địa danh ghi trước ngày tháng", "Quốc Khánh"),
    ("tham_quyen_ky", "Thẩm quyền ký, in hoa", "TM. ỦY BAN NHÂN DÂN"),
    ("chuc_vu_ky", "Chức vụ người ký, in hoa", "CHỦ TỊCH"),
    ("nguoi_ky", "Họ tên người ký", "Hoàng Anh Dũng"),
    ("noi_nhan", "Các dòng nơi nhận: {%p for dong in noi_nhan %}",
     "- Thường trực HĐND xã; - Lưu: VT."),
    (PERCENT_PLACES_KEY, "Số chữ số thập phân của tỷ lệ % (nqreport.toml, [evaluation] percent_places)", "1"),
    *_COUNTS_ROWS,
    ("linh_vuc", "Các lĩnh vực theo thứ tự trong sổ: {%p for lv in linh_vuc %}", "lv.ten"),
    ("linh_vuc[].stt", "Số thứ tự La Mã của lĩnh vực", "I"),
    ("linh_vuc[].ten", "Tên lĩnh vực", "Kinh tế"),
    ("linh_vuc[].dem", "Số chỉ tiêu của lĩnh vực theo mức đánh giá (các thuộc tính như dem)",
     "lv.dem.cau → 5/7 chỉ tiêu đạt và vượt kế hoạch, trong đó 2 chỉ tiêu vượt; 2 chỉ tiêu không đạt"),
    ("linh_vuc[].danh_gia_chung", "Đánh giá chung của cán bộ (trang Đánh giá), từng đoạn",
     "Thu ngân sách đạt khá nhờ …"),
    ("linh_vuc[].ton_tai", "Tồn tại, hạn chế, từng đoạn (trống nếu không ghi)", "Tiến độ trồng cây …"),
    ("linh_vuc[].nhiem_vu", "Nhiệm vụ, giải pháp, từng đoạn (trống nếu không ghi)", "Đôn đốc thu …"),
    *_INDICATOR_ROWS,
    ("chi_tieu_khong_dat", "Các chỉ tiêu không đạt (mỗi phần tử như linh_vuc[].chi_tieu[])", "ct.ten"),
    ("chi_tieu_chua_co_so_lieu", "Các chỉ tiêu chưa có số liệu (mỗi phần tử như linh_vuc[].chi_tieu[])",
     "ct.ten"),
))

SUMMARY_VARIABLES: tuple[Variable, ...] = _vars(SCOPE_SUMMARY, (
    ("co_quan_chu_quan", "Cơ quan cấp trên, in hoa (nqreport.toml [summary] parent_body; có thể trống)",
     "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"),
    ("co_quan_ban_hanh", "Cơ quan ban hành báo cáo tổng hợp, viết trong câu ([summary] issuing_body; mặc "
     "định Ủy ban nhân dân tỉnh của các xã)", "Sở Tài chính"),
    ("co_quan_in_hoa", "Cơ quan ban hành in hoa cho phần đầu văn bản", "SỞ TÀI CHÍNH"),
    ("so_ky_hieu", "Số và ký hiệu in sau \"Số:\" (để trống chỗ cho văn thư điền)", "      /BC-STC"),
    ("ngay_bao_cao", "Ngày báo cáo (luôn trống: điền tay). Viết: |ngay", "ngày … tháng … năm …"),
    ("dia_danh", "Địa danh ghi trước ngày tháng ([summary] place; mặc định tên tỉnh)", "Lạng Sơn"),
    ("tieu_de", "Trích yếu dưới chữ BÁO CÁO ([summary] title)",
     "Tổng hợp kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội 6 tháng đầu năm 2026 của các xã"),
    ("tham_quyen_ky", "Thẩm quyền ký, in hoa ([summary] signer_authority)", "KT. GIÁM ĐỐC"),
    ("chuc_vu_ky", "Chức vụ người ký, in hoa ([summary] signer_title)", "PHÓ GIÁM ĐỐC"),
    ("nguoi_ky", "Họ tên người ký ([summary] signer)", "Nguyễn Văn A"),
    ("noi_nhan", "Các dòng nơi nhận", "- Như trên; - Lưu: VT."),
    ("nam", "Năm kế hoạch", "2026"),
    ("ky", "Kỳ báo cáo, tên ngắn", "6 tháng"),
    ("ky_bao_cao", "Kỳ báo cáo viết trong câu", "6 tháng đầu năm 2026"),
    ("so_xa", "Số xã được tổng hợp", "2"),
    (PERCENT_PLACES_KEY, "Số chữ số thập phân của tỷ lệ %", "1"),
    *_COUNTS_ROWS,
    ("linh_vuc", "Các lĩnh vực (cột của bảng xã × lĩnh vực): {%tc for lv in linh_vuc %}", "lv.ten"),
    ("linh_vuc[].ten", "Tên lĩnh vực", "Kinh tế"),
    ("linh_vuc[].dem", "Số chỉ tiêu của lĩnh vực ở mọi xã (các thuộc tính như dem)", "lv.dem.tong → 14"),
    ("xa", "Các xã được tổng hợp, theo thứ tự tệp: {%tr for x in xa %}", "x.ten"),
    ("xa[].stt", "Số thứ tự", "1"),
    ("xa[].ma", "Mã đơn vị hành chính", "06004"),
    ("xa[].ten", "Tên xã (kèm tỉnh khi trùng tên)", "Quốc Khánh"),
    ("xa[].ten_day_du", "Tên kèm cấp, viết trong câu", "xã Quốc Khánh"),
    ("xa[].tinh", "Tỉnh", "Lạng Sơn"),
    ("xa[].dem", "Số chỉ tiêu của xã theo mức đánh giá (các thuộc tính như dem)", "x.dem.khong_dat → 3"),
    ("xa[].theo_linh_vuc", "Các ô của xã trong bảng xã × lĩnh vực, cùng thứ tự với linh_vuc: "
     "{%tc for o in x.theo_linh_vuc %}", "o.ket_qua"),
    ("xa[].theo_linh_vuc[].ten", "Tên lĩnh vực của ô", "Kinh tế"),
    ("xa[].theo_linh_vuc[].ket_qua", "Nội dung ô: số đạt và vượt / tổng số; \"-\" nếu xã không có chỉ tiêu "
     "lĩnh vực này", "5/7"),
    ("xa[].theo_linh_vuc[].dem", "Số chỉ tiêu của ô (các thuộc tính như dem)", "o.dem.khong_dat → 1"),
    ("xa[].chi_tieu_khong_dat", "Các chỉ tiêu không đạt của xã (mỗi phần tử như linh_vuc[].chi_tieu[] của "
     "báo cáo xã)", "ct.cau"),
    ("xa_khong_dat", "Các xã có chỉ tiêu không đạt (mỗi phần tử như xa[])", "x.ten_day_du"),
    ("theo_tinh", "Đúng khi các xã thuộc từ hai tỉnh trở lên: mẫu mặc định khi đó in bảng theo tỉnh thay cho bảng "
     "từng xã (chi tiết từng xã có trong tong-hop.xlsx): {%p if theo_tinh %}", "True"),
    ("tinh", "Các tỉnh, theo thứ tự tệp (trống khi chỉ có một tỉnh): {%tr for t in tinh %}", "t.ten"),
    ("tinh[].stt", "Số thứ tự", "1"),
    ("tinh[].ten", "Tên tỉnh", "Lạng Sơn"),
    ("tinh[].so_xa", "Số xã của tỉnh được tổng hợp", "65"),
    ("tinh[].dem", "Số chỉ tiêu của các xã trong tỉnh theo mức đánh giá (các thuộc tính như dem)",
     "t.dem.khong_dat → 40"),
    ("tinh[].theo_linh_vuc", "Các ô của tỉnh trong bảng tỉnh × lĩnh vực, cùng thứ tự với linh_vuc: "
     "{%tc for o in t.theo_linh_vuc %}", "o.ket_qua"),
    ("tinh[].theo_linh_vuc[].ten", "Tên lĩnh vực của ô", "Kinh tế"),
    ("tinh[].theo_linh_vuc[].ket_qua", "Nội dung ô: số đạt và vượt / tổng số; \"-\" nếu không xã nào có chỉ tiêu "
     "lĩnh vực này", "250/310"),
    ("tinh[].theo_linh_vuc[].dem", "Số chỉ tiêu của ô (các thuộc tính như dem)", "o.dem.khong_dat → 12"),
    ("tinh[].so_xa_khong_dat", "Số xã của tỉnh có chỉ tiêu không đạt", "18"),
    ("cot_thuc_hien", "Tiêu đề cột thực hiện của bảng tổng hợp theo danh mục: \"Thực hiện\" khi mọi xã báo cáo "
     "cả năm, \"Thực hiện kỳ báo cáo\" khi khác", "Thực hiện kỳ báo cáo"),
    ("cot_danh_gia", "Cột mà cột Đánh giá của bảng tổng hợp theo danh mục dựa trên: \"Ước cả năm\" (báo cáo trong "
     "năm) hoặc \"Thực hiện\" (mọi xã báo cáo cả năm); chỉ tiêu đánh giá trên con số khác có ghi chú", "Ước cả năm"),
    ("tong_danh_muc", "Các chỉ tiêu trong danh mục có ít nhất một xã đủ số liệu để cộng dồn hoặc tính lại "
     "giữa các xã: {%tr for t in tong_danh_muc %}", "t.ten"),
    ("tong_danh_muc[].stt", "Số thứ tự", "1"),
    ("tong_danh_muc[].ma", "Mã chỉ tiêu trong danh mục", "KT01"),
    ("tong_danh_muc[].ten", "Tên chỉ tiêu trong danh mục", "Thu ngân sách nhà nước trên địa bàn"),
    ("tong_danh_muc[].dvt", "Đơn vị tính", "triệu đồng"),
    ("tong_danh_muc[].cach_tong_hop", "Cách tổng hợp", "Cộng dồn"),
    ("tong_danh_muc[].so_xa", "Số xã có số liệu được tính", "2"),
    ("tong_danh_muc[].ke_hoach", "Tổng kế hoạch, con số (tỷ lệ: kế hoạch bình quân theo mẫu số, đã làm tròn)",
     "2.906"),
    ("tong_danh_muc[].muc_ke_hoach", "Kế hoạch viết sẵn để in trong bảng, kèm cách đánh giá (trống nếu các xã "
     "giao chỉ tiêu khác loại)", "2.906; khoảng 13.900; giảm 5%; trên 90"),
    ("tong_danh_muc[].thuc_hien", "Tổng con số được đánh giá: cộng dồn con số được đánh giá của từng xã (báo "
     "cáo trong năm: ước cả năm); tỷ lệ: Σ tử số / Σ mẫu số, đã làm tròn. Để in bảng, dùng thuc_hien_ky và "
     "uoc_ca_nam", "3.850"),
    ("tong_danh_muc[].thuc_hien_ky", "Thực hiện kỳ báo cáo: tổng kết quả thực hiện của các xã (tỷ lệ: Σ tử số / "
     "Σ mẫu số của kỳ, đã làm tròn)", "1.942"),
    ("tong_danh_muc[].uoc_ca_nam", "Ước cả năm: tổng ước thực hiện cả năm của các xã (trống với tỷ lệ, vì không "
     "có tử số ước cả năm)", "3.850"),
    ("tong_danh_muc[].danh_gia_tren", "Mức đánh giá dựa trên con số nào: \"ước cả năm\", \"thực hiện\" hoặc "
     "\"thực hiện, riêng … lấy ước cả năm\"", "ước cả năm"),
    ("tong_danh_muc[].danh_gia", "Mức đánh giá của tổng (trống nếu không đánh giá được)", "Vượt"),
    ("tong_danh_muc[].ma_danh_gia", "Mã mức đánh giá", "vuot"),
    ("tong_danh_muc[].ly_do", "Vì sao có mức đánh giá đó", "Ước cả năm đạt 3.120 triệu đồng, …"),
    ("tong_danh_muc[].ghi_chu", "Con số được đánh giá nếu không phải cột thực hiện (\"Đánh giá trên ước cả "
     "năm\"); vì sao không đánh giá chung (nếu vậy); các xã thiếu số liệu hoặc khác đơn vị tính",
     "Đánh giá trên ước cả năm; Thiếu thực hiện kỳ báo cáo: xã Bằng Mạc"),
    ("chua_tong_hop", "Các chỉ tiêu trong danh mục chưa xã nào đủ số liệu để tổng hợp (không có trong "
     "tong_danh_muc): {%p for t in chua_tong_hop %}", "t.ten"),
    ("chua_tong_hop[].ma", "Mã chỉ tiêu trong danh mục", "XH07"),
    ("chua_tong_hop[].ten", "Tên chỉ tiêu trong danh mục", "Tỷ lệ hộ nghèo"),
    ("chua_tong_hop[].dvt", "Đơn vị tính", "%"),
    ("chua_tong_hop[].ly_do", "Vì sao chưa tổng hợp được", "các xã chưa nhập tử số, mẫu số"),
    ("chua_tong_hop[].xa", "Các xã có chỉ tiêu này mà thiếu số liệu (hoặc ghi đơn vị tính khác)",
     "xã Quốc Khánh, xã Bằng Mạc"),
    ("cau_chua_tong_hop", "Các chỉ tiêu đó trong một câu, không có dấu chấm cuối; trống nếu mọi chỉ tiêu đều "
     "tổng hợp được: {%p if cau_chua_tong_hop %}",
     "Chưa tổng hợp được do các xã chưa nhập tử số, mẫu số: XH03 Tỷ lệ người dân được khám bệnh …; XH07 Tỷ "
     "lệ hộ nghèo"),
    ("bo_qua", "Các sổ chỉ tiêu không lập được báo cáo: {%p for b in bo_qua %}", "b.tep"),
    ("bo_qua[].tep", "Tên tệp", "06475-bang-mac.xlsx"),
    ("bo_qua[].ly_do", "Lý do", "2 lỗi"),
    ("so_xa_phai_nop", "Số xã phải gửi sổ chỉ tiêu (nqreport.toml: province hoặc communes); 0 nếu nqreport.toml "
     "không ghi các xã phải nộp", "65"),
    ("so_xa_chua_nop", "Số xã phải gửi mà chưa gửi sổ chỉ tiêu (không có sổ trong inputs/)", "63"),
    ("chua_nop", "Các xã chưa gửi sổ chỉ tiêu, theo thứ tự danh sách; trống nếu đã đủ hoặc nqreport.toml không ghi "
     "các xã phải nộp: {%p for x in chua_nop %}", "x.ten_day_du"),
    ("chua_nop[].stt", "Số thứ tự", "1"),
    ("chua_nop[].ma", "Mã đơn vị hành chính", "06001"),
    ("chua_nop[].ten", "Tên xã (không kèm cấp)", "Đoàn Kết"),
    ("chua_nop[].ten_day_du", "Tên kèm cấp, viết trong câu", "xã Đoàn Kết"),
    ("cau_chua_nop", "Các xã chưa gửi sổ trong một câu, không có dấu chấm cuối; trống nếu không có: "
     "{%p if cau_chua_nop %}", "xã Đoàn Kết, phường Tam Thanh và xã Tân Tiến"),
))

#: Groups that share a shape: the first path has the attributes listed under the second.
SAME_AS: dict[str, dict[str, str]] = {
    SCOPE_COMMUNE: {
        "linh_vuc[].dem": "dem",
        "chi_tieu_khong_dat[]": "linh_vuc[].chi_tieu[]",
        "chi_tieu_chua_co_so_lieu[]": "linh_vuc[].chi_tieu[]",
    },
    SCOPE_SUMMARY: {
        "linh_vuc[].dem": "dem",
        "xa[].dem": "dem",
        "xa[].theo_linh_vuc[].dem": "dem",
        "tinh[].dem": "dem",
        "tinh[].theo_linh_vuc[].dem": "dem",
        "xa_khong_dat[]": "xa[]",
        "xa[].chi_tieu_khong_dat[]": "linh_vuc[].chi_tieu[]",
    },
}



# --------------------------------------------------------------------------- the contract as text


def _scopes() -> tuple[tuple[str, tuple[Variable, ...]], ...]:
    return ((SCOPE_COMMUNE, COMMUNE_VARIABLES), (SCOPE_SUMMARY, SUMMARY_VARIABLES))


_INTRO = (
    "Các biến dùng được trong mẫu Word. Viết {{ ten_bien }} để in một biến; tên có [] là từng phần tử "
    "trong vòng lặp, ví dụ linh_vuc[].ten viết là {{ lv.ten }} bên trong {%p for lv in linh_vuc %} … "
    "{%p endfor %}. Số được in kiểu Việt Nam (1.306; 2,52), ngày in dạng 18/12/2025; dùng bộ lọc để in "
    "khác đi. Viết sai tên biến thì nqreport dừng và chỉ ra đoạn văn có lỗi."
)


def contract_text() -> str:
    """What ``nqreport context`` prints: every variable with its description and example, then the filters.
    No final newline: the command adds it."""
    lines = [_INTRO, ""]
    for scope, variables in _scopes():
        lines.append(f"== {SCOPE_TITLES[scope]} ==")
        width = max(len(v.name) for v in variables)
        for var in variables:
            lines.append(f"  {var.name.ljust(width)}  {var.description}")
            lines.append(f"  {'':{width}}  ví dụ: {var.example}")
        lines.append("")
    lines.append("== Bộ lọc (viết sau dấu |) ==")
    width = max(len(f.name) for f in FILTER_DOCS)
    for flt in FILTER_DOCS:
        lines.append(f"  {flt.name.ljust(width)}  {flt.description}")
        lines.append(f"  {'':{width}}  ví dụ: {flt.example}")
    return "\n".join(lines).rstrip()


_JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\})")


def _code(text: str) -> str:
    """Jinja tags shown as code, so that Markdown keeps them as typed."""
    return _JINJA.sub(r"`\1`", text)


def _cell(text: str) -> str:
    return _code(text.replace("\n", " ")).replace("|", "\\|")


def contract_markdown() -> str:
    """docs/bien-mau.md (less its final newline): the same contract as :func:`contract_text`, as Markdown
    tables; ``nqreport context --format markdown > docs/bien-mau.md`` writes the file."""
    out = [
        "# Biến dùng trong mẫu Word",
        "",
        "<!-- Tệp này được sinh từ src/nqreport/context.py (nqreport context --format markdown); "
        "đừng sửa tay. -->",
        "",
        _code(_INTRO),
        "",
    ]
    for scope, variables in _scopes():
        out += [f"## {SCOPE_TITLES[scope]}", "", "| Biến | Ý nghĩa | Ví dụ |", "|---|---|---|"]
        out += [f"| `{v.name}` | {_cell(v.description)} | {_cell(v.example)} |" for v in variables]
        same = SAME_AS[scope]
        if same:
            out += ["", "Nhóm có cùng thuộc tính: " + "; ".join(
                f"`{alias}` như `{canonical}`" for alias, canonical in same.items()) + "."]
        out.append("")
    out += ["## Bộ lọc", "", "| Bộ lọc | Ý nghĩa | Ví dụ |", "|---|---|---|"]
    out += [f"| `{f.name}` | {_cell(f.description)} | {_cell(f.example)} |" for f in FILTER_DOCS]
    return "\n".join(out).rstrip()


def documented_paths(scope: str) -> set[str]:
    """Every path the contract promises for ``scope``, with the shared groups spelt out in full."""
    names = {v.name for v in COMMUNE_VARIABLES if scope == SCOPE_COMMUNE} | \
        {v.name for v in SUMMARY_VARIABLES if scope == SCOPE_SUMMARY}
    known = {v.name for v in COMMUNE_VARIABLES} | {v.name for v in SUMMARY_VARIABLES}
    while True:  # groups inside groups (xa_khong_dat[] like xa[], whose dem is like dem)
        added = {alias + name[len(canonical):]
                 for alias, canonical in SAME_AS[scope].items()
                 for name in known | names if name.startswith(f"{canonical}.")}
        if added <= names:
            return names
        names |= added


def context_paths(context: dict[str, Any]) -> set[str]:
    """Every path present in a built context (lists contribute ``[]`` and their first element's keys)."""
    paths: set[str] = set()

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                path = f"{prefix}.{key}" if prefix else str(key)
                paths.add(path)
                walk(path, item)
        elif isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
            for item in value:
                walk(f"{prefix}[]", item)

    walk("", context)
    return paths


def ascii_name(name: str) -> bool:
    """Names are unaccented snake_case so that they can be typed on any keyboard."""
    return strip_accents(name) == name and name.replace("_", "").replace(".", "").replace("[]", "").isalnum()
