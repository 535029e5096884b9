"""`make run` reads each document once: `kg build` writes the audit report with the graph, and
the pages are drawn from the built graph (`kg viz --graph`), the same bytes as from the
documents."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import pipeline
from kg.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_the_audit_report_of_kg_audit(built: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["audit", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ("audit.md", "audit.ttl"):
        assert (built / name).read_bytes() == (tmp_path / name).read_bytes(), name
    assert "| payout-exceeds-total |" in (built / "audit.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("sankey", [[], ["--sankey"]])
def test_a_page_from_the_graph_is_the_page_from_the_documents(
    built: Path, tmp_path: Path, sankey: list[str]
) -> None:
    runner = CliRunner()
    from_docs, from_graph = tmp_path / "docs.html", tmp_path / "graph.html"
    assert runner.invoke(main, ["viz", *sankey, "--out", str(from_docs)]).exit_code == 0
    args = ["viz", *sankey, "--graph", str(built / "kg.ttl"), "--out", str(from_graph)]
    assert runner.invoke(main, args).exit_code == 0
    assert from_graph.read_bytes() == from_docs.read_bytes()


def test_documents_and_a_graph_together_are_a_usage_error(built: Path, tmp_path: Path) -> None:
    args = ["viz", str(ROOT / "data" / "samples"), "--graph", str(built / "kg.ttl")]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    assert "give documents or --graph, not both" in result.output


def test_make_run_parses_each_document_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commands of `make run` (from the Makefile), run in this process: every document
    goes through the parser exactly once."""
    parsed: Counter[str] = Counter()
    parse = pipeline.parse_document

    def counting(doc, out):  # type: ignore[no-untyped-def]
        parsed[doc.source] += 1
        return parse(doc, out)

    monkeypatch.setattr(pipeline, "parse_document", counting)
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nrun:", 1)[1]
    commands = re.findall(r"^\t\$\(BIN\)/kg (.*)$", recipe.split("\n\n", 1)[0], re.M)
    assert [c.split()[0] for c in commands] == ["build", "viz", "viz"]
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    for command in commands:
        args = command.split()
        if args[0] == "build":
            args += ["--jobs", "1"]  # in this process, where the parser is counted
        result = runner.invoke(main, args)
        assert result.exit_code == 0, (command, result.output)
    samples = sorted(p.name for p in (ROOT / "data" / "samples").iterdir())
    assert sorted(parsed) == samples and set(parsed.values()) == {1}
    assert (tmp_path / "exports" / "audit.md").exists()
