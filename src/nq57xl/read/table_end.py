"""Where a task table ends, and the rows inside it that are no task.

Below the last task offices put a totals row ("Tổng cộng", "Tổng số", or a row of sums),
notes ("Ghi chú:", "Trong đó ..."), a signature block ("Nơi nhận:", "TM. ỦY BAN NHÂN
DÂN", "KT. CHỦ TỊCH", "(Ký, đóng dấu)", "Người lập biểu", a name) or a second table
("Biểu 02", an indicators block with its own header row). None of it is a task, nor the
continuation of the last task. Pure functions of a row's cleaned texts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..vntext import strip_diacritics_lower

#: How a cell below the table starts (diacritics stripped, lower case) when the table has
#: ended: signature block, notes, a second table's title.
END_MARKERS = re.compile(
    r"^(?:noi nhan|(?:tm|t/m|t\.m|kt|k/t|q)[.\s]+(?:uy ban|ubnd|chu tich|hdnd|dang uy|ban)"
    r"|thu truong|\(ky|ky ten|ky,|\(da ky|nguoi lap|nguoi ky|nguoi bao cao|nguoi tong hop"
    r"|can bo (?:lap|tong hop|bao cao)|lap bieu"
    r"|\*?\s*(?:ghi chu|chu thich|luu y)\s*:|trong do\b|luu\s*:|luu vt|-\s*luu\b"
    r"|bieu\s*(?:so|mau|\d)|phu luc\s*(?:so\s*)?[\divx]|ket qua thuc hien (?:cac|mot so) chi tieu)"
)
#: The place and date line above a signature: "Đô Lương, ngày 30 tháng 11 năm 2026".
DATE_LINE = re.compile(r"^(?:[a-z -]{2,40},\s*)?ngay\s*[\d.…_ ]*thang\s*[\d.…_ ]*nam"
                       r"\s*(?:\d{4})?[.…_ ]*$")
#: Titles of the signer and block titles, only when typed in capitals as they are there
#: (or alone in their cell).
SIGNER_TITLES: tuple[str, ...] = (
    "chu tich", "pho chu tich", "truong phong", "giam doc", "pho giam doc", "truong ban",
    "pho truong ban", "bi thu", "pho bi thu", "chanh van phong", "pho chanh van phong",
    "nguoi lap bieu", "xac nhan", "uy ban nhan dan", "da ky")
#: The commonest Vietnamese family names (diacritics stripped): a cell alone on its row
#: after a blank row, two to five capitalised words starting with one, is a signer's name.
SURNAMES = frozenset("""nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly
    dinh luong trinh doan cao mai ha lam to chu thai ta quach vuong trieu la lo lu kieu dao
    hua tang than luu nong luc tong giap khong mac van ong""".split())
#: How a totals row starts, in its STT or name cell.
TOTAL_WORDS = re.compile(r"^(?:tong cong|tong so\b|tong\s*[:(]|cong\s*(?:[:(]|$))")


def _fold(text: str) -> str:
    return strip_diacritics_lower(text.lower()).strip()


def end_marker(texts: Sequence[str]) -> str | None:
    """The text that shows the table has ended in this row (no task STT), if any."""
    for text in texts:
        if not text:
            continue
        folded = _fold(text)
        if END_MARKERS.match(folded) and not text[0].islower() or DATE_LINE.match(folded):
            return text  # "trong đó ..." in lower case goes on a sentence
        if folded.startswith(SIGNER_TITLES) and (text.isupper() or folded in SIGNER_TITLES):
            return text
    return None


def is_totals_row(stt_text: str, name_text: str, first_text: str) -> bool:
    """A "Tổng cộng"/"Tổng số" row: in the STT cell, else the name or first filled cell."""
    texts = (stt_text,) if stt_text else (name_text, first_text)
    return any(t and TOTAL_WORDS.match(_fold(t)) for t in texts)


def is_sums_row(raw: Sequence[object], filled: Sequence[int], text_columns: set[int]) -> bool:
    """A row of bare numbers (sums) with no text in any text column."""
    if any(c in text_columns for c in filled):
        return False
    return all(isinstance(raw[c], (int, float)) and not isinstance(raw[c], bool)
               for c in filled)


def is_person_name(text: str) -> bool:
    """"Lê Đình Thắng": two to five capitalised words, the first a family name."""
    words = text.split()
    if not 2 <= len(words) <= 5 or not all(w.isalpha() for w in words):
        return False
    if not all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words):
        return False
    return _fold(words[0]) in SURNAMES
