"""The context handed to Word templates: a documented contract, built purely from evaluated reports.

Secretaries write these names in Word (``{{ ten_xa }}``, ``{%p for lv in linh_vuc %}``), so each is
unaccented Vietnamese snake_case, stable, and listed with a description and an example by
``nqreport context`` and in docs/bien-mau.md — both generated from :data:`COMMUNE_VARIABLES` and
:data:`SUMMARY_VARIABLES`, with a test that every name the builders produce is listed and every listed
name is produced.

Values are plain: ``str``, ``int`` (years, counts), ``Decimal`` (figures, printed "1.306" / "2,52" by the
renderer), ``date`` (printed 18/12/2025, or long with ``|ngay``), lists, and dicts for groups. No key
is named like a dict method (``items``, ``keys``, ``values``…): Jinja would find the method instead.
Percentages are rounded half-up here to ``percent_places`` (this is the formatting stage); everything
else keeps its exact value. Pure functions: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from nqreport.aggregate import (
    CatalogTotal,
    CommuneReport,
    CrossCommune,
    EvaluatedIndicator,
    StatusCounts,
    results_heading,
    total_notes,
    uncounted_sentence,
)
from nqreport.config.catalog import AGGREGATION_LABELS, Aggregation
from nqreport.config.settings import Settings
from nqreport.evaluate import Evaluation
from nqreport.model import Assessment, Commune, Indicator
from nqreport.render.filters import FILTER_DOCS, PERCENT_PLACES_KEY, STATUS_CODES, roman
from nqreport.schema import (
    KIND_LABELS,
    PERIOD_LABELS,
    STATUS_LABELS,
    Direction,
    Kind,
    Period,
    Status,
)
from nqreport.text import clean, clean_lines, match_key, strip_accents
from nqreport.wording.figures import amount, change_words, moved_words, percent_agrees, praised, target_text
from nqreport.wording.numbers import format_date, format_percent, round_half_up

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
    ("cot_thuc_hien", "Tiêu đề cột thực hiện của bảng tổng hợp theo danh mục: \"Thực hiện\" khi mọi xã báo cáo "
     "cả năm, \"Thực hiện kỳ báo cáo\" khi khác", "Thực hiện kỳ báo cáo"),
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
        "xa_khong_dat[]": "xa[]",
        "xa[].chi_tieu_khong_dat[]": "linh_vuc[].chi_tieu[]",
    },
}


# --------------------------------------------------------------------------- wording helpers


def period_phrase(period: Period, year: int | None) -> str:
    """The period inside a sentence: "6 tháng đầu năm 2026", "năm 2026", "quý I năm 2026"."""
    suffix = f" năm {year}" if year else ""
    if period is Period.YEAR:
        return f"năm {year}" if year else "cả năm"
    if period in (Period.SIX_MONTHS, Period.NINE_MONTHS):
        return f"{PERIOD_LABELS[period]} đầu năm {year}" if year else f"{PERIOD_LABELS[period]} đầu năm"
    label = PERIOD_LABELS[period]
    return f"{label[:1].lower()}{label[1:]}{suffix}"


_BODY_PREFIXES = ("ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân")
_BODY_SYMBOLS = {"ủy ban nhân dân": "UBND", "uỷ ban nhân dân": "UBND", "hội đồng nhân dân": "HĐND"}


def body_in_capitals(body: str) -> str:
    """"Ủy ban nhân dân xã Quốc Khánh" → "ỦY BAN NHÂN DÂN\\nXÃ QUỐC KHÁNH": the header prints the kind of
    body on one line and its place on the next."""
    text = clean(body)
    folded = text.casefold()
    for prefix in _BODY_PREFIXES:
        if folded.startswith(prefix) and len(text) > len(prefix):
            return f"{text[:len(prefix)].upper()}\n{text[len(prefix):].strip().upper()}"
    return text.upper()


def body_symbol(body: str) -> str:
    """The body's abbreviation in a document number: UBND, HĐND, or the initials ("Sở Tài chính" → STC)."""
    folded = clean(body).casefold()
    for prefix, symbol in _BODY_SYMBOLS.items():
        if folded.startswith(prefix):
            return symbol
    initials = "".join(word[0] for word in clean(body).split() if word[0].isalpha()).upper()
    return initials or "UBND"


def number_line(number: str, symbol: str) -> str:
    """What follows "Số:": the number as typed, or room for the clerk to write it in."""
    number = clean(number)
    if not number:
        return f"{' ' * 6}/BC-{symbol}"
    return number if "/" in number else f"{number}/BC-{symbol}"


def _recipient(line: str) -> str:
    return line if line[:1] in "-+•" else f"- {line}"


def _lower_first(text: str) -> str:
    """Counts sentences start with a capital when they open with a word; inside a sentence they do not."""
    return text[:1].lower() + text[1:] if text[:1].isalpha() else text


def counts_dict(counts: StatusCounts) -> dict[str, Any]:
    return {
        "tong": counts.total,
        "vuot": counts.exceeded,
        "dat": counts.met,
        "dat_va_vuot": counts.met_or_exceeded,
        "khong_dat": counts.not_met,
        "dang_thuc_hien": counts.in_progress,
        "chua_co_so_lieu": counts.no_data,
        "cau": _lower_first(counts.sentence().rstrip(".")),
    }


def _rounded(value: Decimal | None, places: int) -> Decimal | None:
    return None if value is None else round_half_up(value, places)


def _shown_percent(ev: Evaluation, places: int) -> Decimal | None:
    """Percent of plan for a table cell; blank where "100,0%" would stand next to "Không đạt"."""
    pct = ev.percent_of_plan
    return _rounded(pct, places) if pct is not None and percent_agrees(pct, ev.status, places) else None


# --------------------------------------------------------------------------- indicator wording

STATUS_PHRASES: dict[Status, str] = {
    Status.EXCEEDED: "vượt chỉ tiêu",
    Status.MET: "đạt chỉ tiêu",
    Status.NOT_MET: "không đạt chỉ tiêu",
    Status.IN_PROGRESS: "đang thực hiện",
    Status.NO_DATA: "chưa có số liệu",
}


def indicator_sentence(ind: Indicator, ev: Evaluation, period: Period, places: int) -> str:
    """One line of the report for an indicator, as an official writes it:
    "Thu ngân sách nhà nước trên địa bàn ước đạt 1.420 triệu đồng, bằng 108,7% kế hoạch (vượt chỉ tiêu)".

    Year reports say "đạt" for a result and "ước đạt" for an estimate; in-year reports give the
    period's result against the target, then the estimate for the year. Percent of plan appears only
    where the evaluation gives one.
    """
    name = ind.name
    # "3 vụ, kế hoạch giảm 5% (chưa có số liệu)" would contradict itself: say what is missing instead.
    suffix = f" (chưa đánh giá được do {ev.lacking})" if ev.lacking else f" ({STATUS_PHRASES[ev.status]})"
    if ind.kind is Kind.QUALITATIVE:
        return f"{name}: chưa tự đánh giá" if ev.status is Status.NO_DATA else f"{name}{suffix}"
    if ind.kind is Kind.DEADLINE:
        done = f"hoàn thành ngày {format_date(ind.completed_on)}" if ind.completed_on else "chưa hoàn thành"
        due = f", hạn {format_date(ind.deadline)}" if ind.deadline else ""
        return f"{name}: {done}{due}{suffix}"
    if ind.result is None and ind.estimate is None:
        return f"{name}: chưa có số liệu"
    lower = ind.effective_direction is Direction.LOWER
    relative = ev.achieved_change is not None
    plan = _plan_clause(ind, ev, places, lower, relative)
    if period.is_year:
        value: Decimal | None = ind.result if ind.result is not None else ind.estimate
        assert value is not None
        estimated = "" if ind.result is not None else "ước "
        if praised(ind, value):
            text = f"{name} {estimated}đạt {amount(value, ind)}"
        else:
            text = f"{name}: {estimated}{amount(value, ind)}"
        text += plan
        if not relative and ev.change_vs_same_period is not None:
            text += f", {change_words(ev.change_vs_same_period, places, 'năm trước', ind)}"
        return text + suffix
    pieces = []
    if ind.result is not None:
        head = _period_head(name, ind, ev, places, relative)
        if ev.change_vs_same_period is not None:
            head += f", {change_words(ev.change_vs_same_period, places, 'cùng kỳ', ind)}"
        pieces.append(head)
    if ind.estimate is not None:
        verb = "đạt " if praised(ind, ind.estimate) else ""
        estimate = f"ước cả năm {verb}{amount(ind.estimate, ind)}"
        if pieces and plan in pieces[0]:
            plan = ""  # ", kế hoạch từ 10% đến 10,5%" said once, after the period's result
        pieces.append(estimate + plan if pieces else f"{name} {estimate}{plan}")
    return "; ".join(pieces) + suffix


def _period_head(name: str, ind: Indicator, ev: Evaluation, places: int, relative: bool) -> str:
    """The in-year result: "Trồng rừng thực hiện được 120 ha/200 ha, đạt 60,0% kế hoạch"; a rate or a
    figure where lower is better is stated with its target ("Tỷ lệ … đạt 84,1%, kế hoạch 85%")."""
    result = ind.result
    assert result is not None
    plan = target_text(ind, units=True) if ind.target is not None and not relative else ""
    if result == 0 and not ind.is_percent and ind.effective_direction is not Direction.LOWER:
        target = f" (kế hoạch {plan})" if plan else ""
        return f"{name} chưa thực hiện được{target}"  # not "thực hiện được 0 ha/200 ha, đạt 0,0%"
    if ind.is_percent or not praised(ind, result):
        verb = " đạt" if praised(ind, result) else ":"
        return f"{name}{verb} {amount(result, ind)}" + (f", kế hoạch {plan}" if plan else "")
    if ind.target is not None and ev.progress_pct is not None:
        return (f"{name} thực hiện được {amount(result, ind)}/{amount(ind.target, ind)}, "
                f"đạt {format_percent(ev.progress_pct, places)} kế hoạch")
    return f"{name} thực hiện được {amount(result, ind)}"


def _plan_clause(ind: Indicator, ev: Evaluation, places: int, lower: bool, relative: bool) -> str:
    """", bằng 108,7% kế hoạch" for level kinds; ", tăng 8,9% so với năm trước (kế hoạch tăng 10%)"
    for kinds judged on the change against last year."""
    if ev.value is None:
        return ""
    if relative:
        achieved = ev.achieved_change
        assert achieved is not None
        moved = f"{moved_words(ind, achieved, places)} so với năm trước"
        return f", {moved}, kế hoạch {target_text(ind, units=True)}"
    pct = ev.percent_of_plan
    if pct is not None and not percent_agrees(pct, ev.status, places):
        return f", kế hoạch {target_text(ind, units=True)}"  # the status that follows says the rest
    if pct is not None:
        return f", {'đạt' if lower else 'bằng'} {format_percent(pct, places)} kế hoạch"
    plan = target_text(ind, units=True)
    return f", kế hoạch {plan}" if plan else ""


def indicator_dict(item: EvaluatedIndicator, number: int, period: Period, places: int) -> dict[str, Any]:
    ind, ev = item.indicator, item.evaluation
    done: Decimal | date | None = ind.completed_on if ind.kind is Kind.DEADLINE else ind.result
    return {
        "stt": number,
        "ma": ind.code or "",
        "ten": ind.name,
        "linh_vuc": ind.field,
        "dvt": ind.unit,
        "loai": KIND_LABELS[ind.kind],
        "ke_hoach": ind.target,
        "ke_hoach_tren": ind.target_max,
        "han": ind.deadline,
        "muc_ke_hoach": target_text(ind),
        "nam_truoc": ind.baseline,
        "cung_ky": ind.same_period_last_year,
        "thuc_hien": done,
        "uoc_ca_nam": ind.estimate,
        "ty_le_ke_hoach": _shown_percent(ev, places),
        "tien_do": _rounded(ev.progress_pct, places),
        "so_voi_cung_ky": _rounded(ev.change_vs_same_period, places),
        "danh_gia": STATUS_LABELS[ev.status],
        "ma_danh_gia": STATUS_CODES[ev.status],
        "ly_do": ev.reason,
        "cau": indicator_sentence(ind, ev, period, places),
        "ghi_chu": ind.note,
        "co_quan_chu_tri": ind.responsible,
    }


def _assessment(assessments: Sequence[Assessment], field: str) -> Assessment | None:
    key = match_key(field)
    return next((a for a in assessments if match_key(a.field) == key), None)


# --------------------------------------------------------------------------- commune


def commune_context(report: CommuneReport, settings: Settings) -> dict[str, Any]:
    """Everything a commune's report and appendix may print; the names are :data:`COMMUNE_VARIABLES`."""
    places = settings.evaluation.percent_places
    commune = report.data.commune
    period = report.period
    issuing = clean(commune.issuing_body) or f"Ủy ban nhân dân {commune.full_name}"
    fields = []
    all_items: list[dict[str, Any]] = []
    for index, field_report in enumerate(report.fields, start=1):
        items = [indicator_dict(item, number, period, places)
                 for number, item in enumerate(field_report.indicators, start=1)]
        all_items.extend(items)
        assessment = _assessment(report.data.assessments, field_report.field)
        fields.append({
            "stt": roman(index),
            "ten": field_report.field,
            "dem": counts_dict(field_report.counts),
            "chi_tieu": items,
            "danh_gia_chung": clean_lines(assessment.overview) if assessment else [],
            "ton_tai": clean_lines(assessment.shortcomings) if assessment else [],
            "nhiem_vu": clean_lines(assessment.tasks) if assessment else [],
        })
    recipients = [_recipient(line) for line in (clean(r) for r in commune.recipients) if line]
    if not recipients:
        recipients = [f"- Thường trực HĐND {commune.full_name};", "- Lưu: VT."]
    return {
        "ma_xa": commune.code,
        "ten_xa": commune.name,
        "cap_xa": commune.unit_type,
        "ten_day_du": commune.full_name,
        "tinh": commune.province,
        "nam": commune.year,
        "ky": PERIOD_LABELS[period],
        "ky_bao_cao": period_phrase(period, commune.year),
        "la_bao_cao_nam": period.is_year,
        "ngay_so_lieu": commune.cutoff,
        "so_nghi_quyet": clean(commune.resolution_number),
        "ngay_nghi_quyet": commune.resolution_date,
        "khoa_ky_hop": clean(commune.resolution_session),
        "nghi_quyet": resolution_phrase(commune),
        "co_quan_ban_hanh": issuing,
        "co_quan_in_hoa": body_in_capitals(issuing),
        "so_bao_cao": clean(commune.report_number),
        "so_ky_hieu": number_line(commune.report_number, body_symbol(issuing)),
        "ngay_bao_cao": commune.report_date,
        "dia_danh": clean(commune.place) or commune.name,
        "tham_quyen_ky": (clean(commune.signer_authority) or "TM. ỦY BAN NHÂN DÂN").upper(),
        "chuc_vu_ky": (clean(commune.signer_title) or "CHỦ TỊCH").upper(),
        "nguoi_ky": clean(commune.signer),
        "noi_nhan": recipients,
        PERCENT_PLACES_KEY: places,
        "dem": counts_dict(report.counts),
        "linh_vuc": fields,
        "chi_tieu_khong_dat": _with_status(all_items, Status.NOT_MET),
        "chi_tieu_chua_co_so_lieu": _with_status(all_items, Status.NO_DATA),
    }


def _with_status(items: list[dict[str, Any]], status: Status) -> list[dict[str, Any]]:
    return [item for item in items if item["ma_danh_gia"] == STATUS_CODES[status]]


def resolution_phrase(commune: Commune) -> str:
    """"Nghị quyết số 45/NQ-HĐND ngày 18/12/2025 của Hội đồng nhân dân xã Quốc Khánh khóa XX, kỳ họp
    thứ Tư"."""
    parts = ["Nghị quyết"]
    if clean(commune.resolution_number):
        parts.append(f"số {clean(commune.resolution_number)}")
    if commune.resolution_date is not None:
        parts.append(f"ngày {format_date(commune.resolution_date)}")
    parts.append(f"của Hội đồng nhân dân {commune.full_name}")
    if clean(commune.resolution_session):
        parts.append(clean(commune.resolution_session))
    return " ".join(parts)


# --------------------------------------------------------------------------- across communes


def summary_context(cross: CrossCommune, settings: Settings,
                    skipped: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """Everything the summary report may print; the names are :data:`SUMMARY_VARIABLES`.

    ``skipped`` lists the workbooks not built, as (file name, reason).
    """
    places = settings.evaluation.percent_places
    summary = settings.summary
    reports = cross.communes
    # Communes may report different periods (no period set for the build): the report names them all,
    # not the first commune's alone.
    periods = list(dict.fromkeys((r.period, r.data.commune.year) for r in reports))
    years = {r.data.commune.year for r in reports}
    year = years.pop() if len(years) == 1 else settings.year
    provinces = sorted({clean(r.data.commune.province) for r in reports if clean(r.data.commune.province)})
    province = provinces[0] if len(provinces) == 1 else ""
    issuing = clean(summary.issuing_body) or (f"Ủy ban nhân dân tỉnh {province}" if province else "")
    if periods:
        phrase = _and(period_phrase(p, y) for p, y in periods)
        labels = [PERIOD_LABELS[p] for p, _ in periods]
        label = _and([labels[0], *(_lower_first(text) for text in labels[1:])])
    else:
        fallback = settings.period or Period.YEAR
        phrase, label = period_phrase(fallback, year), PERIOD_LABELS[fallback]
    communes = [_commune_row(index, report, cross, places) for index, report in enumerate(reports, start=1)]
    column = results_heading(reports)
    field_totals = [
        {"ten": name, "dem": counts_dict(cross.field_counts(name))}
        for name in cross.fields
    ]
    return {
        "co_quan_chu_quan": clean(summary.parent_body).upper(),
        "co_quan_ban_hanh": issuing,
        "co_quan_in_hoa": body_in_capitals(issuing),
        "so_ky_hieu": number_line("", body_symbol(issuing) if issuing else "UBND"),
        "ngay_bao_cao": None,
        "dia_danh": clean(summary.place) or province,
        "tieu_de": clean(summary.title)
        or f"Tổng hợp kết quả thực hiện các chỉ tiêu phát triển kinh tế - xã hội {phrase} của các xã",
        "tham_quyen_ky": (clean(summary.signer_authority) or "TM. ỦY BAN NHÂN DÂN").upper(),
        "chuc_vu_ky": (clean(summary.signer_title) or "CHỦ TỊCH").upper(),
        "nguoi_ky": clean(summary.signer),
        "noi_nhan": ["- Thường trực HĐND, UBND các xã;", "- Lưu: VT."],
        "nam": year,
        "ky": label,
        "ky_bao_cao": phrase,
        "so_xa": len(reports),
        PERCENT_PLACES_KEY: places,
        "dem": counts_dict(cross.counts),
        "linh_vuc": field_totals,
        "xa": communes,
        "xa_khong_dat": [c for c in communes if c["dem"]["khong_dat"]],
        "cot_thuc_hien": column,
        "tong_danh_muc": [_total_row(number, total, places, column)
                          for number, total in enumerate((t for t in cross.totals if t.counted), 1)],
        "chua_tong_hop": [_uncounted_row(total) for total in cross.totals if not total.counted],
        "cau_chua_tong_hop": uncounted_sentence(cross.totals),
        "bo_qua": [{"tep": name, "ly_do": reason} for name, reason in skipped],
    }


def _and(items: Iterable[str]) -> str:
    """"A", "A và B", "A, B và C"; each item once."""
    unique = list(dict.fromkeys(items))
    return unique[0] if len(unique) == 1 else f"{', '.join(unique[:-1])} và {unique[-1]}"


def _commune_row(index: int, report: CommuneReport, cross: CrossCommune, places: int) -> dict[str, Any]:
    commune = report.data.commune
    display = cross.names.get(commune.code, commune.full_name)
    cells = []
    for name in cross.fields:
        counts = cross.matrix[(commune.code, name)]
        cells.append({
            "ten": name,
            "ket_qua": counts.share if counts.total else "-",
            "dem": counts_dict(counts),
        })
    not_met = [
        indicator_dict(item, number, report.period, places)
        for number, item in enumerate(report.indicators, start=1)
        if item.evaluation.status is Status.NOT_MET
    ]
    short = display[len(commune.unit_type) + 1:] if display.casefold().startswith(
        commune.unit_type.casefold() + " ") else display
    return {
        "stt": index,
        "ma": commune.code,
        "ten": short,
        "ten_day_du": display,
        "tinh": commune.province,
        "dem": counts_dict(report.counts),
        "theo_linh_vuc": cells,
        "chi_tieu_khong_dat": not_met,
    }


def _total_row(index: int, total: CatalogTotal, places: int, column: str) -> dict[str, Any]:
    """One row of the catalog totals; ``column`` is the heading of the results column, named in notes."""
    ratio = total.entry.aggregation is Aggregation.RATIO
    places = total.places if total.places is not None else places  # as many as the verdict needs
    value = _rounded(total.value, places) if ratio else total.value
    target = _rounded(total.target, places) if ratio else total.target
    notes = total_notes(total, column)
    return {
        "stt": index,
        "ma": total.entry.code,
        "ten": total.entry.name,
        "dvt": total.entry.unit,
        "cach_tong_hop": AGGREGATION_LABELS[total.entry.aggregation],
        "so_xa": len(total.communes),
        "ke_hoach": target,
        "muc_ke_hoach": total.plan(places),
        "thuc_hien": value,
        "thuc_hien_ky": value if ratio else total.period_result,
        "uoc_ca_nam": None if ratio else total.estimate,
        "danh_gia_tren": total.judged_on,
        "danh_gia": STATUS_LABELS[total.status] if total.status else "",
        "ma_danh_gia": STATUS_CODES[total.status] if total.status else "",
        "ly_do": total.evaluation.reason if total.evaluation else "",
        "ghi_chu": "; ".join(notes),
    }


def _uncounted_row(total: CatalogTotal) -> dict[str, Any]:
    return {
        "ma": total.entry.code,
        "ten": total.entry.name,
        "dvt": total.entry.unit,
        "ly_do": f"các xã {total.gap}",
        "xa": ", ".join(total.missing or total.unit_mismatch),
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
        elif isinstance(value, list):
            for item in value:
                walk(f"{prefix}[]", item)

    walk("", context)
    return paths


def ascii_name(name: str) -> bool:
    """Names are unaccented snake_case so that they can be typed on any keyboard."""
    return strip_accents(name) == name and name.replace("_", "").replace(".", "").replace("[]", "").isalnum()
