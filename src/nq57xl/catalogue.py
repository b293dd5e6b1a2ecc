"""The catalogue of validation problems: stable codes, severities and messages.

Every finding about a commune's data is made here with :func:`problem`, so that codes
stay stable, messages stay Vietnamese and each one says how to fix the problem.
``docs/validation-codes.md`` is generated from :data:`CATALOGUE` by
:func:`catalogue_markdown` (``nq57xl codes --markdown``) and a test keeps them equal.
"""

from __future__ import annotations

from dataclasses import dataclass

from .records import Problem, Severity


@dataclass(frozen=True)
class Entry:
    code: str
    severity: Severity
    title: str
    template: str


_ENTRIES: tuple[Entry, ...] = (
    # --- the file as a whole -------------------------------------------------
    Entry("unreadable-file", "error", "Không đọc được tệp",
          "Không đọc được tệp ({detail}). Hãy mở tệp bằng Excel, chọn Lưu thành "
          "(Save As) dạng Sổ làm việc Excel (.xlsx) rồi gửi lại."),
    Entry("encrypted-file", "error", "Tệp có mật khẩu",
          "Tệp được đặt mật khẩu nên không đọc được. Hãy gỡ mật khẩu (Tệp › Thông tin › "
          "Bảo vệ sổ làm việc) rồi gửi lại."),
    Entry("file-too-large", "error", "Tệp quá lớn",
          "Tệp {detail}, vượt giới hạn cho phép. Hãy xoá các trang tính, ảnh không cần "
          "thiết rồi gửi lại, hoặc tăng giới hạn khi tổng hợp."),
    Entry("zip-bomb", "error", "Tệp giải nén quá lớn",
          "Nội dung tệp khi giải nén lên tới {detail}, vượt giới hạn an toàn; tệp bị từ "
          "chối mà không mở. Hãy kiểm tra lại tệp hoặc dùng mẫu chuẩn."),
    Entry("grid-too-large", "error", "Vùng dữ liệu quá lớn",
          "Tệp bị từ chối mà không đọc: {detail}, vượt giới hạn số ô của một trang tính. "
          "Thường do có ô thừa ở rất xa bảng: hãy bấm Ctrl+End trong Excel để tìm, xoá "
          "các dòng, cột thừa rồi lưu lại và gửi lại."),
    Entry("invalid-cell-reference", "error", "Địa chỉ ô không hợp lệ",
          "Tệp bị từ chối mà không đọc: {detail}. Tệp có thể bị hỏng hoặc do phần mềm "
          "khác tạo sai; hãy mở bằng Excel, chép bảng nhiệm vụ sang mẫu chuẩn rồi gửi lại."),
    Entry("shared-strings-count", "error", "Bảng chuỗi ký tự bị hỏng",
          "Tệp bị từ chối mà không đọc: {detail}. Tệp có thể bị hỏng hoặc bị sửa bằng "
          "công cụ khác; hãy mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại."),
    Entry("too-many-rows", "error", "Quá nhiều dòng",
          "Trang tính có {detail} dòng, vượt giới hạn; chỉ đọc phần đầu. Hãy xoá các "
          "dòng trống hoặc dòng thừa ở cuối bảng."),
    Entry("time-budget", "error", "Đọc tệp quá lâu",
          "Đọc tệp mất quá {detail} giây nên bị dừng. Hãy kiểm tra tệp (có thể quá lớn "
          "hoặc hỏng) rồi gửi lại."),
    Entry("skipped-file", "warning", "Tệp bị bỏ qua",
          "Bỏ qua tệp: {detail}."),
    Entry("word-import", "warning", "Tệp Word được nhập tự động",
          "Tệp Word được nhập tự động vào mẫu chuẩn để tổng hợp: {detail} Lần sau hãy "
          "báo cáo bằng mẫu Excel chuẩn của tỉnh."),
    Entry("word-import-failed", "error", "Không nhập được tệp Word",
          "Không nhập được tệp Word: {detail} Hãy gửi báo cáo bằng mẫu Excel chuẩn của tỉnh."),
    Entry("macro-workbook", "warning", "Tệp có macro",
          "Tệp có chứa macro; chỉ đọc dữ liệu, không chạy macro. Hãy gửi lại bằng mẫu "
          "chuẩn dạng .xlsx (không có macro)."),
    Entry("hidden-sheet", "warning", "Trang tính bị ẩn",
          "Trang tính «{name}» đang bị ẩn ({detail}). Nếu có nhiệm vụ trong đó, hãy hiện "
          "trang (chuột phải › Bỏ ẩn) và chuyển nhiệm vụ vào trang «Nhiệm vụ»."),
    Entry("external-links", "warning", "Tệp có liên kết ngoài",
          "Tệp có {detail} liên kết tới tệp khác; chỉ đọc giá trị đã lưu trong tệp, không "
          "mở hay cập nhật liên kết. Hãy dán giá trị (Paste Values) thay cho công thức "
          "liên kết rồi gửi lại."),
    Entry("hidden-rows", "warning", "Dòng bị ẩn",
          "Có dòng bị ẩn trong bảng nhiệm vụ ({detail}); các dòng này vẫn được tổng hợp. "
          "Hãy bỏ ẩn để kiểm tra lại."),
    # --- finding the table ---------------------------------------------------
    Entry("several-task-sheets", "warning", "Nhiều trang có bảng nhiệm vụ",
          "Tệp có {count} trang tính có bảng nhiệm vụ ({names}); chỉ đọc trang «{value}» "
          "({why}). Nếu đó không phải trang của kỳ báo cáo này, hãy xoá các trang cũ (hoặc "
          "đặt trang đúng kỳ ở cuối) rồi gửi lại."),
    Entry("legacy-encoding", "warning", "Chữ gõ bằng bảng mã cũ",
          "Trang tính được gõ bằng bảng mã cũ {value} (phông {fonts}); đã chuyển {count} ô "
          "sang Unicode khi đọc. Hãy kiểm tra lại nội dung đã đọc, và chuyển bảng sang "
          "Unicode (Unikey › Công cụ chuyển mã) với phông Times New Roman rồi gửi lại."),
    Entry("no-task-sheet", "error", "Không tìm thấy bảng nhiệm vụ",
          "Không trang tính nào có dòng tiêu đề gồm cột «STT» và «Tên nhiệm vụ». Hãy "
          "dùng mẫu chuẩn, hoặc đặt đúng tên hai cột này ở dòng tiêu đề của bảng."),
    Entry("missing-column", "error", "Thiếu cột bắt buộc",
          "Thiếu cột bắt buộc «{column}» ở dòng tiêu đề {header_row} (các tiêu đề đã "
          "đọc: {seen}).{stand_in} Hãy thêm cột «{column}» vào dòng tiêu đề và điền cho "
          "từng nhiệm vụ."),
    Entry("duplicate-column", "warning", "Cột bị lặp",
          "Cột «{detail}» trùng nội dung với cột đã có ở {other}; chỉ dùng cột đầu tiên. "
          "Hãy xoá hoặc đổi tên cột thừa."),
    Entry("hidden-duplicate-column", "warning", "Cột ẩn trùng tiêu đề",
          "Cột ẩn «{detail}» trùng tiêu đề với cột đang hiện ở {other}; dùng cột đang "
          "hiện, bỏ qua cột ẩn. Nếu số liệu đúng nằm ở cột ẩn, hãy bỏ ẩn và xoá cột cũ."),
    Entry("header-without-diacritics", "warning", "Tiêu đề không dấu",
          "Tiêu đề «{value}» được hiểu là «{column}». Hãy gõ tiêu đề có dấu đúng như "
          "mẫu chuẩn."),
    Entry("no-tasks", "error", "Bảng không có nhiệm vụ",
          "Bảng nhiệm vụ chỉ có dòng tiêu đề, không có nhiệm vụ nào. Hãy điền các nhiệm "
          "vụ bên dưới dòng tiêu đề."),
    # --- structure -----------------------------------------------------------
    Entry("section-count-mismatch", "warning", "Số nhiệm vụ của mục không khớp",
          "Mục «{section}» ghi {declared} nhiệm vụ nhưng bảng có {found}. Hãy sửa số "
          "ghi ở tên mục hoặc bổ sung nhiệm vụ còn thiếu."),
    Entry("duplicate-task", "error", "Nhiệm vụ trùng số thứ tự",
          "STT «{value}» đã dùng cho nhiệm vụ ở dòng {other} trong cùng mục «{section}». "
          "Hãy đánh lại số thứ tự cho đúng."),
    Entry("unplaced-row", "warning", "Dòng không xếp được",
          "Dòng không phải nhiệm vụ, tên mục hay dòng tiếp nối nên không được tổng hợp: "
          "«{value}». Nếu đây là nhiệm vụ, hãy ghi số thứ tự vào cột STT."),
    Entry("orphan-continuation", "warning", "Dòng tiếp nối không có nhiệm vụ phía trên",
          "Dòng không có STT nằm ngay dưới tiêu đề mục nên không ghép được vào nhiệm vụ "
          "nào: «{value}». Hãy ghép nội dung vào nhiệm vụ đúng hoặc ghi STT."),
    Entry("rows-after-table-end", "warning", "Có nhiệm vụ bên dưới chỗ kết thúc bảng",
          "Bảng nhiệm vụ được coi là kết thúc ở dòng {row_end} («{value}»); {count} dòng có "
          "số thứ tự bên dưới (dòng {rows}) không được đọc là nhiệm vụ. Nếu đó là nhiệm vụ, "
          "hãy chuyển chúng lên trong bảng, phía trên dòng tổng cộng, ghi chú và chữ ký."),
    # --- task cells ----------------------------------------------------------
    Entry("blank-name", "error", "Thiếu tên nhiệm vụ",
          "Nhiệm vụ STT «{stt}» không có tên. Hãy điền cột «Tên nhiệm vụ»."),
    Entry("blank-lead", "error", "Thiếu cơ quan chủ trì",
          "Nhiệm vụ STT «{stt}» chưa ghi cơ quan chủ trì. Hãy điền cột «Cơ quan chủ trì»."),
    Entry("blank-deadline", "error", "Thiếu thời gian hoàn thành",
          "Nhiệm vụ STT «{stt}» chưa ghi thời gian hoàn thành. Hãy ghi ngày (31/12/2026), "
          "tháng (Tháng 6/2026), quý (Quý II/2026), năm (Năm 2026) hoặc «Thường xuyên»."),
    Entry("bad-deadline", "error", "Không hiểu thời gian hoàn thành",
          "Không hiểu thời gian hoàn thành «{value}» của nhiệm vụ STT «{stt}». Hãy ghi "
          "ngày (31/12/2026), tháng (Tháng 6/2026), quý (Quý II/2026), năm (Năm 2026), "
          "«Thường xuyên» hoặc điều kiện («Sau khi Đề án được ban hành»)."),
    Entry("deadline-without-year", "warning", "Thời gian hoàn thành không ghi năm",
          "Thời gian hoàn thành «{value}» của nhiệm vụ STT «{stt}» không ghi năm; được hiểu "
          "là «{read_as}» (năm {year} của kế hoạch). Hãy ghi đủ năm, ví dụ «Quý III/2026»."),
    Entry("formula-without-value", "error", "Công thức chưa có giá trị",
          "Ô {address} chứa công thức «{value}» nhưng chưa có giá trị đã lưu (tệp được tạo "
          "hoặc sửa bằng chương trình không tính lại công thức), nên cột «{column}» của "
          "nhiệm vụ STT «{stt}» không đọc được. Hãy mở tệp bằng Excel, bấm Lưu rồi gửi lại, "
          "hoặc dán giá trị thay cho công thức."),
    # --- progress cells ------------------------------------------------------
    Entry("bad-state", "error", "Tình trạng không hợp lệ",
          "Tình trạng «{value}» của nhiệm vụ STT «{stt}» không thuộc danh sách. Hãy chọn "
          "một trong: Chưa thực hiện, Đang thực hiện, Đã hoàn thành."),
    Entry("status-word", "warning", "Tình trạng ghi bằng lời thường",
          "Tình trạng «{value}» của nhiệm vụ STT «{stt}» được hiểu là «{read_as}». Hãy "
          "chọn đúng một trong: Chưa thực hiện, Đang thực hiện, Đã hoàn thành."),
    Entry("bad-progress", "error", "Tiến độ không phải là số",
          "Tiến độ «{value}» của nhiệm vụ STT «{stt}» không phải là số. Hãy ghi số "
          "nguyên từ 0 đến 100."),
    Entry("progress-out-of-range", "error", "Tiến độ ngoài khoảng 0-100",
          "Tiến độ {value} của nhiệm vụ STT «{stt}» nằm ngoài khoảng 0-100. Hãy ghi số "
          "nguyên từ 0 đến 100."),
    Entry("bad-date", "error", "Ngày không hợp lệ",
          "Không hiểu ngày «{value}» ở cột «{column}» của nhiệm vụ STT «{stt}». Hãy ghi "
          "ngày dạng dd/mm/yyyy, ví dụ 15/10/2026."),
    Entry("done-date-in-future", "error", "Ngày hoàn thành sau ngày báo cáo",
          "Ngày hoàn thành {value} của nhiệm vụ STT «{stt}» sau ngày báo cáo {as_of}. "
          "Hãy sửa ngày hoàn thành, hoặc đổi tình trạng nếu nhiệm vụ chưa xong."),
    Entry("done-below-100", "error", "Đã hoàn thành nhưng tiến độ dưới 100%",
          "Nhiệm vụ STT «{stt}» ghi «Đã hoàn thành» nhưng tiến độ là {value}%. Hãy sửa "
          "tiến độ thành 100 hoặc đổi tình trạng."),
    Entry("done-without-date", "warning", "Đã hoàn thành nhưng thiếu ngày hoàn thành",
          "Nhiệm vụ STT «{stt}» đã hoàn thành nhưng chưa ghi ngày hoàn thành; được tính "
          "như hoàn thành vào ngày báo cáo. Hãy điền cột «Ngày hoàn thành»."),
    Entry("done-without-evidence", "warning", "Đã hoàn thành nhưng thiếu minh chứng",
          "Nhiệm vụ STT «{stt}» báo đã hoàn thành nhưng chưa có minh chứng nên được "
          "chuyển về «Chờ hoàn thiện». Hãy ghi số văn bản, đường dẫn hoặc tên tệp minh "
          "chứng vào cột «Minh chứng»."),
    Entry("bad-review", "error", "Kết quả thẩm định không hợp lệ",
          "Kết quả thẩm định «{value}» của nhiệm vụ STT «{stt}» không hợp lệ. Hãy chọn "
          "«Đạt», «Không đạt» hoặc để trống."),
    Entry("control-characters", "warning", "Ký tự điều khiển trong ô",
          "Ô có ký tự điều khiển không in được; đã xoá khi tổng hợp. Hãy gõ lại nội dung "
          "ô này."),
    Entry("cell-too-long", "warning", "Nội dung ô quá dài",
          "Ô dài {value} ký tự; chỉ giữ 2.000 ký tự đầu trong bản tổng hợp. Hãy rút gọn "
          "nội dung."),
    # --- metadata ------------------------------------------------------------
    Entry("missing-metadata", "warning", "Thiếu trang «Thông tin»",
          "Không có trang «Thông tin» hoặc chưa ghi tên xã; lấy tên xã «{value}» từ "
          "{where}. Hãy điền ô «Tên xã/phường» ở trang «Thông tin» theo mẫu chuẩn."),
    Entry("bad-metadata-date", "warning", "Ngày ở trang «Thông tin» không hợp lệ",
          "Không hiểu ngày «{value}» ở mục «{column}». Hãy ghi ngày dạng dd/mm/yyyy."),
    # --- indicators (sheet «Chỉ tiêu») ---------------------------------------
    Entry("indicator-unknown-code", "warning", "Mã chỉ tiêu không có trong danh mục",
          "Mã chỉ tiêu «{value}» không có trong danh mục (H1-H2, N1-N4, C1-C24) nên dòng này "
          "không được tổng hợp. Hãy ghi đúng mã như mẫu chuẩn, hoặc xoá dòng."),
    Entry("indicator-duplicate", "error", "Chỉ tiêu ghi hai lần",
          "Chỉ tiêu {kpi} đã có ở dòng {other}; chỉ dùng dòng đầu tiên. Hãy gộp số liệu vào "
          "một dòng và xoá dòng trùng."),
    Entry("indicator-not-a-number", "error", "Số liệu chỉ tiêu không phải là số",
          "Giá trị «{value}» ở cột «{column}» của chỉ tiêu {kpi} không phải là số không âm "
          "nên chỉ tiêu được tính là không hợp lệ. Hãy ghi một số, ví dụ 1250 (không ghi chữ)."),
    Entry("indicator-incomplete", "error", "Thiếu tử số hoặc mẫu số",
          "Chỉ tiêu {kpi} có {given} nhưng thiếu {missing}. Hãy ghi đủ cả tử số và mẫu số, "
          "hoặc chỉ ghi cột «Tỷ lệ (%)» nếu không có số đếm."),
    Entry("indicator-zero-denominator", "error", "Mẫu số bằng 0",
          "Mẫu số của chỉ tiêu {kpi} bằng 0. Hãy ghi tổng số (lớn hơn 0), hoặc để trống cả tử "
          "số và mẫu số nếu chưa có số liệu."),
    Entry("indicator-numerator-above-denominator", "error", "Tử số lớn hơn mẫu số",
          "Tử số {value} của chỉ tiêu {kpi} lớn hơn mẫu số {denominator}. Tử số là số đã đạt, "
          "mẫu số là tổng số. Hãy kiểm tra và sửa lại hai số này."),
    Entry("indicator-percent-out-of-range", "error", "Tỷ lệ chỉ tiêu ngoài khoảng 0-100",
          "Giá trị {value} ở cột «{column}» của chỉ tiêu {kpi} nằm ngoài khoảng 0-100. Hãy ghi "
          "số phần trăm từ 0 đến 100, ví dụ 45 cho 45%."),
    Entry("indicator-percent-mismatch", "warning", "Tỷ lệ không khớp tử số, mẫu số",
          "Tỷ lệ {value}% ghi cho chỉ tiêu {kpi} khác tử số/mẫu số ({computed}%); dùng tử số/"
          "mẫu số. Hãy sửa hoặc xoá ô «Tỷ lệ (%)»."),
    Entry("indicator-bad-date", "error", "Ngày số liệu không hợp lệ",
          "Không hiểu ngày «{value}» ở cột «Ngày số liệu» của chỉ tiêu {kpi}. Hãy ghi ngày "
          "dạng dd/mm/yyyy, ví dụ 15/10/2026."),
    Entry("indicator-too-many-rows", "warning", "Trang «Chỉ tiêu» quá nhiều dòng",
          "Trang «Chỉ tiêu» còn {detail} dòng có dữ liệu sau {limit} dòng đầu của bảng; các dòng "
          "này không được đọc. Hãy xoá các dòng thừa (bảng chỉ có 30 chỉ tiêu của mẫu)."),
    Entry("indicator-met-without-evidence", "warning", "Chỉ tiêu đạt nhưng thiếu minh chứng",
          "Chỉ tiêu {kpi} đạt {value}% (mục tiêu {target}%) nhưng chưa có minh chứng nên chưa "
          "được tính là đạt. Hãy ghi số, ngày văn bản hoặc đường dẫn nguồn số liệu vào cột "
          "«Minh chứng»."),
    # --- consolidation -------------------------------------------------------
    Entry("not-on-roster", "warning", "Xã không có trong danh sách",
          "Không nhận ra xã «{value}» trong danh sách xã của tỉnh (đã tìm ở: {tried}){near}. "
          "Tệp chưa được tính cho xã nào. Hãy ghi đúng tên xã (tên sau sắp xếp năm 2025) và "
          "mã xã ở trang «Thông tin», hoặc bổ sung danh sách xã."),
    Entry("ambiguous-commune", "warning", "Không rõ là xã nào",
          "Tên «{value}» ({where}) khớp với nhiều xã trong danh sách: {candidates}. Tệp chưa "
          "được tính cho xã nào. Hãy ghi đúng tên và mã xã ở trang «Thông tin»."),
    Entry("commune-conflict", "warning", "Tên xã ở hai nơi trong tệp khác nhau",
          "Tệp được tính cho {commune} theo {by}, nhưng {where} ghi «{value}» ({other}). "
          "Hãy kiểm tra tệp có đúng của xã không (có thể chép từ tệp của xã khác) và sửa "
          "cho thống nhất."),
    Entry("commune-identified-elsewhere", "warning", "Tên xã ở trang «Thông tin» không khớp",
          "Tên xã «{value}» ({where}) không có trong danh sách xã của tỉnh; tệp được nhận "
          "là của {commune} theo {by}. Hãy sửa tên xã ở trang «Thông tin» cho đúng."),
    Entry("duplicate-commune", "warning", "Một xã nộp nhiều tệp",
          "Xã «{value}» có nhiều tệp; dùng tệp «{other}» (ngày báo cáo muộn hơn), bỏ qua "
          "tệp này. Hãy xoá tệp cũ khỏi thư mục."),
    Entry("late-report", "warning", "Nộp muộn",
          "Báo cáo ngày {value}, sau hạn ngày {deadline}. Hãy nộp báo cáo trước ngày "
          "{deadline_day} hằng tháng."),
    Entry("bad-period", "warning", "Không hiểu kỳ báo cáo",
          "Không hiểu kỳ báo cáo «{value}» ở mục «Kỳ báo cáo». Hãy ghi kỳ theo dạng "
          "«Tháng 11/2026», «Quý IV/2026», «6 tháng đầu năm 2026», «Năm 2026» hoặc «Đột xuất»."),
    Entry("other-period", "warning", "Báo cáo của kỳ khác",
          "Tệp ghi kỳ báo cáo «{value}», khác kỳ đang tổng hợp «{period}»; không tính vào "
          "số liệu kỳ này. Nếu đây là báo cáo kỳ {period}, hãy sửa mục «Kỳ báo cáo» và "
          "cập nhật số liệu rồi gửi lại; nếu là tệp cũ, hãy xoá khỏi thư mục."),
    Entry("report-date-in-future", "warning", "Ngày báo cáo sau ngày tính số liệu",
          "Ngày báo cáo {value} sau ngày tính số liệu {as_of}. Hãy sửa ngày báo cáo ở mục "
          "«Ngày báo cáo» (ngày lập báo cáo, không phải hạn nộp)."),
    Entry("other-province", "warning", "Xã thuộc tỉnh khác",
          "Xã «{value}» thuộc danh sách xã của {other}, không phải của {province}; tệp không "
          "được tính vào tổng hợp, xếp hạng, thư nhắc hay phản hồi. Hãy chuyển tệp cho "
          "{other}, hoặc sửa tên, mã xã ở trang «Thông tin» nếu ghi nhầm."),
)

CATALOGUE: dict[str, Entry] = {e.code: e for e in _ENTRIES}
#: Problems found by consolidating (late, twice, not on the roster, skipped), not by
#: reading a file: nothing the commune corrects in its workbook.
CONSOLIDATION_CODES: tuple[str, ...] = (
    "late-report", "duplicate-commune", "not-on-roster", "skipped-file", "other-period",
    "other-province", "ambiguous-commune", "commune-identified-elsewhere", "commune-conflict",
)
#: Of :data:`CONSOLIDATION_CODES`: the files left out of the figures (superseded, skipped,
#: of another period or another province); the officer's business, no commune feedback.
LEFT_OUT_CODES: tuple[str, ...] = (
    "duplicate-commune", "skipped-file", "other-period", "other-province",
)


class _Blank(dict):
    def __missing__(self, key: str) -> str:  # unknown placeholders render empty
        return ""


def problem(code: str, *, file: str | None = None, sheet: str | None = None,
            cell: str | None = None, value: object = None, row: int | None = None,
            **details: object) -> Problem:
    """Make the :class:`Problem` of catalogue entry ``code``.

    ``details`` fill the entry's message template; ``value`` (the offending cell value)
    fills ``{value}`` too.
    """
    entry = CATALOGUE[code]
    shown = None if value is None else _short(str(value))
    fields = _Blank({k: ("" if v is None else str(v)) for k, v in details.items()})
    fields.setdefault("value", shown or "")
    return Problem(
        code=code,
        severity=entry.severity,
        message=entry.template.format_map(fields),
        file=file,
        sheet=sheet,
        cell=cell,
        value=shown,
        row=row,
    )


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def catalogue_markdown() -> str:
    """The catalogue as the Markdown page ``docs/validation-codes.md``."""
    lines = [
        "# Mã lỗi kiểm tra dữ liệu (validation codes)",
        "",
        "Generated from `src/nq57xl/catalogue.py` by `nq57xl codes --markdown`; "
        "do not edit by hand.",
        "",
        "| Mã (code) | Mức độ | Tên | Thông báo (mẫu) |",
        "|---|---|---|---|",
    ]
    for e in _ENTRIES:
        severity = "lỗi (error)" if e.severity == "error" else "cảnh báo (warning)"
        text = e.template.replace("|", "\\|")
        lines.append(f"| `{e.code}` | {severity} | {e.title} | {text} |")
    return "\n".join(lines) + "\n"
