"""Sample commune workbooks for one province, built from the three real plans.

The province is Nghệ An. Nghĩa Đàn sends its real programme pasted as it is (its own
columns, no lead-agency column) with progress columns added; the other communes of the
official roster use the standard template filled with the task lists of the real
plans (Lợi Bác's appendix, Nghĩa Đàn's programme, the province's own plan) and
generated, reproducible progress data. A few files carry planted problems, listed in
:data:`PLANTED` and in the demo's README, so the summary has something to show.
Everything is derived from ``as_of`` and a fixed seed: the same date gives the same files.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from ..assess.status import Settings
from ..importer.textexport import SEEDS, seed_text, table_rows
from ..indicators import INDICATORS
from ..province.roster import official_roster
from ..read.commune import report_from_grids
from ..read.deadlines import parse_deadline
from ..read.workbook import SheetGrid
from ..records import Metadata
from ..template.build import build_template
from ..vntext import strip_diacritics

PROVINCE = "Nghệ An"
_DECLARED = re.compile(r"\(\s*\d*\s*nhiệm vụ\s*\)", re.IGNORECASE)
SEED = 57

PLANTED: tuple[str, ...] = (
    "Nghĩa Đàn: kế hoạch thật, thiếu cột «Cơ quan chủ trì» (chỉ có «Trực tiếp chỉ đạo»).",
    "Một xã ngoài tỉnh (Lợi Bác, Lạng Sơn) gửi nhầm tệp vào thư mục.",
    "Một xã gửi kèm tệp của tháng trước (báo cáo kỳ khác: không tính vào kỳ này).",
    "Một xã nộp muộn (sau ngày 20).",
    "Một tệp hỏng không mở được, một tệp khoá tạm của Excel (~$).",
    "Một số ô sai: tiến độ 120, ngày 31/02, «Đã hoàn thành» nhưng tiến độ 80, thời hạn «Sớm».",
    "Chỉ tiêu: vài xã để trống cả trang «Chỉ tiêu», một xã ghi tử số lớn hơn mẫu số, một xã "
    "ghi tỷ lệ 120%, một xã ghi chữ vào ô tử số; vài chỉ tiêu đạt mà thiếu minh chứng.",
)


@dataclass(frozen=True)
class DemoResult:
    folder: Path
    files: int
    missing: tuple[str, ...]
    #: The period the sample files report ("Tháng 11/2026") and the summary's file name.
    period: str = ""
    summary_name: str = "tong_hop.xlsx"


def demo_month(as_of: date, report_day: int) -> date:
    """The first day of the month the sample files report: as_of's month once its
    report deadline has passed, else the month before (on 1 December: November)."""
    if as_of.day > report_day:
        return as_of.replace(day=1)
    return (as_of.replace(day=1) - timedelta(days=1)).replace(day=1)


def _task_lists() -> dict[str, list[dict[str, object]]]:
    """The three real plans as template rows (sections and tasks)."""
    lists: dict[str, list[dict[str, object]]] = {}
    for key in SEEDS:
        rows = table_rows(seed_text(key))
        grid = SheetGrid("Nhiệm vụ", [list(r) for r in rows])
        report = report_from_grids([grid], key)
        out: list[dict[str, object]] = []
        section = None
        titles = {s.label: s.title for s in report.sections}
        for t in report.tasks:
            if t.section != section:
                section = t.section
                out.append({"section": section, "title": titles.get(section or "", "")})
            out.append({"stt": t.stt, "name": t.name, "lead": t.lead or t.director,
                        "partners": t.partners, "result": t.result,
                        "deadline": t.deadline.text, "note": None})
        lists[key] = out
    return lists


def _tidy(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """A commune's own copy of a real list: the source's known slips corrected
    (declared section counts that do not match, a task with no deadline)."""
    out = []
    for r in rows:
        r = dict(r)
        if "section" in r:
            r["title"] = _DECLARED.sub("", str(r["title"])).strip()
        elif not r.get("deadline"):
            r["deadline"] = "Năm 2026"
        out.append(r)
    return out




def _progress(rng: random.Random, row: dict[str, object], as_of: date, start: date,
              quality: float) -> dict[str, object]:
    """Fill the progress columns of one task with plausible values."""
    d = parse_deadline(row.get("deadline"))
    due = d.due
    elapsed = (as_of - start).days / max(1, ((due or date(as_of.year, 12, 31)) - start).days)
    target = min(1.0, max(0.0, elapsed))
    roll = rng.random()
    out = dict(row)
    if due is not None and due <= as_of and roll < quality:
        done_on = due - timedelta(days=rng.randint(0, 20)) if rng.random() < 0.8 else \
            min(as_of, due + timedelta(days=rng.randint(1, 40)))
        out.update(state="Đã hoàn thành", progress=100, done_date=min(done_on, as_of))
    elif roll < quality * 0.9:
        p = int(min(95, max(5, target * 100 * rng.uniform(0.6, 1.2))) // 5 * 5)
        out.update(state="Đang thực hiện", progress=p)
    elif roll < quality:
        out.update(state="Chưa thực hiện", progress=0)
    else:
        p = int(target * 100 * rng.uniform(0, 0.4)) // 5 * 5
        out.update(state="Đang thực hiện" if p else "Chưa thực hiện", progress=p)
    if out.get("state") == "Đã hoàn thành" and rng.random() < 0.9:
        number = rng.randint(10, 450)
        out["evidence"] = f"{number}/BC-UBND ngày {out['done_date']:%d/%m/%Y}"
        if rng.random() < 0.05:
            out["review"] = "Không đạt"
        elif rng.random() < 0.5:
            out["review"] = "Đạt"
    stale = rng.random() > quality
    out["updated"] = as_of - timedelta(days=rng.randint(35, 90) if stale else rng.randint(0, 25))
    return out


#: What some sample communes write in "Khó khăn, vướng mắc" (no random draw: the other
#: sample data stay as they were).
OBSTACLES: tuple[str, ...] = (
    "Chưa bố trí được kinh phí thực hiện; đề nghị tỉnh hỗ trợ.",
    "Chưa có hướng dẫn của sở, ngành về nội dung này.",
    "Thiếu cán bộ chuyên trách chuyển đổi số.",
    "Hạ tầng mạng chưa phủ tới các thôn vùng sâu.",
)


def _add_obstacles(rows: list[dict[str, object]]) -> None:
    """Obstacles on a few tasks not yet done."""
    open_tasks = [r for r in rows if "stt" in r and r.get("state") != "Đã hoàn thành"]
    for n, r in enumerate(open_tasks[1::6][:4]):
        r["issues"] = OBSTACLES[n % len(OBSTACLES)]


def _plant_errors(rows: list[dict[str, object]]) -> None:
    tasks = [r for r in rows if "stt" in r]
    tasks[1]["progress"] = 120
    tasks[2].update(state="Đã hoàn thành", progress=80)
    tasks[3]["deadline"] = "Sớm"
    tasks[4]["updated"] = "31/02/2026"


def build_demo(out: Path, *, as_of: date, communes: int | None = None,
               settings: Settings = Settings()) -> DemoResult:
    """Write the sample commune workbooks into ``out/xa`` (replacing earlier ones)."""
    rng = random.Random(SEED)
    folder = out / "xa"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    lists = _task_lists()
    roster = official_roster(PROVINCE)
    start = date(as_of.year, 1, 1)
    month = demo_month(as_of, settings.report_day)
    deadline = month.replace(day=min(settings.report_day, 28))
    report_date = min(as_of, deadline - timedelta(days=3))
    period = f"Tháng {month.month}/{month.year}"
    before = (month - timedelta(days=1)).replace(day=1)
    others = [e for e in roster if e.name != "Nghĩa Đàn"]
    missing_every = 12  # about 8% of communes do not report
    chosen = [e for i, e in enumerate(others) if i % missing_every != 5]
    if communes is not None:
        chosen = chosen[:max(0, communes)]
    missing = tuple(e.name for e in others if e not in chosen)
    base_keys = ("loi_bac", "nghia_dan", "nghe_an")
    files = 0
    for i, entry in enumerate(chosen):
        quality = rng.uniform(0.45, 0.95)
        rows = [r if "section" in r else _progress(rng, r, as_of, start, quality)
                for r in _tidy(lists[base_keys[i % 3]])]
        if i % 3:  # Nghĩa Đàn's programme has no lead column and the province plan names
            # provincial agencies: the commune fills in its own units
            for r in rows:
                if "stt" in r:
                    r["lead"] = rng.choice(("Phòng Văn hóa - Xã hội", "Phòng VH-XH",
                                            "Phòng Kinh tế", "Công an xã",
                                            "Văn phòng HĐND và UBND xã"))
        if i in (4, 17):
            _plant_errors(rows)
        if i % 7 == 3:
            _add_obstacles(rows)
        rd = min(as_of, deadline + timedelta(days=6)) if i == 9 else report_date - timedelta(days=i % 5)
        meta = Metadata(commune=entry.name, province=PROVINCE, commune_code=entry.code,
                        plan_number=f"{100 + i}/KH-UBND", plan_date=start + timedelta(days=40),
                        period=period, report_date=rd, officer="Nguyễn Văn A",
                        phone="0912 345 678", email=f"ubnd.{entry.code}@nghean.gov.vn")
        name = f"{entry.code}_{_ascii(entry.name)}.xlsx"
        kpis = demo_indicators(i, entry.code, rd)
        build_template(folder / name, metadata=meta, rows=rows, indicators=kpis)
        files += 1
        if i == 2:  # the same commune sends last month's file too
            old = Metadata(**{**meta.__dict__, "report_date": rd - timedelta(days=30),
                              "period": f"Tháng {before.month}/{before.year}"})
            build_template(folder / f"{entry.code}_{_ascii(entry.name)}_thang_truoc.xlsx",
                           metadata=old, rows=rows, indicators=kpis)
            files += 1
    files += _real_nghia_dan(folder, rng, as_of, start, report_date, period)
    files += _stray_files(folder, lists, rng, as_of, start)
    return DemoResult(folder, files, missing, period, f"tong_hop_{month:%Y_%m}.xlsx")


#: Typical denominators of an indicator by its unit (a commune of about 15,000 people).
_SIZES: dict[str, tuple[int, int]] = {
    "% dân số": (9000, 22000), "% hộ gia đình": (2500, 6000), "% CBCCVC": (30, 60),
    "% học sinh": (1200, 3500), "% dân số trưởng thành": (6000, 15000), "% người dân": (9000, 22000),
    "% người trưởng thành": (6000, 15000), "% dân số từ 15 tuổi": (7000, 17000),
}
#: The targets of Lợi Bác's appendix ("Tối thiểu 35% người dân được phủ sóng 5G"), which the
#: communes built on that plan write as their own.
LOI_BAC_TARGETS: dict[str, float] = {"H1": 35, "H2": 35, "N2": 90, "C3": 70, "C11": 70}


def demo_indicators(i: int, code: str, report_date: date) -> dict[str, dict[str, object]]:
    """The "Chỉ tiêu" cells of the ``i``-th sample commune: counts near the path to the
    targets, some behind, some missing, a few invalid (see :data:`PLANTED`). Drawn from
    their own generator, so the task data stay as they were."""
    if i % 11 == 7:  # a few communes leave the sheet empty
        return {}
    rng = random.Random(f"{SEED}-kpi-{code}")
    quality = rng.uniform(0.55, 0.8) if i % 9 == 4 else rng.uniform(0.9, 1.12)
    out: dict[str, dict[str, object]] = {}
    for item in INDICATORS:
        if rng.random() < 0.12:
            continue
        target = LOI_BAC_TARGETS.get(item.code, item.target) if i % 3 == 0 else item.target
        share = min(1.0, target / 100 * quality * rng.uniform(0.92, 1.08))
        lo, hi = _SIZES.get(item.unit, (40, 2500))
        den = rng.randint(lo, hi)
        cells: dict[str, object] = {"numerator": round(den * share), "denominator": den,
                                    "baseline": round(100 * share * rng.uniform(0.5, 0.8)),
                                    "measured": report_date - timedelta(days=rng.randint(1, 10))}
        if i % 5 == 2 and item.code in ("H1", "H2"):  # the operator gives a share only
            cells = {"percent": round(100 * share, 1), "measured": cells["measured"]}
        if rng.random() < 0.98:
            cells["evidence"] = f"Báo cáo số {rng.randint(5, 300)}/BC-UBND ngày {cells['measured']:%d/%m/%Y}"
        if i % 3 == 0 and item.code in LOI_BAC_TARGETS:
            cells["target"] = target
        out[item.code] = cells
    _plant_indicator_errors(i, out)
    return out


def _plant_indicator_errors(i: int, cells: dict[str, dict[str, object]]) -> None:
    if i == 4:
        cells["H2"] = {**cells.get("H2", {}), "numerator": 5200, "denominator": 4100}
    elif i == 17:
        cells["C15"] = {"percent": 120, "evidence": "Số liệu Công an xã"}
    elif i == 23:
        cells["C7"] = {**cells.get("C7", {}), "numerator": "khoảng 800", "denominator": 1000}


def _real_nghia_dan(folder: Path, rng: random.Random, as_of: date, start: date,
                    report_date: date, period: str) -> int:
    """Nghĩa Đàn's real programme as pasted, with progress columns added on the right."""
    rows = table_rows(seed_text("nghia_dan"))
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "TT")
    extra = ["Tình trạng thực hiện", "Tiến độ (%)", "Ngày hoàn thành", "Minh chứng", "Ngày cập nhật"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Phụ lục"
    for r, row in enumerate(rows, start=1):
        cells: list[object] = list(row)
        if r - 1 == header_at:
            cells = cells[:5] + extra
        elif r - 1 > header_at and row and row[0].isdigit():
            filled = _progress(rng, {"deadline": row[4] if len(row) > 4 else None}, as_of, start, 0.8)
            cells = (cells + [""] * 5)[:5] + [filled.get("state"), filled.get("progress"),
                                                filled.get("done_date"), filled.get("evidence"),
                                                filled.get("updated")]
        for c, value in enumerate(cells, start=1):
            if value not in ("", None):
                ws.cell(row=r, column=c, value=int(value) if isinstance(value, str) and value.isdigit() else value)
    info = wb.create_sheet("Thông tin", 0)
    for label, value in (("Tên xã/phường", "Nghĩa Đàn"), ("Tỉnh/thành phố", PROVINCE),
                         ("Ngày báo cáo", report_date), ("Kỳ báo cáo", period)):
        info.append([label, value])
    wb.save(folder / "Nghia_Dan_chuong_trinh_2026.xlsx")
    return 1


def _stray_files(folder: Path, lists: dict[str, list[dict[str, object]]], rng: random.Random,
                 as_of: date, start: date) -> int:
    """A commune of another province, a broken file and an Excel lock file."""
    rows = [r if "section" in r else _progress(rng, r, as_of, start, 0.7) for r in lists["loi_bac"]]
    meta = Metadata(commune="Lợi Bác", province="Lạng Sơn", plan_number="136/KH-UBND",
                    plan_date=date(2026, 4, 29), report_date=as_of - timedelta(days=5))
    build_template(folder / "Loi_Bac_Lang_Son.xlsx", metadata=meta, rows=rows)
    (folder / "bao_cao_hong.xlsx").write_bytes(b"PK\x03\x04 this file was cut off in transit")
    (folder / "~$Loi_Bac_Lang_Son.xlsx").write_bytes(b"\x00" * 165)
    return 3


def _ascii(name: str) -> str:
    return "_".join(strip_diacritics(name).split())


def demo_readme(result: DemoResult, summary: Path, as_of: date) -> str:
    lines = [
        "# Dữ liệu mẫu nq57xl (demo)", "",
        f"Tỉnh: {PROVINCE}. Ngày tính số liệu: {as_of:%d/%m/%Y}.",
        f"Thư mục `xa/`: {result.files} tệp của các xã (tạo tự động từ 3 kế hoạch thật).",
        f"Bảng tổng hợp: `{summary.name}`.", "", "Các lỗi được cài sẵn để minh hoạ:", "",
        *[f"- {p}" for p in PLANTED], "",
        f"Xã không có tệp (chưa nộp): {len(result.missing)}.",
    ]
    return "\n".join(lines) + "\n"
