"""The layout's rules, read from the source: who may import whom, no cycles, no giant modules.

The import graph comes from `ast` (every `import` statement, at any depth, in every first-party
module), so a rule holds whether or not the import runs at start-up.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# First-party code the rules cover; tests are exempt (they may reach anywhere).
PACKAGES = ("films", "reviews", "reviews_project", "bench", "tools")
APP_PACKAGES = ("films", "reviews", "bench", "tools")
MAX_LINES = 600


def module_name(path: Path) -> str:
    """reviews/public/films.py -> reviews.public.films; a package's __init__ -> the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def first_party() -> dict[str, Path]:
    """Every first-party module (migrations included) by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found[module_name(path)] = path
    return found


def is_first_party(name: str) -> bool:
    return name.split(".")[0] in PACKAGES


@cache
def imports_of(module: str) -> frozenset[str]:
    """The first-party modules `module` imports, resolved to the deepest module that exists."""
    path = first_party()[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    modules = first_party()
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from reviews.public import films` imports the module reviews.public.films.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            if not is_first_party(target):
                continue
            while target and target not in modules:
                target = target.rpartition(".")[0]  # `import a.b.C`: the module is a.b
            if target and target != module:
                found.add(target)
    return frozenset(found)


def relative(module: str) -> str:
    return str(first_party()[module].relative_to(ROOT))


def in_package(name: str, packages: tuple[str, ...]) -> bool:
    return name.split(".")[0] in packages


def test_import_reader_resolves_from_imports_to_modules():
    """The graph sees `from reviews.public import films` as an import of reviews.public.films."""
    assert "reviews.public.films" in imports_of("reviews.public.urls")
    assert "reviews.models" in imports_of("reviews.public.films")


def test_films_imports_nothing_from_reviews():
    """The catalogue stands alone: reviews depend on films, never the reverse."""
    offenders = {
        relative(module): sorted(
            target for target in imports_of(module) if in_package(target, ("reviews",))
        )
        for module in first_party()
        if in_package(module, ("films",))
    }
    assert {path: found for path, found in offenders.items() if found} == {}


def project_offenders() -> dict[str, list[str]]:
    """reviews_project modules (other than the root URLconf) that import app code."""
    offenders = {}
    for module in first_party():
        if not in_package(module, ("reviews_project",)) or module == "reviews_project.urls":
            continue
        found = sorted(t for t in imports_of(module) if in_package(t, APP_PACKAGES))
        if found:
            offenders[relative(module)] = found
    return offenders


def test_project_package_imports_no_app_code():
    """reviews_project is generic infrastructure: only urls.py names the apps."""
    assert project_offenders() == {}


def oversized() -> dict[str, int]:
    """Modules over MAX_LINES lines, migrations aside."""
    found = {}
    for module, path in first_party().items():
        if ".migrations." in f"{module}.":
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            found[relative(module)] = lines
    return found


def test_no_module_over_600_lines():
    """Every module outside migrations reads in one sitting (split it into a package if not)."""
    assert oversized() == {}


def import_cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module in an import graph (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return cycles


def test_cycle_finder_finds_a_loop_through_three_modules():
    """The cycle check itself works: a -> b -> c -> a is one cycle; d, outside it, is not."""
    graph = {
        "a": frozenset({"b"}),
        "b": frozenset({"c"}),
        "c": frozenset({"a"}),
        "d": frozenset({"a"}),
    }
    assert import_cycles(graph) == [["a", "b", "c"]]


def test_no_import_cycles():
    """No module imports, directly or through others, a module that imports it back."""
    assert import_cycles({module: imports_of(module) for module in first_party()}) == []
