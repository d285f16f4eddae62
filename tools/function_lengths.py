"""List functions longer than a limit (default 60 lines) in the given folders.

    python -m tools.function_lengths [--max 60] chatbot/

Exit 1 when one is longer; a function's length counts from its ``def`` to its last line.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path


def long_functions(folders: list[Path], limit: int) -> list[tuple[str, int]]:
    out = []
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    length = node.end_lineno - node.lineno + 1
                    if length > limit:
                        out.append((f"{path}:{node.lineno} {node.name}", length))
    return sorted(out, key=lambda x: -x[1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--max", type=int, default=60)
    args = ap.parse_args()
    found = long_functions(args.folders, args.max)
    for where, length in found:
        print(f"{length:4d} lines  {where}")
    if not found:
        print(f"functions: none over {args.max} lines")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
