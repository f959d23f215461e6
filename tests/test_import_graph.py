"""No module of the project imports itself back through others: the graph of imports
among the apps' modules, function-level imports included, has no circle."""

import ast
from pathlib import Path

from django.conf import settings

PACKAGES = ("accounts", "blog", "comments", "config", "linkbacks")


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (Path(settings.BASE_DIR) / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(settings.BASE_DIR).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imported_names(module: str, path: Path, node) -> list[str]:
    """The modules (and module.attribute names) an import statement names."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".")
        if path.name != "__init__.py":
            package = package[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base] if base else package)
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    graph = {}
    for module, path in modules.items():
        imports = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import | ast.ImportFrom):
                imports.update(imported_names(module, path, node))
        graph[module] = {name for name in imports if name in modules} - {module}
    return graph


def a_circle(graph: dict[str, set[str]]) -> list[str]:
    """One circle of imports, as the modules along it; [] when there is none."""
    done: set[str] = set()
    for start in sorted(graph):
        path, on_path = [start], {start}
        pending = [iter(sorted(graph[start]))]
        while pending:
            following = next(pending[-1], None)
            if following is None:
                finished = path.pop()
                done.add(finished)
                on_path.discard(finished)
                pending.pop()
            elif following in on_path:
                return [*path[path.index(following) :], following]
            elif following not in done:
                path.append(following)
                on_path.add(following)
                pending.append(iter(sorted(graph[following])))
    return []


def test_no_module_imports_itself_back_through_others():
    assert a_circle(import_graph()) == []


def test_a_circle_is_found_where_there_is_one():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert a_circle(graph) == ["a", "b", "c", "a"]
