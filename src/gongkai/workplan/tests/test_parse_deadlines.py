"""Time limits as real plans write them, wherever they stand; answers worked out by hand."""

from datetime import date

import pytest

from gongkai.workplan.parse import find_deadline


@pytest.mark.parametrize(
    ("text", "whole", "year", "shown", "due", "every"),
    [
        ("长期坚持", True, 2023, "长期坚持", None, None),  # a 时限 cell in words
        ("持续推进", True, 2023, "持续推进", None, None),
        ("常态化推进", True, 2023, "常态化推进", None, None),
        ("公开权责清单（长期坚持）", False, 2023, "长期坚持", None, None),
        ("做好日常公开，持续推进。", False, 2023, "持续推进", None, None),
        ("2023年3月31日前", False, 2023, "2023年3月31日前", date(2023, 3, 31), None),
        ("3月31日前完成", False, 2023, "3月31日前", date(2023, 3, 31), None),
        ("3月31日前完成", False, None, "3月31日前", None, None),  # year unknown: text only
        ("于3月底完成", False, 2023, "3月底", date(2023, 3, 31), None),
        ("6月30日", True, 2023, "6月30日", date(2023, 6, 30), None),
        ("第三季度", True, 2023, "第三季度", date(2023, 9, 30), None),
        ("每季度更新", False, 2023, "每季度", None, "quarter"),
        ("2024年1月底前完成", False, 2023, "2024年1月底前", date(2024, 1, 31), None),
        ("年底前", True, None, "年底前", None, None),
    ],
)
def test_time_limits(text, whole, year, shown, due, every):
    found = find_deadline(text, year, whole=whole)
    assert (found.text, found.due, found.every) == (shown, due, every)


@pytest.mark.parametrize("text", ["持续推进政务公开标准化建设", "长期坚持以人民为中心", "及时公开"])
def test_words_inside_a_sentence_are_no_time_limit(text):
    assert find_deadline(text, 2023) is None
