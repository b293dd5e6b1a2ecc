"""The command line's own texts in Vietnamese: help, usage lines and usage errors.

Typer (with its vendored click) writes its help panels, the usage line, the help
option's description and its usage errors in English, mostly as fixed strings rather
than through gettext. :func:`install` replaces them: the panel titles and markers of
``typer.rich_utils``, the usage line, the help option's text, the type labels, and the
usage errors, rebuilt from the exception (missing argument or option, unknown option
or command, bad value) with library wording translated by :data:`ERROR_PATTERNS`.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import typer.core
import typer.rich_utils as rich_utils
from rich.markup import escape
from rich.panel import Panel
from typer import _click
from typer._click import exceptions as click_exc

HELP_TEXT = "Xem hướng dẫn này rồi thoát."
USAGE_PREFIX = "Cách dùng: "
OPTIONS_METAVAR = "[TÙY CHỌN]"
COMMAND_METAVAR = "LỆNH [ĐỐI SỐ]..."
ERROR_TITLE = "Lỗi"

RICH_TEXTS = {
    "DEPRECATED_STRING": "(không dùng nữa) ",
    "DEFAULT_STRING": "[mặc định: {}]",
    "ENVVAR_STRING": "[biến môi trường: {}]",
    "REQUIRED_LONG_STRING": "[bắt buộc]",
    "ARGUMENTS_PANEL_TITLE": "Đối số",
    "OPTIONS_PANEL_TITLE": "Tùy chọn",
    "COMMANDS_PANEL_TITLE": "Lệnh",
    "ERRORS_PANEL_TITLE": ERROR_TITLE,
    "ABORTED_TEXT": "Đã dừng.",
    "RICH_HELP": "Gõ [blue]'{command_path} {help_option}'[/] để xem hướng dẫn.",
}

# Type labels shown beside options (typer writes <path>, <str>, <int>...); a flag shows none.
TYPE_LABELS = {
    "path": "đường dẫn", "file": "tệp", "directory": "thư mục", "str": "chữ",
    "int": "số nguyên", "float": "số", "bool": "", "list[str]": "chữ, ghi nhiều lần",
    "list[path]": "đường dẫn", "list[Path]": "đường dẫn", "datetime": "ngày",
}

# Messages of click/typer/pydantic inside a usage error, in Vietnamese (first match wins).
ERROR_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"(?:Path|File|Directory) '(.*)' does not exist\.", "không tìm thấy «\\1»."),
    (r"(?:Path|File|Directory) '(.*)' is a directory\.", "«\\1» là thư mục, cần một tệp."),
    (r"(?:Path|File|Directory) '(.*)' is a file\.", "«\\1» là tệp, cần một thư mục."),
    (r"(?:Path|File|Directory) '(.*)' is not readable\.", "không đọc được «\\1» (không có quyền)."),
    (r"(?:Path|File|Directory) '(.*)' is not writable\.", "không ghi được «\\1» (không có quyền)."),
    (r"Value (.*) is not a valid (\w+)\.", "«\\1» không phải giá trị hợp lệ."),
    (r"Input should be a valid integer.*", "cần một số nguyên."),
    (r"Input should be a valid number.*", "cần một số."),
    (r"Input should be a valid boolean.*", "cần có hoặc không (true/false)."),
    (r"Input should be (.*)", "giá trị không hợp lệ."),
    (r"Got unexpected extra argument\(s\) \((.*)\)", "thừa đối số: \\1."),
    (r"No such command '(.*)'\.", "không có lệnh «\\1»."),
    (r"Missing command\.", "thiếu tên lệnh."),
    (r"Option '(.*)' requires an argument\.", "tùy chọn «\\1» cần một giá trị."),
    (r"Option '(.*)' requires (\d+) arguments\.", "tùy chọn «\\1» cần \\2 giá trị."),
    (r"Option '(.*)' does not take a value\.", "tùy chọn «\\1» không nhận giá trị."),
    (r"Value must be an iterable\.", "cần một danh sách giá trị."),
)


def translate(message: str) -> str:
    """A library message in Vietnamese when it is one of :data:`ERROR_PATTERNS`."""
    for pattern, text in ERROR_PATTERNS:
        match = re.fullmatch(pattern, message.strip(), flags=re.DOTALL | re.IGNORECASE)
        if match:
            return match.expand(text)
    return message


def _hint(exc: click_exc.BadParameter) -> str:
    """The option or argument of ``exc`` as «--output» / «-o»."""
    hint: Any = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    if hint is None:
        return ""
    names = list(hint) if isinstance(hint, (list, tuple)) else re.findall(r"'([^']*)'", hint) or [hint]
    return " / ".join(f"«{name.strip(chr(39))}»" for name in names)


def error_message(exc: click_exc.ClickException) -> str:
    """The Vietnamese message of a usage error of click or typer."""
    if isinstance(exc, click_exc.MissingParameter):
        kind = "đối số" if getattr(exc.param, "param_type_name", "") == "argument" else "tùy chọn"
        return f"Thiếu {kind} bắt buộc {_hint(exc)}.".replace("  ", " ")
    if isinstance(exc, click_exc.BadParameter):
        hint = _hint(exc)
        body = translate(exc.message)
        return f"Giá trị không hợp lệ cho {hint}: {body}" if hint else f"Giá trị không hợp lệ: {body}"
    if isinstance(exc, click_exc.NoSuchOption):
        text = f"Không có tùy chọn «{exc.option_name}»."
        if exc.possibilities:
            text += f" Có phải là: {', '.join(sorted(exc.possibilities))}?"
        return text
    message = exc.format_message()
    match = re.fullmatch(r"(.*)\. Did you mean (.*)\?", message, flags=re.DOTALL)
    if match:
        text = translate(match[1] + ".")
        return f"{text[:1].upper() + text[1:]} Có phải là: {match[2]}?"
    text = translate(message)
    return text[:1].upper() + text[1:]


def _print_error(self: click_exc.ClickException) -> None:
    """typer's rich error panel, in Vietnamese."""
    if self.__class__.__name__ == "NoArgsIsHelpError":
        return
    console = rich_utils._get_rich_console(stderr=True)
    ctx = getattr(self, "ctx", None)
    if ctx is not None:
        console.print(rich_utils.highlighter(ctx.get_usage()), style=rich_utils.STYLE_USAGE_COMMAND)
        if ctx.command.get_help_option(ctx) is not None:
            console.print(rich_utils.RICH_HELP.format(command_path=escape(ctx.command_path),
                                                      help_option=ctx.help_option_names[0]),
                          style=rich_utils.STYLE_ERRORS_SUGGESTION)
    console.print(Panel(rich_utils.highlighter(error_message(self)),
                        border_style=rich_utils.STYLE_ERRORS_PANEL_BORDER,
                        title=ERROR_TITLE, title_align=rich_utils.ALIGN_ERRORS_PANEL))


def _usage(original: Callable[..., str]) -> Callable[..., str]:
    def get_usage(self: Any, ctx: Any) -> str:
        text = original(self, ctx)
        return (text.replace("Usage: ", USAGE_PREFIX, 1).replace("[OPTIONS]", OPTIONS_METAVAR)
                .replace("COMMAND [ARGS]...", COMMAND_METAVAR))
    return get_usage


def _help_option(original: Callable[..., Any]) -> Callable[..., Any]:
    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option
    return get_help_option


def _display_type(original: Callable[..., str]) -> Callable[..., str]:
    def display_type(self: Any, ctx: Any) -> str:
        label = original(self, ctx)
        inner = label[1:-1] if label.startswith("<") and label.endswith(">") else label
        if inner not in TYPE_LABELS:
            return label
        return f"<{TYPE_LABELS[inner]}>" if TYPE_LABELS[inner] else ""
    return display_type


def install() -> None:
    """Put the Vietnamese texts in place of typer's and click's (once per process)."""
    if getattr(rich_utils, "_nq57xl_vietnamese", False):
        return
    for name, text in RICH_TEXTS.items():
        setattr(rich_utils, name, text)
    rich_utils.rich_format_error = _print_error
    command = _click.core.Command
    command.get_usage = _usage(command.get_usage)
    command.get_help_option = _help_option(command.get_help_option)
    parameter = typer.core._TyperParameter
    parameter.display_type = _display_type(parameter.display_type)
    rich_utils._nq57xl_vietnamese = True
