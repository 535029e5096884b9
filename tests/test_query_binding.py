"""Parameters bound as VALUES: at the head of the query, and pushed into the subqueries that
project the parameter's variable, so that a grouped subquery groups only the part asked for.
Pushing must never change an answer."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store.library import bind, code_only, library, run, value, with_values
from kg.store.open import open_store
from tests.test_queries import examples

ROOT = Path(__file__).resolve().parent.parent
A = {"y": ox.Literal("a")}


def _head_only(text: str, bindings: dict[str, ox.Literal | ox.NamedNode]) -> str:
    """The binding without pushing: one VALUES block at the head of the outer WHERE."""
    at = code_only(text).upper().index("WHERE")
    at = text.index("{", at) + 1
    block = " ".join(f"VALUES ?{k} {{ {t} }}" for k, t in sorted(bindings.items()))
    return f"{text[:at]} {block}{text[at:]}"


def test_pushed_into_a_subquery_that_projects_the_variable() -> None:
    text = "SELECT ?n WHERE { { SELECT ?y (COUNT(*) AS ?n) WHERE { ?s ?p ?y } GROUP BY ?y } }"
    bound = with_values(text, A)
    assert bound.count('VALUES ?y { "a" }') == 2
    assert 'WHERE { VALUES ?y { "a" }  ?s ?p ?y }' in bound


def test_not_pushed_where_the_subquery_does_not_project_it() -> None:
    text = "SELECT ?y WHERE { ?s ?p ?y { SELECT ?s WHERE { ?s ?q ?y } } }"
    assert with_values(text, A).count("VALUES") == 1  # the inner ?y is another variable


def test_not_pushed_where_the_subquery_binds_it_with_as() -> None:
    text = "SELECT ?y WHERE { { SELECT ?y WHERE { ?s ?p ?o BIND(STR(?o) AS ?y) } } }"
    assert with_values(text, A).count("VALUES") == 1


def test_not_pushed_when_a_result_is_limited() -> None:
    text = "SELECT ?y WHERE { { SELECT ?y WHERE { ?s ?p ?y } LIMIT 1 } }"
    assert with_values(text, A).count("VALUES") == 1


def test_a_variable_only_inside_an_expression_is_not_projected() -> None:
    text = "SELECT ?n WHERE { { SELECT (COUNT(?y) AS ?n) WHERE { ?s ?p ?y } } }"
    assert with_values(text, A).count("VALUES") == 1


def test_strings_and_comments_are_not_read_as_code() -> None:
    text = 'SELECT ?y WHERE { ?s ?p "SELECT ?y WHERE {" # SELECT ?y WHERE {\n ?s ?q ?y }'
    assert with_values(text, A).count("VALUES") == 1


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return open_store([ROOT / "exports" / "kg.ttl"])


@pytest.mark.parametrize(("name", "params"), [e for e in examples() if e[1]])
def test_pushing_changes_no_answer(store: ox.Store, name: str, params: dict[str, str]) -> None:
    query = library()[name]
    bindings = bind(query, params)
    pushed = run(store, with_values(query.text, bindings))
    plain = run(store, _head_only(query.text, bindings))
    assert [list(map(value, r)) for r in pushed.rows] == [list(map(value, r)) for r in plain.rows]


def test_the_library_has_subqueries_that_get_the_values() -> None:
    """The pushing is used: some library examples bind a subquery's variable."""
    pushed = [
        name
        for name, params in examples()
        if params
        and with_values(library()[name].text, bind(library()[name], params)).count("VALUES")
        > len(params)
    ]
    assert len(pushed) >= 5, pushed


def test_many_prefixes_are_read_in_one_pass(store: ox.Store) -> None:
    """The update check reads the prologue with blanked IRIs: forty PREFIX lines answer at once
    (a pattern that could split each run of spaces two ways would take 2^40 steps)."""
    prologue = "".join(f"PREFIX p{k}: <https://example.org/{'x' * 60}/{k}/>\n" for k in range(40))
    result = run(store, prologue + "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }")
    assert int(value(result.rows[0][0])) > 0
