"""The layout rules import-linter does not check: no module over 400 lines (migrations
excepted) and no import cycle anywhere in the package. Run by `make lint`."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import grimp

MAX_LINES = 400
ROOT = Path(__file__).resolve().parents[1] / "src" / "xinzhi"


def long_modules() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            found.append(f"{path.relative_to(ROOT.parent)}: {lines} lines (limit {MAX_LINES})")
    return found


def cycles() -> list[str]:
    """Pairs of modules that import each other, directly or through others."""
    graph = grimp.build_graph("xinzhi", cache_dir=None)
    found = []
    for package in sorted(m for m in graph.modules if graph.find_children(m)):
        members = sorted(graph.find_children(package))
        for a, b in itertools.combinations(members, 2):
            there = graph.chain_exists(a, b, as_packages=True)
            if there and graph.chain_exists(b, a, as_packages=True):
                found.append(f"{a} ↔ {b}")
    return found


def main() -> int:
    problems = long_modules() + [f"import cycle: {c}" for c in cycles()]
    for problem in problems:
        print(f"layout: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
