"""CONTRIBUTING.md's worked examples work: each new module is loaded from the file's code
blocks, registered the way its registration line says, and run; each registration line is
the current line of the registry plus the new entry, so the guide follows the code."""

from __future__ import annotations

import ast
import json
import re
import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest

from kg import checks
from kg.checks import base
from kg.domain import problems
from kg.domain.model import Extraction, FundingLine
from kg.parse import blocks
from kg.pipeline import extract
from kg.read import registry
from kg.views import formats, render
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", GUIDE, re.S)
#: the code blocks that are whole modules (they open with a docstring), by the path named
#: in the sentence before each
MODULES = dict(re.findall(r"`(kg/[\w/]+\.py)`:\n\n```python\n(\"\"\".*?)```", GUIDE, re.S))


def _load(path: str, monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    name = path.removesuffix(".py").replace("/", ".")
    module = types.ModuleType(name)
    module.__file__ = str(ROOT / path)
    monkeypatch.setitem(sys.modules, name, module)
    exec(compile(MODULES[path], path, "exec"), module.__dict__)
    return module


def _registration(after: str) -> str:
    """The code block that follows the sentence containing ``after``."""
    at = GUIDE.index(after)
    return re.search(r"```python\n(.*?)```", GUIDE[at:], re.S).group(1).strip()  # type: ignore[union-attr]


def _source(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def test_the_guide_shows_four_modules() -> None:
    assert sorted(MODULES) == [
        "kg/checks/negative.py",
        "kg/parse/notes.py",
        "kg/read/jsonl.py",
        "kg/views/formats/tsv.py",
    ]
    for path in MODULES:
        assert not (ROOT / path).exists(), f"{path} is an example, not a module of kg"
        ast.parse(MODULES[path])


def test_a_check(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = _registration("Declare the code in the registry")
    assert shown.endswith("),")  # an argument of _registry(...)
    declared = eval(shown.removesuffix(","), vars(problems))
    assert isinstance(declared, problems.Problem) and declared.code == "negative-amount"
    monkeypatch.setitem(problems.PROBLEMS, declared.code, declared)
    monkeypatch.setitem(base.CHECKS, declared.code, (declared.severity, declared.zh, "…"))
    module = _load("kg/checks/negative.py", monkeypatch)
    line = _registration("Register it in `kg/checks/__init__.py`")
    assert line == "check_negative,"
    monkeypatch.setattr(checks, "LOCAL_CHECKS", (*checks.LOCAL_CHECKS, module.check_negative))

    ex = Extraction()
    ex.add(FundingLine("a.txt", 7, "project", "P1", "某项目", "gov_fund", Decimal(-5), "-5"))
    ex.add(FundingLine("a.txt", 8, "project", "P1", "某项目", "own", Decimal(5), "5"))
    found = [f for f in checks.audit(ex) if f.code == "negative-amount"]
    assert [(f.source, f.line, f.severity) for f in found] == [("a.txt", 7, "warning")]
    assert module.CODES == ("negative-amount",)


def test_a_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = _load("kg/read/jsonl.py", monkeypatch)
    line = _registration("Register it in `kg/read/registry.py`")
    current = re.search(r"for m in \(([^)]*)\)", _source("kg/read/registry.py"), re.S)
    assert current is not None
    shown = re.search(r"for m in \(([^)]*)\)", line)
    assert shown is not None
    names = [n.strip() for n in shown.group(1).split(",")]
    assert [n for n in names if n != "jsonl"] == [n.strip() for n in current.group(1).split(",")]
    readers = [*registry.READERS]
    readers.insert(names.index("jsonl"), module.READER)
    monkeypatch.setattr(registry, "READERS", readers)

    tsv = DATA / "row-outside-form.txt"
    rows = tsv.read_text(encoding="utf-8").splitlines()
    jsonl = tmp_path / "row-outside-form.jsonl"
    jsonl.write_text("\n".join(json.dumps(r.split("\t")) if r else "" for r in rows) + "\n")
    plain, converted = extract([tsv]), extract([jsonl])
    assert [(p.code, p.name, p.total_yuan) for p in converted.projects] == [
        (p.code, p.name, p.total_yuan) for p in plain.projects
    ]
    assert len(converted.indicators) == len(plain.indicators) > 0


def test_a_block_parser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = _load("kg/parse/notes.py", monkeypatch)
    line = _registration("Register it in `kg/parse/blocks.py`")
    current = re.search(r"^BLOCKS: .*$", _source("kg/parse/blocks.py"), re.M)
    assert current is not None and line == current.group(0)[:-1] + ", notes.NOTES]"
    doc = tmp_path / "form-with-notes.txt"
    notes = "填报说明\t1. 金额单位为元\n\t2. 指标值按年度填写\n"
    doc.write_text((DATA / "value-missing.txt").read_text(encoding="utf-8") + "\n" + notes)
    before = extract([doc])
    monkeypatch.setattr(blocks, "BLOCKS", [*blocks.BLOCKS, module.NOTES])
    monkeypatch.setitem(blocks.PARSERS, "notes", module.NOTES)
    after = extract([doc])
    last = len(doc.read_text(encoding="utf-8").splitlines())
    assert {i.line for i in before.issues} & {last - 1, last}  # the notes were reported
    assert not {i.line for i in after.issues} & {last - 1, last}
    assert after.placed[(doc.name, last)] == "notes"
    assert [p.code for p in after.projects] == [p.code for p in before.projects]


def test_a_print_format(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _load("kg/views/formats/tsv.py", monkeypatch)
    line = _registration("Register it in `kg/views/formats/__init__.py`")
    assert line == '"tsv": tsv.render,'
    monkeypatch.setitem(formats.FORMATS, "tsv", module.render)
    text = render.render(["project", "total"], [["拉堡\t污水", 26000000], ["b", None]], "tsv")
    assert text == "project\ttotal\n拉堡 污水\t26000000\nb\t\n"
