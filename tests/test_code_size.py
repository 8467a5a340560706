"""The size of the package's code, read from the files (#15): no module over 400 lines
and no function over 60 lines, outside the extraction modules (reworked apart, their own
issue) and the data tables. Ruff checks the statements, branches and complexity of each
function (``make lint``, ``pyproject.toml``); it has no rule for lengths, which this does.
"""
from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "timeline"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

#: The extraction modules: their limits come with the extraction issue.
EXTRACTION = {
    "actors.py", "cuemarks.py", "dating.py", "events.py", "eventtypes.py", "frames.py",
    "inflect.py", "merge.py", "normalize.py", "pipeline.py", "segment.py", "rescore.py",
    "train.py", "extraction.py", "lexicon.py", "dates",
}
TEMPORARY: set[tuple[str, str]] = set()  # none left


def modules() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py"))
            if p.relative_to(PACKAGE).parts[0] not in EXTRACTION]


def long_functions(path: Path) -> list[tuple[str, int]]:
    """(name, lines) of each function of ``path`` longer than the limit (decorators and
    docstring included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lines = (node.end_lineno or node.lineno) - first + 1
            if lines > MAX_FUNCTION_LINES:
                found.append((node.name, lines))
    return found


def test_code_size_no_module_over_400_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_code_size_no_function_over_60_lines():
    long = [(str(p.relative_to(PACKAGE)), name, n) for p in modules()
            for name, n in long_functions(p)
            if (str(p.relative_to(PACKAGE)), name) not in TEMPORARY]
    assert long == []


def test_code_size_check_finds_a_long_function(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    (tmp_path / "m.py").write_text(f"@decorated\ndef f():\n{body}\n\ndef g():\n    pass\n")
    assert long_functions(tmp_path / "m.py") == [("f", MAX_FUNCTION_LINES + 2)]
