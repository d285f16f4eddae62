"""Check the import graph of the packages: no cycles between modules, no arrow up the data flow.

    python -m tools.check_imports        # exit 1 and a line per problem, else "imports: ok (N modules)"

Every import counts, also one inside a function (a function-local import hides a cycle, it does
not remove it). The layers follow the data flow: ``prompts`` and ``ingest`` know nothing of
``chatbot`` or ``ui``; ``chatbot`` knows nothing of ``ui``. ``if TYPE_CHECKING:`` imports are
annotations only and do not count.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("prompts", "ingest", "chatbot", "ui")
# What each layer may import (besides itself).
ALLOWED = {"prompts": set(), "ingest": {"prompts"}, "chatbot": {"prompts", "ingest"}, "ui": {"prompts", "ingest", "chatbot"}}


def modules(root: Path = REPO) -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports(name: str, path: Path, known: dict[str, Path], annotations: bool = False) -> set[str]:
    """The project modules a module imports (resolved to the longest known module name); with
    ``annotations`` also those imported under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        if not annotations and _type_checking_only(node, parents):
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
                break
    return found


def graph(root: Path = REPO, annotations: bool = False) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imports(name, path, known, annotations) for name, path in known.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(max(1000, 10 * len(g)))
    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def upward(g: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Imports against the data flow ("ingest.x" importing "chatbot.y")."""
    out = []
    for source, targets in sorted(g.items()):
        layer = source.split(".")[0]
        for target in sorted(targets):
            other = target.split(".")[0]
            if other != layer and other not in ALLOWED[layer]:
                out.append((source, target))
    return out


def problems(root: Path = REPO) -> list[str]:
    lines = [f"cycle: {' <-> '.join(c)}" for c in cycles(graph(root))]
    lines += [f"upward import: {s} -> {t}" for s, t in upward(graph(root, annotations=True))]
    return lines


def main() -> int:
    found = problems()
    for line in found:
        print(line)
    if not found:
        print(f"imports: ok ({len(modules())} modules)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
