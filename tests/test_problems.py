"""The registry of problem codes: every code kg emits is declared once, every declared code is
emitted, each check module declares the codes it emits, and the README's table is the
registry's.

Which string literals are codes is read from the source of ``kg/``: the argument in the
``code`` position of a call to :class:`~kg.domain.model.Issue`, :class:`~kg.checks.Finding` or
any function of ``kg`` with a parameter named ``code`` (the helpers that build issues and
findings), a value assigned to a name ``code``, and the first item of a ``(code, message)``
note an indicator row keeps for later.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import fields
from pathlib import Path
from types import ModuleType

import pytest

import kg
from kg.checks import CHECKS, GLOBAL_CHECKS, LOCAL_CHECKS, Finding
from kg.domain import problems
from kg.domain.model import Issue
from kg.domain.problems import PROBLEMS, exit_code, unreadable_input
from tests.conftest import ROOT

PACKAGE = Path(kg.__file__).parent
REGISTRY = PACKAGE / "domain" / "problems.py"
CODE = re.compile(r"^[a-z]+(?:-[a-z0-9]+)+$")  # kebab-case, as every code is


def _trees() -> dict[Path, ast.Module]:
    return {
        path: ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != REGISTRY
    }


def _code_parameters(trees: dict[Path, ast.Module]) -> dict[str, set[int]]:
    """Callable name → the positions of its ``code`` parameter: the records' fields, and every
    function of kg with a parameter named ``code`` (``self`` and ``cls`` not counted)."""
    found: dict[str, set[int]] = defaultdict(set)
    for cls in (Issue, Finding):
        found[cls.__name__].add([f.name for f in fields(cls)].index("code"))
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
                names = names[1:] if names[:1] in (["self"], ["cls"]) else names
                if "code" in names:
                    found[node.name].add(names.index("code"))
    return found


def _literals(node: ast.AST | None) -> set[str]:
    """The code-shaped string constants in an expression (``"a" if x else "b"`` gives both)."""
    if node is None:
        return set()
    return {
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE.match(n.value)
    }


def _callee(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _codes(tree: ast.Module, positions: dict[str, set[int]]) -> set[str]:
    """The string literals one module passes as a problem code."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _callee(node)
            for k in positions.get(name, ()):
                found |= _literals(node.args[k] if k < len(node.args) else None)
            found |= {c for kw in node.keywords if kw.arg == "code" for c in _literals(kw)}
            owner = node.func.value if isinstance(node.func, ast.Attribute) else None
            if name == "append" and isinstance(owner, ast.Attribute) and owner.attr == "notes":
                note = node.args[0]
                if isinstance(note, ast.Tuple):
                    found |= _literals(note.elts[0])
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "code" for t in targets):
                found |= _literals(node.value)
    return found


def codes_in_source() -> dict[Path, set[str]]:
    """Module → the string literals it passes as a problem code."""
    trees = _trees()
    positions = _code_parameters(trees)
    found = {path: _codes(tree, positions) for path, tree in trees.items()}
    return {path: codes for path, codes in found.items() if codes}


@pytest.fixture(scope="module")
def used() -> dict[Path, set[str]]:
    return codes_in_source()


def _where(used: dict[Path, set[str]], code: str) -> list[str]:
    return [str(p.relative_to(PACKAGE.parent)) for p, codes in used.items() if code in codes]


def test_every_code_kg_emits_is_declared(used: dict[Path, set[str]]) -> None:
    undeclared = {code: _where(used, code) for codes in used.values() for code in codes}
    assert {c: w for c, w in undeclared.items() if c not in PROBLEMS} == {}


def test_every_declared_code_is_emitted_somewhere(used: dict[Path, set[str]]) -> None:
    emitted = set().union(*used.values())
    assert [code for code in PROBLEMS if code not in emitted] == []


def test_the_scan_finds_codes_in_each_way_they_are_passed(used: dict[Path, set[str]]) -> None:
    # Issue(..., "csv-malformed", ...), _issue(source, "file-encrypted", ...),
    # out.issue(line, "row-unplaced", ...), finding("funding-sum", ...), code = ... if ... else,
    # row.notes.append(("indicator-value-missing", ...))
    for code in (
        "csv-malformed",
        "file-encrypted",
        "row-unplaced",
        "funding-sum",
        "summary-rounding",
        "table-growth",
        "indicator-value-missing",
        "document-timeout",
    ):
        assert _where(used, code), code


def test_the_scan_sees_a_new_code_in_each_of_those_ways() -> None:
    source = """
def _issue(source, code, message): ...
def fail(out, row):
    Issue("a.txt", 1, "made-up-issue", "m")
    _issue(source, "made-up-helper", "m")
    out.issue(row.line, code="made-up-keyword", message="m")
    code = "made-up-one" if row else "made-up-two"
    row.notes.append(("made-up-note", "m"))
    print("not-a-code", code)
"""
    tree = ast.parse(source)
    positions = _code_parameters({Path("x.py"): tree})
    assert _codes(tree, positions) == {
        "made-up-issue",
        "made-up-helper",
        "made-up-keyword",
        "made-up-one",
        "made-up-two",
        "made-up-note",
    }


def test_issues_and_findings_are_declared_with_what_they_need() -> None:
    for p in PROBLEMS.values():
        assert CODE.match(p.code), p.code
        assert p.description and p.description == p.description.strip(), p.code
        assert "\n" not in p.description, p.code
        assert (p.kind == "finding") == (p.stage == "check") == bool(p.zh), p.code
        assert not p.unreadable or (p.kind == "issue" and p.severity == "error"), p.code
    assert {p.kind for p in PROBLEMS.values()} == set(problems.KINDS)
    assert {p.stage for p in PROBLEMS.values()} == set(problems.STAGES)


def test_the_audit_reads_its_checks_from_the_registry() -> None:
    findings = [p for p in PROBLEMS.values() if p.kind == "finding"]
    assert list(CHECKS) == [p.code for p in findings]
    assert all(CHECKS[p.code] == (p.severity, p.zh, p.description) for p in findings)


def _check_modules() -> list[ModuleType]:
    names = dict.fromkeys(check.__module__ for check in (*LOCAL_CHECKS, *GLOBAL_CHECKS))
    return [sys.modules[name] for name in names]


def test_each_check_module_declares_the_codes_it_emits(used: dict[Path, set[str]]) -> None:
    declared: list[str] = []
    for module in _check_modules():
        codes = module.CODES
        assert all(PROBLEMS[c].kind == "finding" for c in codes), module.__name__
        assert used.get(Path(module.__file__ or ""), set()) == set(codes), module.__name__
        declared += codes
    assert sorted(declared) == sorted(CHECKS)  # every check in one module, none in two


def test_exit_codes_follow_the_registry() -> None:
    assert [c for c in PROBLEMS if unreadable_input(c)] == [
        c for c in PROBLEMS if c.startswith("file-") and c != "file-skipped"
    ]
    assert exit_code(["file-skipped", "page-no-text"]) == 0
    assert exit_code(["file-skipped"], strict=True) == 1
    assert exit_code(["indicator-value-missing", "file-truncated"]) == 2
    with pytest.raises(KeyError):
        unreadable_input("no-such-code")


# --- the README's table ---------------------------------------------------------------------


def test_the_readme_table_is_the_registry() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count(problems.BEGIN) == 1 and readme.count(problems.END) == 1
    shown = readme.split(problems.BEGIN + "\n", 1)[1].split(problems.END, 1)[0]
    assert shown == problems.table(), "run: python -m kg.domain.problems --write"
    assert problems.with_table(readme) == readme


def test_the_table_has_a_row_per_code() -> None:
    rows = problems.table().splitlines()[2:]
    assert [row.split(" | ")[0].strip("| `") for row in rows] == list(PROBLEMS)
    assert "| `file-binary` | issue | error | read | yes |" in problems.table()


def test_write_puts_the_table_between_the_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{problems.BEGIN}\nold\n{problems.END}\n\nafter\n", encoding="utf-8")
    command = [sys.executable, "-m", "kg.domain.problems", "--write", str(readme)]
    subprocess.run(command, check=True, cwd=ROOT)
    text = readme.read_text(encoding="utf-8")
    assert text == f"# x\n\n{problems.BEGIN}\n{problems.table()}{problems.END}\n\nafter\n"
    printed = subprocess.run(
        [sys.executable, "-m", "kg.domain.problems"], check=True, capture_output=True, text=True
    )
    assert printed.stdout == problems.table()
    with pytest.raises(ValueError, match="markers"):
        problems.with_table("# no markers\n")
