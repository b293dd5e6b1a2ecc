"""The package's shape, read from the source with ``ast`` (nothing is imported).

Every module of ``src/nq57xl`` belongs to a room: a subpackage (``read``, ``assess``, ...)
or, for a module at the top of the package, the module itself (``records``, ``errors``,
...; the package's own ``__init__`` only holds ``__version__``). The rooms stand in
layers, lowest first (``LAYERS`` below):

0. ``records``, ``errors``, ``vntext``, ``indicators``, the package ``__init__``: the shared
   records, the error base, Vietnamese text keys and the plans' list of indicators (plain
   data the reader, the template, the assessment and the summary share). Any module may
   import them.
1. ``atomic``, ``collector``, ``jsonfile``: small foundations (atomic writes, the cycle
   collector, reading a JSON file) that may use layer 0.
2. ``catalogue``: the validation problems; it makes ``Problem`` records, so it stands
   above ``records``.
3. ``read``: one commune workbook into a report.
4. ``assess`` (what the tasks mean as of a date) and ``template`` (the commune template,
   checked by reading it back): both build on ``read`` only.
5. ``province`` (a folder of reports, read and assessed) and ``importer`` (existing
   appendices into the template).
6. ``compare``: two periods of a province.
7. ``history``: the province's periods kept in an SQLite file (a run recorded from its
   consolidation; periods read back as compare snapshots; trends over the periods held).
8. ``summary``: the provincial workbook and JSON, which show the comparison and trends too.
9. ``mail``, ``jobs`` and ``report``: what is done with a run (mails, feedback, reminders; the
   whole consolidation or demo as one job; the Word report built from a consolidation).
10. ``excel``, ``cli`` and ``api``: the two front ends, and ``api``, their lazy door to the
   library (``api.<name>`` counts as an import of the module that defines the name,
   through ``api.ENTRY_POINTS``).
11. ``__main__``: ``python -m nq57xl``.

A module may import its own room and rooms on lower layers, never a room on a higher
layer; two rooms on the same layer do not import each other (one exception, listed in
``SAME_LAYER``). Every import counts: at module level, under ``if TYPE_CHECKING:`` and
inside functions. On top of that there is no import cycle between modules, no module
imports inside a function (except the few deliberate ones in ``IN_FUNCTION``), and no
module is over ``MAX_LINES`` lines.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "nq57xl"
NAME = "nq57xl"

#: Rooms by layer, lowest first; see the module docstring.
LAYERS: list[list[str]] = [
    ["records", "errors", "vntext", "indicators", "__init__"],
    ["atomic", "collector", "jsonfile"],
    ["catalogue"],
    ["read"],
    ["assess", "template"],
    ["province", "importer"],
    ["compare"],
    ["history"],
    ["summary"],
    ["mail", "jobs", "report"],
    ["excel", "cli", "api"],
    ["__main__"],
]
LAYER = {room: i for i, rooms in enumerate(LAYERS) for room in rooms}

#: (importing room, imported room) on the same layer, allowed, and why.
SAME_LAYER = {
    ("cli", "api"): "the command line reaches the heavy library modules through api",
    ("excel", "api"): "the buttons reach the heavy library modules through api",
    ("api", "excel"): "api is also the command line's door to excel.build, excel.bundle, "
                      "excel.vba and excel.workbook_config (build-workbook, bundle-windows, "
                      "set-python); nothing in excel imports cli",
    ("cli", "excel"): "those commands, through api (counted as imports of excel)",
    ("province", "importer"): "a Word appendix in the reports folder is imported while the "
                              "folder is read (province.wordfiles), in the same isolated "
                              "worker and limits as a workbook; importer never imports "
                              "province",
}

#: The imports inside functions there are, each deliberate: (module, function, imported
#: module) -> why. A new one fails the test: import at the top of the module, or, for a
#: heavy library module the front ends should not load at start, go through nq57xl.api.
IN_FUNCTION: dict[tuple[str, str, str], str] = {
    ("nq57xl.cli.commands", "_progress_printer", "rich"):
        "rich.progress only when the progress bar is shown (stderr is a terminal)",
    ("nq57xl.compare.periods", "_from_workbook", "openpyxl"):
        "openpyxl only when the previous period is a summary workbook, not its JSON",
    ("nq57xl.excel.run", "handle", "xlwings"):
        "xlwings only when a button runs (inside Excel); the handlers import without it",
    ("nq57xl.excel.run", "_alert", "ctypes"): "the Windows message box, on Windows only",
    ("nq57xl.excel.run", "excel_value", "pandas"):
        "pandas, deferred so that the buttons that write no table do not load it",
    ("nq57xl.read.cellinfo", "_xls_book", "xlrd"):
        "xlrd only for .xls files (hidden columns, number formats, links)",
}

MAX_LINES = 400
#: Modules allowed over MAX_LINES, with their line count today (not to grow).
LONG_MODULES: dict[str, int] = {}


@dataclass(frozen=True)
class Import:
    module: str       # the importing module, e.g. "nq57xl.read.commune"
    target: str       # the imported module of the package, or a foreign top-level name
    line: int
    function: str     # the enclosing function's qualified name, "" at module level
    lazy: bool = False  # api.<name> (or api's own ENTRY_POINTS), not an import statement


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def room(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__"
    return parts[1]


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _project_target(name: str) -> str:
    """The longest prefix of ``name`` that is a module of the package."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules():
            return candidate
    return NAME


def entry_points() -> dict[str, str]:
    """``api.ENTRY_POINTS`` turned around: name -> module of the package."""
    path = PACKAGE / "api.py"
    if not path.exists():
        return {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and target.id == "ENTRY_POINTS" and node.value is not None:
            table = ast.literal_eval(node.value)
            return {name: f"{NAME}.{module}" for module, names in table.items() for name in names}
    return {}


@cache
def imports() -> list[Import]:
    """Every import of every module: project modules resolved, foreign ones by top name;
    ``api.<name>`` as an import of the module behind the name; api's own lazy imports."""
    found: list[Import] = []
    lazy = entry_points()
    for module, path in modules().items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        uses_api = False

        def visit(node: ast.AST, function: str) -> None:
            nonlocal uses_api
            for child in ast.iter_child_nodes(node):
                inner = function
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    inner = f"{function}.{child.name}" if function else child.name
                elif isinstance(child, ast.Lambda):
                    inner = f"{function}.<lambda>" if function else "<lambda>"
                elif isinstance(child, ast.ClassDef) and function:
                    inner = f"{function}.{child.name}"
                if isinstance(child, ast.Import):
                    for alias in child.names:
                        top = alias.name.split(".")[0]
                        target = _project_target(alias.name) if top == NAME else top
                        found.append(Import(module, target, child.lineno, function))
                elif isinstance(child, ast.ImportFrom):
                    if child.level:
                        base = module.split(".") if is_package else module.split(".")[:-1]
                        base = base[: len(base) - child.level + 1]
                        prefix = ".".join(base + ([child.module] if child.module else []))
                    else:
                        prefix = child.module or ""
                    if prefix.split(".")[0] != NAME:
                        found.append(Import(module, prefix.split(".")[0], child.lineno, function))
                        continue
                    for alias in child.names:
                        target = _project_target(f"{prefix}.{alias.name}")
                        if target == f"{NAME}.api":
                            uses_api = True
                        found.append(Import(module, target, child.lineno, function))
                elif (isinstance(child, ast.Attribute) and isinstance(child.value, ast.Name)
                      and child.value.id == "api" and uses_api and child.attr in lazy):
                    found.append(Import(module, lazy[child.attr], child.lineno, function, True))
                visit(child, inner)

        visit(tree, "")
        if module == f"{NAME}.api":
            found.extend(Import(module, target, 0, "", True) for target in sorted(set(lazy.values())))
    return found


def project_imports() -> list[Import]:
    return [i for i in imports() if i.target.split(".")[0] == NAME and i.target != i.module]


def where(i: Import) -> str:
    path = modules()[i.module].relative_to(PACKAGE.parent.parent)
    return f"{path}:{i.line}" + (f" (in {i.function})" if i.function else "")


def test_every_module_is_in_a_room_of_the_layers() -> None:
    missing = sorted({room(m) for m in modules()} - set(LAYER))
    assert not missing, (f"rooms not in LAYERS of {__file__}: {missing}; give each its "
                         "layer (and say why in the docstring)")
    assert len(LAYER) == sum(map(len, LAYERS)), "a room is on two layers"


def test_imports_go_down_the_layers() -> None:
    wrong = []
    for i in project_imports():
        source, target = room(i.module), room(i.target)
        if source == target or LAYER[target] < LAYER[source]:
            continue
        if LAYER[target] == LAYER[source] and (source, target) in SAME_LAYER:
            continue
        kind = "same layer" if LAYER[target] == LAYER[source] else "upward"
        wrong.append(f"{where(i)}: {i.module} imports {i.target} ({kind}: {source} is on "
                     f"layer {LAYER[source]}, {target} on layer {LAYER[target]})")
    assert not wrong, "imports against the layers (see LAYERS):\n" + "\n".join(wrong)


def test_same_layer_exceptions_are_still_needed() -> None:
    used = {(room(i.module), room(i.target)) for i in project_imports()}
    assert set(SAME_LAYER) <= used, f"no longer needed, remove: {set(SAME_LAYER) - used}"


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for i in project_imports():
        graph[i.module].add(i.target)
    # Tarjan's strongly connected components; any with two or more modules is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def strongconnect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                strongconnect(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(modules()):
        if node not in index:
            strongconnect(node)
    assert not cycles, "modules that import each other (directly or in a ring):\n" + "\n".join(
        " <-> ".join(c) for c in cycles)


def test_no_imports_inside_functions() -> None:
    found = {(i.module, i.function, i.target): where(i) for i in imports()
             if i.function and not i.lazy}
    new = sorted(f"{place}: {target}" for (m, f, target), place in found.items()
                 if (m, f, target) not in IN_FUNCTION)
    gone = sorted(f"{key}" for key in IN_FUNCTION if key not in found)
    assert not new, ("imports inside functions: import at the top of the module (the "
                     "front ends reach heavy modules through nq57xl.api):\n" + "\n".join(new))
    assert not gone, "IN_FUNCTION lists imports that are gone, remove them:\n" + "\n".join(gone)


def test_no_module_is_too_long() -> None:
    long = {m: lines(p) for m, p in modules().items() if lines(p) > MAX_LINES}
    grown = sorted(f"{m}: {n} lines" for m, n in long.items() if n > LONG_MODULES.get(m, MAX_LINES))
    assert not grown, f"modules over {MAX_LINES} lines, split them:\n" + "\n".join(grown)
    stale = sorted(m for m in LONG_MODULES if m not in long)
    assert not stale, f"LONG_MODULES lists modules now within {MAX_LINES} lines: {stale}"
