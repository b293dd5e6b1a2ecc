"""The plans' indicators (chỉ tiêu) and their default targets: the one list of them.

The 30 indicators of the domain spec §8 (2 of infrastructure, 4 of human resources, 24 of
digital transformation) with the targets of a 2026 commune plan (Tân Lợi, Đồng Nai) as
defaults. A commune's plan may set another level for the same indicator; that target then
replaces the default for that commune (see :mod:`nq57xl.read.indicators`).

Every indicator is a share in percent, higher is better (``direction`` "up"): it is met
when its value reaches its target. ``keywords`` are diacritic-free phrases by which a
target written in a plan's text ("Tối thiểu 35% người dân được phủ sóng 5G") is matched to
the indicator (:mod:`nq57xl.importer.targets`); the template, the reader, the assessment,
the summary and the importer all read this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Direction = Literal["up"]


@dataclass(frozen=True)
class Indicator:
    """One indicator of §8: code ("C5"), group, name, unit, default target (percent)."""

    code: str
    group: str
    name: str
    unit: str
    target: float
    #: "≥" when the plans write "tối thiểu"/"≥", "=" when they write a flat level (100%).
    comparison: str = "≥"
    direction: Direction = "up"
    keywords: tuple[str, ...] = ()

    @property
    def target_text(self) -> str:
        """The default target as the plans write it: "≥ 60%", "100%"."""
        shown = f"{self.target:g}%"
        return f"≥ {shown}" if self.comparison == "≥" else shown


_H, _N, _C = "Hạ tầng", "Nhân lực", "Chuyển đổi số"

INDICATORS: tuple[Indicator, ...] = (
    Indicator("H1", _H, "Tỷ lệ phủ sóng 5G trên địa bàn", "% dân số", 60,
              keywords=("phu song 5g",)),
    Indicator("H2", _H, "Tỷ lệ hộ gia đình truy cập băng rộng cố định 1 Gbps", "% hộ gia đình", 70,
              keywords=("bang rong co dinh",)),
    Indicator("N1", _N, "Cán bộ, công chức, viên chức được bồi dưỡng kỹ năng số căn bản",
              "% CBCCVC", 100, "=", keywords=("ky nang so co ban", "ky nang so can ban")),
    Indicator("N2", _N, "Cán bộ, công chức, viên chức làm chủ kỹ năng số trong quản lý, điều hành",
              "% CBCCVC", 100, "=", keywords=("lam chu ky nang so",)),
    Indicator("N3", _N, "Học sinh từ tiểu học được trang bị kiến thức, kỹ năng số", "% học sinh",
              100, "=", keywords=("hoc sinh",)),
    Indicator("N4", _N, "Dân số trưởng thành tiếp cận dịch vụ số (y tế, giáo dục, bảo hiểm, "
              "giao thông)", "% dân số trưởng thành", 90,
              keywords=("truong thanh tiep can dich vu so",)),
    Indicator("C1", _C, "TTHC tiếp nhận, giải quyết phi địa giới hành chính", "% TTHC", 90, "=",
              keywords=("phi dia gioi", "khong phu thuoc vao dia gioi")),
    Indicator("C2", _C, "TTHC về đào tạo, nghiên cứu, sản xuất, kinh doanh thực hiện trực tuyến",
              "% TTHC", 100, "=", keywords=("dao tao, nghien cuu, san xuat, kinh doanh",)),
    Indicator("C3", _C, "Giao dịch hành chính \u201cphi tiếp xúc\u201d", "% giao dịch", 100, "=",
              keywords=("phi tiep xuc",)),
    Indicator("C4", _C, "Hồ sơ, kết quả giải quyết TTHC được số hóa", "% hồ sơ", 100, "=",
              keywords=("so hoa ho so", "ho so, ket qua giai quyet thu tuc hanh chinh duoc so hoa",
                        "ho so, ket qua giai quyet tthc duoc so hoa")),
    Indicator("C5", _C, "Dịch vụ công trực tuyến toàn trình / TTHC đủ điều kiện", "% TTHC đủ điều kiện",
              100, "=", keywords=("dich vu cong truc tuyen toan trinh", "dvc truc tuyen toan trinh")),
    Indicator("C6", _C, "Hồ sơ TTHC xử lý trực tuyến", "% hồ sơ", 95, "=",
              keywords=("xu ly hoan toan truc tuyen", "ho so tthc xu ly truc tuyen")),
    Indicator("C7", _C, "Người dân, doanh nghiệp sử dụng dịch vụ công trực tuyến",
              "% người dân, doanh nghiệp", 80,
              keywords=("nguoi dan, doanh nghiep su dung dich vu cong truc tuyen",)),
    Indicator("C8", _C, "Cấp kết quả giải quyết TTHC điện tử", "% kết quả", 90,
              keywords=("ket qua giai quyet tthc dien tu", "ket qua giai quyet thu tuc hanh chinh "
                        "dien tu")),
    Indicator("C9", _C, "Khai thác, sử dụng lại dữ liệu đã số hóa trong giải quyết TTHC", "% dữ liệu",
              80, keywords=("su dung lai",)),
    Indicator("C10", _C, "Thanh toán trực tuyến trong giải quyết TTHC, dịch vụ công", "% giao dịch",
              80, keywords=("thanh toan truc tuyen",)),
    Indicator("C11", _C, "Văn bản, hồ sơ công việc xử lý toàn trình trên môi trường điện tử",
              "% văn bản, hồ sơ", 100, "=",
              keywords=("ho so cong viec tai co quan hanh chinh nha nuoc duoc xu ly toan trinh",
                        "ho so cong viec xu ly toan trinh")),
    Indicator("C12", _C, "Nhiệm vụ được theo dõi, giám sát trên môi trường điện tử", "% nhiệm vụ",
              100, "=", keywords=("nhiem vu duoc theo doi, giam sat",)),
    Indicator("C13", _C, "Cơ quan nhà nước chỉ đạo, điều hành, quản trị nội bộ trên môi trường "
              "điện tử", "% cơ quan", 100, "=", keywords=("quan tri noi bo",)),
    Indicator("C14", _C, "Giao dịch không dùng tiền mặt", "% giao dịch", 80,
              keywords=("giao dich khong dung tien mat",)),
    Indicator("C15", _C, "Người dân có tài khoản định danh điện tử (VNeID)", "% người dân", 80,
              keywords=("tai khoan dinh danh dien tu (vneid)", "vneid")),
    Indicator("C16", _C, "Người dân trưởng thành có chữ ký số", "% người trưởng thành", 50,
              keywords=("truong thanh co chu ky so",)),
    Indicator("C17", _C, "Quản lý nhà nước trên môi trường số, kết nối thông suốt trong hệ thống "
              "chính trị", "% cơ quan, đơn vị", 100, "=", keywords=("ket noi thong suot",)),
    Indicator("C18", _C, "Kết nối, chia sẻ đồng bộ CSDL quốc gia, CSDL các ngành", "% CSDL", 80, "=",
              keywords=("csdl quoc gia, csdl cac nganh",)),
    Indicator("C19", _C, "Dân số từ 15 tuổi có tài khoản giao dịch tại ngân hàng", "% dân số từ 15 tuổi",
              95, keywords=("tai khoan giao dich tai ngan hang",)),
    Indicator("C20", _C, "Đảng ủy, chính quyền xã dùng phần mềm quản trị điều hành thống nhất",
              "% xã", 100, "=", keywords=("phan mem quan tri dieu hanh thong",)),
    Indicator("C21", _C, "Người dân có Sổ sức khỏe điện tử", "% người dân", 95,
              keywords=("so suc khoe dien tu",)),
    Indicator("C22", _C, "Người dân được định danh số", "% người dân", 100, "=",
              keywords=("duoc dinh danh so",)),
    Indicator("C23", _C, "Cung cấp dữ liệu mở theo Kế hoạch", "% dữ liệu", 100, "=",
              keywords=("cung cap du lieu mo",)),
    Indicator("C24", _C, "Hệ thống thông tin có phương án bảo đảm an toàn theo cấp độ",
              "% hệ thống", 100, "=", keywords=("an toan theo cap do",)),
)

BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
CODES: tuple[str, ...] = tuple(BY_CODE)


def indicator(code: str) -> Indicator | None:
    """The indicator of ``code`` ("c5", " C5 " and "C05" name C5), or None."""
    text = code.strip().upper().replace(" ", "")
    if len(text) > 1 and text[1:].isdigit():
        text = text[0] + str(int(text[1:]))
    return BY_CODE.get(text)
