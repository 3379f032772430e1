"""The package's import structure: Whoosh only behind the seam, the seam free of any engine, no cycles.

Imports are read from the source (every `import`, also those inside functions, which is
where cycles used to hide), resolved to the package's own modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Folder -> package name, as pyproject.toml's package-dir maps them.
PACKAGES = {"kaigiroku": "kaigiroku", "search": "kaigiroku.search", "indexer": "kaigiroku.indexer",
            "web": "kaigiroku.web", "data": "kaigiroku.data"}
BACKEND = "kaigiroku.search.whoosh"
# What the callers of a backend may use of kaigiroku.search: the seam, the facet registry, the query
# parser, the model, and helpers that know no engine.
SEAM = {"api", "budget", "backends", "facets", "item_facets", "query", "model", "results", "relax", "wareki", "roles",
        "paths", "heap", "nfkc", "analysis", "synonyms", "units", "snippets",
        "people", "bills"}  # engine-free: people and bills gathered from meeting headers


def _modules() -> dict[str, Path]:
    out = {}
    for folder, package in PACKAGES.items():
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT / folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            out[".".join([package, *parts])] = path
    return out


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _imports(name: str) -> list[tuple[str, int]]:
    """(imported name, line) for every import in the module; relative imports resolved."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    base = name if _is_package(name) else name.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                pkg = base
                for _ in range(node.level - 1):
                    pkg = pkg.rpartition(".")[0]
                target = f"{pkg}.{node.module}" if node.module else pkg
            else:
                target = node.module or ""
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
            if len(subs) < len(node.names):  # names from the module itself, not only its submodules
                out.append((target, node.lineno))
            out += [(sub, node.lineno) for sub in subs]
    return out


def _internal(target: str) -> str | None:
    """The package module an imported name is (or is in)."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or None


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name in MODULES:
        edges = set()
        for target, _ in _imports(name):
            mod = _internal(target)
            if mod is not None and mod != name:
                edges.add(mod)
        graph[name] = edges
    return graph


def test_only_the_backend_imports_whoosh():
    found = [f"{name}:{line} imports {target}" for name in MODULES if not name.startswith(BACKEND)
             for target, line in _imports(name) if target == "whoosh" or target.startswith("whoosh.")]
    assert not found, "\n".join(found)


def test_the_seam_imports_neither_whoosh_nor_numpy_nor_the_backend():
    graph, seen, todo = _graph(), set(), ["kaigiroku.search.api"]
    while todo:  # everything importing search/api.py imports, to the end
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph[name])
    assert not any(name.startswith(BACKEND) for name in seen), sorted(seen)
    engines = [f"{name} imports {target}" for name in seen for target, _ in _imports(name)
               if target.split(".")[0] in ("whoosh", "numpy")]
    assert not engines, engines


@pytest.mark.parametrize("package", ["kaigiroku.web", "kaigiroku.indexer", "kaigiroku.search_cli",
                                     "kaigiroku.items_cli", "kaigiroku.cliargs"])
def test_callers_use_only_the_seam(package):
    """The web app, the CLIs and the indexer reach the engine through search/api.py and
    search/backends.py only (plus the registry, the parser, the model and engine-free helpers)."""
    found = []
    for name in MODULES:
        if name != package and not name.startswith(package + "."):
            continue
        for target, line in _imports(name):
            mod = _internal(target)
            if mod is None or not mod.startswith("kaigiroku.search."):
                continue
            first = mod.split(".")[2]
            if first not in SEAM:
                found.append(f"{name}:{line} imports {mod}")
    assert not found, "\n".join(found)


def test_no_import_cycles():
    """Tarjan's strongly connected components over every import, those inside functions included."""
    graph = _graph()
    index, low, stack, on_stack, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, cycles


def test_the_graph_is_read():
    """The checks above see the imports they are about (a parser that found none would pass them)."""
    graph = _graph()
    assert "kaigiroku.search.api" in graph["kaigiroku.web.site"]
    assert "kaigiroku.search.whoosh.engine" in graph["kaigiroku.search.whoosh.backend"]
    assert any(t == "whoosh" or t.startswith("whoosh.") for t, _ in _imports("kaigiroku.search.whoosh.store"))
