"""Indicator tables whose header names what only positions tell apart.

Forms of other provinces print the operator, the number and its unit in columns of their
own, next to a weight (权重/分值) or a direction (指标方向) that are not part of the target
value. Such a table is read by the header's column positions; when a row's cells do not
sit under the header (a level cell holds something that is not a level label), the row's
cells are taken in the header's order after its level labels, if they are as many as the
columns; otherwise the row is read by meaning, with an issue.
"""

from __future__ import annotations

import re
from itertools import combinations

from kg.domain import labels
from kg.domain.labels import key
from kg.domain.values import is_operator, is_unit, looks_like_value, parse_target, sign_of

Roles = dict[int, str]
_LEVELS = ("l1", "l2")


def roles(header: tuple[str, ...]) -> Roles:
    """Column position → role, for a header that needs positions ({} otherwise).

    >>> roles(("一级指标", "二级指标", "指标名称", "指标性质", "指标值", "度量单位", "权重"))
    {0: 'l1', 1: 'l2', 2: 'content', 3: 'operator', 4: 'value', 5: 'unit', 6: 'weight'}
    >>> roles(("一级指标", "二级指标", "指标内容", "指标值"))
    {}
    >>> roles(("一级指标", "三级指标", "指标方向", "指标值", "单位"))
    {0: 'l1', 1: 'l3', 2: 'direction', 3: 'value', 4: 'unit'}
    >>> roles(("一级指标", "二级指标", "指标值", "三级指标"))
    {0: 'l1', 1: 'l2', 2: 'value', 3: 'l3'}
    """
    named = {**labels.INDICATOR_COLUMNS, **labels.INDICATOR_COLUMNS_BESIDE}
    if sum(1 for c in header if key(c) in labels.SHORT_LEVEL_COLUMNS) >= 2:
        named = {**named, **labels.SHORT_LEVEL_COLUMNS}  # 一级 | 二级 | 三级 beside each other
    found = _one_operator(
        {n: named[key(c)] for n, c in enumerate(header) if key(c) in named}, header
    )
    positional = set(found.values()) & labels.POSITIONAL_COLUMNS
    return found if positional or _out_of_order(found) else {}


#: header cells that print the operator itself (≥, ≤, =), where a header also prints the
#: target's kind (指标性质: 定量/定性, or 正向)
_SIGN_COLUMNS = frozenset({"计算符号", "符号", "运算符", "运算符号"})


def _one_operator(found: Roles, header: tuple[str, ...]) -> Roles:
    """The header's roles with one operator column: where two columns could hold it
    (计算符号 | 指标值 | 度量单位 | 指标性质), the sign column holds the operator and the
    other the target's kind (定量/定性), which is not part of the value.

    >>> header = ("一级指标", "三级指标", "计算符号", "指标值", "指标性质")
    >>> _one_operator({1: "l3", 2: "operator", 3: "value", 4: "operator"}, header)
    {1: 'l3', 2: 'operator', 3: 'value', 4: 'kind'}
    """
    ops = [n for n, r in found.items() if r == "operator"]
    if len(ops) < 2:
        return found
    signs = [n for n in ops if key(header[n]) in _SIGN_COLUMNS]
    keep = signs[0] if signs else ops[0]
    return {n: ("kind" if r == "operator" and n != keep else r) for n, r in found.items()}


def _out_of_order(found: Roles) -> bool:
    """Whether a header prints its value column before the indicator's name or before its
    explanation (指标值 | 三级指标, 指标值 | 指标解释): rows read by meaning take the name
    first and the value last, so such a table is read by the header's positions.

    >>> _out_of_order({0: "l3", 1: "value", 2: "description"})
    True
    >>> _out_of_order({0: "l3", 1: "description", 2: "value", 3: "basis"})
    False
    """
    order = [r for _, r in sorted(found.items()) if r in ("l3", "content", "value", "description")]
    if order.count("value") != 1 or len(order) != len(set(order)):
        return False  # two column sets (中期 | 年度) are read by their own rule
    after = order[order.index("value") + 1 :]
    return bool(after)


def two_sets(header: tuple[str, ...]) -> bool:
    """Whether a header prints two column sets (中期 and 年度): a level-2, content or value
    column printed twice, or columns tagged (长期)/(年度).

    >>> two_sets(("一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"))
    True
    >>> two_sets(("一级指标", "二级指标", "三级指标", "指标值"))
    False
    """
    found = [labels.lookup(labels.INDICATOR_COLUMNS, c) for c in header if c]
    repeated = [r for r in ("l2", "l3", "content", "value") if found.count(r) > 1]
    tagged = {t for c in header for t in labels.COLUMN_SETS if t in c and "指标" in c}
    return bool(repeated) or len(tagged) > 1


def second_set_at(rest: list[str]) -> int:
    """Where the second column set starts in a row whose second set prints no level-2
    label (内容 | 20所 | 内容 | 5所): at the name printed again, else halfway through a row of
    two names and two values; 0 when the row is not two sets.

    >>> second_set_at(["新建幼儿园", "20所", "新建幼儿园", "5所"]), second_set_at(["a", "1"])
    (2, 0)
    """
    again = [j for j, c in enumerate(rest) if j and key(c) == key(rest[0])]
    if again and not looks_like_value(rest[0]):
        return again[0]
    pairs = len(rest) == 4 and looks_like_value(rest[1]) and looks_like_value(rest[3])
    return 2 if pairs and not looks_like_value(rest[2]) else 0


def annual_first(header: tuple[str, ...]) -> bool:
    """Whether a header of two column sets prints the annual set first (二级指标（年度） … |
    二级指标（中期） …).

    >>> annual_first(("一级指标", "二级指标（年度）", "指标值（年度）", "二级指标（中期）"))
    True
    >>> annual_first(("一级指标", "二级指标（中期）", "二级指标（年度）"))
    False
    """
    tags = [labels.COLUMN_SETS[t] for c in header for t in labels.COLUMN_SETS if t in c]
    return bool(tags) and tags[0] == "annual"


def read_row(cells: tuple[str, ...], columns: Roles) -> dict[str, str] | None:
    """A row's cells by role, or None when they cannot be placed under the header."""
    fields: dict[str, str] = {}
    for n, role in columns.items():
        cell = cells[n] if n < len(cells) else ""
        fields[role] = f"{fields[role]}{cell}" if fields.get(role) else cell
    if all(_is_level(fields.get(r, "")) for r in _LEVELS) and _fits(fields):
        return fields
    return _by_order([c for c in cells if c], columns)


def _fits(fields: dict[str, str]) -> bool:
    """Whether the operator, unit and weight cells of a row read by position can be what
    their columns hold (a weight under 度量单位 means the row lost an empty cell)."""
    return all(
        _fit(cell, role) > 0
        for role, cell in fields.items()
        if cell and role in ("operator", "unit", "weight")
    )


def _is_level(cell: str) -> bool:
    return not cell or labels.is_level(cell)


def _by_order(cells: list[str], columns: Roles) -> dict[str, str] | None:
    """The cells of a row that lost its positions, placed under the header's columns in
    order: each cell under a column that can hold it (an operator under 计算符号, a short
    unit under 计量单位, a number under 分值), columns it does not print left empty."""
    fields = {"l1": "", "l2": ""}
    rest = list(cells)
    if rest and labels.level1(rest[0]) is not None and not labels.cost_is_level2(rest):
        fields["l1"] = rest.pop(0)
    if rest and labels.level2(rest[0]):
        fields["l2"] = rest.pop(0)
    order = [role for _, role in sorted(columns.items()) if role not in _LEVELS]
    placed = align(rest, order)
    if placed is None:
        return None
    fields.update(placed)
    return fields


def align(cells: list[str], order: list[str]) -> dict[str, str] | None:
    """Cells under columns in order, each under a column that can hold it; None when they
    cannot all be placed (or neither content nor value is filled).

    >>> align(["项目建设成本", "≤65万元", "10"], ["l3", "value", "weight", "description"])
    {'l3': '项目建设成本', 'value': '≤65万元', 'weight': '10'}
    >>> align(["树木成活率", "%", "≥", "85"], ["l3", "unit", "operator", "value"])
    {'l3': '树木成活率', 'unit': '%', 'operator': '≥', 'value': '85'}
    >>> order = ["l3", "operator", "value", "unit", "weight"]
    >>> align(["街巷环境品质", "定性", "明显提升", "20"], order)
    {'l3': '街巷环境品质', 'operator': '定性', 'value': '明显提升', 'weight': '20'}
    """
    if len(cells) > len(order) or len(order) > 12:
        return None
    best: tuple[int, tuple[int, ...]] | None = None
    for picks in combinations(range(len(order)), len(cells)):
        roles = {order[p] for p in picks}
        if not roles & {"l3", "content"} or "value" not in roles:
            continue  # a row holds content and value: 明显提升 under 指标值, not 度量单位
        score = sum(_fit(cell, order[p]) for cell, p in zip(cells, picks, strict=True))
        if best is None or score > best[0]:
            best = (score, picks)
    if best is None or best[0] < 0:
        return None
    return {order[p]: cell for cell, p in zip(cells, best[1], strict=True)}


def _fit(cell: str, role: str) -> int:
    """How well a cell fits a column: 2 sure, 1 possible, -9 impossible."""
    if role == "operator":
        return 2 if is_operator(cell) or key(cell) in labels.TARGET_KINDS else -9
    if role == "unit":  # 定性 under 指标性质 beside an empty 计量单位 is not a unit
        return 2 if _UNIT.match(cell) and key(cell) not in labels.TARGET_KINDS else -9
    if role in ("weight", "seq"):
        return 2 if _WEIGHT.match(cell) else -9
    if role in ("l3", "content"):
        return -9 if looks_like_value(cell) and not _UNIT.match(cell) else 2
    if role == "value":  # a sign alone is no target (a row cut after 计算符号: % | ≥ |)
        return -9 if is_operator(cell) else 2 if looks_like_value(cell) else 1
    return 1


_UNIT = re.compile(
    r"^(?:%|‰|[\u4e00-\u9fff]{1,4}|[a-zA-Z/²³]{1,6}|[\u4e00-\u9fff]{1,3}(?:[/·][\u4e00-\u9fff]{1,3}){1,2})$"
)  # 元/人/天, 元/人·年: a rate per person and day or year
_WEIGHT = re.compile(r"^\d{1,3}(?:\.\d+)?\s*(?:分|%)?$")


def _operator_in(direction: str) -> str:
    """The operator a 指标方向 column prints where the form has no operator column (≥, 定性);
    a direction proper (正向, 反向) is not part of the value."""
    return direction if is_operator(direction) or key(direction) in labels.TARGET_KINDS else ""


def target(fields: dict[str, str]) -> str:
    """The target value: operator, number and unit, without weight or direction.

    >>> target({"operator": "≥", "value": "2200", "unit": "人", "weight": "10"})
    '≥2200人'
    >>> target({"direction": "≥", "value": "52", "unit": "条"})
    '≥52条'
    >>> target({"operator": "定性", "value": "有效改善", "unit": ""})
    '有效改善'
    """
    operator = fields.get("operator", "") or _operator_in(fields.get("direction", ""))
    value = fields.get("value", "")
    unit = fields.get("unit", "")
    if not value:
        return ""
    prefix = sign_of(operator) if is_operator(operator) and not value.startswith(operator) else ""
    suffix = unit if unit and not value.endswith(unit) else ""
    return f"{prefix}{value}{suffix}"


def lead(header: tuple[str, ...]) -> int:
    """How many columns a header prints before its levels that name a duty or goal, not a
    part of an indicator (年度履职目标 | 一级指标 | …: a department's duty beside its block).

    >>> lead(("年度履职目标", "一级指标", "二级指标", "三级指标", "指标值"))
    1
    >>> lead(("绩效指标", "一级指标", "二级指标", "指标值")), lead(("一级指标", "指标值"))
    (0, 0)
    """
    n = 0
    while n < len(header) and _duty_column(header[n]):
        n += 1
    return n if n < len(header) and labels.header_roles([header[n]])[0] else 0


def _duty_column(cell: str) -> bool:
    kind = labels.label_kind(cell)
    return kind in ("statement-section", "goal") or key(cell) in labels.DUTY_COLUMNS


def beside_levels(cells: tuple[str, ...], skip: int, width: int) -> list[str]:
    """A row's filled cells without the ``skip`` leading columns the header put before its
    levels, where the row keeps the header's positions (as many cells, no level first)."""
    keeps = len(cells) >= width - 1 and bool(cells) and not labels.is_level(cells[0])
    return [c for c in (cells[skip:] if keeps else cells) if c]


def positions(header: tuple[str, ...]) -> dict[str, int]:
    """Where a header prints the indicator's name and its value ('content', 'value').

    >>> positions(("一级指标", "二级指标", "三级指标", "指标值"))
    {'content': 2, 'value': 3}
    """
    found: dict[str, int] = {}
    for n, role in enumerate(labels.header_roles(header)):
        role = "content" if role == "l3" else role
        if role in ("content", "value"):
            found.setdefault(role, n)
    return found


def value_beside_name(at: dict[str, int]) -> bool:
    """Whether a header prints the value right after the indicator's name, so that the
    cells after the value are a note or its basis (三级指标 | 指标值 | 备注), not a
    description (三级指标 | 指标解释 | 指标值).

    >>> value_beside_name(positions(("一级指标", "二级指标", "三级指标", "指标值", "备注")))
    True
    """
    content, value = at.get("content"), at.get("value")
    return content is not None and value == content + 1


def unit_cut(value: str, above: list[str], columns: Roles) -> bool:
    """Whether a page's last row lacks the unit a 度量单位 column gave every row above it
    (``森林覆盖率 | ≥ | 82.6 |``: the page was cut before its unit cell).

    >>> unit_cut("≥82.6", ["≥30公里", "=100%"], {4: "unit"})
    True
    >>> unit_cut("≥82.6", ["=60"], {4: "unit"})
    False
    """
    bare = value[-1:].isdigit() and all(not v[-1:].isdigit() for v in above)
    return "unit" in columns.values() and bool(above) and bare


_HEADED = re.compile(r"^(.+)\(([^()]+)\)$")


def header_unit(header: tuple[str, ...]) -> str:
    """The unit a value column's header prints in brackets (指标值（%）, 目标值(万元)): the
    unit of the bare numbers below it.

    >>> header_unit(("一级指标", "三级指标", "指标值（%）")), header_unit(("指标值", "权重(%)"))
    ('%', '')
    >>> header_unit(("三级指标(年度)", "指标值(年度)"))
    ''
    """
    for cell in header:
        k = key(cell)
        m = _HEADED.match(k) if labels.base(k) == k else None  # not 指标值(年度)
        if m and labels.INDICATOR_COLUMNS.get(m.group(1)) == "value" and is_unit(m.group(2)):
            return m.group(2)
    return ""


def with_unit(value: str, unit: str) -> str:
    """A bare number (≥95, 100) with the unit its column's header states; else as printed.

    >>> with_unit("≥95", "%"), with_unit("100", "%"), with_unit("有效", "%"), with_unit("6台", "%")
    ('≥95%', '100%', '有效', '6台')
    """
    target = parse_target(value) if unit else None
    numeric = target is not None and target.kind == "numeric" and not target.unit
    return f"{value}{unit}" if numeric and value[-1:].isdigit() else value


def only_cell(cells: tuple[str, ...]) -> tuple[int, str] | None:
    """(position, text) of a row's one filled cell, if it has one and is not a label."""
    filled = [(n, c) for n, c in enumerate(cells) if c.strip()]
    if len(filled) != 1 or labels.label_kind(filled[0][1]):
        return None
    return filled[0]
