"""Building blocks of the real-shapes corpus: the tasks communes report (from the seed
plans), title and signature blocks as offices type them, legacy-font encoders, and the
truth record of a file. Used by ``generate.py``; nothing here is imported by the tests.
"""

from __future__ import annotations

import subprocess
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl.worksheet.worksheet import Worksheet


@dataclass(frozen=True)
class Job:
    """One task of a commune's appendix and its progress in November 2026.

    ``due`` is what a provincial officer reads from ``deadline`` (ISO, None when the
    deadline names no date); ``state`` the standard state the commune meant.
    """

    name: str
    lead: str
    deadline: object
    due: str | None
    state: str
    progress: float
    done: date | None = None
    evidence: str | None = None
    result: str = "Báo cáo kết quả thực hiện"


VP = "Văn phòng HĐND và UBND"
VHXH = "Phòng Văn hóa - Xã hội"
KT = "Phòng Kinh tế"
HCC = "Trung tâm Phục vụ hành chính công"
CA = "Công an xã"
DONE, DOING, TODO = "Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện"

#: Tasks taken from the seed plans (Lợi Bác, Nghĩa Đàn, Nghệ An), with realistic
#: leads, deadlines and November 2026 progress.
BANK: tuple[Job, ...] = (
    Job("Xây dựng, ban hành Kế hoạch thực hiện Nghị quyết số 57-NQ/TW năm 2026 của xã",
        VP, "Quý I/2026", "2026-03-31", DONE, 100, date(2026, 3, 20),
        "Kế hoạch 45/KH-UBND ngày 20/3/2026", "Kế hoạch được ban hành"),
    Job("Kiện toàn Ban Chỉ đạo, Tổ Giúp việc Ban Chỉ đạo về phát triển khoa học, công nghệ, "
        "đổi mới sáng tạo và chuyển đổi số", VP, "Tháng 6/2026", "2026-06-30", DONE, 100,
        date(2026, 5, 15), "Quyết định 112/QĐ-UBND ngày 15/5/2026", "Quyết định kiện toàn"),
    Job("Tổ chức triển khai hiệu quả Phong trào Bình dân học vụ số, học tập số", VHXH,
        "Thường xuyên", None, DOING, 60),
    Job("Đào tạo, bồi dưỡng kiến thức cho cán bộ lãnh đạo quản lý về ứng dụng công nghệ "
        "thông tin, chuyển đổi số", VHXH, "Quý IV/2026", "2026-12-31", DOING, 70),
    Job("Phủ sóng thông tin di động 4G, 5G cho 100% các vùng lõm sóng trên địa bàn xã", KT,
        "31/12/2026", "2026-12-31", DOING, 40, result="Xóa vùng lõm sóng"),
    Job("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm Phục vụ hành "
        "chính công xã", HCC, "Tháng 9/2026", "2026-09-30", DOING, 80),
    Job("Đẩy mạnh ứng dụng các nền tảng thanh toán trực tuyến không dùng tiền mặt, thương "
        "mại điện tử và các dịch vụ số", HCC, "Năm 2026", "2026-12-31", TODO, 0),
    Job("Triển khai Đề án 06/CP về phát triển ứng dụng dữ liệu dân cư, định danh và xác "
        "thực điện tử", CA, "Thường xuyên", None, DOING, 50),
    Job("Rà soát, cập nhật cơ sở dữ liệu đất đai bảo đảm đúng, đủ, sạch, sống", KT,
        "Quý III/2026", "2026-09-30", DONE, 100, date(2026, 9, 28),
        "Báo cáo 210/BC-UBND ngày 28/9/2026"),
    Job("Bảo đảm 100% văn bản, hồ sơ công việc được xử lý trên môi trường điện tử", VP,
        "Tháng 12/2026", "2026-12-31", DOING, 90),
    Job("Triển khai nền tảng họp trực tuyến kết nối thông suốt từ tỉnh đến xã", VP,
        "Quý II/2026", "2026-06-30", DONE, 100, date(2026, 6, 25),
        "Biên bản nghiệm thu ngày 25/6/2026"),
    Job("Phát động phong trào thi đua thực hiện nhiệm vụ phát triển khoa học, công nghệ, "
        "đổi mới sáng tạo và chuyển đổi số", VHXH, "Tháng 3/2026", "2026-03-31", DONE, 100,
        date(2026, 3, 26), "Kế hoạch 60/KH-UBND ngày 26/3/2026"),
)

SECTIONS = (
    ("I", "Công tác chỉ đạo, điều hành"),
    ("II", "Phát triển nhân lực số, nâng cao nhận thức"),
    ("III", "Hạ tầng số, dữ liệu số và chuyển đổi số"),
)

#: Words of the blocks below a table: none of them may end up in a task.
GLUE_WORDS = ("Nơi nhận", "TM. ỦY BAN", "KT. CHỦ TỊCH", "Ký, đóng dấu", "Ký tên",
              "Tổng cộng", "Tổng số", "Ghi chú:", "Trong đó", "Biểu 02", "Lưu: VT",
              "Người lập biểu", "CHỦ TỊCH")

STD_HEADER = ("STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành",
              "Tình trạng thực hiện", "Tiến độ (%)", "Ngày hoàn thành", "Minh chứng")


def dt(d: date) -> datetime:
    return datetime(d.year, d.month, d.day)


def job_cells(job: Job, keys: tuple[str, ...], *, state_words: dict[str, str] | None = None,
              percent: bool = False) -> list[object]:
    """The cells of ``job`` for the columns ``keys`` (stt left out)."""
    out: list[object] = []
    for key in keys:
        if key == "name":
            out.append(job.name)
        elif key == "lead":
            out.append(job.lead)
        elif key == "deadline":
            out.append(job.deadline)
        elif key == "state":
            out.append((state_words or {}).get(job.state, job.state))
        elif key == "progress":
            out.append(job.progress / 100 if percent else job.progress)
        elif key == "done":
            out.append(dt(job.done) if job.done else None)
        elif key == "evidence":
            out.append(job.evidence)
        elif key == "result":
            out.append(job.result)
        else:
            out.append(None)
    return out


STD_KEYS = ("name", "lead", "deadline", "state", "progress", "done", "evidence")


def put(ws: Worksheet, row: int, values: list[object] | tuple[object, ...], col: int = 1) -> None:
    """Values into ``ws`` from (row, col) rightwards; None leaves a cell empty."""
    for c, value in enumerate(values, start=col):
        if value is not None:
            ws.cell(row=row, column=c, value=value)


def date_cells(ws: Worksheet, column: str, fmt: str = "DD/MM/YYYY") -> None:
    for cell in ws[column]:
        if isinstance(cell.value, datetime):
            cell.number_format = fmt


def title_block(ws: Worksheet, unit: str, title: str, width: int, *, lines: tuple[str, ...] = ()
                ) -> int:
    """The national motto beside the commune's name (as on every administrative
    document), then the report's title; returns the next free row."""
    put(ws, 1, [unit], 1)
    put(ws, 1, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], max(4, width - 3))
    put(ws, 2, ["Độc lập - Tự do - Hạnh phúc"], max(4, width - 3))
    row = 2
    for line in lines:
        put(ws, row, [line], 1)
        row += 1
    row = max(row, 3) + 1
    put(ws, row, [title], 1)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return row + 2


def signature_block(ws: Worksheet, row: int, right: int, *, signer: str) -> int:
    """"Nơi nhận" on the left, "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
    "(Ký, đóng dấu)" and the signer's name on the right; returns the next free row."""
    left = [("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"), ("- UBND tỉnh (b/c);", "KT. CHỦ TỊCH"),
            ("- Sở Khoa học và Công nghệ (b/c);", "PHÓ CHỦ TỊCH"),
            ("- Lưu: VT, VHXH.", "(Ký, đóng dấu)")]
    for i, (a, b) in enumerate(left):
        put(ws, row + i, [a], 1)
        put(ws, row + i, [b], right)
    put(ws, row + len(left) + 2, [signer], right)
    return row + len(left) + 3


# --- legacy Vietnamese fonts -------------------------------------------------------

def to_tcvn3(text: str) -> str:
    """``text`` as typed with the .VnTime font (TCVN3, ABC): each Vietnamese letter one
    byte, shown in a Unicode file as the Windows-1252 character of that byte. Capitals
    with a tone mark (typed with .VnTimeH in real files) are written in small letters."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 128:
            out.append(ch)
            continue
        if ch.isupper() and ch not in _TCVN3_CAPITALS:
            ch = ch.lower()  # .VnTimeH shows the small letter's code as a capital
        raw = _iconv(ch, "TCVN5712-1")
        out.append(raw.decode("cp1252") if raw else ch)
    return "".join(out)


#: The only capitals with a mark that .VnTime itself has (TCVN3 0xA1-0xA7).
_TCVN3_CAPITALS = "ĂÂÊÔƠƯĐ"


def _iconv(ch: str, encoding: str) -> bytes | None:
    done = subprocess.run(["iconv", "-f", "utf-8", "-t", encoding], input=ch.encode(),
                          capture_output=True)
    return done.stdout if done.returncode == 0 else None


_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT = {"\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä", "": "â"}
_VNI_BREVE = {"\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë", "": "ê"}
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def to_vni(text: str) -> str:
    """``text`` as typed with the VNI-Times font (VNI Windows): a base letter followed
    by a mark byte, shown as Windows-1252 characters."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if not marks:
            out.append(ch)
            continue
        upper = base.isupper()
        tone = next((m for m in marks if m in _VNI_TONE), "")
        hat, breve, horn = "\u0302" in marks, "\u0306" in marks, "\u031b" in marks
        if base.lower() == "i":
            piece = _VNI_I[tone]
            out.append(piece.upper() if upper else piece)
            continue
        if base.lower() == "y" and tone == "\u0323":
            out.append("Î" if upper else "î")
            continue
        if horn:
            head = {"o": "ô", "u": "ö"}[base.lower()]
            head = head.upper() if upper else head
            tail = _VNI_TONE.get(tone, "")
        elif hat:
            head, tail = base, _VNI_HAT[tone]
        elif breve:
            head, tail = base, _VNI_BREVE[tone]
        else:
            head, tail = base, _VNI_TONE.get(tone, "")
        out.append(head + (tail.upper() if upper else tail))
    return "".join(out)


# --- truth ---------------------------------------------------------------------------

@dataclass
class Truth:
    """What a provincial officer reading the file would say about it."""

    file: str
    shapes: list[str]
    commune: str | None  # None: ambiguous, see extra["ambiguous"]
    identified_by: str
    sheet: str | None
    tasks: int
    spot: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    glue_words: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "extra"}
        data.update(self.extra)
        return data


def spot(stt: str, job: Job, *, name: str | None = None, due: str | None | bool = True,
         state: str | None | bool = True, progress: float | None | bool = True,
         lead: str | None | bool = True, **more: object) -> dict:
    """A spot check of task ``stt`` built from ``job`` (True: the job's own value;
    False: not checked)."""
    out: dict = {"stt": stt, "name_contains": job.name[:40] if name is None else name}
    if due is True and job.due is None and "thường xuyên" in str(job.deadline).lower():
        out["kind"] = "recurring"
    for key, value, own in (("lead", lead, job.lead), ("due", due, job.due),
                            ("state", state, job.state), ("progress", progress, job.progress)):
        if value is True:
            out[key] = own
        elif value is not False:
            out[key] = value
    out.update(more)
    return out


def warn(*alternatives: str, any_severity: bool = False) -> dict:
    """An expected warning: a problem whose code is one of ``alternatives`` or whose
    message contains one of them (case-insensitive); an error too with ``any_severity``."""
    found: dict = {"any": list(alternatives)}
    if any_severity:
        found["severity"] = "any"
    return found
