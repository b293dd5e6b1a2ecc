"""The bundled roster against the official list and the `vietnam-provinces` package.

Why the CSV stays the roster source: see src/nq57xl/data/README.md. The comparison with
the package runs only where the package is installed (it is no dependency).
"""

from __future__ import annotations

import json

import pytest

from nq57xl.province.roster import _official_rows, name_key

#: Codes of the official list (Công văn 1027/CTK-CSCL, 25/06/2025) where the package's
#: 2025.10.1 data disagrees with it.
OFFICIAL = {
    "00082": "Phường Cửa Nam", "00226": "Phường Văn Miếu - Quốc Tử Giám",
    "00229": "Phường Kim Liên", "00331": "Phường Hoàng Mai", "00340": "Phường Yên Sở",
    "00118": "Phường Bồ Đề", "00145": "Phường Long Biên", "00166": "Phường Cầu Giấy",
    "00199": "Phường Láng", "01537": "Xã Lý Quốc", "01558": "Xã Hạ Lang",
    "01561": "Xã Vinh Quý",
}


@pytest.mark.parametrize("code,name", sorted(OFFICIAL.items()))
def test_bundled_codes_are_the_official_ones(code: str, name: str) -> None:
    rows = {r["ma_xa"]: r["ten_xa_day_du"] for r in _official_rows()}
    assert name_key(rows[code]) == name_key(name)


def _package_wards() -> tuple[dict[str, str], dict[str, str]]:
    vp = pytest.importorskip("vietnam_provinces")
    data = json.loads(vp.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    provinces = {f"{p['code']:02d}": p["name"] for p in data}
    wards = {f"{w['code']:05d}": w["name"] for p in data for w in p["wards"]}
    return provinces, wards


def test_package_figures_as_documented() -> None:
    """The figures of data/README.md; a new release that changes them needs a new look."""
    provinces, wards = _package_wards()
    rows = _official_rows()
    ours = {r["ma_tinh"]: r for r in rows}
    assert len(provinces) == len(ours) == 34
    assert all(name_key(provinces[c]) in (name_key(r["ten_tinh"]), name_key(r["ten_tinh_day_du"]))
               for c, r in ours.items())
    same = sum(1 for r in rows if r["ma_xa"] in wards
               and name_key(wards[r["ma_xa"]]) == name_key(r["ten_xa_day_du"]))
    missing = sum(1 for r in rows if r["ma_xa"] not in wards)
    assert (len(wards), len(rows), same, missing) == (3321, 3321, 3192, 115)
    for code, name in OFFICIAL.items():  # the package's codes are the draft's
        assert name_key(wards.get(code, "")) != name_key(name)
