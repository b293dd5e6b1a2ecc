"""The commune's metadata sheet "Thông tin": labels in column A, values in column B;
the commune's name guessed where the sheet does not give it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..catalogue import problem
from ..records import Metadata, NameSource, Problem
from ..vntext import normalize, strip_diacritics, visible
from .cells import CellValueError, parse_date
from .cleantext import address, clean_text
from .identity import guess_name, name_sources
from .workbook import SheetGrid

METADATA_SHEET = "Thông tin"

#: (field, label in the standard template, other labels accepted)
FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("commune", "Tên xã/phường", ("Xã/phường", "Xã", "Phường", "Tên xã", "Tên đơn vị", "Đơn vị")),
    ("commune_code", "Mã xã", ("Mã xã/phường", "Mã đơn vị hành chính", "Mã ĐVHC")),
    ("province", "Tỉnh/thành phố", ("Tỉnh", "Tỉnh/thành", "Tỉnh, thành phố", "Thành phố")),
    ("plan_number", "Số kế hoạch", ("Kế hoạch số", "Số hiệu kế hoạch")),
    ("plan_date", "Ngày ban hành kế hoạch", ("Ngày ban hành", "Ngày kế hoạch")),
    ("period", "Kỳ báo cáo", ("Kỳ", "Tháng báo cáo")),
    ("report_date", "Ngày báo cáo", ("Ngày lập báo cáo",)),
    ("officer", "Cán bộ báo cáo", ("Người báo cáo", "Người lập", "Cán bộ phụ trách")),
    ("phone", "Điện thoại", ("Số điện thoại", "SĐT")),
    ("email", "Email", ("Thư điện tử", "E-mail")),
)
_DATE_FIELDS = ("plan_date", "report_date")
_LOOKUP = {normalize(label): key for key, std, alts in FIELDS for label in (std, *alts)}


def _is_metadata_sheet(name: str) -> bool:
    return strip_diacritics(normalize(name)) in ("thong tin", "thong tin chung")


@dataclass(frozen=True)
class InfoSheet:
    """What the "Thông tin" sheet says: its name, the values by field, the address of each
    field's value, and the problems of its cells (a date it cannot read)."""

    sheet: str | None
    values: dict[str, object]
    cells: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]


def read_info_sheet(grids: Sequence[SheetGrid], file: str) -> InfoSheet:
    """The "Thông tin" sheet of ``grids`` (labels in column A, values in column B)."""
    values: dict[str, object] = {}
    cells: list[tuple[str, str]] = []
    problems: list[Problem] = []
    sheet = next((g for g in grids if _is_metadata_sheet(g.name)), None)
    if sheet is None:
        return InfoSheet(None, values, (), ())
    for r, row in enumerate(sheet.rows[:80]):
        if len(row) < 2:
            continue
        key = _LOOKUP.get(normalize(clean_text(row[0])))
        if key is None or key in values:
            continue
        cells.append((key, address(r, 1)))
        raw = row[1]
        if key in _DATE_FIELDS:
            try:
                values[key] = parse_date(raw)
            except CellValueError:
                problems.append(problem("bad-metadata-date", file=file, sheet=sheet.name,
                                        cell=address(r, 1), row=r + 1, value=raw,
                                        column=clean_text(row[0])))
        else:
            text = visible(clean_text(raw))  # a zero-width space is no part of a name
            if key == "commune_code" and text.isdigit():
                text = text.zfill(5)
            values[key] = text or None
    return InfoSheet(sheet.name, values, tuple(cells), tuple(problems))


def read_metadata(grids: Sequence[SheetGrid], file: str, *, path: Path | None = None,
                  title: tuple[SheetGrid, int] | None = None,
                  info: InfoSheet | None = None) -> tuple[Metadata, list[Problem]]:
    """Metadata from the "Thông tin" sheet (``info`` when the caller has read it already),
    with every place the workbook names its commune
    (:func:`~nq57xl.read.identity.name_sources`; ``title``: the task sheet and its header
    row). A missing commune is guessed from the title block, the sheet names or the file
    name, in this order, and the guess is a warning."""
    info = info or read_info_sheet(grids, file)
    values: dict[str, object] = dict(info.values)
    problems = list(info.problems)
    if info.sheet is not None:
        values["sheet"] = info.sheet
    values["cells"] = info.cells
    source = None
    if values.get("commune") and info.sheet is not None:
        at = dict(info.cells)["commune"]
        source = NameSource("info", f"sheet {info.sheet} (ô {at})", str(values["commune"]))
        values["identified_by"] = source.where
    values["name_sources"] = name_sources(grids, file, info=source, title=title)
    meta = Metadata(**values)  # type: ignore[arg-type]
    if not meta.commune:
        guess, where = _guess(meta.name_sources, file)
        problems.append(problem("missing-metadata", file=file, sheet=info.sheet, value=guess,
                                where=where))
        meta = replace(meta, commune=guess, from_file_name=True, identified_by=where)
    return meta, problems


def _guess(sources: Sequence[NameSource], file: str) -> tuple[str, str]:
    """The commune's name from the first place that gives one, and that place."""
    for source in sources:
        name = guess_name(source.text)
        if name:
            return name, source.where
    return Path(file).stem, sources[-1].where if sources else "tên tệp"
