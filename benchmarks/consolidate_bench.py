"""Benchmark: nq57xl consolidate against the obvious alternative and the reading floor.

Generates N commune workbooks in the standard template layout (about 100 tasks each,
realistic text lengths, filled progress columns, written by xlsxwriter as Excel-like
tools write them), then times on the same files, in the same run:

  (a) ``nq57xl consolidate`` end to end, as a subprocess (reading, validation,
      statuses, summary written), with its peak memory (the whole process tree, PSS:
      pages shared by forked processes counted once);
  (b) the obvious alternative: ``pandas.read_excel`` of every file with the default
      engine, ``concat``, ``to_excel``;
  (c) the floor: python-calamine reading every file into lists and nothing else.

Usage: ``python benchmarks/consolidate_bench.py [--quick] [--sizes 170 3321] [--keep DIR]
[--repeat R]``. ``--quick`` runs N = 170 only. Each of (a), (b), (c) runs R times (default
3 up to 500 communes, 1 above) and the median is printed, with ratios (b)/(a) and (a)/(c);
the peak memory of (a) comes from one more run of (a), not timed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import warnings
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

AS_OF = date(2026, 11, 23)
HEADERS = ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Lãnh đạo chỉ đạo",
           "Kết quả/Sản phẩm", "Thời gian hoàn thành", "Ghi chú", "Tình trạng thực hiện",
           "Tiến độ (%)", "Ngày hoàn thành", "Minh chứng", "Kết quả thẩm định", "Ngày cập nhật",
           "Khó khăn, vướng mắc"]
WORDS = ("triển khai ứng dụng nền tảng số dữ liệu dùng chung chuyển đổi số khoa học công nghệ "
         "đổi mới sáng tạo cơ quan đơn vị hệ thống thông tin dịch vụ công trực tuyến an toàn "
         "bảo đảm kết nối liên thông người dân doanh nghiệp cấp xã hạ tầng kỹ thuật").split()
LEADS = ("Phòng Văn hóa - Xã hội", "Phòng Kinh tế", "Công an xã", "Văn phòng HĐND và UBND xã",
         "Trung tâm Phục vụ hành chính công xã")
DEADLINES = ("Quý I/2026", "Quý II/2026", "Tháng 6/2026", "Tháng 9/2026", "31/12/2026",
             "Năm 2026", "Nhiệm vụ thường xuyên", "Sau khi Đề án được ban hành", "Quý IV/2026")


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def write_commune(path: Path, code: str, name: str, rng: random.Random, tasks: int = 100) -> None:
    """One commune workbook in the standard layout (Thông tin + Nhiệm vụ)."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    info = wb.add_worksheet("Thông tin")
    for r, (label, value) in enumerate((("Tên xã/phường", name), ("Mã xã", code),
                                        ("Tỉnh/thành phố", "Nghệ An"),
                                        ("Ngày ban hành kế hoạch", date(2026, 2, 10)),
                                        ("Kỳ báo cáo", "Tháng 11/2026"),
                                        ("Ngày báo cáo", AS_OF - timedelta(days=rng.randint(3, 9))))):
        info.write_string(r, 0, label)
        if isinstance(value, date):
            info.write_datetime(r, 1, value, date_fmt)
        else:
            info.write_string(r, 1, value)
    ws = wb.add_worksheet("Nhiệm vụ")
    ws.write_row(0, 0, HEADERS)
    row = 1
    for i in range(1, tasks + 1):
        if i % 12 == 1:
            ws.write_string(row, 0, ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][i // 12])
            ws.write_string(row, 1, _sentence(rng, 4, 9))
            row += 1
        deadline = rng.choice(DEADLINES)
        done = rng.random() < 0.45
        progress = 100 if done else rng.choice((0, 10, 25, 40, 50, 60, 75, 90))
        ws.write_string(row, 0, str(i))
        ws.write_string(row, 1, _sentence(rng, 12, 45))
        ws.write_string(row, 2, rng.choice(LEADS))
        ws.write_string(row, 3, "Các cơ quan, đơn vị liên quan")
        ws.write_string(row, 4, "Phó Chủ tịch UBND xã")
        ws.write_string(row, 5, _sentence(rng, 4, 14))
        ws.write_string(row, 6, deadline)
        ws.write_string(row, 8, "Đã hoàn thành" if done else ("Đang thực hiện" if progress else "Chưa thực hiện"))
        ws.write_number(row, 9, progress)
        if done:
            ws.write_datetime(row, 10, date(2026, rng.randint(1, 10), rng.randint(1, 28)), date_fmt)
            ws.write_string(row, 11, f"{rng.randint(10, 400)}/BC-UBND ngày 15/10/2026")
        ws.write_datetime(row, 13, AS_OF - timedelta(days=rng.randint(0, 60)), date_fmt)
        if rng.random() < 0.2:
            ws.write_string(row, 14, _sentence(rng, 6, 20))
        row += 1
    wb.close()


def generate(folder: Path, n: int) -> None:
    rng = random.Random(n)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        write_commune(folder / f"xa_{i:04d}.xlsx", f"{10000 + i:05d}", f"Xã Mẫu {i:04d}", rng)


def _memory(pid: int) -> int:
    """Proportional memory (PSS, bytes) of one process; its RSS where PSS is not shown.

    PSS shares a page among the processes that map it: forked workers and children
    share most of their parent's pages, which a sum of RSS would count again for each.
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _tree_memory(pid: int) -> int:
    """Memory (bytes, see :func:`_memory`) of a process and all its descendants, from /proc."""
    total = 0
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    stack = [pid]
    while stack:
        p = stack.pop()
        total += _memory(p)
        stack.extend(children.get(p, []))
    return total


def run_nq57xl(folder: Path, out: Path, *, measure_memory: bool = False) -> tuple[float, int]:
    """(a): the CLI end to end in a subprocess; returns (seconds, peak bytes).

    With ``measure_memory`` the process tree's memory is sampled every 50 ms; reading
    PSS costs the kernel about 7 ms per 300 MB process, which would slow the run being
    timed on two cores, so timed runs do not sample (peak 0) and one more run does.
    """
    exe = shutil.which("nq57xl") or str(Path(sys.executable).with_name("nq57xl"))
    cmd = [exe, "consolidate", str(folder), "-o", str(out), "--as-of", AS_OF.isoformat(),
           "--province", "Nghệ An"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_memory(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    if measure_memory:
        sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    stop.set()
    if measure_memory:
        sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"nq57xl failed ({proc.returncode}): {err.decode()[-2000:]}")
    return elapsed, peak


def run_pandas(folder: Path, out: Path) -> float:
    """(b): read_excel every file (default engine), concat, to_excel."""
    import pandas as pd

    warnings.filterwarnings("ignore", message=".*default engine.*")  # pandas 3 announces calamine
    start = time.perf_counter()
    frames = [pd.read_excel(p, sheet_name="Nhiệm vụ") for p in sorted(folder.glob("*.xlsx"))]
    pd.concat(frames, ignore_index=True).to_excel(out, index=False)
    return time.perf_counter() - start


def run_floor(folder: Path) -> float:
    """(c): python-calamine reading every sheet of every file into lists."""
    import python_calamine as pc

    start = time.perf_counter()
    for p in sorted(folder.glob("*.xlsx")):
        wb = pc.CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()
        wb.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 170 only")
    parser.add_argument("--sizes", type=int, nargs="*", default=None)
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated files here")
    parser.add_argument("--skip-pandas-above", type=int, default=10**9,
                        help="skip (b) above this N (it is the slow one)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs of each measure (default 3 up to N = 500, else 1)")
    args = parser.parse_args()
    sizes = args.sizes or ([170] if args.quick else [170, 3321])
    base = args.keep or Path(tempfile.mkdtemp(prefix="nq57xl-bench-"))
    print(f"Máy: {os.cpu_count()} lõi, Python {sys.version.split()[0]}; thư mục {base}")
    print(f"{'N':>6} {'(a) nq57xl':>11} {'(b) pandas':>11} {'(c) calamine':>12} {'(b)/(a)':>8} "
          f"{'(a)/(c)':>8} {'đỉnh RAM (a)':>13} {'tệp tổng hợp':>13} {'s/xã (a)':>9}")
    for n in sizes:
        folder = base / f"n{n}"
        if not folder.exists():
            t = time.perf_counter()
            generate(folder, n)
            print(f"  (tạo {n} tệp mất {time.perf_counter() - t:.1f} s)", flush=True)
        out_a = base / f"tong_hop_{n}.xlsx"
        task_csv = out_a.with_name(f"{out_a.stem}_nhiem_vu.csv")
        task_csv.unlink(missing_ok=True)  # a list split off by an earlier run
        repeat = args.repeat or (3 if n <= 500 else 1)
        a = statistics.median(run_nq57xl(folder, out_a)[0] for _ in range(repeat))
        peak = run_nq57xl(folder, out_a, measure_memory=True)[1]
        b = (statistics.median(run_pandas(folder, base / f"pandas_{n}.xlsx") for _ in range(repeat))
             if n <= args.skip_pandas_above else float("nan"))
        c = statistics.median(run_floor(folder) for _ in range(repeat))
        size_mb = out_a.stat().st_size / 1e6
        print(f"{n:>6} {a:>10.2f}s {b:>10.2f}s {c:>11.2f}s {b / a:>8.1f} {a / c:>8.1f} "
              f"{peak / 1e6:>10.0f} MB {size_mb:>10.1f} MB {a / n * 1000:>7.1f}ms", flush=True)
        if task_csv.exists():
            print(f"{'':>6} (danh sách nhiệm vụ ghi ra tệp riêng {task_csv.name}: "
                  f"{task_csv.stat().st_size / 1e6:.1f} MB)", flush=True)
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
