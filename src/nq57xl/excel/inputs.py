"""The settings an officer types on "Điều khiển", read and checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .. import api
from ..province.roster import resolve_province
from ..read.cells import CellValueError, parse_date
from .cells import (
    cell,
    text_of,
)
from .layout import (
    AS_OF,
    FOLDER,
    HISTORY,
    NO,
    OUTPUT,
    PERIOD,
    PROVINCE,
    TEMPLATE_DIR,
    NamedCell,
)
from .run import (
    UserError,
)


@dataclass(frozen=True)
class Inputs:
    """The settings read from "Điều khiển"."""

    folder: Path | None
    as_of: date
    province: str | None
    period: str | None
    output: Path | None
    template_dir: Path | None
    #: The history file: True beside the summary (cell blank), False when «Không».
    history: Path | bool = True

    def require_folder(self) -> Path:
        if self.folder is None:
            raise UserError("Chưa nhập thư mục chứa tệp báo cáo của các xã (ô B5 trang "
                            "«Điều khiển»; có thể bấm nút «Chọn...» bên cạnh).")
        if not self.folder.is_dir():
            raise UserError(f"Không tìm thấy thư mục «{self.folder}». Hãy kiểm tra lại đường dẫn "
                            "hoặc bấm nút «Chọn...» để chọn thư mục chứa tệp báo cáo của các xã.")
        return self.folder


def cell_path(book: Any, named: NamedCell) -> Path | None:
    """The path written in a cell (None when blank); relative: from the workbook's folder."""
    text = text_of(cell(book, named).value).strip('"').strip()
    found = Path(os.path.expanduser(os.path.expandvars(text))) if text else None
    full = Path(str(book.fullname))
    base = full.parent if full.is_absolute() else None
    return base / found if found and base and not found.is_absolute() else found


def read_inputs(book: Any) -> Inputs:
    """Read and check the inputs of "Điều khiển" (relative paths: from the workbook's folder)."""
    value = cell(book, AS_OF).value
    try:
        as_of = parse_date(value) or date.today()
    except CellValueError:
        raise UserError(f"Ngày tính số liệu «{text_of(value)}» không đúng dạng ngày/tháng/năm "
                        "(ví dụ 23/11/2026).") from None
    period = cell(book, PERIOD).value  # Excel turns a typed "11/2026" into a date
    if isinstance(period, (date, datetime)):
        period = f"Tháng {period.month}/{period.year}"
    return Inputs(cell_path(book, FOLDER), as_of, official_province(cell(book, PROVINCE).value),
                  text_of(period) or None, cell_path(book, OUTPUT), cell_path(book, TEMPLATE_DIR),
                  history_setting(book))


def history_setting(book: Any) -> Path | bool:
    """The history cell: blank -> True (beside the summary), «Không» -> False, else a path
    (a folder gets the default file name)."""
    text = text_of(cell(book, HISTORY).value).strip()
    if not text:
        return True
    if text.casefold() == NO.casefold():
        return False
    path = cell_path(book, HISTORY)
    if path is not None and (path.is_dir() or not path.suffix):
        return path / api.HISTORY_FILE
    return path if path is not None else True


def official_province(value: object) -> str | None:
    """The official name of the chosen province, None when blank; unknown names are an error."""
    text = text_of(value)
    if text and resolve_province(text) is None:
        raise UserError(f"Tỉnh/thành phố «{text}» không có trong danh mục 34 tỉnh, thành phố. "
                        "Hãy chọn trong danh sách thả xuống ở ô B7.")
    return resolve_province(text) if text else None


def inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def summary_path(inputs: Inputs, folder: Path) -> Path:
    """Where "Tổng hợp" writes: the given .xlsx, a file in the given folder, or beside ``folder``."""
    name = f"tong_hop_{inputs.as_of:%Y_%m}.xlsx"
    out = inputs.output or folder.resolve().parent / name
    if out.is_dir() or not out.suffix:
        out = out / name
    elif out.suffix.lower() != ".xlsx":
        raise UserError(f"Tệp tổng hợp «{out.name}» phải có đuôi .xlsx.")
    if inside(out, folder):
        raise UserError("Không lưu bảng tổng hợp vào trong thư mục báo cáo của các xã (lần sau nó "
                        "sẽ bị đọc nhầm như một báo cáo). Hãy chọn nơi lưu khác ở ô B9.")
    if not out.parent.is_dir():
        raise UserError(f"Không tìm thấy thư mục «{out.parent}» để lưu bảng tổng hợp.")
    return out
