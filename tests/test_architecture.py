"""The shape of app/: its sub-packages depend on each other without a cycle.

Each direct child of app/ (a sub-package such as app/repairs, or a module such as app/clock.py)
is one node; an import anywhere in one node of anything in another is an edge. Every import
counts, at module level or inside a function or a TYPE_CHECKING block alike: a cycle hidden in a
function is still two areas that cannot be understood, tested or changed one without the other.
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def _area(module: str) -> str | None:
    """The child of app/ a dotted module name lies in (None: not in app/, or app itself)."""
    parts = module.split(".")
    if parts[0] != "app" or len(parts) < 2:
        return None
    return parts[1] if (APP / parts[1]).is_dir() or (APP / f"{parts[1]}.py").exists() else None


def _imported(path: Path) -> list[tuple[str, int]]:
    """The dotted names a file imports (both `x` and `x.name` for `from x import name`)."""
    package = ".".join(path.relative_to(APP.parent).parent.parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found.append((base, node.lineno))
            found += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
    return found


def import_graph() -> dict[str, dict[str, list[str]]]:
    """area -> {other area it imports: ["file:line", ...]}."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(APP.rglob("*.py")):
        source = _area(".".join(path.relative_to(APP.parent).with_suffix("").parts))
        if source is None:
            continue
        for name, line in _imported(path):
            target = _area(name)
            if target is not None and target != source:
                where = f"{path.relative_to(APP.parent)}:{line}"
                places = graph.setdefault(source, {}).setdefault(target, [])
                if where not in places:
                    places.append(where)
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """The strongly connected groups of more than one area (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(area: str) -> None:
        index[area] = low[area] = len(index)
        stack.append(area)
        for other in graph.get(area, {}):
            if other not in index:
                visit(other)
                low[area] = min(low[area], low[other])
            elif other in stack:
                low[area] = min(low[area], index[other])
        if low[area] == index[area]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == area:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for area in sorted(graph):
        if area not in index:
            visit(area)
    return found


def test_the_graph_sees_the_imports_it_must():
    """A graph that missed imports would find no cycle for the wrong reason."""
    graph = import_graph()

    assert "repairs" in graph["api"]  # from app.repairs import services (plain)
    assert "drive" in graph["scooters"]  # through a name imported from a package
    assert "clock" in graph["repairs"]  # a top-level module is an area too
    assert cycles({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}) == [
        ["a", "b", "c"]
    ]


def test_no_two_areas_of_app_import_each_other():
    graph = import_graph()

    found = cycles(graph)

    explained = [
        {a: {b: graph[a][b] for b in group if b in graph.get(a, {})} for a in group}
        for group in found
    ]
    assert found == [], f"import cycles between areas of app/: {explained}"
