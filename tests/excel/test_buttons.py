"""The button handlers of nq57xl.excel.buttons, run through xlwings' remote engine (no Excel here).

The payload is made from the committed workbook/nq57xl.xlsm itself (its sheets' values
and defined names), so a handler sees the cells where the real workbook has them. What a handler
writes comes back as xlwings actions, applied here to a copy of the sheets' values.
The remote engine is in xlwings.pro (PolyForm Noncommercial); the licence key is set
in this test process only.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

xw = pytest.importorskip("xlwings")

from tests.conftest import task_rows
from nq57xl.excel import buttons as excel
from nq57xl.excel.run import LOG_NAME
from nq57xl.records import Metadata
from nq57xl.province.consolidation import COLUMNS, COMMUNE_COLUMNS
from nq57xl.province.roster import official_roster
from nq57xl.template.build import build_template
from nq57xl.read.commune import read_commune
from nq57xl.excel.layout import (
    AS_OF, CONTROL_SHEET, FOLDER, HISTORY, OUTPUT, PERIOD, PROVINCE, RESULT_AREA, RESULTS_HEADER, RESULTS_INFO, RESULTS_SHEET, ROSTER_HEADER, ROSTER_PROVINCE, ROSTER_SHEET, TEMPLATE_DIR,
)

DAY = datetime(2026, 11, 23)
LANG_SON = len(official_roster("Lạng Sơn"))


@pytest.fixture(scope="module")
def xlsm() -> Path:
    """The committed workbook (test_workbook_build checks it is what the sources build)."""
    return Path(__file__).resolve().parents[2] / "workbook" / "nq57xl.xlsm"


def _json_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return value


def make_payload(xlsm: Path, cells: dict, roster: list[list[str]] | None = None,
                 roster_province: str | None = None) -> dict:
    """The remote-engine payload of the workbook, with ``cells`` (NamedCell -> value) set."""
    wb = openpyxl.load_workbook(xlsm, keep_vba=True)
    grids = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] or [[None]]
             for ws in wb.worksheets}

    def put(sheet: str, address: str, value: object) -> None:
        col, row = openpyxl.utils.cell.coordinate_from_string(address)
        r, c = row - 1, openpyxl.utils.column_index_from_string(col) - 1
        grid = grids[sheet]
        while len(grid) <= r:
            grid.append([None] * len(grid[0]))
        for line in grid:
            line.extend([None] * (c + 1 - len(line)))
        grid[r][c] = value

    for named, value in cells.items():
        put(named.sheet, named.address, value)
    if roster_province:
        put(ROSTER_SHEET, ROSTER_PROVINCE.address, roster_province)
    for i, row in enumerate(roster or [], start=7):
        for j, value in enumerate(row):
            put(ROSTER_SHEET, f"{'ABCDE'[j]}{i}", value)
    names = []
    for name, dn in wb.defined_names.items():
        m = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+)\$(\d+)", dn.attr_text)
        if m:
            names.append({"name": name, "sheet_index": wb.sheetnames.index(m.group(1)),
                          "address": f"{m.group(2)}{m.group(3)}", "book_scope": True})
    return {"client": "Microsoft Office Scripts", "version": xw.__version__,
            "book": {"name": "nq57xl.xlsm", "active_sheet_index": 0, "selection": "A1"},
            "names": names,
            "sheets": [{"name": title, "values": [[_json_value(v) for v in row] for row in grid],
                        "pictures": [], "tables": []} for title, grid in grids.items()]}


class Sheets:
    """The sheets' values after a handler ran: the payload with the actions applied."""

    def __init__(self, payload: dict, actions: list[dict]) -> None:
        self.names = [s["name"] for s in payload["sheets"]]
        self.cells: dict[str, dict[tuple[int, int], object]] = {n: {} for n in self.names}
        for sheet in payload["sheets"]:
            for r, row in enumerate(sheet["values"]):
                for c, v in enumerate(row):
                    if v not in ("", None):
                        self.cells[sheet["name"]][r, c] = v
        for a in actions:
            grid = self.cells[self.names[a["sheet_position"]]]
            if a["func"] == "rangeClearContents":
                for r in range(a["start_row"], a["start_row"] + a["row_count"]):
                    for c in range(a["start_column"], a["start_column"] + a["column_count"]):
                        grid.pop((r, c), None)
            elif a["func"] == "setValues":
                for r, row in enumerate(a["values"]):
                    for c, v in enumerate(row):
                        grid[a["start_row"] + r, a["start_column"] + c] = v
                        if v in ("", None):
                            grid.pop((a["start_row"] + r, a["start_column"] + c))

    def value(self, named, down: int = 0, right: int = 0) -> object:
        col, row = openpyxl.utils.cell.coordinate_from_string(named.address)
        c = openpyxl.utils.column_index_from_string(col) - 1
        return self.cells[named.sheet].get((row - 1 + down, c + right))

    def column(self, named, right: int = 0) -> list[object]:
        """The values below ``named`` (from it) down to the first empty cell."""
        out, down = [], 0
        while (v := self.value(named, down, right)) is not None:
            out.append(v)
            down += 1
        return out

    def row(self, named, down: int = 0, width: int = 30) -> list[object]:
        return [self.value(named, down, c) for c in range(width)]

    def texts(self) -> list[str]:
        return [str(v) for grid in self.cells.values() for v in grid.values()]


@pytest.fixture()
def run(monkeypatch: pytest.MonkeyPatch, xlsm: Path, tmp_path: Path):
    """run(handler, cells, ...) -> Sheets, with the payload book as the caller."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    if "remote" not in [engine.name for engine in xw.engines]:
        # xlwings registers its remote engine at import time only when a licence key
        # is set then; register it for this test (undone by monkeypatch).
        from xlwings.pro import _xlremote

        engine = xw.Engine(impl=_xlremote.engine)
        monkeypatch.setattr(xw.engines, "engines", [*xw.engines.engines, engine])
        monkeypatch.setitem(xw.engines.engines_by_name, "remote", engine)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()

    def go(handler, cells: dict, **kw) -> Sheets:
        payload = make_payload(xlsm, cells, **kw)
        book = xw.Book(json=payload)
        book.set_mock_caller()
        try:
            handler()
        finally:
            del xw.Book._mock_caller
        return Sheets(payload, book.json()["actions"])

    return go



def _tasks(done: int) -> list[dict]:
    return task_rows(done, "Văn phòng HĐND và UBND", count=4, dated=4)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "bao cáo xã"
    folder.mkdir()
    for file, name, day, done in (("loi_bac.xlsx", "Lợi Bác", 15, 3), ("quy_hoa.xlsx", "Quý Hòa", 18, 1),
                                  ("thien_hoa.xlsx", "Thiện Hoà", 22, 0)):
        meta = Metadata(commune=name, province="Lạng Sơn", report_date=date(2026, 11, day),
                        plan_date=date(2026, 1, 15))
        build_template(folder / file, metadata=meta, rows=_tasks(done))
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 broken")
    return folder


def inputs(folder: Path | str | None, out: Path | str | None, **extra) -> dict:
    cells = {FOLDER: str(folder) if folder else None, AS_OF: DAY, PROVINCE: "Lạng Sơn",
             PERIOD: "Tháng 11/2026", OUTPUT: str(out) if out else None}
    cells.update(extra)
    return cells


def messages(sheets: Sheets) -> str:
    return "\n".join(str(v) for v in sheets.column(RESULT_AREA))


def no_traceback(sheets: Sheets) -> None:
    assert not any("Traceback" in t or 'File "' in t for t in sheets.texts())


def test_consolidate_writes_summary_results_and_roster(run, folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "tong hợp" / "tong_hop.xlsx"
    out.parent.mkdir()
    sheets = run(excel.consolidate_button, inputs(folder, out))
    text = messages(sheets)
    assert out.exists()
    assert text.startswith("Tổng hợp: xong lúc")
    assert f"Đã nạp danh sách {LANG_SON} xã, phường của Lạng Sơn" in text
    assert f"Đã ghi bảng tổng hợp: {out}" in text
    assert f"Xã đã nộp: 3/{LANG_SON}" in text
    assert "Bảng kết quả theo xã đã ghi vào trang «Kết quả»." in text
    no_traceback(sheets)
    # "Kết quả": Vietnamese headers, then one row per commune of the roster, ranked first.
    header = sheets.row(RESULTS_HEADER, width=len(COMMUNE_COLUMNS))
    assert header == [COLUMNS[k][0] for k in COMMUNE_COLUMNS]
    communes = sheets.column(RESULTS_HEADER, right=COMMUNE_COLUMNS.index("commune"))[1:]
    assert len(communes) == LANG_SON
    assert set(communes[:3]) == {"Lợi Bác", "Quý Hoà", "Thiện Hoà"}
    ranks = sheets.column(RESULTS_HEADER)[1:]
    assert ranks == [1, 2, 3]  # communes that did not report have no rank
    rate = sheets.value(RESULTS_HEADER, 1, COMMUNE_COLUMNS.index("completion_rate"))
    assert isinstance(rate, float) and 0 <= rate <= 1
    assert "tính đến ngày 23/11/2026" in sheets.value(RESULTS_INFO)
    # The roster sheet was empty: the official list of the province was put there.
    assert sheets.value(ROSTER_PROVINCE) == "Lạng Sơn"
    assert len(sheets.column(ROSTER_HEADER)) == LANG_SON + 1


def test_formulas_from_commune_files_stay_text(run, folder: Path, tmp_path: Path) -> None:
    evil = "=cmd|' /C calc'!A0"
    build_template(folder / "la.xlsx", metadata=Metadata(commune=evil, province="Lạng Sơn",
                                                         report_date=date(2026, 11, 10)),
                   rows=_tasks(1))
    sheets = run(excel.consolidate_button, inputs(folder, tmp_path))
    communes = sheets.column(RESULTS_HEADER, right=COMMUNE_COLUMNS.index("commune"))
    assert "'" + evil in communes and evil not in communes
    assert excel.excel_value("-5", "text") == "'-5" and excel.excel_value(-5, "int") == -5
    assert excel.excel_value("Lợi Bác", "text") == "Lợi Bác"


def test_progress_reaches_the_status_bar(run, folder: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str | None] = []
    monkeypatch.setattr(excel.Ui, "status", lambda self, text: shown.append(text))
    run(excel.consolidate_button, inputs(folder, tmp_path))
    assert any(t and t.startswith("nq57xl: xong 4/4") for t in shown)
    assert shown[-1] is None  # the status bar is given back to Excel


def test_progress_is_throttled_but_at_least_twice_a_second() -> None:
    class App:
        def __init__(self) -> None:
            self.seen: list[object] = []

        def __setattr__(self, key: str, value: object) -> None:
            if key == "status_bar":
                self.seen.append(value)
            else:
                object.__setattr__(self, key, value)

    class Book:
        app = App()

    clock = iter([0.0, 0.1, 0.2, 0.6, 0.7, 1.3, 1.35])
    ui = excel.Ui(Book(), clock=lambda: next(clock))
    for n in range(1, 8):
        ui.progress(n, 7, f"xa_{n}.xlsx")
    seen = Book.app.seen
    assert seen[:3] == ["nq57xl: 1/7 — xa_1.xlsx", "nq57xl: 4/7 — xa_4.xlsx", "nq57xl: 6/7 — xa_6.xlsx"]
    assert seen[3].startswith("nq57xl: xong 7/7") and len(seen) == 4


def test_default_output_is_beside_the_folder(run, folder: Path) -> None:
    sheets = run(excel.consolidate_button, inputs(folder, None))
    assert (folder.parent / "tong_hop_2026_11.xlsx").exists(), messages(sheets)


@pytest.mark.parametrize("case, expected", [
    ("missing", "Không tìm thấy thư mục"),
    ("blank", "Chưa nhập thư mục chứa tệp báo cáo của các xã"),
    ("empty", "Không có tệp báo cáo nào"),
    ("inside", "Không lưu bảng tổng hợp vào trong thư mục báo cáo"),
    ("suffix", "phải có đuôi .xlsx"),
    ("province", "không có trong danh mục 34 tỉnh"),
    ("date", "không đúng dạng ngày/tháng/năm"),
])
def test_problems_become_vietnamese_messages(run, folder: Path, tmp_path: Path, case: str,
                                             expected: str) -> None:
    cells = inputs(folder, tmp_path / "out.xlsx")
    if case == "missing":
        cells[FOLDER] = str(tmp_path / "không có")
    elif case == "blank":
        cells[FOLDER] = None
    elif case == "empty":
        (tmp_path / "trống").mkdir()
        cells[FOLDER] = str(tmp_path / "trống")
    elif case == "inside":
        cells[OUTPUT] = str(folder / "tong_hop.xlsx")
    elif case == "suffix":
        cells[OUTPUT] = str(tmp_path / "tong_hop.xls")
    elif case == "province":
        cells[PROVINCE] = "Tỉnh Không Có"
    elif case == "date":
        cells[AS_OF] = "31/02/2026"
    sheets = run(excel.consolidate_button, cells)
    text = messages(sheets)
    assert text.startswith("Tổng hợp: ")
    assert expected in text, text
    assert not (tmp_path / "out.xlsx").exists()
    no_traceback(sheets)


def test_unexpected_error_is_a_message_and_a_log(run, folder: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("hỏng bất ngờ")

    monkeypatch.setattr("nq57xl.jobs.consolidation.run_consolidation", boom)
    sheets = run(excel.consolidate_button, inputs(folder, tmp_path))
    text = messages(sheets)
    assert "Tổng hợp: gặp lỗi ngoài dự kiến nên chưa làm xong." in text
    assert "Chi tiết: RuntimeError: hỏng bất ngờ" in text
    no_traceback(sheets)
    log = tmp_path / "temp" / LOG_NAME
    assert str(log) in text and "Traceback" in log.read_text(encoding="utf-8")


def test_without_excel_the_handler_does_not_raise(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    assert not hasattr(xw.Book, "_mock_caller")
    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: (_ for _ in ()).throw(
        RuntimeError("no Excel"))))
    excel.consolidate_button()
    assert "Không kết nối được với Excel" in capsys.readouterr().err


def test_edited_roster_is_used(run, folder: Path, tmp_path: Path) -> None:
    roster = [["06601", "Lợi Bác", "Xã Lợi Bác", "Lạng Sơn", ""],
              ["", "Quý Hòa", "Xã Quý Hòa", "Lạng Sơn", "quyhoa@example.vn"]]
    sheets = run(excel.consolidate_button, inputs(folder, tmp_path), roster=roster,
                 roster_province="Lạng Sơn")
    text = messages(sheets)
    assert "Dùng danh sách 2 xã, phường đang có trên trang «Danh sách xã»." in text
    assert "Xã đã nộp: 2/2" in text, text
    assert sheets.column(ROSTER_HEADER, right=1) == ["Tên xã", "Lợi Bác", "Quý Hòa"]  # kept


def test_roster_of_another_province_is_replaced(run, folder: Path, tmp_path: Path) -> None:
    sheets = run(excel.consolidate_button, inputs(folder, tmp_path),
                 roster=[["00001", "Xã Khác", "Xã Khác", "Hà Nội", ""]], roster_province="Hà Nội")
    assert "thay cho danh sách cũ của «Hà Nội»" in messages(sheets)
    assert sheets.value(ROSTER_PROVINCE) == "Lạng Sơn"
    assert len(sheets.column(ROSTER_HEADER)) == LANG_SON + 1


def test_validate_lists_problems_without_writing(run, folder: Path, tmp_path: Path) -> None:
    sheets = run(excel.validate_button, inputs(folder, tmp_path / "out.xlsx"))
    text = messages(sheets)
    assert text.startswith("Kiểm tra dữ liệu: xong lúc")
    assert re.search(r"Đã kiểm tra 4 tệp trong «.*»: \d+ lỗi, \d+ cảnh báo; 1 tệp có lỗi\.", text)
    lines = sheets.column(RESULT_AREA)
    table_top = len(lines) + 1
    header = sheets.row(RESULT_AREA, table_top, 6)
    assert header == ["Tệp nguồn", "Nội dung và cách sửa", "Ô", "Trang tính", "Mức độ", "Mã lỗi"]
    rows = []
    while any(row := sheets.row(RESULT_AREA, table_top + len(rows) + 1, 6)):
        rows.append(row)
    assert len(rows) > 1
    assert any(r[0] == "hong.xlsx" and r[4] == "Lỗi" for r in rows)
    assert not (tmp_path / "out.xlsx").exists()
    no_traceback(sheets)


def test_templates_one_per_roster_commune(run, tmp_path: Path) -> None:
    roster = [["06601", "Lợi Bác", "Xã Lợi Bác", "Lạng Sơn", "loibac@example.vn"],
              ["", "Quý Hòa", "Xã Quý Hòa", "Lạng Sơn", ""]]
    target = tmp_path / "mẫu"
    sheets = run(excel.templates_button, {PROVINCE: "Lạng Sơn", PERIOD: "Tháng 12/2026",
                                          TEMPLATE_DIR: str(target)},
                 roster=roster, roster_province="Lạng Sơn")
    assert f"Đã tạo 2 tệp mẫu (mỗi xã, phường một tệp) trong thư mục «{target}»." in messages(sheets)
    files = sorted(p.name for p in target.iterdir())
    assert files == ["06601_Loi_Bac.xlsx", "Quy_Hoa.xlsx"]
    meta = read_commune(target / "06601_Loi_Bac.xlsx").metadata
    assert (meta.commune, meta.province, meta.commune_code, meta.period, meta.email) == (
        "Lợi Bác", "Lạng Sơn", "06601", "Tháng 12/2026", "loibac@example.vn")


def test_templates_without_roster_make_one_blank(run, tmp_path: Path) -> None:
    target = tmp_path / "mau"
    sheets = run(excel.templates_button, {TEMPLATE_DIR: str(target)})
    assert "Chưa có danh sách xã: đã tạo một mẫu trống" in messages(sheets)
    assert [p.name for p in target.iterdir()] == ["mau_bao_cao_xa.xlsx"]


def test_templates_refuse_the_reports_folder(run, folder: Path) -> None:
    sheets = run(excel.templates_button, {FOLDER: str(folder), TEMPLATE_DIR: str(folder / "mau")})
    assert "Không lưu mẫu vào trong thư mục báo cáo của các xã" in messages(sheets)
    assert not (folder / "mau").exists()


def test_load_roster_button(run) -> None:
    sheets = run(excel.roster_button, {PROVINCE: "lạng sơn"})
    assert f"Đã nạp {LANG_SON} xã, phường của Lạng Sơn" in messages(sheets)
    rows = [sheets.row(ROSTER_HEADER, i, 5) for i in range(1, LANG_SON + 1)]
    expected = official_roster("Lạng Sơn")
    assert [r[0] for r in rows] == [e.code for e in expected]
    assert all(isinstance(r[0], str) and len(r[0]) == 5 for r in rows)
    assert sheets.value(ROSTER_PROVINCE) == "Lạng Sơn"
    none = run(excel.roster_button, {PROVINCE: None})
    assert "Hãy chọn tỉnh/thành phố ở ô B7" in messages(none)


def test_named_cells_fall_back_to_addresses(run, folder: Path, tmp_path: Path) -> None:
    real = make_payload

    def without_names(*args, **kwargs):
        payload = real(*args, **kwargs)
        payload["names"] = []
        return payload

    globals()["make_payload"] = without_names
    try:
        sheets = run(excel.consolidate_button, inputs(folder, tmp_path))
    finally:
        globals()["make_payload"] = real
    assert "Xã đã nộp: 3/" in messages(sheets)


def test_sheet_names_match_the_workbook(xlsm: Path) -> None:
    wb = openpyxl.load_workbook(xlsm, keep_vba=True)
    assert wb.sheetnames[:3] == [CONTROL_SHEET, ROSTER_SHEET, RESULTS_SHEET]


@pytest.mark.parametrize("setting, where", [
    (None, "beside"),          # blank: lich_su_nq57.sqlite beside the summary
    ("Không", None),           # no history
    ("lich_su/tinh.sqlite", "lich_su/tinh.sqlite"),  # a file elsewhere
])
def test_history_cell_chooses_the_history_file(run, folder: Path, tmp_path: Path, xlsm: Path,
                                               setting: str | None, where: str | None) -> None:
    out = tmp_path / "ra" / "tong_hop.xlsx"
    out.parent.mkdir()
    if setting and setting != "Không":
        setting = str(tmp_path / setting)
    cells = inputs(folder, out)
    cells[HISTORY] = setting
    sheets = run(excel.consolidate_button, cells)
    text = messages(sheets)
    beside = out.with_name("lich_su_nq57.sqlite")
    if where is None:
        assert not beside.exists() and "Lịch sử:" not in text
    elif where == "beside":
        assert beside.is_file() and f"Lịch sử: đã lưu kỳ Tháng 11/2026 vào «{beside}»" in text
    else:
        assert (tmp_path / where).is_file() and not beside.exists()
    no_traceback(sheets)
