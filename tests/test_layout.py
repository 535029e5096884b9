"""The shape of the package: imports go one way, light modules stay light, modules stay small.

The import graph is read from the source (every ``import`` and ``from … import``, also those
inside functions, which run later but still tie the modules together), so a cycle is found
whether or not a test happens to import both ends.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx

import kg

PACKAGE = Path(kg.__file__).parent
#: modules longer than this must be data only (their docstring says so)
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The kg modules ``name`` imports (a package imported for a name in it counts as the
    module of that name when there is one)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                found.add(sub if sub in modules else module)
    return {m for m in found if m in modules and m != name}


def import_graph() -> nx.DiGraph:
    modules = _modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        graph.add_edges_from((name, m) for m in _imports(name, path, modules) if m != "kg")
    return graph


def test_no_module_imports_itself_back() -> None:
    cycles = [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert cycles == []


def test_the_walk_sees_function_level_imports() -> None:
    """The check above can fail: the walker finds imports inside functions too."""
    graph = import_graph()
    assert graph.has_edge("kg.views.tables", "kg.views.workbook")  # inside write_csv
    assert ("kg.views.tables", "kg.pipeline") not in graph.edges  # tables are a view of records


def _loaded_by(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_the_domain_loads_no_rdf_library() -> None:
    loaded = _loaded_by("import kg.domain.values, kg.domain.model, kg.domain.labels")
    assert not {"rdflib", "pyoxigraph", "pandas", "networkx"} & loaded
    assert not {m for m in loaded if m.startswith(("kg.rdf", "kg.store", "kg.views"))}


def test_reading_a_document_loads_no_graph_code() -> None:
    loaded = _loaded_by("import kg.read, kg.parse.document")
    assert not {"rdflib", "pyoxigraph"} & loaded
    assert "kg.api" not in loaded


def test_api_names_are_functions_whatever_was_imported_before() -> None:
    """kg.query, kg.extract and kg.audit are the API's functions, even after every submodule
    has been imported (no submodule of that name could replace them)."""
    import importlib

    for name in _modules():
        if not name.endswith("__main__"):
            importlib.import_module(name)
    from kg import api

    for name in kg.__all__:
        assert getattr(kg, name) is getattr(api, name), name
    assert set(kg.__all__) == set(api.__all__)
    assert callable(kg.query) and callable(kg.extract) and callable(kg.audit)


def test_long_modules_are_data() -> None:
    """A module over MAX_LINES lines holds one concern: data (its docstring says so)."""
    long = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in _modules().items()
        if len(path.read_text(encoding="utf-8").splitlines()) > MAX_LINES
    }
    mixed = {
        name: lines
        for name, lines in long.items()
        if "data only" not in (ast.get_docstring(ast.parse(_modules()[name].read_text())) or "")
    }
    assert mixed == {}
