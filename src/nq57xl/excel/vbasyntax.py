"""The syntax of the VBA sources, checked without Office.

VBA's conditional compilation (``#If Win64 Then ... #Else ... #End If``, ``#Const``) is
resolved first for one platform (:data:`PLATFORMS`: 64-bit and 32-bit Office on
Windows), keeping line numbers; the result is parsed by ``antlr4-vba``, a parser
generated from the MS-VBAL grammar and shipped pre-generated for Python (no Java). It
finds what the VBA editor reports as a compile error of syntax: a missing ``End Sub``,
a misspelt keyword, an unbalanced parenthesis. It does not resolve names or types:
that is Excel's "Debug > Compile" (the Windows smoke test).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..errors import Nq57Error

try:  # the "build" and "test" extras
    from antlr4 import CommonTokenStream, InputStream
    from antlr4.error.ErrorListener import ErrorListener
    from antlr4_vba.vbaLexer import vbaLexer
    from antlr4_vba.vbaParser import vbaParser
except ImportError:  # pragma: no cover - depends on the environment
    vbaParser = None
    ErrorListener = object

#: Conditional compilation constants of Office on Windows (VBA7: Office 2010 and later;
#: Win32 is True in 64-bit Office too). Any other name is Empty, as in VBA.
PLATFORMS: dict[str, dict[str, object]] = {
    "Win64": {"VBA7": True, "Win64": True, "Win32": True, "Win16": False, "Mac": False},
    "Win32": {"VBA7": True, "Win64": False, "Win32": True, "Win16": False, "Mac": False},
}
_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"]|"")*")|(?P<num>\d+(?:\.\d+)?)|'
                    r'(?P<op><>|<=|>=|[=<>()&+-])|(?P<name>[A-Za-z_]\w*))')
_DIRECTIVE = re.compile(r"^\s*#(If|ElseIf|Else|End\s*If|Const)\b(.*)$", re.IGNORECASE)


class VbaSyntaxError(Nq57Error, ValueError):
    """A conditional compilation directive cannot be read."""


@dataclass(frozen=True)
class SyntaxProblem:
    """One syntax error: the line (1-based, of the original source) and the parser's words."""

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


def resolve_directives(text: str, constants: dict[str, object]) -> str:
    """``text`` as the VBA compiler sees it with ``constants``: lines of branches not
    taken and directive lines become empty, so line numbers stay those of the source."""
    values = {k.lower(): v for k, v in constants.items()}
    out: list[str] = []
    stack: list[list[bool]] = []  # [enclosing branch active, a branch was taken]
    active = True
    for number, line in enumerate(text.splitlines(), 1):
        found = _DIRECTIVE.match(line)
        if not found:
            out.append(line if active else "")
            continue
        word = re.sub(r"\s+", "", found.group(1)).lower()
        rest = re.sub(r"'.*$", "", found.group(2)).strip()
        condition = re.sub(r"\bThen$", "", rest, flags=re.IGNORECASE).strip()
        try:
            if word == "const" and active:
                name, _, expression = rest.partition("=")
                values[name.strip().lower()] = _evaluate(expression, values)
            elif word == "if":
                taken = active and bool(_evaluate(condition, values))
                stack.append([active, taken])
                active = taken
            elif word in ("elseif", "else"):
                parent, done = stack[-1]
                active = parent and not done and (word == "else" or bool(_evaluate(condition, values)))
                stack[-1][1] = done or active
            elif word == "endif":
                active = stack.pop()[0]
        except IndexError:
            raise VbaSyntaxError(f"line {number}: #{found.group(1)} without #If") from None
        out.append("")
    if stack:
        raise VbaSyntaxError("an #If has no #End If")
    return "\n".join(out) + "\n"


def _evaluate(expression: str, values: dict[str, object]) -> object:
    tokens: list[tuple[str, object]] = []
    pos, expression = 0, expression.strip()
    while pos < len(expression):
        found = _TOKEN.match(expression, pos)
        if not found or found.end() == pos:
            raise VbaSyntaxError(f"cannot read the directive expression {expression!r}")
        pos, kind = found.end(), found.lastgroup
        text = found.group(kind)  # type: ignore[arg-type]
        value = {"str": lambda: text[1:-1].replace('""', '"'), "num": lambda: float(text),
                 "op": lambda: text, "name": lambda: text.lower()}[kind]()  # type: ignore[index]
        tokens.append((kind, value))  # type: ignore[arg-type]
    parser = _Expression(tokens, values)
    result = parser.disjunction()
    if parser.pos != len(tokens):
        raise VbaSyntaxError(f"cannot read the directive expression {expression!r}")
    return result


class _Expression:
    """Or/Xor, And, Not, comparisons, literals and constants: what #If conditions use."""

    def __init__(self, tokens: list[tuple[str, object]], values: dict[str, object]) -> None:
        self.tokens, self.values, self.pos = tokens, values, 0

    def _peek(self) -> tuple[str, object] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _next(self) -> tuple[str, object]:
        if self.pos >= len(self.tokens):
            raise VbaSyntaxError("a directive expression ends too early")
        self.pos += 1
        return self.tokens[self.pos - 1]

    def disjunction(self) -> object:
        value = self.conjunction()
        while self._peek() in (("name", "or"), ("name", "xor")):
            word = self._next()[1]
            other = self.conjunction()
            value = bool(value) != bool(other) if word == "xor" else bool(value) or bool(other)
        return value

    def conjunction(self) -> object:
        value = self.negation()
        while self._peek() == ("name", "and"):
            self._next()
            value = bool(self.negation()) and bool(value)
        return value

    def negation(self) -> object:
        if self._peek() == ("name", "not"):
            self._next()
            return not self.negation()
        return self.comparison()

    def comparison(self) -> object:
        left = self.atom()
        following = self._peek()
        if following and following[0] == "op" and following[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self._next()[1]
            right = self.atom()
            if isinstance(left, str) or isinstance(right, str):
                a, b = ("" if left is None else str(left)), ("" if right is None else str(right))
            else:
                a, b = float(left or 0), float(right or 0)  # type: ignore[arg-type]
            return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b,
                    ">=": a >= b}[op]  # type: ignore[index]
        return left

    def atom(self) -> object:
        kind, value = self._next()
        if kind == "op" and value == "(":
            inner = self.disjunction()
            if self._next() != ("op", ")"):
                raise VbaSyntaxError("a directive expression has an unbalanced parenthesis")
            return inner
        if kind == "name":
            return {"true": True, "false": False}.get(value, self.values.get(value))  # type: ignore[arg-type]
        if kind in ("str", "num"):
            return value
        raise VbaSyntaxError(f"unexpected {value!r} in a directive expression")


class _Collect(ErrorListener):  # type: ignore[misc,valid-type]
    def __init__(self) -> None:
        self.problems: list[SyntaxProblem] = []

    def syntaxError(self, recognizer, offending, line, column, msg, e) -> None:  # noqa: N802
        self.problems.append(SyntaxProblem(line, column, msg))


def syntax_problems(text: str, platform: str = "Win64") -> list[SyntaxProblem]:
    """The syntax errors of one module's source on ``platform`` (a key of PLATFORMS).

    The resolved source is parsed in pieces (the declarations, then each procedure from
    its first line at the margin), each piece once per process: the Python ANTLR runtime
    takes seconds per hundred lines, and the two platforms share all but a few pieces.
    """
    if vbaParser is None:  # pragma: no cover - depends on the environment
        raise VbaSyntaxError("checking VBA syntax needs the package antlr4-vba "
                             "(pip install \"nq57xl[build]\")")
    lines = resolve_directives(text.replace("\r\n", "\n"), PLATFORMS[platform]).splitlines()
    starts = [0] + [i for i, line in enumerate(lines) if i and _PROCEDURE.match(line)]
    problems = []
    for start, end in zip(starts, starts[1:] + [len(lines)]):
        header = [] if start == 0 else [_PIECE_HEADER]  # a procedure alone is a module too
        piece = "\n".join(header + lines[start:end]) + "\n"
        problems += [SyntaxProblem(p.line + start - len(header), p.column, p.message)
                     for p in _parse(piece)]
    return problems


_PIECE_HEADER = 'Attribute VB_Name = "Piece"'


_PROCEDURE = re.compile(r"^(?:(?:Public|Private|Friend)\s+)?(?:Static\s+)?"
                        r"(?:Sub|Function|Property\s+(?:Get|Let|Set))\s", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def _parse(source: str) -> tuple[SyntaxProblem, ...]:
    collect = _Collect()
    lexer = vbaLexer(InputStream(source))
    lexer.removeErrorListeners()
    lexer.addErrorListener(collect)
    parser = vbaParser(CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(collect)
    parser.startRule()
    return tuple(collect.problems)
