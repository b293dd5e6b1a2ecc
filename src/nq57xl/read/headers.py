"""The standard appendix columns and the matching of real-world headers to them.

Headers are compared after Unicode NFC, lower-casing and collapsing white space and
line breaks. Diacritics stay significant ("chủ trì" is not "chu tri"), except that a
header typed with no diacritics at all ("Ten nhiem vu") still matches, with a warning.
Look-alikes are mapped exactly: "Chủ trì chỉ đạo", "Người đứng đầu chịu trách nhiệm" and
"Trực tiếp chỉ đạo" name the directing leader (``director``), never the lead agency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..vntext import normalize, strip_diacritics

REQUIRED: tuple[str, ...] = ("stt", "name", "lead", "deadline")

#: Standard header of every column key, in the order of the standard template.
STANDARD_HEADERS: dict[str, str] = {
    "stt": "STT",
    "name": "Tên nhiệm vụ",
    "lead": "Cơ quan chủ trì",
    "partners": "Cơ quan phối hợp",
    "director": "Lãnh đạo chỉ đạo",
    "result": "Kết quả/Sản phẩm",
    "deadline": "Thời gian hoàn thành",
    "note": "Ghi chú",
    "state": "Tình trạng thực hiện",
    "progress": "Tiến độ (%)",
    "done_date": "Ngày hoàn thành",
    "evidence": "Minh chứng",
    "review": "Kết quả thẩm định",
    "updated": "Ngày cập nhật",
    "issues": "Khó khăn, vướng mắc",
}

#: Header variants seen in real plans (spec section 1), besides the standard header.
VARIANTS: dict[str, tuple[str, ...]] = {
    "stt": ("TT", "Số TT", "Số thứ tự"),
    "name": ("Nhiệm vụ", "Nội dung nhiệm vụ", "Nội dung", "Tên nhiệm vụ, nội dung",
             "Tên nhiệm vụ/nội dung", "Nội dung công việc", "Nhiệm vụ, giải pháp"),
    "lead": (
        "Đơn vị chủ trì",
        "Cơ quan/đơn vị chủ trì",
        "Cơ quan, đơn vị chủ trì",
        "Chủ trì",
        "Đơn vị thực hiện",
        "Cơ quan thực hiện",
        "Cơ quan chủ trì thực hiện",
        "Đơn vị chủ trì thực hiện",
    ),
    "deadline": (
        "Hạn hoàn thành",
        "Thời hạn hoàn thành",
        "Thời hạn",
        "Thời gian thực hiện",
        "Thời gian thực hiện/hoàn thành",
        "Tiến độ hoàn thành",
        "Thời gian hoàn thành theo kế hoạch",
        "Thời hạn hoàn thành theo kế hoạch",
    ),
    "partners": ("Đơn vị phối hợp", "Cơ quan/đơn vị phối hợp", "Cơ quan, đơn vị phối hợp", "Phối hợp"),
    "result": (
        "Kết quả",
        "Sản phẩm đầu ra",
        "Dự kiến kết quả",
        "Yêu cầu kết quả",
        "Mục tiêu chính đầu tư/sản phẩm đầu ra",
        "Kết quả, sản phẩm",
        "Sản phẩm",
        "Kết quả thực hiện",
        "Tình hình thực hiện",
    ),
    "director": (
        "Người đứng đầu chịu trách nhiệm",
        "Chủ trì chỉ đạo",
        "Trực tiếp chỉ đạo",
        "Lãnh đạo phụ trách",
    ),
    "note": (),
    "state": ("Tình trạng", "Trạng thái", "Trạng thái thực hiện", "Tiến độ thực hiện"),
    "progress": (
        "Tiến độ",
        "Tiến độ %",
        "Tiến độ thực hiện (%)",
        "Tỷ lệ hoàn thành (%)",
        "Tỷ lệ hoàn thành",
        "% hoàn thành",
        "Tỷ lệ (%)",
        "Mức độ hoàn thành (%)",
    ),
    "done_date": ("Ngày hoàn thành thực tế", "Thời gian hoàn thành thực tế", "Ngày hoàn thành (thực tế)"),
    "evidence": ("Văn bản minh chứng", "Tài liệu minh chứng", "Minh chứng hoàn thành",
                 "Hồ sơ minh chứng", "Tài liệu kiểm chứng", "Văn bản, minh chứng",
                 "Văn bản/minh chứng"),
    "review": ("Thẩm định", "Đánh giá minh chứng"),
    "updated": ("Cập nhật", "Ngày cập nhật gần nhất"),
    "issues": ("Khó khăn vướng mắc", "Khó khăn", "Vướng mắc", "Khó khăn, vướng mắc, kiến nghị"),
}

#: Report-style headers whose column holds status words in some reports, percentages or
#: text in others: the state column when most of its values are status words, the
#: progress column when most are numbers, else the key given here (see header_rows.py).
BY_CONTENT: dict[str, str] = {"Tiến độ thực hiện": "state", "Kết quả thực hiện": "result",
                              "Tình hình thực hiện": "result", "Kết quả": "result"}

#: For a missing required column: which present column could stand in for it.
STAND_INS: dict[str, tuple[str, ...]] = {
    "lead": ("director",),
    "name": ("result",),
}

#: Allowed values of the columns with a dropdown in the standard template.
STATES: tuple[str, ...] = ("Chưa thực hiện", "Đang thực hiện", "Đã hoàn thành")
REVIEWS: tuple[str, ...] = ("Đạt", "Không đạt")
#: Everyday words for the states, read as the state with a warning (``status-word``).
STATE_WORDS: dict[str, tuple[str, ...]] = {
    "Đã hoàn thành": ("Hoàn thành", "Đã xong", "Xong", "Hoàn thành 100%", "Đã hoàn thành 100%",
                      "Đã thực hiện xong", "Đã triển khai xong", "Đã HT", "HT"),
    "Đang thực hiện": ("Đang triển khai", "Đang làm", "Đang tiến hành", "Đang xây dựng",
                       "Đang triển khai thực hiện", "Đang thực hiện dở", "Đang TH"),
    "Chưa thực hiện": ("Chưa triển khai", "Chưa làm", "Chưa bắt đầu", "Chưa thực hiện được",
                       "Chưa", "Chưa TH"),
}

#: Longer cells are content, never a header (keeps the matcher off long task names).
MAX_HEADER_LENGTH = 80

def _has_diacritics(text: str) -> bool:
    return not text.isascii()


def _build_lookup() -> tuple[dict[str, str], dict[str, str]]:
    exact: dict[str, str] = {}
    bare: dict[str, str] = {}
    for key, standard in STANDARD_HEADERS.items():
        for variant in (standard, *VARIANTS.get(key, ())):
            n = normalize(variant)
            exact.setdefault(n, key)
            bare.setdefault(strip_diacritics(n), key)
    return exact, bare


_EXACT, _BARE = _build_lookup()


@dataclass(frozen=True)
class HeaderMatch:
    """The column key a header maps to; ``without_diacritics`` when matched loosely."""

    key: str
    header: str
    without_diacritics: bool = False


def match_header(text: object) -> HeaderMatch | None:
    """Map one header cell to a column key, or ``None`` when it is not recognised."""
    if text is None:
        return None
    raw = str(text).strip()
    if not raw or len(raw) > MAX_HEADER_LENGTH:
        return None
    return _match_cached(raw)


@lru_cache(maxsize=4096)
def _match_cached(raw: str) -> HeaderMatch | None:
    n = normalize(raw)
    # Drop a trailing column number such as "STT (1)" used in some plans.
    n = _COLUMN_NUMBER.sub("", n)
    for candidate in dict.fromkeys((n, _REMARK.sub("", n))):  # then without "(theo Kế hoạch)"
        key = _EXACT.get(candidate)
        if key is not None:
            return HeaderMatch(key, raw)
        if not _has_diacritics(candidate):
            key = _BARE.get(candidate)
            if key is not None:
                return HeaderMatch(key, raw, without_diacritics=True)
    return None


_COLUMN_NUMBER = re.compile(r"\s*\(\d{1,2}\)$")
#: A remark in brackets after a header: "Thời gian hoàn thành (theo Kế hoạch)", "Chủ trì (*)".
_REMARK = re.compile(r"\s*[(\[][^()\[\]]{0,60}[)\]]\s*[*:.]?$|\s*[*:]+$")


def by_content(header: str) -> str | None:
    """The usual key of a header settled by its values ("Tiến độ thực hiện"), if it is one."""
    return _BY_CONTENT.get(normalize(header))


_BY_CONTENT = {normalize(k): v for k, v in BY_CONTENT.items()}


def header_label(key: str) -> str:
    """The standard Vietnamese header of a column key."""
    return STANDARD_HEADERS[key]
