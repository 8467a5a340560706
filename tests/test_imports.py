"""The imports of ``timeline/``, read from the code as the SQL test reads it (#15).

No module of the package imports itself back through others (an import cycle), and no
module outside the package (tests, bench, scripts) imports a name the package keeps
private (a leading underscore): what the tests and tools use is public and named so.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "timeline"
OUTSIDE = ("tests", "bench", "scripts")

#: Private names of the extraction modules still used by their tests: the extraction
#: modules are reworked apart (their own issue), which makes these public or drops them.
EXTRACTION_PRIVATE = {
    ("timeline.segment", "_word_before"), ("timeline.dates", "_DIGITS"),
    ("timeline.dates", "_WORD"), ("timeline.dates", "_word_starts"),
    ("timeline.dates", "_starts"), ("timeline.events", "_TOKEN"),
    ("timeline.parallel", "_warm"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports(tree: ast.AST, here: str) -> Iterator[tuple[str, list[str]]]:
    """(module, names) of every import that runs, at the top or inside a function;
    imports under ``if TYPE_CHECKING:`` never run and are left out."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _type_checking(node):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package of ``here``
                parent = here.split(".")[: -node.level] if here else []
                base = ".".join([*parent, base] if base else parent)
            yield base, [alias.name for alias in node.names]


def import_graph() -> dict[str, set[str]]:
    """module -> the package's modules it imports (a name that is a submodule counts as
    that submodule; the parent package a submodule runs first is not an edge)."""
    modules = package_modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for base, names in imports(tree, here + ".x" if here else "x"):
            targets = [f"{base}.{n}" for n in names if f"{base}.{n}" in modules]
            if len(targets) < len(names) and base in modules:
                targets.append(base)
            graph[name].update(t for t in targets if t != name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each group of modules that import one another (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_imports_no_cycle_in_the_package() -> None:
    graph = import_graph()
    assert "timeline.dashboard.state" in graph["timeline.dashboard.downloads"]
    assert cycles(graph) == []


def test_imports_cycle_check_catches_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    tree = ast.parse("from timeline.dashboard import ids, state\n"
                     "def f():\n    from timeline.dashboard.callbacks import read_query\n"
                     "if TYPE_CHECKING:\n    from timeline.store import Store\n")
    assert list(imports(tree, "timeline.dashboard.x")) == [
        ("timeline.dashboard", ["ids", "state"]),
        ("timeline.dashboard.callbacks", ["read_query"])]


def private_imports() -> list[tuple[str, str, str]]:
    """(file, module, name) of each private name of the package imported outside it."""
    found = []
    for folder in OUTSIDE:
        for path in sorted((REPO / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for base, names in imports(tree, module_name(path)):
                if base != "timeline" and not base.startswith("timeline."):
                    continue
                private = [p for p in [*base.split("."), *names]
                           if p.startswith("_") and not p.startswith("__")]
                found += [(str(path.relative_to(REPO)), base, n) for n in private]
    return found


def test_imports_nothing_outside_the_package_imports_a_private_name() -> None:
    found = [f for f in private_imports() if (f[1], f[2]) not in EXTRACTION_PRIVATE]
    assert found == []
