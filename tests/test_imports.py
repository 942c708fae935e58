"""The package's imports point one way: no module imports, however indirectly, one that imports it.

The graph is read from the source (AST), not from what a run happens to import, so it counts every
import statement wherever it stands: at the top, inside a function (the lazy imports that keep
`--help` fast), and under `if TYPE_CHECKING:`. A cycle fails the test, which prints it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import scheduler

PACKAGE = Path(scheduler.__file__).parent
NAME = "scheduler"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imported(node: ast.ImportFrom, here: str, is_package: bool, known: dict[str, Path]) -> list[str]:
    """The package's modules a `from ... import ...` statement names (a name may itself be a module)."""
    if node.level:
        base = here.split(".") if is_package else here.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    if target != NAME and not target.startswith(NAME + "."):
        return []
    found = []
    for alias in node.names:
        child = f"{target}.{alias.name}"
        found.append(child if child in known else target)
    return found


def import_graph() -> dict[str, set[str]]:
    """Each module of the package → the package's modules it imports (every import statement, anywhere)."""
    known = _modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                targets = _imported(node, name, is_package, known)
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names if alias.name.split(".")[0] == NAME]
            else:
                continue
            graph[name].update(t for t in targets if t in known and t != name)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path that ends where it starts, or None (depth-first, colours)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = 2
        path.pop()
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_package_has_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_graph_counts_lazy_and_type_checking_imports() -> None:
    graph = import_graph()
    # search.py imports the solver only inside search() (so that --help stays fast): a lazy import.
    assert "scheduler.solver" in graph["scheduler.search"]
    # assumptions.py names Proposal only under `if TYPE_CHECKING:`.
    assert "scheduler.results" in graph["scheduler.assumptions"]
    # `from . import MAX_TOP` in ics.py is the package itself; `from .solver import solve` the solver package.
    assert "scheduler" in graph["scheduler.ics"]
    # a subpackage's relative import: solver/__init__.py's `from .build import ...` is scheduler.solver.build.
    assert "scheduler.solver.build" in graph["scheduler.solver"]


def test_result_data_imports_nothing_above_the_problem() -> None:
    # results.py is plain data: everything that solves, explains or writes imports it, never the reverse.
    assert import_graph()["scheduler.results"] <= {"scheduler.problem", "scheduler.wording"}


def test_the_calendar_writer_does_not_import_the_text_renderer() -> None:
    assert "scheduler.render" not in import_graph()["scheduler.ics"]


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        # a -> b -> c -> a: the cycle is reported from the first module reached on it, closed.
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, ["a", "b", "c", "a"]),
        # a lazy back-edge like the old plan <-> explain pair: two modules.
        ({"plan": {"explain"}, "explain": {"plan"}}, ["explain", "plan", "explain"]),
        # a diamond has no cycle.
        ({"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set()}, None),
    ],
)
def test_find_cycle(graph: dict[str, set[str]], expected: list[str] | None) -> None:
    assert find_cycle(graph) == expected


def test_the_old_plan_explain_cycle_would_be_caught(tmp_path: Path) -> None:
    # The edges as they were before results/search/relax: plan imported explain at the top, explain
    # imported plan inside a function (_first). The walker must see the function-level one.
    source = "def _first():\n    from .plan import plan\n    return plan\n"
    node = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom))
    assert _imported(node, "scheduler.explain", False, {"scheduler.plan": tmp_path}) == ["scheduler.plan"]
