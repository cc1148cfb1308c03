"""The example workspace: the two seed communes with every target of their 2026 resolutions.

Targets, kinds and units are those of the resolutions in ``shared/seeds`` (xã Quốc Khánh, adopted
18/12/2025; xã Bằng Mạc, adopted 26/12/2025). Results for the first six months and estimates for the year
are illustrative, chosen so that every status occurs; each workbook says so on its indicator sheet.
``nqreport init --example`` and ``tools/make_examples.py`` both write them through the blank-workbook
writer, so the examples follow the standard by construction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from nqreport.scaffold.blank import BlankSpec, CellValue, write_blank
from nqreport.schema import (
    DIRECTION_LABELS,
    KIND_LABELS,
    PERIOD_LABELS,
    STATUS_LABELS,
    Direction,
    Kind,
    Period,
    Status,
)

D = Decimal

ILLUSTRATIVE = (
    "Lưu ý: chỉ tiêu lấy đúng theo Nghị quyết HĐND xã; số liệu thực hiện 6 tháng và ước cả năm là "
    "SỐ LIỆU MINH HỌA, không phải số liệu thật."
)

KT = "Kinh tế"
XH = "Văn hóa - Xã hội"
MT = "Tài nguyên - Môi trường"
CS = "Chuyển đổi số - Cải cách hành chính"
QA = "Quốc phòng - An ninh"


def _row(
    code: str | None,
    field: str,
    name: str,
    unit: str,
    kind: Kind,
    target: CellValue = None,
    **values: CellValue,
) -> dict[str, CellValue]:
    row: dict[str, CellValue] = {
        "code": code,
        "field": field,
        "name": name,
        "unit": unit,
        "kind": KIND_LABELS[kind],
        "target": target,
    }
    row.update(values)
    return row


QUOC_KHANH_ROWS: list[dict[str, CellValue]] = [
    _row(
        "KT01",
        KT,
        "Thu ngân sách nhà nước trên địa bàn",
        "triệu đồng",
        Kind.AT_LEAST,
        "1.306",
        baseline=D(1250),
        same_period_last_year=D(610),
        result=D(702),
        estimate=D(1420),
        note="Dự toán tỉnh giao 1.166 triệu đồng; tăng thu 12% (140 triệu đồng)",
        responsible="Phòng Kinh tế",
    ),
    _row(
        "KT03",
        KT,
        "Tổng sản lượng lương thực bình quân năm",
        "tấn",
        Kind.APPROX,
        D(13900),
        baseline=D(13650),
        same_period_last_year=D(6820),
        result=D(7050),
        estimate=D(13750),
    ),
    _row(
        "KT04",
        KT,
        "Thu nhập bình quân đầu người trên địa bàn",
        "triệu đồng/người",
        Kind.INCREASE_PCT,
        D(10),
        baseline=D("42.5"),
        estimate=D("46.3"),
    ),
    _row(
        "KT05",
        KT,
        "Trồng rừng",
        "ha",
        Kind.AT_LEAST,
        D(200),
        baseline=D(185),
        same_period_last_year=D(96),
        result=D(120),
        estimate=D(210),
    ),
    _row(
        "KT06",
        KT,
        "Trồng các loại cây có giá trị kinh tế cao",
        "ha",
        Kind.AT_LEAST,
        D(50),
        result=D(18),
        note="Đang chờ giống vụ thu",
    ),
    _row(
        "KT07",
        MT,
        "Tỷ lệ che phủ rừng",
        "%",
        Kind.AT_LEAST,
        D(42),
        baseline=D("41.6"),
        result=D("41.8"),
        estimate=D(42),
        numerator=D(3762),
        denominator=D(9000),
        note="Tử số: ha rừng; mẫu số: ha diện tích tự nhiên",
    ),
    _row(
        "KT08",
        KT,
        "Đường ngõ xóm được cứng hóa trong năm",
        "km",
        Kind.AT_LEAST,
        D("2.52"),
        result=D("1.2"),
        estimate=D("2.52"),
    ),
    _row(
        "KT09",
        KT,
        "Tổng số km đường ngõ xóm được cứng hóa (lũy kế)",
        "km",
        Kind.AT_LEAST,
        "57,96",
        baseline=D("55.44"),
        result=D("56.64"),
        estimate=D("57.96"),
        note="Trên tổng số 61,01 km, đạt 95%",
    ),
    _row(
        "KT10",
        KT,
        "Đường nội đồng được cứng hóa trong năm",
        "km",
        Kind.AT_LEAST,
        D("1.173"),
        result=D("0.5"),
        estimate=D(1),
    ),
    _row(
        "KT11",
        KT,
        "Tổng số km đường nội đồng được cứng hóa (lũy kế)",
        "km",
        Kind.AT_LEAST,
        D("6.194"),
        baseline=D("5.021"),
        result=D("5.521"),
        estimate=D("6.021"),
        note="Trên tổng số 10,866 km, đạt 57%",
    ),
    _row(
        "XH01",
        XH,
        "Tỷ lệ dân số nông thôn được sử dụng nước sạch đáp ứng quy chuẩn",
        "%",
        Kind.AT_LEAST,
        D(85),
        baseline=D(82),
        result=D("84.1"),
        estimate=D("85.3"),
        numerator=D(4711),
        denominator=D(5602),
    ),
    _row(
        "KT12",
        KT,
        "Thành lập mới doanh nghiệp, hợp tác xã",
        "doanh nghiệp",
        Kind.AT_LEAST,
        D(2),
        result=D(1),
        estimate=D(2),
    ),
    _row(
        "XH12",
        XH,
        "Phối hợp với chủ đầu tư hoàn thành xây dựng Trường Phổ thông nội trú liên cấp TH và THCS Quốc Khánh",
        "công trình",
        Kind.DEADLINE,
        deadline=date(2026, 7, 15),
        note="Đã hoàn thiện 90% khối lượng",
        responsible="Ban Quản lý dự án",
    ),
    _row(
        "XH03",
        XH,
        "Tỷ lệ người dân được khám bệnh hoặc tư vấn sức khỏe hằng năm",
        "%",
        Kind.AT_LEAST,
        D(95),
        result=D(61),
        estimate=D(96),
    ),
    _row(
        "XH04",
        XH,
        "Tỷ lệ người tham gia bảo hiểm y tế",
        "%",
        Kind.AT_LEAST,
        D(100),
        baseline=D("98.7"),
        same_period_last_year=D("98.2"),
        result=D("98.9"),
        estimate=D("99.2"),
        numerator=D(5540),
        denominator=D(5602),
    ),
    _row(
        "XH05",
        XH,
        "Đào tạo nghề cho lao động nông thôn",
        "học viên",
        Kind.AT_LEAST,
        D(50),
        result=D(35),
        estimate=D(60),
    ),
    _row(
        "XH07",
        XH,
        "Giảm tỷ lệ hộ nghèo",
        "%",
        Kind.DECREASE_POINTS,
        D(2),
        baseline=D("8.74"),
        result=D("7.9"),
        estimate=D("6.5"),
    ),
    _row(
        "XH08",
        XH,
        "Giảm số hộ nghèo",
        "hộ",
        Kind.DECREASE_POINTS,
        D(11),
        baseline=D(48),
        result=D(44),
        estimate=D(36),
    ),
    _row(
        "XH09",
        XH,
        "Xây mới hoặc sửa chữa nhà văn hóa đạt chuẩn nông thôn mới",
        "công trình",
        Kind.AT_LEAST,
        D(1),
        result=D(0),
        estimate=D(1),
    ),
    _row(
        "MT01",
        MT,
        "Tỷ lệ chất thải rắn sinh hoạt ở khu dân cư nông thôn được thu gom và xử lý",
        "%",
        Kind.MORE_THAN,
        D(90),
        result=D(88),
        estimate=D(90),
        numerator=D(264),
        denominator=D(300),
        note="Tử số, mẫu số: tấn",
    ),
    _row(
        "CS01",
        CS,
        "Tỷ lệ dịch vụ công trực tuyến đạt mức độ 4",
        "%",
        Kind.AT_LEAST,
        D(100),
        result=D(100),
        estimate=D(100),
    ),
    _row(
        "CS02",
        CS,
        "Tỷ lệ hồ sơ được xử lý trên môi trường mạng",
        "%",
        Kind.AT_LEAST,
        D(90),
        result=D("93.5"),
        estimate=D(95),
        numerator=D(1496),
        denominator=D(1600),
    ),
    _row(
        "CS03",
        CS,
        "Tỷ lệ doanh nghiệp, hợp tác xã sử dụng nền tảng số",
        "%",
        Kind.MORE_THAN,
        D(70),
        result=D(65),
        estimate=D(72),
    ),
    _row(
        "CS04",
        CS,
        "Tuyên truyền vận động người dân mở tài khoản thanh toán điện tử",
        "người",
        Kind.AT_LEAST,
        D(300),
        result=D(180),
        estimate=D(320),
    ),
    _row(
        "CS05",
        CS,
        "Tổ chức tuyên truyền người dân cài đặt VNeID, nền tảng bình dân học vụ số",
        "cuộc",
        Kind.AT_LEAST,
        D(5),
        result=D(3),
        estimate=D(5),
    ),
    _row(
        "QP01",
        QA,
        "Hoàn thành chỉ tiêu tuyển quân cấp trên giao",
        "%",
        Kind.EXACT,
        D(100),
        direction=DIRECTION_LABELS[Direction.HIGHER],
        result=D(100),
        estimate=D(100),
        numerator=D(12),
        denominator=D(12),
        note="Tử số: số thanh niên nhập ngũ; mẫu số: chỉ tiêu giao",
    ),
    _row(
        "QP02",
        QA,
        "Xây dựng lực lượng dân quân vững mạnh, rộng khắp; huấn luyện đáp ứng yêu cầu nhiệm vụ",
        "",
        Kind.QUALITATIVE,
        manual_status=STATUS_LABELS[Status.MET],
        note="Hoàn thành huấn luyện năm 2026",
    ),
    _row(
        "AN01",
        QA,
        "Giảm tai nạn giao thông cả 3 tiêu chí (số vụ, số người chết, số người bị thương)",
        "vụ",
        Kind.DECREASE_PCT,
        D(5),
        result=D(3),
        note="Chưa có số liệu năm 2025 do Công an xã cung cấp",
        responsible="Công an xã",
    ),
    _row(
        "AN02",
        QA,
        "Giảm số vụ phạm tội về trật tự xã hội",
        "vụ",
        Kind.DECREASE_PCT,
        D(5),
        baseline=D(20),
        same_period_last_year=D(11),
        result=D(8),
        estimate=D(18),
        responsible="Công an xã",
    ),
    _row(
        "AN03",
        QA,
        'Duy trì thôn trên địa bàn xã đạt "thôn không ma túy"',
        "thôn",
        Kind.MAINTAIN,
        D(7),
        baseline=D(7),
        result=D(7),
        estimate=D(7),
    ),
]

BANG_MAC_ROWS: list[dict[str, CellValue]] = [
    _row(
        "KT04",
        KT,
        "Thu nhập bình quân đầu người",
        "triệu đồng/người",
        Kind.APPROX,
        D(50),
        baseline=D(46),
        estimate=D("48.2"),
    ),
    _row(
        "KT01",
        KT,
        "Tăng thu ngân sách nhà nước trên địa bàn so với năm trước",
        "triệu đồng",
        Kind.INCREASE_PCT,
        D(10),
        baseline=D(2150),
        same_period_last_year=D(1105),
        result=D(1240),
        estimate=D(2430),
        note="Chỉ tiêu: tăng bình quân hằng năm từ 10% trở lên",
    ),
    _row(
        "KT15",
        KT,
        "Duy trì các tiêu chí đạt chuẩn nông thôn mới theo bộ tiêu chí 2021-2025",
        "tiêu chí",
        Kind.MAINTAIN,
        baseline=D(19),
        result=D(19),
        estimate=D(19),
    ),
    _row(
        "KT08",
        KT,
        "Nâng cấp, mở rộng, làm mới đường trục xã, trục thôn, ngõ xóm",
        "km",
        Kind.AT_LEAST,
        D(6),
        result=D("2.8"),
        estimate=D("6.5"),
    ),
    _row("KT05", KT, "Diện tích rừng trồng mới, trồng dặm", "ha", Kind.AT_LEAST, D(50), result=D(32)),
    _row(
        "KT07",
        MT,
        "Tỷ lệ che phủ rừng",
        "%",
        Kind.MAINTAIN,
        D(47),
        baseline=D(47),
        result=D("47.1"),
        estimate=D("47.2"),
        numerator=D(5134),
        denominator=D(10900),
        note="Tử số: ha rừng; mẫu số: ha diện tích tự nhiên",
    ),
    _row("KT13", KT, "Làm mới sản phẩm OCOP", "sản phẩm", Kind.AT_LEAST, D(1), result=D(0), estimate=D(1)),
    _row(
        "KT14",
        KT,
        "Duy trì sản phẩm OCOP (Nếp thơm Bằng Mạc, Na Thượng Cường)",
        "sản phẩm",
        Kind.MAINTAIN,
        D(2),
        baseline=D(2),
        result=D(2),
        estimate=D(2),
    ),
    _row(
        "CS02",
        CS,
        "Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến toàn trình",
        "%",
        Kind.MORE_THAN,
        D(90),
        result=D("86.4"),
        estimate=D(89),
        numerator=D(864),
        denominator=D(1000),
    ),
    _row(
        "XH07",
        XH,
        "Giảm tỷ lệ hộ nghèo đa chiều",
        "%",
        Kind.DECREASE_POINTS,
        D("1.5"),
        baseline=D("6.12"),
        result=D("5.6"),
        estimate=D("4.8"),
        note="Theo chuẩn nghèo đa chiều giai đoạn 2021-2025",
    ),
    _row(
        "XH04",
        XH,
        "Tỷ lệ người dân tham gia bảo hiểm y tế",
        "%",
        Kind.AT_LEAST,
        D(90),
        result=D("92.3"),
        estimate=D(93),
        numerator=D(3880),
        denominator=D(4204),
    ),
    _row("XH06", XH, "Tỷ lệ lao động qua đào tạo", "%", Kind.AT_LEAST, D(78), estimate=D(78)),
    _row(
        "XH10",
        XH,
        "Tỷ lệ nhà văn hóa và sân thể thao thôn đạt chuẩn",
        "%",
        Kind.AT_LEAST,
        D(70),
        result=D("64.29"),
        estimate=D("71.4"),
        numerator=D(9),
        denominator=D(14),
    ),
    _row(
        "XH11",
        XH,
        "Có thêm trường học đạt chuẩn quốc gia",
        "trường",
        Kind.AT_LEAST,
        D(1),
        note="Trường Mầm non đang hoàn thiện hồ sơ kiểm định",
    ),
    _row(
        "XH02",
        XH,
        "Tỷ lệ hộ dân nông thôn được sử dụng nước sạch đáp ứng quy chuẩn",
        "%",
        Kind.AT_LEAST,
        D(68),
        result=D("67.23"),
        estimate=D("68.5"),
        numerator=D(1580),
        denominator=D(2350),
    ),
    _row(
        "MT01",
        MT,
        "Tỷ lệ chất thải rắn sinh hoạt ở khu dân cư nông thôn được thu gom, phân loại và xử lý",
        "%",
        Kind.APPROX,
        D(95),
        result=D(86),
        estimate=D(88),
        numerator=D(172),
        denominator=D(200),
        note="Tử số, mẫu số: tấn",
    ),
    _row(
        "AN02",
        QA,
        "Giảm số vụ phạm tội về trật tự xã hội",
        "vụ",
        Kind.DECREASE_PCT,
        D(5),
        baseline=D(12),
        result=D(5),
        estimate=D(11),
        note="Chỉ tiêu: giảm trên 5%",
    ),
    _row(
        "QP01",
        QA,
        "Chỉ tiêu tuyển quân hằng năm",
        "%",
        Kind.EXACT,
        D(100),
        direction=DIRECTION_LABELS[Direction.HIGHER],
        result=D(100),
        estimate=D(100),
        numerator=D(9),
        denominator=D(9),
        note="Tử số: số thanh niên nhập ngũ; mẫu số: chỉ tiêu giao",
    ),
]

_RECIPIENTS_QK = "\n".join(
    [
        "- Thường trực HĐND xã;",
        "- Thường trực Đảng ủy xã;",
        "- Chủ tịch, các Phó Chủ tịch UBND xã;",
        "- Đại biểu HĐND xã;",
        "- Các phòng chuyên môn, TTPVHCC xã;",
        "- Lưu: VT.",
    ]
)
_RECIPIENTS_BM = "\n".join(
    [
        "- TT HĐND xã;",
        "- TT Đảng ủy xã;",
        "- UBMTTQVN xã;",
        "- Các Ban HĐND xã; Đại biểu HĐND xã;",
        "- Các cơ quan, đơn vị xã;",
        "- Lưu: VT.",
    ]
)


def _assessments(name: str) -> list[dict[str, str]]:
    return [
        {
            "field": KT,
            "overview": f"Kinh tế xã {name} 6 tháng đầu năm tiếp tục phát triển; thu ngân sách và sản xuất "
            "nông, lâm nghiệp cơ bản đạt tiến độ. (Nội dung minh họa.)",
            "shortcomings": "Một số công trình giao thông nông thôn triển khai chậm do vướng mặt bằng.",
            "tasks": "Đôn đốc thu ngân sách; đẩy nhanh tiến độ cứng hóa đường giao thông nông thôn.",
        },
        {
            "field": XH,
            "overview": "Công tác an sinh xã hội, y tế, giáo dục được quan tâm; tỷ lệ hộ nghèo giảm.",
            "shortcomings": "Tỷ lệ tham gia bảo hiểm y tế còn thấp so với chỉ tiêu.",
            "tasks": "Tuyên truyền, vận động người dân tham gia bảo hiểm y tế.",
        },
        {
            "field": QA,
            "overview": "Quốc phòng, an ninh được giữ vững; hoàn thành công tác tuyển quân.",
            "shortcomings": "",
            "tasks": "Duy trì nghiêm chế độ trực sẵn sàng chiến đấu.",
        },
    ]


@dataclass(frozen=True)
class Example:
    file_name: str
    spec: BlankSpec


def _spec(
    code: str,
    name: str,
    rows: Sequence[Mapping[str, CellValue]],
    resolution_date: date,
    session: str,
    recipients: str,
    percent_cells: Mapping[int, Sequence[str]],
) -> BlankSpec:
    return BlankSpec(
        code=code,
        name=name,
        unit_type="Xã",
        province="Lạng Sơn",
        year=2026,
        commune={
            "province_code": "20",
            "period": PERIOD_LABELS[Period.SIX_MONTHS],
            "cutoff": date(2026, 6, 30),
            "resolution_date": resolution_date,
            "resolution_session": session,
            "place": name,
            "signer": "Nguyễn Văn A",
            "recipients": recipients,
        },
        indicators=rows,
        percent_cells=percent_cells,
        assessments=_assessments(name),
        banner=ILLUSTRATIVE,
    )


EXAMPLES: tuple[Example, ...] = (
    Example(
        "06004-quoc-khanh.xlsx",
        _spec(
            "06004",
            "Quốc Khánh",
            QUOC_KHANH_ROWS,
            date(2025, 12, 18),
            "khóa XX, kỳ họp thứ Tư",
            _RECIPIENTS_QK,
            {5: ("estimate",)},
        ),
    ),
    Example(
        "06475-bang-mac.xlsx",
        _spec(
            "06475",
            "Bằng Mạc",
            BANG_MAC_ROWS,
            date(2025, 12, 26),
            "khóa XX, kỳ họp thứ năm",
            _RECIPIENTS_BM,
            {10: ("result",)},
        ),
    ),
)


def write_examples(directory: Path, *, overwrite: bool = False) -> list[Path]:
    """Write the example workbooks into ``directory``; returns their paths."""
    paths = []
    for example in EXAMPLES:
        path = directory / example.file_name
        write_blank(path, example.spec, overwrite=overwrite)
        paths.append(path)
    return paths
