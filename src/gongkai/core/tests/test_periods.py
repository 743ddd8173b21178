"""Periods shown to people come from the periods table: no template, form or default letter
writes a number of days, months or hours of its own."""

import ast
import re
from pathlib import Path

import pytest

import gongkai
from gongkai.core.periods import period_names
from gongkai.foi.paperwork import DEFAULTS

ROOT = Path(gongkai.__file__).parent
NUMERALS = "0-9０-９〇零一二两三四五六七八九十百千半"
LITERAL = re.compile(
    rf"(?<![{NUMERALS}])([{NUMERALS}]+)\s*(?:个?工作日|个?自然日|日|天|个月|个?小时|个?星期|周(?!岁))"
)


def literal_periods(text: str) -> list[str]:
    """Every number of days, months or hours written into `text`: 15个工作日, 三十日, 24小时.

    Let through: a day of a month (6月1日, 1 月 31 日), an ordinal (第20个工作日), and 一 on its
    own, which reads as "a" (最后一个工作日, 下一个工作日) far more often than as a count."""
    found = []
    for match in LITERAL.finditer(text):
        before = text[: match.start()].rstrip()
        if match[1] == "一" or before.endswith(("第", "月")):
            continue
        found.append(match[0])
    return found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("空时为告知日起15个工作日", ["15个工作日"]),
        ("自该日起20个工作日内公开", ["20个工作日"]),
        ("在 3 个工作日内撤回，20 个工作日期限", ["3 个工作日", "20 个工作日"]),
        ("自收到之日起十五个工作日内", ["十五个工作日"]),
        ("征求意见不少于三十日", ["三十日"]),
        ("6个月内提起诉讼，60日内申请复议", ["6个月", "60日"]),
        ("24小时内举行新闻发布会，两周未更新，5天", ["24小时", "两周", "5天"]),
        ("2026年6月1日", []),
        ("次年 1 月 31 日前公布；按 12 月 31 日的结果统计；每月1日", []),
        ("第20个工作日；第 3 个工作日；第三十日", []),
        ("最后一个工作日即为答复期限", []),
        ("数满{{ result.working_days }}个工作日；{{ periods.foi_reply }}内；{days}个工作日", []),
        ("条例第二十六条；国办公开办函〔2021〕30号；收到申请之日；星期日；年满18周岁", []),
    ],
)
def test_what_counts_as_a_literal_period(text, found):
    assert literal_periods(text) == found


def templates() -> list[Path]:
    return sorted(p for p in ROOT.glob("**/templates/**/*.html") if "tests" not in p.parts)


def strings_of(module: Path) -> str:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return "\n".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def shown_texts() -> dict[str, str]:
    texts = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in templates()}
    forms = [*ROOT.glob("**/forms.py"), *ROOT.glob("**/*_forms.py")]
    texts |= {str(p.relative_to(ROOT)): strings_of(p) for p in forms if "tests" not in p.parts}
    texts |= {f"foi/paperwork.py DEFAULTS[{key!r}]": "\n".join(v) for key, v in DEFAULTS.items()}
    return texts


def test_no_template_form_or_default_letter_writes_a_period_of_its_own():
    found = {
        where: hits for where, text in shown_texts().items() if (hits := literal_periods(text))
    }
    assert found == {}


def test_the_periods_templates_name_are_rows_of_the_table():
    named = {name for p in templates() for name in re.findall(r"periods\.(\w+)", p.read_text())}
    assert named and named <= set(period_names())
