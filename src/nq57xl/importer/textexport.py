"""Appendix tables inside text exports of Word/PDF plans (tab-separated lines).

The appendix follows the plan's body text. Its table starts at the first tab-separated
line whose cells are a header (STT and task name); the title lines just above it
("PHỤ LỤC ...", "(Kèm theo Kế hoạch số ...)") are kept as one-cell rows, as they
would stand above the table in a workbook. Lines without tabs after the header (page
footnotes, whole-row notes) are kept as one-cell rows too, so nothing is lost.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from ..read.headers import match_header
from ..vntext import nfc

_TITLE = re.compile(r"^\s*(\*\*)?\s*phụ\s+lục", re.IGNORECASE)
TITLE_LOOKBACK = 12

#: The real plans bundled with the package (see data/README.md).
SEEDS: dict[str, dict[str, str]] = {
    "loi_bac": {"file": "loi_bac_phu_luc_2026.txt", "commune": "Lợi Bác", "province": "Lạng Sơn"},
    "nghia_dan": {"file": "nghia_dan_chuong_trinh_2026.txt", "commune": "Nghĩa Đàn",
                  "province": "Nghệ An"},
    "nghe_an": {"file": "nghe_an_ke_hoach_tinh.txt", "commune": "Nghệ An (kế hoạch tỉnh)",
                "province": "Nghệ An"},
}


def seed_text(key: str) -> str:
    """The text of a bundled seed plan."""
    ref = resources.files("nq57xl") / "data" / "seeds" / SEEDS[key]["file"]
    return ref.read_text(encoding="utf-8")


def _is_header(cells: list[str]) -> bool:
    keys = {m.key for m in (match_header(c) for c in cells) if m}
    return "stt" in keys and "name" in keys


def table_rows(text: str) -> list[list[str]]:
    """The appendix of a text export as rows of cells (titles first), or [] if none."""
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines)
                  if "\t" in line and _is_header(line.split("\t"))), None)
    if start is None:
        return []
    first = start
    for i in range(start - 1, max(-1, start - TITLE_LOOKBACK), -1):
        if _TITLE.match(lines[i]):
            first = i
            break
    rows: list[list[str]] = []
    for line in lines[first:]:
        if "\t" in line:
            rows.append([c.strip() for c in line.split("\t")])
        elif line.strip():
            rows.append([line.strip()])
        else:
            rows.append([])
    while rows and not rows[-1]:
        rows.pop()
    return rows


def read_text_file(path: Path | str) -> str:
    """A text export, decoded as UTF-8 (with or without BOM) or UTF-16."""
    data = Path(path).read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig", errors="replace")
