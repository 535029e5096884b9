"""The SPARQL query library and the engine that runs it (pyoxigraph).

Each ``kg/queries/NAME.rq`` starts with a header of ``#`` lines::

    # title: 谁资助什么 | Who funds what
    # description: Fund source → supervising department → implementing unit → project.
    # param: region region optional — only projects of this region (division code, e.g. 450206)
    # example: kg query who-funds-what --param region=450206

Parameters are bound as RDF terms: each becomes ``VALUES ?name { term }`` at the head of the
query's outer ``WHERE`` group, the term written by pyoxigraph's own N-Triples serializer (which
escapes quotes, backslashes and newlines), so a value holding quotes, braces or ``INSERT``
cannot change the query.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from kg.rdf.ids import Ids
from kg.rdf.vocab import PREFIXES, XSD
from kg.resources import QUERIES
from kg.views.render import csv_cell, render

_HEADER = re.compile(r"^#\s*(title|description|param|example):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(\w+)\s+(required|optional)\s*[—-]+\s*(.*)$")
_IRI_BAD = re.compile(r'[\s<>"{}|\\^`]')
_CODE = re.compile(r"^[0-9A-Za-z-]{1,40}$")

#: parameter types and how a command-line value becomes an RDF term
PARAM_TYPES = (
    "string",
    "zh",
    "integer",
    "decimal",
    "year",
    "iri",
    "region",
    "project",
    "department",
    "group",
)


class QueryError(ValueError):
    """A query or parameter problem, with a message for the user."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    examples: tuple[str, ...] = ()

    @property
    def title_zh(self) -> str:
        return self.title.split("|")[0].strip()

    @property
    def title_en(self) -> str:
        return self.title.split("|")[-1].strip()

    @property
    def signature(self) -> str:
        """The parameters as ``kg query --list`` shows them (``?``: optional)."""
        return " ".join(f"{p.name}{'' if p.required else '?'}" for p in self.params)


def parse_query(name: str, text: str) -> Query:
    """A library query with its header read."""
    title, description, params, examples = "", "", [], []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        if key == "title":
            title = value
        elif key == "description":
            description = f"{description} {value}".strip()
        elif key == "example":
            examples.append(value)
        else:
            p = _PARAM.match(value)
            if not p or p.group(2) not in PARAM_TYPES:
                raise QueryError(f"{name}.rq: bad parameter line '{value}'")
            params.append(Param(p.group(1), p.group(2), p.group(3) == "required", p.group(4)))
    return Query(name, text, title, description, tuple(params), tuple(examples))


def library() -> dict[str, Query]:
    """Every query of the library, by name."""
    return {
        p.stem: parse_query(p.stem, p.read_text(encoding="utf-8"))
        for p in sorted(QUERIES.glob("*.rq"))
    }


# --- parameters ----------------------------------------------------------------------------

Bindings = dict[str, ox.NamedNode | ox.Literal]
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind(query: Query, values: dict[str, str], ids: Ids | None = None) -> Bindings:
    """Command-line ``key=value`` pairs → RDF terms for the query's declared parameters."""
    ids = ids or Ids()
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise QueryError(
            f"{query.name}: unknown parameter {', '.join(unknown)} "
            f"(it takes: {', '.join(declared) or 'none'})"
        )
    missing = [p.name for p in query.params if p.required and p.name not in values]
    if missing:
        raise QueryError(f"{query.name}: parameter {', '.join(missing)} is required")
    return {k: term(declared[k], v, ids) for k, v in values.items()}


def with_values(text: str, bindings: Bindings) -> str:
    r"""The query with one inline VALUES block per bound variable at the head of its WHERE,
    and again at the head of each subquery that projects the variable as it is: the same
    answers (the outer VALUES joins them anyway), but a subquery that groups the whole graph
    then groups only the part asked for. Not pushed into a subquery that binds the variable
    with ``AS`` itself, nor into any when the query limits a result (``LIMIT``/``OFFSET``).

    >>> with_values("SELECT ?p WHERE { ?p ?x ?y }", {"y": ox.Literal('a"b')})
    'SELECT ?p WHERE { VALUES ?y { "a\\"b" } ?p ?x ?y }'
    >>> with_values("SELECT ?n WHERE { { SELECT ?y (COUNT(*) AS ?n) WHERE { ?s ?p ?y } "
    ...             "GROUP BY ?y } }", {"y": ox.Literal("a")})[:76]
    'SELECT ?n WHERE { VALUES ?y { "a" } { SELECT ?y (COUNT(*) AS ?n) WHERE { VAL'
    """
    if not bindings:
        return text
    code = code_only(text)
    m = _WHERE.search(code)
    if m is None:
        raise QueryError("the query has no WHERE { ... } to bind parameters in")
    inserts = {m.end(): " " + _values(bindings)}
    if not _LIMITED.search(code):
        for start, projection, opened in _subqueries(code, m.end()):
            body = code[start : _closing(code, opened - 1)]
            names = {
                name
                for name in bindings
                if re.search(rf"\?{name}\b", _PARENS.sub(" ", projection))
                and not re.search(rf"\bAS\s+\?{name}\b", body, re.IGNORECASE)
            }
            if names:
                inserts[opened] = " " + _values({k: bindings[k] for k in names}) + " "
    for at in sorted(inserts, reverse=True):
        text = text[:at] + inserts[at] + text[at:]
    return text


def _closing(code: str, opening: int) -> int:
    """The offset just past the brace that closes the one at ``opening``."""
    depth = 0
    for at in range(opening, len(code)):
        depth += {"{": 1, "}": -1}.get(code[at], 0)
        if depth == 0:
            return at + 1
    return len(code)


def _values(bindings: Bindings) -> str:
    return " ".join(f"VALUES ?{name} {{ {t} }}" for name, t in sorted(bindings.items()))


_SELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)
_WHERE_BRACE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _subqueries(code: str, after: int) -> list[tuple[int, str, int]]:
    """(start, projection, offset past the opening brace of its WHERE) of each ``SELECT …
    WHERE {`` after ``after`` in blanked query code; a SELECT without the WHERE keyword is
    skipped (never pushed into). Linear: one forward search per SELECT."""
    found = []
    for select in _SELECT.finditer(code, after):
        where = _WHERE_BRACE.search(code, select.end())
        if where is None:
            break
        projection = code[select.end() : where.start()]
        if "{" in projection or "}" in projection:
            continue  # no WHERE keyword: the next WHERE belongs to another query
        found.append((select.start(), projection, where.end()))
    return found


#: parenthesised expressions, innermost first (one level at a time is enough for projections)
_PARENS = re.compile(r"\((?:[^()]|\([^()]*\))*\)")
_LIMITED = re.compile(r"\b(?:LIMIT|OFFSET)\b", re.IGNORECASE)


def _strip_comments(text: str) -> str:
    """Blank out # comments (keeping offsets) so a WHERE inside a comment is not matched."""
    return re.sub(r"(?m)#[^\n]*", lambda m: " " * len(m.group(0)), text)


def term(param: Param, value: str, ids: Ids) -> ox.NamedNode | ox.Literal:
    """One parameter value as an RDF term, or a QueryError saying why it cannot be one."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # bytes of another encoding on the command line
        raise QueryError(
            f"parameter {param.name}: {value.encode('utf-8', 'backslashreplace').decode()!r} "
            "is not UTF-8 text"
        ) from None
    t = param.type
    if t == "string":
        return ox.Literal(value)
    if t == "zh":
        return ox.Literal(value, language="zh")
    if t in ("integer", "decimal", "year"):
        return _number(param, value)
    if t == "iri":
        if not value or _IRI_BAD.search(value) or ":" not in value:
            raise QueryError(f"parameter {param.name}: '{value}' is not an IRI")
        return ox.NamedNode(value)
    if t == "group":
        return ox.NamedNode(ids.group(value))
    if not _CODE.match(value):
        raise QueryError(f"parameter {param.name}: '{value}' is not a {t} code")
    if t == "region":
        return ox.NamedNode(ids.region(value))
    if t == "project":
        return ox.NamedNode(ids.project(value))
    region, _, code = value.partition("-")
    if not code:
        raise QueryError(
            f"parameter {param.name}: give a department as REGION-CODE "
            f"(e.g. 450203-318), not '{value}'"
        )
    return ox.NamedNode(ids.department(region, code, ""))


#: a number as people write one: digits, a point, a sign; no exponent (1e30000000 would take
#: minutes to write out), no Infinity or NaN
#: what is not SPARQL code: strings, IRIs and comments (the earliest match wins, as in a lexer)
_NOT_CODE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.S,
)


def code_only(text: str) -> str:
    """The query with its strings, IRIs and comments blanked out (same length, same offsets):
    what is left is SPARQL code, where keywords and prefixes can be looked for."""
    return _NOT_CODE.sub(lambda m: " " * len(m.group(0)), text)


_PLAIN_NUMBER = re.compile(r"[+-]?\d{1,30}(?:\.\d{1,30})?")


def _number(param: Param, value: str) -> ox.Literal:
    """A parameter's number, checked before it is converted.

    >>> _number(Param("year", "year", True, ""), "2025").value
    '2025'
    >>> _number(Param("year", "year", True, ""), "1e30000000")
    Traceback (most recent call last):
    kg.store.library.QueryError: parameter year: '1e30000000' is not a number (digits and a point)
    """
    if not _PLAIN_NUMBER.fullmatch(value.strip()):
        raise QueryError(f"parameter {param.name}: '{value}' is not a number (digits and a point)")
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise QueryError(f"parameter {param.name}: '{value}' is not a number") from None
    if param.type == "decimal":
        return ox.Literal(format(number, "f"), datatype=ox.NamedNode(str(XSD.decimal)))
    if number != number.to_integral_value():
        raise QueryError(f"parameter {param.name}: '{value}' is not a whole number")
    if param.type == "year":
        if not 1 <= number <= 9999:
            raise QueryError(f"parameter {param.name}: '{value}' is not a year")
        return ox.Literal(f"{int(number):04d}", datatype=ox.NamedNode(str(XSD.gYear)))
    return ox.Literal(str(int(number)), datatype=ox.NamedNode(str(XSD.integer)))


# --- results -----------------------------------------------------------------------------


@dataclass
class Result:
    """A query's answer: variables and rows of terms (SELECT), a boolean (ASK) or triples."""

    variables: list[str] = field(default_factory=list)
    rows: list[list[object]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


#: an update, read in the code of a query (:func:`code_only`: its IRIs blanked, so a ``#`` in a
#: declared prefix's IRI is not taken for a comment)
_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*|BASE)\s*(?:<[^>]*>\s*)?)*"  # one way to split each space run
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


#: the keywords that make the engine fetch a URL, where they are code (not part of a name)
_FETCH = re.compile(r"(?<![\w:?$\-])(SERVICE|LOAD)(?![\w:\-])", re.IGNORECASE)
_TARGET = re.compile(r"\s*(?:SILENT\b\s*)?(<[^>]*>)?", re.IGNORECASE)


def refuse_federation(text: str, allowed: Sequence[str] = ()) -> None:
    """A :class:`QueryError` naming ``SERVICE`` or ``LOAD`` where the text uses one outside
    strings, IRIs and comments, unless its target is a full ``<IRI>`` under one of the
    ``allowed`` prefixes: either would make the engine fetch a URL (SSRF).

    >>> refuse_federation('ASK { ?s kg:service "SERVICE <x>" } # LOAD')
    >>> refuse_federation("ASK { SERVICE <http://a/q> {} }", ["http://a/"])
    >>> refuse_federation("ASK { ?s ?p ?o .service<http://b/q> {} }", ["http://a/"])
    Traceback (most recent call last):
    kg.store.library.QueryError: SERVICE is refused: it would make the server fetch a URL (allowed: http://a/)
    """
    code = code_only(text)
    for m in _FETCH.finditer(code):
        target = _TARGET.match(text, m.end())
        iri = (target.group(1) if target else None) or ""
        if "\\" in iri or not any(_under(iri[1:-1], prefix) for prefix in allowed):
            raise QueryError(
                f"{m.group(1).upper()} is refused: it would make the server fetch a URL "
                f"(allowed: {', '.join(allowed) or 'none; see --allow-service'})"
            )


def _under(iri: str, prefix: str) -> bool:
    """Whether ``iri`` is ``prefix`` or below it (``http://a`` does not cover ``http://a.b``)."""
    if not iri.startswith(prefix):
        return False
    rest = iri[len(prefix) :]
    return prefix.endswith(("/", "#", "?")) or rest[:1] in ("", "/", "?", "#")


def run(
    store: ox.Store,
    text: str,
    bindings: Bindings | None = None,
    allow_service: Sequence[str] = (),
) -> Result:
    """Run a query (with its parameters bound) on a store; updates are refused, and so is
    ``SERVICE`` unless its IRI is under one of the ``allow_service`` prefixes."""
    if _UPDATE.match(code_only(text)):
        raise QueryError(
            "updates are not accepted: this runs queries only (SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )
    refuse_federation(text, allow_service)
    prefixes = Ids().all_prefixes()
    try:
        answer = store.query(
            with_values(text, bindings or {}), prefixes=prefixes, use_default_graph_as_union=True
        )
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    if isinstance(answer, ox.QueryBoolean):
        return Result(boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows = [[solution[v] for v in variables] for solution in answer]
        return Result(variables, rows)
    return Result(triples=list(answer))


def value(term: object) -> str:
    """A term's plain text for tables and CSV ('' when unbound)."""
    return "" if term is None else str(getattr(term, "value", term))


def format_result(result: Result, fmt: str) -> str:
    """The result as a terminal table, SPARQL 1.1 results CSV, Markdown or SPARQL 1.1 results
    JSON."""
    if result.boolean is not None:
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if result.triples or not result.variables:
        data = ox.serialize(result.triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return (data or b"").decode("utf-8")
    if fmt == "json":
        return json.dumps(results_json(result), ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return results_csv(result)
    rows = [[value(t) for t in row] for row in result.rows]
    return render(result.variables, rows, fmt)


def csv_term(term: object) -> str:
    """One cell of SPARQL 1.1 Query Results CSV: an IRI bare, a literal its lexical form (no
    datatype, no language tag), a blank node ``_:label``, unbound empty. Numbers of the decimal
    and integer types in canonical form (XSD 1.1), whatever form the data or an aggregate wrote.

    >>> d = ox.NamedNode(str(XSD.decimal))
    >>> [csv_term(ox.Literal(x, datatype=d)) for x in ("1320000.0", "5543935.570", "-0.50")]
    ['1320000', '5543935.57', '-0.5']
    >>> csv_term(ox.Literal("007", datatype=ox.NamedNode(str(XSD.integer)))), csv_term(None)
    ('7', '')
    >>> csv_term(ox.Literal("=SUM(1)", language="zh")), csv_term(ox.NamedNode("http://x/a"))
    ('=SUM(1)', 'http://x/a')
    """
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        from kg.rdf.literals import decode

        number = decode(term)
        if isinstance(number, Decimal):
            return format(number, "f")
        if isinstance(number, int) and not isinstance(number, bool):
            return str(number)
    return value(term)


def results_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV (W3C Recommendation, 21 March 2013): a header of the
    variable names, one line per solution, RFC 4180 quoting (a cell holding a comma, a quote or
    a line break is quoted, quotes doubled), CRLF line ends. Cells are the terms as the standard
    writes them (:func:`csv_term`), with the one rule of every CSV here: a cell a spreadsheet
    would execute (a function call, DDE) gets an apostrophe (:func:`kg.views.render.csv_cell`);
    ``=100%`` stays as printed.

    >>> rows = [[ox.Literal("x,y"), ox.Literal('a"b'), None]]
    >>> results_csv(Result(["a", "b", "c"], rows)).split(chr(13) + chr(10))
    ['a,b,c', '"x,y","a""b",', '']
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([csv_cell(csv_term(t)) for t in row] for row in result.rows)
    return buffer.getvalue()


def results_json(result: Result) -> dict[str, object]:
    """SPARQL 1.1 Query Results JSON."""
    bindings = []
    for row in result.rows:
        binding: dict[str, dict[str, str]] = {}
        for var, t in zip(result.variables, row, strict=True):
            if t is None:
                continue
            if isinstance(t, ox.NamedNode):
                binding[var] = {"type": "uri", "value": t.value}
            elif isinstance(t, ox.BlankNode):
                binding[var] = {"type": "bnode", "value": t.value}
            elif isinstance(t, ox.Literal):
                lit = {"type": "literal", "value": t.value}
                if t.language:
                    lit["xml:lang"] = t.language
                elif t.datatype.value != str(XSD.string):
                    lit["datatype"] = t.datatype.value
                binding[var] = lit
        bindings.append(binding)
    return {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
