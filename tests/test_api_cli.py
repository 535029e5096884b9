"""The command line is the API printed: each command gives the data its :mod:`kg.api` function
gives, on the bundled samples, and the CLI stays a thin layer (its imports are read).

The data is compared (parsed JSON and CSV, file bytes), not only exit codes.
"""

from __future__ import annotations

import ast
import csv
import http.server
import inspect
import io
import json
import threading
from collections.abc import Iterator
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner, Result

import kg
from kg import api
from kg.cli import main
from kg.domain.model import RECORD_TYPES, Extraction
from kg.domain.values import fmt_decimal
from tests.conftest import ROOT

SAMPLE = kg.SAMPLES / "001_ca9d259f3fbd1813.txt"


def run(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, (args, result.output, result.exception)
    return result


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return kg.extract()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples built by the command."""
    out = tmp_path_factory.mktemp("cli") / "exports"
    run("build", "--out", str(out))
    return out


@pytest.fixture(scope="module")
def graph_file(built: Path) -> str:
    return str(built / "kg.ttl")


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One sample's graph (SHACL validation takes a while)."""
    out = tmp_path_factory.mktemp("small")
    kg.write_graph(kg.build_graph(kg.extract([SAMPLE])), out)
    return str(out / "kg.ttl")


# --- documents -----------------------------------------------------------------------------


def test_extract_writes_and_counts_what_the_api_does(
    tmp_path: Path, extraction: Extraction
) -> None:
    printed = json.loads(run("extract", "--out", str(tmp_path / "cli"), "--format", "json").stdout)
    kg.write_csv(extraction, tmp_path / "api")
    assert files(tmp_path / "cli") == files(tmp_path / "api")
    counts = {kind.TABLE: len(extraction.records[kind.TABLE]) for kind in RECORD_TYPES}
    assert {row["table"]: int(row["records"]) for row in printed} == counts
    done = kg.extract_tables(out=tmp_path / "tables", xlsx=True)
    assert [(f.name, f.count) for f in done.files] == [
        (row["table"], int(row["records"])) for row in printed
    ] + [("(all)", sum(counts.values()))]
    assert files(tmp_path / "tables").keys() == {*files(tmp_path / "api"), "tables.xlsx"}


def test_build_writes_what_the_api_builds(
    built: Path, tmp_path: Path, extraction: Extraction
) -> None:
    done = kg.build(out=tmp_path / "api", jobs=1)
    assert files(built) == files(tmp_path / "api")
    printed = json.loads(run("build", "--out", str(tmp_path / "again"), "--format", "json").stdout)
    assert [(r["file"], int(r["triples"])) for r in printed] == [
        (f.name, f.count) for f in done.files
    ]
    # the in-memory graph of the API writes the same graph files
    kg.write_graph(kg.build_graph(extraction), tmp_path / "memory")
    for name in ("kg.ttl", "kg.trig", "catalog.ttl"):
        assert (built / name).read_bytes() == (tmp_path / "memory" / name).read_bytes(), name


def test_audit_lists_and_writes_what_the_api_finds(tmp_path: Path, extraction: Extraction) -> None:
    result = run("audit", "--out", str(tmp_path / "cli"), "--format", "json")
    printed = sorted(tuple(row.values()) for row in json.loads(result.stdout))
    frame = kg.audit(extraction)
    columns = ["code", "severity", "source", "line", "key", "message", "figures"]
    found = sorted(tuple(str(v) for v in row) for row in frame[columns].itertuples(index=False))
    assert printed == found and len(found) > 10
    report = kg.audit_report(out=tmp_path / "api")
    assert (
        files(tmp_path / "cli")
        == files(tmp_path / "api")
        == {
            "audit.md": (tmp_path / "api" / "audit.md").read_bytes(),
            "audit.ttl": (tmp_path / "api" / "audit.ttl").read_bytes(),
        }
    )
    assert len(report.findings) == len(found)


def test_stats_prints_the_api_tables(extraction: Extraction) -> None:
    printed = json.loads(run("stats", "--top", "5", "--format", "json").stdout)
    tables = kg.stats(kg.build_graph(extraction), top=5, exact=True)
    assert list(printed) == list(tables) and len(tables) > 5
    for name, frame in tables.items():
        rows = printed[name]
        assert len(rows) == len(frame), name
        for row, values in zip(rows, frame.to_dict("records"), strict=True):
            assert list(row) == list(values), name
            assert [_plain(v) for v in values.values()] == list(row.values()), name


def _plain(value: object) -> object:
    """A value of a stats DataFrame as ``kg stats --format json`` prints it."""
    if value is pd.NA:
        return None
    if isinstance(value, Decimal):
        return fmt_decimal(value)
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()  # type: ignore[attr-defined]
    return value


@pytest.mark.parametrize("sankey", [False, True])
def test_viz_writes_the_api_page(tmp_path: Path, sankey: bool) -> None:
    out = tmp_path / "page.html"
    run("viz", str(SAMPLE), "--region", "450206", "--out", str(out), *(["--sankey"] * sankey))
    graph = kg.build_graph(kg.extract([SAMPLE]))
    page = kg.sankey_html if sankey else kg.network_html
    assert out.read_bytes() == page(graph, region="450206").encode("utf-8")
    again = kg.viz([SAMPLE], out=tmp_path / "api.html", region="450206", sankey=sankey)
    assert (tmp_path / "api.html").read_bytes() == out.read_bytes()
    assert again.years == [2025] and (again.nodes is None) == sankey


# --- graphs --------------------------------------------------------------------------------


def _cell(value: object) -> str:
    """A DataFrame value (``exact=True``) as a SPARQL results CSV cell holds it."""
    if value is pd.NA:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _same_rows(printed_csv: str, frame: pd.DataFrame) -> None:
    rows = list(csv.reader(io.StringIO(printed_csv)))
    assert rows[0] == list(frame.columns)
    assert len(rows) > 1
    expected = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    for printed, values in zip(rows[1:], expected, strict=True):
        for a, b in zip(printed, values, strict=True):
            numeric = a and b and a.lstrip("-").replace(".", "", 1).isdigit()
            assert (Decimal(a) == Decimal(b)) if numeric else a == b, (a, b)


@pytest.mark.parametrize(
    "name,params", [("largest-projects", {}), ("who-funds-what", {"region": "450206"})]
)
def test_query_prints_the_api_answer(graph_file: str, name: str, params: dict[str, str]) -> None:
    args = [f"--param={k}={v}" for k, v in params.items()]
    printed = run("query", name, *args, "--graph", graph_file, "--format", "csv").stdout
    _same_rows(printed, kg.query(graph_file, name, exact=True, **params))
    as_json = json.loads(
        run("query", name, *args, "--graph", graph_file, "--format", "json").stdout
    )
    result = kg.query_result(graph_file, name, params)
    assert as_json["head"]["vars"] == result.variables
    assert len(as_json["results"]["bindings"]) == len(result.rows)


def test_query_list_and_show_are_the_api_library() -> None:
    printed = json.loads(run("query", "--list", "--format", "json").stdout)
    listed = kg.list_queries()
    assert [[r["name"], r["标题"], r["title"], r["parameters"]] for r in printed] == listed[
        ["name", "title", "title_en", "parameters"]
    ].values.tolist()
    shown = run("query", "who-funds-what", "--show").stdout
    assert shown == kg.named_query("who-funds-what").text


def test_sparql_prints_the_api_answer(graph_file: str) -> None:
    text = "SELECT ?p ?t WHERE { ?p a kg:Project ; kg:totalAmount ?t } ORDER BY DESC(?t) ?p"
    printed = run("sparql", text, "--graph", graph_file, "--format", "csv").stdout
    _same_rows(printed, kg.sparql(graph_file, text, exact=True))
    asked = run("sparql", "ASK { ?p a kg:Project }", "--graph", graph_file, "--format", "json")
    assert json.loads(asked.stdout)["boolean"] is bool(
        kg.sparql(graph_file, "ASK { ?p a kg:Project }").boolean[0]
    )


def test_schema_prints_the_api_schema(graph_file: str) -> None:
    printed = json.loads(run("schema", "--graph", graph_file, "--format", "json").stdout)
    schema = kg.schema(graph_file)
    assert printed == {
        "prefixes": schema.prefixes,
        "classes": [asdict(c) for c in schema.classes],
        "properties": [asdict(p) for p in schema.properties],
    }
    assert any(c["instances"] for c in printed["classes"])


def test_validate_reports_what_the_api_finds(small_graph: str, tmp_path: Path) -> None:
    checked = kg.validate(small_graph)
    result = run("validate", small_graph)
    assert checked.violations == []
    assert (
        result.stderr
        == f"conforms: {checked.triples} triples checked against ontology/shapes.ttl\n"
    )
    broken = tmp_path / "broken.ttl"
    project = "<https://kg.example.org/id/project/450206220411800006423>"
    extra = f'\n{project} <http://www.w3.org/2000/01/rdf-schema#label> "第二个名称"@zh .\n'
    broken.write_text(Path(small_graph).read_text("utf-8") + extra, encoding="utf-8")
    printed = list(
        csv.DictReader(io.StringIO(run("validate", str(broken), "--format", "csv", code=1).stdout))
    )
    found = kg.validate(broken).violations
    assert [(r["focus"], r["path"], r["message"]) for r in printed] == [
        (v.focus, v.path, v.message) for v in found
    ]
    assert [v.focus for v in found] == [project.strip("<>")]


def test_load_fills_the_store_the_api_fills(graph_file: str, tmp_path: Path) -> None:
    result = run("load", "--store", str(tmp_path / "cli"), graph_file)
    size = kg.load_store(graph_file, tmp_path / "api")
    assert result.stderr == f"{tmp_path / 'cli'}: {size} quads\n"
    quads = {str(q) for q in kg.load(store=tmp_path / "cli")}
    assert (
        quads
        == {str(q) for q in kg.load(store=tmp_path / "api")}
        == {str(q) for q in kg.load(graph_file)}
    )


def test_site_writes_the_api_site(graph_file: str, tmp_path: Path) -> None:
    run("site", "--graph", graph_file, "--out", str(tmp_path / "cli"))
    summary = kg.site(graph_file, tmp_path / "api")
    written = tree(tmp_path / "cli")
    assert written == tree(tmp_path / "api")
    assert sum(1 for name in written if name.endswith(".html")) == summary.pages


@pytest.fixture
def endpoint() -> Iterator[str]:
    """A Graph Store Protocol endpoint on loopback that takes every write (204)."""

    class Store(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Store)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store"
    server.shutdown()
    server.server_close()


def test_push_prints_what_the_api_sent(built: Path, endpoint: str) -> None:
    graphs = [str(built / "kg.ttl"), str(built / "kg.trig")]
    printed = json.loads(run("push", *graphs, "--endpoint", endpoint, "--format", "json").stdout)
    sent = kg.push(graphs, endpoint)
    assert printed == [{"file": r.file, "url": r.url, "status": str(r.status)} for r in sent]
    assert [r.status for r in sent] == [204, 204]


# --- the CLI stays thin ---------------------------------------------------------------------

CLI = ROOT / "kg" / "cli"
#: what a command module may take from kg besides kg.api and kg.cli: printing helpers (the
#: formats, the audit's rows, SPARQL answers as text, the schema as text, the benchmark's
#: table), the exit-code policy, the defaults its help texts name and the exceptions it
#: turns into messages. Never the pipeline, a reader, the store, the checks or a view itself.
ALLOWED = {
    "kg.views.formats": {"FORMATS"},
    "kg.views.render": {"printable", "render"},
    "kg.checks.report": {"COLUMNS", "counts", "rows"},
    "kg.store.library": {"format_result"},
    "kg.store.schema": {"format_schema"},
    "kg.bench": {"table"},
    "kg.domain.problems": {"exit_code"},
    "kg.domain.values": {"fmt_decimal"},
    "kg.store.defaults": {"DEFAULT_GRAPH", "PORT", "TIMEOUT"},
    "kg.rdf.ids": {"DEFAULT_BASE", "BaseIRIError"},
    "kg.views.network_page": {"SelectionError"},
    "kg.views.site": {"SiteError"},
}


def _kg_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every import of a kg module in the file, also inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names if a.name.split(".")[0] == "kg"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "kg":
            assert node.level == 0, path
            found += [(node.module or "", a.name) for a in node.names]
    return found


def _allowed(module: str, name: str) -> bool:
    if module == "kg.api" or module.startswith("kg.cli"):
        return True
    if module == "kg":
        return name in ("api", "cli")
    return name in ALLOWED.get(module, set())


def test_the_cli_imports_only_the_api_and_printing_helpers() -> None:
    modules = sorted(CLI.glob("*.py"))
    assert {p.stem for p in modules} >= {"__init__", "documents", "graph", "serve", "site"}
    wrong = [(p.name, m, n) for p in modules for m, n in _kg_imports(p) if not _allowed(m, n)]
    assert wrong == []


def test_the_rule_catches_a_command_that_reaches_past_the_api(tmp_path: Path) -> None:
    thick = tmp_path / "thick.py"
    thick.write_text(
        "from kg.pipeline import extract\nfrom kg.store.library import run, format_result\n"
        "def f():\n    import kg.checks\n",
        encoding="utf-8",
    )
    assert [(m, n) for m, n in _kg_imports(thick) if not _allowed(m, n)] == [
        ("kg.pipeline", "extract"),
        ("kg.store.library", "run"),
        ("kg.checks", ""),
    ]


def _api_calls(command: Any) -> set[str]:
    """The kg.api functions a command's callback calls."""
    source = inspect.getsource(inspect.unwrap(command.callback))
    calls = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func
            if isinstance(target.value, ast.Name) and target.value.id == "api":
                calls.add(target.attr)
    return calls


def test_every_command_calls_one_api_function() -> None:
    calls = {name: _api_calls(command) for name, command in main.commands.items()}
    # kg query has three modes, each one call: --list, --show, and running the query
    assert calls.pop("query") == {"query_library", "named_query", "query_result"}
    assert {name: len(c) for name, c in calls.items()} == {name: 1 for name in calls}
    assert set().union(*calls.values()) <= set(api.__all__)
