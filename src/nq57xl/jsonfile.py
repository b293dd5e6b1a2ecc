"""Reading a JSON file given by the user: every way it can fail becomes one error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import Nq57Error


class JsonFileError(Nq57Error):
    """A JSON file that cannot be used; the message is Vietnamese and names the file."""


def read_json(path: Path | str) -> Any:
    """The JSON document at ``path`` (UTF-8, with or without a byte order mark).

    Raises :class:`JsonFileError` when it cannot be read, is not JSON, or nests too
    deeply for the parser (``[[[[…`` a hundred thousand times raises RecursionError).
    """
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except RecursionError:
        raise JsonFileError(f"Không đọc được tệp JSON «{path}»: dữ liệu lồng nhau quá nhiều "
                            "tầng, không phải tệp do nq57xl ghi ra. Hãy chọn đúng tệp JSON do "
                            "lệnh consolidate ghi ra (hoặc chạy lại lệnh đó).") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise JsonFileError(f"Không đọc được tệp JSON «{path}»: "
                            f"{exc.strerror if isinstance(exc, OSError) else 'không phải văn bản UTF-8'}"
                            ".") from exc
    except ValueError as exc:
        raise JsonFileError(f"Tệp «{path}» không phải JSON hợp lệ ({exc}).") from exc
