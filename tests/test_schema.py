"""`kg schema`: the ontology opened for writing SPARQL; the prefixes `kg sparql` predeclares."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store.library import QueryError
from kg.store.schema import declare_prefixes, undeclared
from tests.conftest import ROOT

KNOWN = {"kg": "https://kg.example.org/def/kg#", "xsd": "http://www.w3.org/2001/XMLSchema#"}


def _schema(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(main, ["schema", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_schema_lists_classes_properties_and_prefixes_with_examples_from_the_graph() -> None:
    schema = _schema("--graph", str(ROOT / "exports" / "kg.ttl"))
    classes = {c["name"]: c for c in schema["classes"]}  # type: ignore[attr-defined]
    assert len(classes) == 21  # the owl:Class entries of ontology/kg.ttl
    assert classes["kg:Project"] == {
        "name": "kg:Project",
        "label_zh": "项目",
        "label_en": "Project",
        "parents": "foaf:Project",
        "instances": 62,
    }
    props = {p["name"]: p for p in schema["properties"]}  # type: ignore[attr-defined]
    supervising = props["kg:supervisingDepartment"]
    assert (supervising["kind"], supervising["label_zh"], supervising["label_en"]) == (
        "object",
        "主管单位",
        "supervising department",
    )
    assert (supervising["domain"], supervising["range"]) == ("kg:Project", "kg:Department")
    subject, predicate, obj = supervising["example"].split(" ")
    assert subject.startswith("project:") and predicate == "kg:supervisingDepartment"
    assert obj.startswith("department:")
    assert props["kg:totalAmount"]["kind"] == "datatype"
    assert props["kg:totalAmount"]["range"] == "xsd:decimal"
    assert props["kg:totalAmount"]["example"].endswith('"^^xsd:decimal')
    # properties of other vocabularies, as the graph uses them
    assert props["schema:fundedItem"]["kind"] == "used"
    assert props["schema:fundedItem"]["domain"] == "kg:FundingLine"
    assert schema["prefixes"]["kg"] == "https://kg.example.org/def/kg#"  # type: ignore[index]
    assert schema["prefixes"]["project"] == "https://kg.example.org/id/project/"  # type: ignore[index]


def test_every_example_runs_as_a_query_with_the_predeclared_prefixes() -> None:
    schema = _schema()  # default: exports/kg.ttl
    runner = CliRunner()
    for prop in schema["properties"]:  # type: ignore[attr-defined]
        if prop["example"] and "…" not in prop["example"] and '"' not in prop["example"]:
            s, p, o = prop["example"].split(" ")
            asked = runner.invoke(main, ["sparql", f"ASK {{ {s} {p} {o} }}"])
            assert (asked.exit_code, asked.stdout) == (0, "true\n"), prop["example"]


def test_schema_in_markdown_and_table_is_deterministic() -> None:
    runner = CliRunner()
    md = runner.invoke(main, ["schema", "--format", "md"]).stdout
    assert md.startswith("## Prefixes\n")
    assert "\n## Classes\n" in md and "\n## Properties\n" in md
    assert "| kg:hasTarget | object | 有指标值 | has target | kg:Indicator → kg:Target |" in md
    table = runner.invoke(main, ["schema"]).stdout
    assert table == runner.invoke(main, ["schema"]).stdout
    assert "kg:BeneficiaryGroup" in table and "受益群体" in table


def test_schema_without_a_graph_still_lists_the_ontology(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)  # no exports/ here
    result = runner.invoke(main, ["schema", "--format", "json"])
    assert result.exit_code == 0
    assert "no examples" in result.stderr
    schema = json.loads(result.stdout)
    assert {p["example"] for p in schema["properties"]} == {""}
    assert {c["instances"] for c in schema["classes"]} == {None}
    missing = runner.invoke(main, ["schema", "--graph", str(tmp_path / "nope.ttl")])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


# --- prefixes ------------------------------------------------------------------------------


def test_prefixes_used_are_found_outside_strings_iris_and_comments() -> None:
    text = (
        'PREFIX a: <urn:x#> SELECT * { ?s a:b kg:c, "x:y", """k:l""" ; xsd:int <urn:q:r> . '
        "# foo:bar\n ?s :z 'm:n'^^xsd:string }"
    )
    assert undeclared(text) == ["kg", "xsd", ""]


def test_declare_prefixes_keeps_the_line_numbers_and_the_own_declarations() -> None:
    text = "SELECT ?p\nWHERE { ?p a kg:Project }"
    done = declare_prefixes(text, KNOWN)
    assert done.count("\n") == text.count("\n") and done.endswith(text)
    assert done.startswith("PREFIX kg: <https://kg.example.org/def/kg#> ")
    own = "PREFIX kg: <urn:mine#> ASK { ?p a kg:Project }"
    assert declare_prefixes(own, KNOWN) == own


def test_an_unknown_prefix_is_one_line_naming_it() -> None:
    with pytest.raises(QueryError) as unknown:
        declare_prefixes("ASK { ?p a kgg:Project }", KNOWN)
    message = str(unknown.value)
    assert "\n" not in message and "'kgg:'" in message and "did you mean 'kg:'" in message
    result = CliRunner().invoke(main, ["sparql", "SELECT * WHERE { ?p a kgg:Project }"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "unknown prefix 'kgg:'" in result.stderr
