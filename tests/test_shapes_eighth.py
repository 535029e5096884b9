"""Shapes found by an eighth set of probe pages written in the dev set's extractor shapes
(counties of 山东, 河南, 河北, 湖南, 广西, 四川, 陕西 and 吉林; 生态环境, 住房保障, 退役军人,
残联, 妇联, 科技, 商务, 统计, 司法, 消防, 气象 and 档案 forms): prose that names a project
under a Chinese ordinal on its own line and states its budget in the next sentence
(（三）某项目 / 该项目预算安排…万元).

Each fixture in tests/data/shapes was written by hand (invented units, projects and numbers)
and is named after the defect it holds; the expectations were read from the fixture text.
"""

from __future__ import annotations

from decimal import Decimal

from tests.test_shapes import _extract

# --- prose: （三）某项目 on its line, 该项目预算安排…万元 below it: each project named -----------


def test_prose_project_heading_line_this_project_budget() -> None:
    found = _extract("prose-project-heading-line-this-project-budget.txt")
    assert [(p.name, p.total_yuan) for p in found.projects] == [
        ("示例河道保洁项目", Decimal(180_000)),
        ("示例森林防火宣传项目", Decimal(60_000)),
    ]
    assert [(i.owner_name, i.line, i.content, i.value) for i in found.indicators] == [
        ("示例河道保洁项目", 3, "保洁河道长度", "≥12公里"),
        ("示例河道保洁项目", 4, "沿河群众满意度", "≥90%"),
        ("示例森林防火宣传项目", 6, "发放宣传资料", "≥3000份"),
        ("示例森林防火宣传项目", 7, "资金支付及时率", "=100%"),
    ]
