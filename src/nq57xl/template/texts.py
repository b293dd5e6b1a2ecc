"""The Vietnamese texts of the commune template: input hints and the "Hướng dẫn" sheet.

Kept apart from :mod:`nq57xl.template.build` (which lays the workbook out) so the wording can
be reviewed and changed without touching the layout code. The rules in
:data:`GUIDE_RULES` restate :mod:`nq57xl.assess.status` for communes; keep them in step.
"""

from __future__ import annotations

INFO_HINTS: dict[str, str] = {
    "commune": "Tên xã/phường, ví dụ: Lợi Bác.",
    "commune_code": "Mã đơn vị hành chính 5 chữ số, ví dụ: 06601.",
    "province": "Tên tỉnh/thành phố, ví dụ: Lạng Sơn.",
    "plan_number": "Số hiệu kế hoạch của xã, ví dụ: 45/KH-UBND.",
    "plan_date": "Ngày ban hành kế hoạch, dạng ngày/tháng/năm, ví dụ: 15/03/2026.",
    "period": "Tháng báo cáo, ví dụ: Tháng 10/2026.",
    "report_date": "Ngày lập báo cáo này, dạng ngày/tháng/năm, ví dụ: 18/10/2026.",
    "officer": "Họ tên, chức vụ người lập báo cáo, ví dụ: Nguyễn Văn An, công chức Văn phòng.",
    "phone": "Số điện thoại liên hệ, ví dụ: 0912 345 678.",
    "email": "Thư điện tử để nhận phản hồi, ví dụ: vanphong.loibac@langson.gov.vn.",
}
COLUMN_HELP: dict[str, str] = {
    "stt": "số thứ tự nhiệm vụ: 1, 2, 3... Dòng tên mục lớn ghi số La Mã (I, II, III...) ở cột "
           "này và tên mục ở cột «Tên nhiệm vụ».",
    "name": "tên nhiệm vụ, chép đúng như trong kế hoạch. Nếu cần viết tiếp xuống dòng dưới thì "
            "để trống cột «STT» của dòng viết tiếp.",
    "lead": "cơ quan, đơn vị chủ trì thực hiện, ví dụ: Văn phòng HĐND và UBND xã.",
    "partners": "các cơ quan, đơn vị phối hợp (để trống nếu không có).",
    "director": "lãnh đạo trực tiếp chỉ đạo, ví dụ: Chủ tịch UBND xã.",
    "result": "kết quả hoặc sản phẩm phải có khi xong, ví dụ: Quyết định, Báo cáo, phần mềm.",
    "deadline": "thời hạn hoàn thành, viết theo một trong các dạng: «15/4/2026», «Tháng 6/2026», "
                "«Quý II/2026», «Năm 2026», «Thường xuyên», «Sau khi Đề án được ban hành».",
    "note": "ghi chú thêm (nếu có).",
    "state": "chọn trong danh sách: «Chưa thực hiện», «Đang thực hiện» hoặc «Đã hoàn thành».",
    "progress": "mức độ hoàn thành, số nguyên từ 0 đến 100 (ví dụ 50 nghĩa là 50%). Nhiệm vụ "
                "đã hoàn thành ghi 100.",
    "done_date": "ngày thực tế hoàn thành, dạng ngày/tháng/năm, ví dụ 20/9/2026. Chỉ ghi khi "
                 "nhiệm vụ đã hoàn thành.",
    "evidence": "số, ký hiệu, ngày của văn bản chứng minh đã hoàn thành (ví dụ: Quyết định số "
                "123/QĐ-UBND ngày 20/9/2026) hoặc đường dẫn tới tài liệu.",
    "review": "do cơ quan thẩm định ghi «Đạt» hoặc «Không đạt»; xã để trống.",
    "updated": "ngày xã cập nhật dòng này gần nhất, dạng ngày/tháng/năm. Tháng nào cũng ghi lại "
               "ngày này, kể cả khi nhiệm vụ chưa có gì thay đổi.",
    "issues": "khó khăn, vướng mắc, kiến nghị (nếu có).",
}

GUIDE_INTRO: tuple[str, ...] = (
    "HƯỚNG DẪN ĐIỀN MẪU BÁO CÁO NGHỊ QUYẾT 57-NQ/TW",
    "Tệp gồm 4 trang: «Thông tin» (thông tin chung của xã), «Nhiệm vụ» (bảng nhiệm vụ), «Chỉ "
    "tiêu» (số liệu các chỉ tiêu của kế hoạch) và trang «Hướng dẫn» này.", "",
    "1. Trang «Thông tin»",
    "Điền vào các ô màu vàng ở cột B: tên xã/phường, tỉnh, số và ngày ban hành kế hoạch, kỳ báo "
    "cáo, ngày báo cáo, người báo cáo, điện thoại, email. Ngày gõ theo dạng ngày/tháng/năm, ví "
    "dụ 15/03/2026.",
    "Nếu gõ ngày mà Excel hiểu ngược ngày với tháng (máy cài định dạng ngày kiểu Mỹ), hãy gõ "
    "theo dạng năm-tháng-ngày, ví dụ 2026-03-15; Excel sẽ hiện đúng 15/03/2026.", "",
    "2. Trang «Nhiệm vụ»",
    "Mỗi nhiệm vụ ghi trên một dòng. Không sửa, không xoá dòng tiêu đề đầu bảng. Ý nghĩa từng cột:",
)
GUIDE_RULES: tuple[str, ...] = (
    "", "3. Trang «Chỉ tiêu»",
    "Mỗi dòng là một chỉ tiêu của kế hoạch (mã, tên, đơn vị tính, mục tiêu chung đã ghi sẵn). "
    "Hằng tháng, với mỗi chỉ tiêu xã điền vào các ô màu vàng:",
    "- «Tử số» là số đã đạt, «Mẫu số» là tổng số (ví dụ 1.250 người có VNeID trên 1.600 người); "
    "tử số không được lớn hơn mẫu số. Chỉ khi không có số đếm mới ghi «Tỷ lệ (%)», số từ 0 "
    "đến 100.",
    "- «Mục tiêu theo kế hoạch của xã»: chỉ ghi khi kế hoạch của xã đặt mức khác mục tiêu "
    "chung (ví dụ kế hoạch ghi «Tối thiểu 35% người dân được phủ sóng 5G» thì ghi 35).",
    "- «Giá trị đầu năm»: tỷ lệ đầu năm (nếu có), làm mốc tính lộ trình; «Ngày số liệu»: ngày "
    "chốt số liệu; «Minh chứng»: văn bản, báo cáo hoặc đường dẫn nguồn số liệu.",
    "- Chỉ tiêu báo đã đạt mục tiêu mà chưa có minh chứng thì chưa được tính là đạt. Chỉ tiêu "
    "có tỷ lệ thấp hơn mức phải có theo đường thẳng từ giá trị đầu năm tới mục tiêu vào cuối "
    "năm bị xếp «Chậm lộ trình». Chỉ tiêu chưa có số liệu để trống cả dòng.",
    "", "4. Cách tỉnh đánh giá tình trạng nhiệm vụ",
    "- Nhiệm vụ báo «Đã hoàn thành» (hoặc tiến độ 100) mà chưa có minh chứng sẽ bị xếp «Chờ "
    "hoàn thiện», chưa được tính là hoàn thành.",
    "- Nhiệm vụ báo «Đã hoàn thành» thì ghi đủ tiến độ 100, ngày hoàn thành và minh chứng.",
    "- Nhiệm vụ đã quá thời hạn hoàn thành mà chưa xong sẽ bị cảnh báo đỏ «Quá hạn».",
    "- Nhiệm vụ có tiến độ thấp hơn một nửa so với thời gian đã trôi qua sẽ bị cảnh báo đỏ «Chậm "
    "tiến độ» (ví dụ: đã qua 60% thời gian mà tiến độ dưới 30%).",
    "- Dòng nào quá một tháng chưa cập nhật «Ngày cập nhật» sẽ bị nhắc. Mỗi tháng cập nhật lại "
    "tất cả các dòng.",
    "- Màu của dòng: xanh lá là đã hoàn thành, vàng nhạt là đang thực hiện, xám nhạt là chưa "
    "thực hiện.", "",
    "5. Thời hạn gửi báo cáo",
    "Báo cáo hằng tháng: cập nhật bảng và gửi trước ngày 20 của tháng.", "",
    "6. Cách gửi",
    "- Gửi chính tệp Excel (.xlsx) này qua thư điện tử; không chụp ảnh, không chuyển sang PDF.",
    "- Không đổi tên các trang «Thông tin», «Nhiệm vụ», «Chỉ tiêu», «Hướng dẫn»; không sửa, "
    "không xoá dòng tiêu đề của bảng nhiệm vụ và bảng chỉ tiêu; không chèn thêm cột.",
    "- Được chèn thêm dòng nhiệm vụ; không gộp ô, không để trống dòng giữa bảng.",
    "- Không thêm macro, không đặt mật khẩu, không lưu sang dạng .xlsm hay .xls.",
)

INDICATOR_INTRO: tuple[str, str] = (
    "SỐ LIỆU CÁC CHỈ TIÊU CỦA KẾ HOẠCH",
    "Điền vào các ô màu vàng: tử số và mẫu số (hoặc tỷ lệ % khi không có số đếm), ngày số "
    "liệu, minh chứng; ghi mục tiêu của kế hoạch xã nếu khác mục tiêu chung. Xem trang «Hướng "
    "dẫn», mục 3.",
)
INDICATOR_HELP: dict[str, str] = {
    "numerator": "Tử số: số đã đạt; mẫu số: tổng số. Số nguyên không âm, tử số không lớn hơn "
                 "mẫu số, ví dụ 1250 trên 1600.",
    "percent": "Số phần trăm từ 0 đến 100, ví dụ 45 cho 45%. Tỷ lệ chỉ ghi khi không có tử "
               "số, mẫu số; mục tiêu chỉ ghi khi kế hoạch của xã đặt mức khác.",
    "measured": "Ngày chốt số liệu, dạng ngày/tháng/năm, ví dụ 15/10/2026.",
    "evidence": "Văn bản, báo cáo hoặc đường dẫn nguồn số liệu, ví dụ Báo cáo số 12/BC-UBND "
                "ngày 15/10/2026. Chỉ tiêu đạt mà thiếu minh chứng chưa được tính là đạt.",
}
