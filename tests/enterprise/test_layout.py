"""The enterprise package stays free of import loops and of god modules.

Imports are read with ``ast`` (function-level and ``TYPE_CHECKING`` ones included, as grimp
counts them), so the check needs nothing beyond the standard library.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "xinzhi.enterprise"
ROOT = Path(__file__).resolve().parents[2] / "src" / "xinzhi" / "enterprise"
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The enterprise modules ``path`` imports (``from a import b`` counts ``a.b`` if a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            if not all(n in modules for n in names):  # names from the module, not submodules
                names.append(node.module)
        found.update(n for n in names if n in modules)
    return found


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in ROOT.rglob("*.py")}
    return {name: _imports(path, set(paths)) - {name} for name, path in paths.items()}


def _loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group: list[str] = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_enterprise_module_imports_itself_through_a_loop() -> None:
    assert _loops(_graph()) == []


def test_the_loop_finder_sees_a_loop() -> None:
    assert _loops({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_evaluators_never_import_the_pack_library() -> None:
    graph = _graph()
    for name in ("checks", "scoring", "tiers", "metrics", "metrics_finance", "metrics_holdings"):
        assert f"{PACKAGE}.rules.packs" not in graph[f"{PACKAGE}.rules.{name}"], name


def test_sub_packages_never_import_the_top_level_modules() -> None:
    """rules, profiles, policies and risk sit below assessment, service, cli and the API."""
    graph = _graph()
    subs = tuple(f"{PACKAGE}.{p.parent.name}" for p in ROOT.glob("*/__init__.py"))
    top = {name for name in graph if not name.startswith(subs)}
    for name, imported in graph.items():
        if name not in top:
            assert imported.isdisjoint(top), name


def test_no_module_is_over_the_line_limit() -> None:
    long = {
        p.name: n for p in ROOT.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
