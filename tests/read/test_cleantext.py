"""Cell cleaning: the fast paths give exactly what the plain regular expressions give."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given, settings, strategies as st

from tests.conftest import examples
from nq57xl.read import cleantext as clean
from nq57xl.read.cleantext import clean_text, row_texts

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")


def reference(text: str) -> str:
    """clean_text of a markup-free string, written the slow and obvious way."""
    text = unicodedata.normalize("NFC", text)
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


# Letters with combining marks, every kind of space and control character.
ALPHABET = st.sampled_from(list("aăâeêoôơuưyđ AĐ  \t\n\r\x0b\x0c\x1c\x1f\x00\x7f\u00a0\u2009\u3000"
                                "\u0301\u0323\u0309") + ["Nhiệm vụ", "  "])


@settings(max_examples=examples(3000), deadline=None)
@given(st.lists(ALPHABET, max_size=30).map("".join))
def test_clean_text_matches_the_regular_expressions(text: str) -> None:
    assert clean_text(text) == reference(text)


@pytest.mark.parametrize("text, expected", [
    ("  Phòng  Kinh tế ", "Phòng Kinh tế"),
    ("Phòng\u00a0Kinh tế", "Phòng Kinh tế"),
    ("Phòng\tKinh\ntế\x07", "Phòng Kinh tế"),
    ("**Quý II/2026**", "Quý II/2026"),
    ("Tho\u0302ng tin", "Thông tin"),
])
def test_clean_text_cases(text: str, expected: str) -> None:
    assert clean_text(text) == expected


def test_row_texts_equal_clean_text_and_keep_booleans_apart() -> None:
    row = [1.0, True, 1, None, "", " x ", date(2026, 6, 30), datetime(2026, 6, 30, 8, 0), False, 0.0]
    assert row_texts(row) == [clean_text(v) for v in row]
    assert row_texts([True, 1.0]) == ["TRUE", "1"]
    assert row_texts([1.0, True]) == ["1", "TRUE"]


def test_row_texts_start_over_when_the_cache_is_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clean, "TEXT_CACHE_SIZE", 3)
    clean._TEXTS.clear()
    texts = row_texts([f"ô {i}" for i in range(10)])
    assert texts == [f"ô {i}" for i in range(10)]
    assert len(clean._TEXTS) <= 3


def test_row_texts_accept_unhashable_cells() -> None:
    assert row_texts([["a"], " b "]) == ["['a']", "b"]
