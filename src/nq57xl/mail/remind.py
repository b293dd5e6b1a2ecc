"""Reminders: one draft email (.eml) to each commune that has not reported or reported late.

The communes come from a consolidation (in memory, or its ``consolidate --json``
document). Each commune's address is looked up, in order: the province's roster CSV
(email column), an ``email`` field of the commune in the result (when present), the
"Thông tin" sheet of its workbook in ``base`` (the consolidated folder), then the most
recent workbook of the commune found in ``folders`` (e.g. last month's folder). A
commune without a known address still gets a draft, with an empty "To". A commune whose
address is refused (a line break, a group, not an address: see :mod:`.addresses`) gets
no draft; the reason, naming the roster line or the workbook cell, is reported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..assess.status import Settings
from ..catalogue import CONSOLIDATION_CODES
from ..province.consolidation import LATE, MISSING
from ..province.inputs import find_inputs
from ..province.periods import deadline_rule, next_period, parse_period, period_deadline
from ..province.roster import (
    RosterEntry,
    RosterIndex,
    name_key,
    official_roster,
    read_roster_csv,
)
from ..read.metadata import read_metadata
from ..read.workbook import SheetGrid, WorkbookError, read_grids
from ..records import Metadata
from ..summary.jsondoc import consolidation_json
from ..vntext import strip_diacritics
from .addresses import AddressError, clean_address, workbook_address
from .message import (
    load_json,
    new_message,
    period_phrase,
    signature_for,
    write_eml,
)

NO_ADDRESS = "chưa có địa chỉ email"
_MAX_LISTED = 10


@dataclass(frozen=True)
class Reminder:
    """One reminder drafted: to whom, why, and where the .eml was written."""

    commune: str
    code: str | None
    submission: str
    email: str | None
    path: Path


@dataclass(frozen=True)
class Reminders:
    """What :func:`write_reminders` wrote, which communes have no address and which got
    no draft because their address was refused (commune, Vietnamese reason)."""

    written: tuple[Path, ...]
    without_address: tuple[str, ...]
    items: tuple[Reminder, ...]
    refused: tuple[tuple[str, str], ...] = ()


def _document(source: Any) -> dict[str, Any]:
    """The consolidate JSON shape of ``source`` (a Consolidation, a dict or a path)."""
    if isinstance(source, (str, Path)):
        return load_json(source)
    if isinstance(source, Mapping):
        return dict(source)

    data = json.loads(json.dumps(consolidation_json(source), default=str))
    if "email" in getattr(source.communes, "columns", ()):
        emails = dict(zip(source.communes["commune"], source.communes["email"]))
        for c in data["communes"]:
            c.setdefault("email", emails.get(c["commune"]))
    return data


def workbook_metadata(path: Path) -> Metadata | None:
    """The "Thông tin" metadata of a commune workbook, or None when unreadable."""
    found = _read_workbook(path)
    return found[0] if found else None


def _read_workbook(path: Path) -> tuple[Metadata, list[SheetGrid]] | None:
    try:
        grids = read_grids(path)
    except (WorkbookError, OSError):
        return None
    return read_metadata(grids, path.name, path=path)[0], grids


def workbook_email(path: Path, file: str) -> str | None:
    """The email on the "Thông tin" sheet of the workbook at ``path`` (None when it has
    none or cannot be read); :class:`AddressError` naming the cell when refused."""
    found = _read_workbook(path)
    if found is None:
        return None
    meta, grids = found
    return workbook_address(meta.email, path, file, grids)


class AddressBook:
    """Commune addresses from the workbooks under some folders, the latest report winning.

    A refused address is kept as its :class:`AddressError`, raised by :meth:`find`.
    """

    def __init__(self, folders: Sequence[Path] = ()) -> None:
        self._found: dict[str, tuple[date, str | AddressError]] = {}
        for folder in folders:
            for item in find_inputs(Path(folder)):
                found = None if item.skip_reason else _read_workbook(item.path)
                if found is None:
                    continue
                meta, grids = found
                try:
                    email: str | AddressError | None = workbook_address(
                        meta.email, item.path, f"{Path(folder).name}/{item.name}", grids)
                except AddressError as exc:
                    email = exc
                if email is not None:
                    self._add(meta, email)

    def _add(self, meta: Metadata, email: str | AddressError) -> None:
        when = meta.report_date or date.min
        for key in (f"code:{meta.commune_code}" if meta.commune_code else "",
                    f"name:{name_key(meta.commune)}" if meta.commune else ""):
            if key and (key not in self._found or self._found[key][0] <= when):
                self._found[key] = (when, email)

    def find(self, name: str, code: str | None) -> str | None:
        for key in (f"code:{code}" if code else "", f"name:{name_key(name)}"):
            if key in self._found:
                email = self._found[key][1]
                if isinstance(email, AddressError):
                    raise email
                return email
        return None


def _unit(full_name: str) -> str:
    """"Phường Cửa Lò" -> "phường"; "xã" when the name does not say."""
    low = full_name.lower()
    for unit in ("đặc khu", "thị trấn", "phường", "xã"):
        if low.startswith(unit + " "):
            return unit
    return "xã"


def addressee(name: str, entry: RosterEntry | None) -> tuple[str, str]:
    """(unit, full name in a sentence): ("phường", "phường Cửa Lò")."""
    full = entry.full_name if entry else name
    unit = _unit(full)
    if full.lower().startswith(unit + " "):
        return unit, unit + full[len(unit):]
    return unit, f"{unit} {full}"


def roster_entry(name: str, code: str | None, province: str | None) -> RosterEntry | None:
    """The commune's entry in the official roster of its province, if found."""
    return RosterIndex(official_roster(province)).match(name, code) if province else None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", strip_diacritics(text)).strip("_") or "xa"


@dataclass(frozen=True)
class PeriodDeadline:
    """The deadline a reminder names: the period's, its rule in words, the next period's."""

    deadline: date | None
    rule: str
    next_deadline: date | None


def period_deadlines(period: str | None, as_of: date, settings: Settings) -> PeriodDeadline:
    """The deadline of the period named ``period`` (as_of's month when unnamed), its
    rule and the next period's deadline, as the plans set them."""
    found = parse_period(period)
    after = next_period(found) if found is not None else None
    deadline = period_deadline(found, as_of, settings)
    if found is None and deadline is not None:
        nxt = (deadline.replace(day=28) + timedelta(days=7)).replace(day=1)
        following = period_deadline(None, nxt, settings)
    else:
        following = period_deadline(after, as_of, settings) if after is not None else None
    return PeriodDeadline(deadline, deadline_rule(found, settings), following)


def _problem_lines(issues: Sequence[Mapping[str, Any]]) -> list[str]:
    lines = []
    for i in issues[:_MAX_LISTED]:
        where = ", ".join(x for x in (f"trang «{i['sheet']}»" if i.get("sheet") else "",
                                      f"ô {i['cell']}" if i.get("cell") else "") if x)
        lines.append(f"- {where[0].upper() + where[1:] + ': ' if where else ''}{i['message']}")
    if len(issues) > _MAX_LISTED:
        lines.append(f"- … và {len(issues) - _MAX_LISTED} lỗi khác.")
    return lines


def _due_sentence(as_of: date, due: PeriodDeadline) -> str:
    if due.deadline is None:
        return f"Hạn nộp báo cáo: {due.rule}."
    late_by = (as_of - due.deadline).days
    when = (f"đã quá hạn {late_by} ngày" if late_by > 0 else
            "hôm nay là hạn cuối" if late_by == 0 else f"còn {-late_by} ngày nữa là đến hạn")
    return f"Hạn nộp báo cáo là ngày {due.deadline:%d/%m/%Y} ({due.rule}); {when}."


def reminder_body(c: Mapping[str, Any], *, unit: str, addressee: str, as_of: date, period: str,
                  due: PeriodDeadline, issues: Sequence[Mapping[str, Any]],
                  signature: str) -> str:
    """The text of one reminder (``c`` is the commune's entry of the consolidate JSON)."""
    lines = [f"Kính gửi: Ủy ban nhân dân {addressee},", ""]
    if not c["submitted"]:
        lines += [
            f"Đến ngày {as_of:%d/%m/%Y}, chúng tôi chưa nhận được báo cáo tiến độ "
            f"thực hiện Nghị quyết số 57-NQ/TW {period[:1].lower() + period[1:]} của {unit}. "
            f"{_due_sentence(as_of, due)}", "",
            f"Đề nghị {unit} cập nhật tiến độ từng nhiệm vụ vào mẫu báo cáo chuẩn (tệp Excel) và "
            "gửi về bằng cách trả lời thư này (đính kèm tệp) trong thời gian sớm nhất. Nếu đã "
            "gửi, xin trả lời thư này để chúng tôi kiểm tra lại.",
        ]
    else:
        received = date.fromisoformat(c["report_date"]) if c.get("report_date") else None
        on = f" lập ngày {received:%d/%m/%Y}," if received else ""
        lines += [
            f"Chúng tôi đã nhận được báo cáo tiến độ thực hiện Nghị quyết số "
            f"57-NQ/TW {period[:1].lower() + period[1:]} của {unit},{on} sau hạn nộp"
            + (f" ngày {due.deadline:%d/%m/%Y}" if due.deadline else "") + f" ({due.rule}). "
            f"Đề nghị {unit} lưu ý gửi báo cáo đúng hạn"
            + (f"; hạn nộp kỳ tới là ngày {due.next_deadline:%d/%m/%Y}." if due.next_deadline else "."),
        ]
        if issues:
            lines += ["", f"Báo cáo còn {len(issues)} lỗi dữ liệu cần sửa:", *_problem_lines(issues),
                      "", f"Đề nghị {unit} sửa các lỗi trên rồi gửi lại báo cáo."]
    lines += ["", "Trân trọng.", signature]
    return "\n".join(lines) + "\n"


def commune_address(c: Mapping[str, Any], entry: RosterEntry | None, base: Path | str | None,
                    book: AddressBook) -> str | None:
    """The address of the commune ``c`` (an entry of the consolidate JSON): its roster
    line, the result's ``email``, its workbook in ``base``, then ``book``; the first
    source that has one decides. :class:`AddressError` when that one is refused."""
    name = str(c["commune"])
    if entry is not None and entry.email:
        return clean_address(entry.email, entry.source or f"email của xã «{name}» trong danh "
                             "sách xã")
    email = clean_address(c.get("email"), f"trường «email» của xã «{name}» trong kết quả tổng hợp")
    if email is None and base is not None and c.get("file") and c["submitted"]:
        email = workbook_email(Path(base) / str(c["file"]), str(c["file"]))
    return email or book.find(name, c.get("code"))


def write_reminders(source: Any, out_dir: Path | str, *, roster_csv: Path | str | None = None,
                    base: Path | str | None = None, folders: Sequence[Path | str] = (),
                    sender: str | None = None, signature: str | None = None) -> Reminders:
    """Write a reminder .eml into ``out_dir`` for each commune "Chưa nộp" or "Nộp muộn".

    ``source`` is a :class:`~nq57xl.province.consolidation.Consolidation`, its JSON document or the path
    of that JSON. ``base`` is the folder the result's file names are relative to;
    ``folders`` are searched for the communes' latest workbooks (their email). A commune
    whose address is refused gets no draft and is listed in ``refused``; the others go on.
    """
    data = _document(source)
    out_dir = Path(out_dir)
    as_of = date.fromisoformat(str(data["as_of"])[:10])
    settings = Settings.from_mapping(data.get("settings"))
    period = period_phrase(data.get("period"), as_of)
    due = period_deadlines(data.get("period"), as_of, settings)
    province = data.get("province")
    official = RosterIndex(official_roster(province) if province else [])
    roster = RosterIndex(read_roster_csv(Path(roster_csv), province) if roster_csv else [])
    book = AddressBook([Path(f) for f in folders])
    signature = signature if signature is not None else signature_for(province)

    items: list[Reminder] = []
    refused: list[tuple[str, str]] = []
    used: set[str] = set()
    for c in data["communes"]:
        if c["submitted"] and not c["late"]:
            continue
        name, code = str(c["commune"]), c.get("code")
        entry = roster.match(name, code)
        target = _target(out_dir, c, used)
        try:
            email = commune_address(c, entry, base, book)
        except AddressError as exc:  # no draft; nor one of an earlier run, sent by mistake
            refused.append((name, str(exc)))
            target.unlink(missing_ok=True)
            continue
        unit, full_name = addressee(name, official.match(name, code) or entry)
        issues = [i for i in data.get("issues", []) if c["submitted"] and i.get("file") == c.get("file")
                  and i.get("severity") == "error" and i.get("code") not in CONSOLIDATION_CODES]
        body = reminder_body(c, unit=unit, addressee=full_name,
                             as_of=as_of, period=period, due=due,
                             issues=issues, signature=signature)
        kind = "Nhắc nộp báo cáo" if not c["submitted"] else "Nhắc nộp đúng hạn báo cáo"
        subject = f"{kind} tiến độ thực hiện Nghị quyết 57-NQ/TW - {period} - {unit} {name}"
        msg = new_message(subject, body, to=[email] if email else [], sender=sender)
        write_eml(msg, target)
        items.append(Reminder(name, code, MISSING if not c["submitted"] else LATE, email, target))
    return Reminders(tuple(i.path for i in items),
                     tuple(i.commune for i in items if not i.email), tuple(items), tuple(refused))


def _target(out_dir: Path, c: Mapping[str, Any], used: set[str]) -> Path:
    """A file name of its own in ``out_dir`` for the reminder to the commune ``c``."""
    prefix = "nhac_nop" if not c["submitted"] else "nhac_nop_muon"
    stem = f"{prefix}_{_slug(' '.join(str(x) for x in (c.get('code'), c['commune']) if x))}"
    n, target = 1, out_dir / f"{stem}.eml"
    while target.name in used:
        n += 1
        target = out_dir / f"{stem}_{n}.eml"
    used.add(target.name)
    return target


def reminder_lines(reminders: Reminders, out_dir: Path | str) -> list[str]:
    """Vietnamese lines reporting what :func:`write_reminders` did."""
    if not reminders.items and not reminders.refused:
        return ["Không có xã nào chưa nộp hoặc nộp muộn; không cần soạn thư nhắc."]
    missing = sum(i.submission == MISSING for i in reminders.items)
    lines = [f"Đã soạn {len(reminders.items)} thư nhắc trong «{out_dir}»: {missing} xã chưa nộp, "
             f"{len(reminders.items) - missing} xã nộp muộn."]
    if reminders.without_address:
        lines.append(f"{len(reminders.without_address)} thư để trống người nhận vì "
                     f"{NO_ADDRESS}; hãy điền địa chỉ trước khi gửi (hoặc thêm cột Email vào "
                     "danh sách xã --roster):")
        lines += [f"  - {name}: {NO_ADDRESS}" for name in reminders.without_address]
    if reminders.refused:
        lines.append(f"{len(reminders.refused)} xã chưa được soạn thư nhắc vì địa chỉ email không "
                     "dùng được; hãy sửa địa chỉ theo hướng dẫn dưới đây rồi chạy lại:")
        lines += [f"  - {name}: {reason}" for name, reason in reminders.refused]
    return lines
