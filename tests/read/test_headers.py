"""Header matching (spec section 1)."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from nq57xl.read.headers import STANDARD_HEADERS, VARIANTS, match_header


@pytest.mark.parametrize(("header", "key"), [
    ("STT", "stt"), ("TT", "stt"), ("Số TT", "stt"), ("Số thứ tự", "stt"), ("STT (1)", "stt"),
    ("Tên nhiệm vụ", "name"), ("TÊN NHIỆM VỤ", "name"), ("Nhiệm vụ", "name"),
    ("Nội dung nhiệm vụ", "name"), ("Nội dung", "name"),
    ("Cơ quan chủ trì", "lead"), ("Đơn vị chủ trì", "lead"), ("ĐƠN VỊ\nCHỦ TRÌ", "lead"),
    ("Cơ quan/đơn vị chủ trì", "lead"), ("Cơ quan / đơn vị chủ trì", "lead"), ("Chủ trì", "lead"),
    ("Đơn vị thực hiện", "lead"), ("Cơ quan thực hiện", "lead"),
    ("Thời gian hoàn thành", "deadline"), ("Hạn hoàn thành", "deadline"),
    ("Thời hạn hoàn thành", "deadline"), ("Thời hạn", "deadline"),
    ("Thời gian thực hiện", "deadline"), ("Thời gian thực hiện/hoàn thành", "deadline"),
    ("Tiến độ hoàn thành", "deadline"),
    ("Cơ quan phối hợp", "partners"), ("Đơn vị phối hợp", "partners"),
    ("Kết quả/Sản phẩm", "result"), ("Kết quả", "result"), ("Sản phẩm đầu ra", "result"),
    ("Dự kiến kết quả", "result"), ("Yêu cầu kết quả", "result"),
    ("Mục tiêu chính đầu tư/sản phẩm đầu ra", "result"),
    ("Lãnh đạo chỉ đạo", "director"), ("Người đứng đầu chịu trách nhiệm", "director"),
    ("Chủ trì chỉ đạo", "director"), ("Trực tiếp chỉ đạo", "director"),
    ("Ghi chú", "note"), ("Tình trạng thực hiện", "state"), ("Tiến độ (%)", "progress"),
    ("Ngày hoàn thành", "done_date"), ("Minh chứng", "evidence"),
    ("Kết quả thẩm định", "review"), ("Ngày cập nhật", "updated"),
    ("Khó khăn, vướng mắc", "issues"),
])
def test_header_variants(header, key):
    m = match_header(header)
    assert m is not None and m.key == key
    assert not m.without_diacritics


@pytest.mark.parametrize("header", ["Chủ trì chỉ đạo", "Người đứng đầu chịu trách nhiệm",
                                    "Trực tiếp chỉ đạo"])
def test_look_alikes_are_never_the_lead(header):
    assert match_header(header).key == "director"


@pytest.mark.parametrize(("header", "key"), [("Ten nhiem vu", "name"), ("Co quan chu tri", "lead"),
                                             ("Thoi gian hoan thanh", "deadline")])
def test_headers_without_any_diacritics_match_with_a_warning(header, key):
    m = match_header(header)
    assert m.key == key and m.without_diacritics


@pytest.mark.parametrize("header", ["chu trì", "Tên nhiem vụ", "Ghi chu tiết", "Ngày", "", None, 42])
def test_partial_diacritics_or_unknown_headers_do_not_match(header):
    assert match_header(header) is None


def test_every_standard_header_and_variant_maps_to_its_key():
    for key, standard in STANDARD_HEADERS.items():
        assert match_header(standard).key == key
        for variant in VARIANTS[key]:
            assert match_header(variant).key == key, variant


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none()))
def test_header_matcher_never_raises(value):
    m = match_header(value)
    assert m is None or m.key in STANDARD_HEADERS
